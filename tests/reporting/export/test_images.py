"""Chart images rendered with kaleido and the machine's own Chromium."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from reporting.charts import board_figures
from reporting.export import images
from reporting.export.images import ImagesUnavailable, chart_images, images_available
from tests.conftest import ROOT, SAMPLE


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


def test_the_browser_kaleido_starts_is_told_to_stay_off_the_network(monkeypatch, tmp_path, report):
    # A stand-in browser that notes its command line and quits: the real launch path
    # (kaleido, choreographer, its wrapper) without a real browser.
    argv = tmp_path / "argv.txt"
    browser = tmp_path / "chromium"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{argv}"\nexit 1\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    with pytest.raises(ImagesUnavailable):
        chart_images(report, ("png",))
    launched = argv.read_text().splitlines()
    assert [flag for flag in images.OFFLINE_FLAGS if flag not in launched] == []
    for flag in (
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ):
        assert flag in launched


def _unshare_network() -> list[str] | None:
    """The command prefix that runs a command with no network but loopback, or None."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    prefix = [unshare, "-n"] if os.geteuid() == 0 else [unshare, "-rn"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return prefix if probe.returncode == 0 else None


@pytest.mark.skipif(
    not images_available(),
    reason="no Chrome or Chromium on this machine (install chromium or set BROWSER_PATH)",
)
def test_every_board_figure_is_written_as_png_and_svg_with_no_network_at_all(tmp_path, report):
    # One build of the whole chart set, inside a network namespace with only loopback
    # where the machine allows one: the images need nothing from outside.
    prefix = _unshare_network() or []
    charts = tmp_path / "charts"
    env = {**os.environ, "BOARD_BRIEF_DATA_DIR": str(tmp_path / "history")}
    env.pop("BOARD_BRIEF_DATABASE_URL", None)
    files = sorted(str(p) for p in SAMPLE.iterdir())
    command = [*prefix, sys.executable, "-m", "reporting", "build", *files, "--charts", str(charts)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    names = board_figures(report)
    assert {p.name for p in charts.iterdir()} == {
        f"{n}.{fmt}" for n in names for fmt in ("png", "svg")
    }
    for path in charts.iterdir():
        data = path.read_bytes()
        if path.suffix == ".png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert (width, height) == (images.WIDTH, images.HEIGHT)
        else:
            assert b"<svg" in data[:400]
    if not prefix:
        pytest.skip("charts checked, but unshare cannot make a network namespace here")


@pytest.mark.skipif(
    not images_available(),
    reason="no Chrome or Chromium on this machine (install chromium or set BROWSER_PATH)",
)
def test_each_png_drawn_from_its_svg_is_the_png_kaleido_draws_itself(report):
    # The batch draws each figure once, as SVG, and rasterises that SVG with plotly.js's own
    # rasteriser for the PNG; kaleido's PNG of the figure must be the same file.
    figures = board_figures(report)

    async def both_ways():
        renderer = images._one_page_kaleido()(
            n=1,
            timeout=60,
            path=images.browser_path(),
            mathjax=False,
            browser_cls=images.offline_chromium(),
        )
        pairs = {}
        async with renderer:
            for name, figure in figures.items():
                svg = await renderer.calc_fig(figure, opts=images._options("svg"))
                drawn = await images._png_from_svg(renderer, svg)
                direct = await renderer.calc_fig(figure, opts=images._options("png"))
                pairs[name] = (drawn, direct)
        return pairs

    # Its own thread and event loop, as chart_images runs it: a test run may already have a
    # loop running in this thread (the browser tests' Playwright does).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pairs = pool.submit(lambda: asyncio.run(both_ways())).result()
    assert [name for name, (drawn, direct) in pairs.items() if drawn != direct] == []
    assert all(drawn.startswith(b"\x89PNG\r\n\x1a\n") for drawn, _ in pairs.values())
