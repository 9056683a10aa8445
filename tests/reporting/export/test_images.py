"""Chart images rendered with kaleido and the machine's own Chromium."""

from __future__ import annotations

import pytest

from reporting.charts import board_figures
from reporting.export import images
from reporting.export.images import ImagesUnavailable, chart_images, images_available


def test_without_a_browser_images_are_unavailable_and_say_so(monkeypatch, report):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert images.browser_path() is None
    assert not images_available()
    with pytest.raises(ImagesUnavailable, match="Chrome or Chromium"):
        chart_images(report)


def test_browser_path_honours_the_environment(monkeypatch, tmp_path):
    browser = tmp_path / "my-chrome"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert images.browser_path() == str(browser)


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="bmp"):
        chart_images(report, ("png", "bmp"))


@pytest.mark.skipif(
    not images_available(),
    reason="no Chrome or Chromium on this machine (install chromium or set BROWSER_PATH)",
)
def test_every_board_figure_renders_as_png_and_svg_in_one_batch(report):
    rendered = chart_images(report, ("png", "svg"), tolerance=5_000_000)
    names = board_figures(report, 5_000_000)
    assert set(rendered) == {f"{n}.{fmt}" for n in names for fmt in ("png", "svg")}
    for name, data in rendered.items():
        if name.endswith(".png"):
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            width = int.from_bytes(data[16:20], "big")
            height = int.from_bytes(data[20:24], "big")
            assert (width, height) == (images.WIDTH, images.HEIGHT)
        else:
            assert b"<svg" in data[:400]
