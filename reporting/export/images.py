"""Chart images: the board's plotly figures rendered server-side as PNG and SVG.

Rendering uses kaleido 1.x, which drives a Chrome or Chromium already on the machine
(never one it would download): the `BROWSER_PATH` environment variable when set, else the
first Chromium-family browser on the PATH. One browser renders the whole batch. MathJax is
switched off and plotly.js comes from the installed plotly package, so the page needs
nothing from the network; and the browser itself is started offline (`OFFLINE_FLAGS`): no
background services, no DNS lookups, every connection sent to a proxy that does not exist,
so a Chrome that would phone home (updates, safe browsing, Debian's API keys) cannot.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reporting.charts import board_figures
from reporting.report import BoardReport

FORMATS = ("png", "svg")
WIDTH, HEIGHT = 1600, 900  # 16:9, large enough for a slide
_BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
)
_TYPICAL = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Added to the flags choreographer already passes (headless, --disable-breakpad,
# --disable-component-update, --disable-sync, --no-first-run among them). The last three are
# the lock: whatever a flag above misses finds no resolver and only a dead proxy
# (127.0.0.1:9, the discard port, nothing listens), loopback included.
OFFLINE_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-breakpad",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
    "--dns-prefetch-disable",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


class ImagesUnavailable(RuntimeError):
    """Chart images cannot be rendered here; the message is one sentence for the user."""


def browser_path() -> str | None:
    """The Chrome or Chromium kaleido will drive, or None when there is none."""
    given = os.environ.get("BROWSER_PATH")
    if given:
        return given if _executable(given) else None
    for name in _BROWSERS:
        found = shutil.which(name)
        if found and _executable(found):
            return found
    return next((p for p in _TYPICAL if _executable(p)), None)


def images_available() -> bool:
    """True when kaleido is installed and a Chrome or Chromium is on this machine."""
    return importlib.util.find_spec("kaleido") is not None and browser_path() is not None


def chart_images(
    report: BoardReport,
    formats: Sequence[str] = FORMATS,
    *,
    tolerance: float | None = None,
) -> dict[str, bytes]:
    """Each board figure in each format, by file name ("risk_heatmap.png" -> bytes).
    `tolerance` is the board's loss tolerance, drawn on the loss exceedance curve."""
    unknown = [f for f in formats if f not in ("png", "svg", "pdf", "jpeg", "webp")]
    if unknown:
        raise ValueError(f"Unknown image format(s): {', '.join(unknown)}.")
    browser = browser_path()
    if importlib.util.find_spec("kaleido") is None or browser is None:
        raise ImagesUnavailable(
            "Chart images need kaleido and a Chrome or Chromium browser on this machine "
            "(set BROWSER_PATH to point at one)."
        )
    figures = board_figures(report, tolerance)
    jobs = [(f"{name}.{fmt}", fig, fmt) for name, fig in figures.items() for fmt in formats]
    # Its own thread and event loop, so a caller's running loop (Streamlit, Jupyter) is
    # never touched.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, _render(jobs, browser)).result()
        except ImagesUnavailable:
            raise
        except Exception as problem:
            raise ImagesUnavailable(
                f"Chart images could not be rendered with {browser}: {problem}"
            ) from problem


async def _render(jobs: list[tuple[str, object, str]], browser: str) -> dict[str, bytes]:
    import kaleido

    out: dict[str, bytes] = {}
    async with kaleido.Kaleido(
        n=1, timeout=60, path=browser, mathjax=False, browser_cls=offline_chromium()
    ) as renderer:
        for name, figure, fmt in jobs:
            opts = {"format": fmt, "width": WIDTH, "height": HEIGHT}
            out[name] = await renderer.calc_fig(figure, opts=opts)
    return out


def offline_chromium() -> type:
    """choreographer's Chromium launcher with `OFFLINE_FLAGS` added to its command line
    (kaleido passes `browser_cls` through to `choreographer.Browser`)."""
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self):
            return [*super().get_cli(), *OFFLINE_FLAGS]

    return OfflineChromium


def _executable(path: str) -> bool:
    file = Path(path)
    return file.is_file() and os.access(file, os.X_OK)
