"""Chart images: the board's plotly figures rendered server-side as PNG and SVG.

Rendering uses kaleido 1.x, which drives a Chrome or Chromium already on the machine
(never one it would download): the `BROWSER_PATH` environment variable when set, else the
first Chromium-family browser on the PATH. MathJax is switched off and plotly.js comes from
the installed plotly package, so the page needs nothing from the network; and the browser
itself is started offline (`OFFLINE_FLAGS`): no background services, no DNS lookups, every
connection sent to a proxy that does not exist, so a Chrome that would phone home (updates,
safe browsing, Debian's API keys) cannot.

One browser, one tab and one load of plotly.js render the whole batch, and each figure is
plotted once: kaleido draws the SVG and plotly.js's own rasteriser turns that SVG into the
PNG, the file kaleido's PNG would be. Most of the time is fixed cost (starting the browser
and compiling plotly.js, about 5 MB, take longer than all the charts), so the browser starts
while the figures are still being built, and the page is kept between charts where kaleido
would reload it, and plotly.js with it, after every image.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import os
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from reporting.charts import board_figures
from reporting.report import BoardReport

FORMATS = ("png", "svg")
WIDTH, HEIGHT = 1600, 900  # 16:9, large enough for a slide
_TIMEOUT = 60  # seconds for any one image
_BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
)
_TYPICAL = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Chromium features turned off. The first four would reach the network. The last two are the
# address bar's pop-ups (Chromium 156 builds both at every start, headless too, though it never
# shows them): two renderers nobody needs and nearly a second of CPU at each browser start.
_DISABLED_FEATURES = (
    "OptimizationHints",
    "MediaRouter",
    "Translate",
    "AutofillServerCommunication",
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
)

# Added to the flags choreographer already passes (headless, --disable-breakpad,
# --disable-component-update, --disable-sync, --no-first-run among them). The last three are
# the lock: whatever a flag above misses finds no resolver and only a dead proxy
# (127.0.0.1:9, the discard port, nothing listens), loopback included. Chromium reads one
# --disable-features, so every feature goes in the one flag.
OFFLINE_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-breakpad",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    f"--disable-features={','.join(_DISABLED_FEATURES)}",
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
    # The browser starts in its own thread and event loop (so a caller's running loop, in
    # Streamlit or Jupyter, is never touched) while the figures are built here; it renders
    # them once they are handed over. The figures wait for the browser's launch: building
    # them holds the GIL, which the launch needs too.
    handover: Future[dict[str, object]] = Future()
    launched = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        rendering = pool.submit(asyncio.run, _render(handover, tuple(formats), browser, launched))
        rendering.add_done_callback(lambda _: launched.set())  # a launch that failed
        try:
            launched.wait()
            figures = board_figures(report, tolerance)
        except BaseException:
            handover.set_exception(_Abandoned())  # the renderer closes its browser
            raise
        handover.set_result(figures)
        try:
            return rendering.result()
        except ImagesUnavailable:
            raise
        except Exception as problem:
            raise ImagesUnavailable(
                f"Chart images could not be rendered with {browser}: {problem}"
            ) from problem


class _Abandoned(Exception):
    """The figures could not be built: the renderer stops without rendering anything."""


async def _render(
    handover: Future[dict[str, object]],
    formats: tuple[str, ...],
    browser: str,
    launched: threading.Event,
) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    async with _one_page_kaleido()(
        n=1, timeout=_TIMEOUT, path=browser, mathjax=False, browser_cls=offline_chromium(launched)
    ) as renderer:
        figures = await asyncio.wrap_future(handover)
        for name, figure in figures.items():
            svg = None
            if "svg" in formats or "png" in formats:
                svg = await renderer.calc_fig(figure, opts=_options("svg"))
            for fmt in formats:
                if fmt == "svg":
                    data = svg
                elif fmt == "png":
                    data = await _png_from_svg(renderer, svg)
                    if data is None:  # a plotly.js without its rasteriser on the page
                        data = await renderer.calc_fig(figure, opts=_options("png"))
                else:
                    data = await renderer.calc_fig(figure, opts=_options(fmt))
                out[f"{name}.{fmt}"] = data
    return out


def _options(fmt: str) -> dict[str, object]:
    return {"format": fmt, "width": WIDTH, "height": HEIGHT}


# plotly.js's own rasteriser, the function its toImage draws a PNG with, given the SVG kaleido
# has just drawn for the same figure: the PNG kaleido would return, byte for byte, without
# plotting the figure a second time (the SVG export only adds a viewBox of the image's own
# size, which draws the same pixels; test_images checks every board figure). None when the
# page's plotly.js has no such function.
_SVG_TO_PNG = """(async (svg, width, height) => {
  const snapshot = window.Plotly && window.Plotly.Snapshot;
  if (!snapshot || typeof snapshot.svgToImg !== "function") return null;
  const url = await snapshot.svgToImg({
    format: "png", width, height, scale: 1, svg, promise: true,
    canvas: document.createElement("canvas"),
  });
  const prefix = "data:image/png;base64,";
  if (!url.startsWith(prefix)) throw new Error("plotly.js did not return a PNG");
  return url.slice(prefix.length);
})"""


async def _png_from_svg(renderer, svg: bytes) -> bytes | None:
    expression = f"{_SVG_TO_PNG}({json.dumps(svg.decode())}, {WIDTH}, {HEIGHT})"
    params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
    tab = await renderer.tabs_ready.get()  # kaleido's page, held while in use
    try:
        reply = await asyncio.wait_for(tab.tab.send_command("Runtime.evaluate", params), _TIMEOUT)
    finally:
        renderer.tabs_ready.put_nowait(tab)
    if "error" in reply:
        raise RuntimeError(reply["error"].get("message", "the page did not answer"))
    answer = reply["result"]
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        raise RuntimeError(details.get("exception", {}).get("description") or details["text"])
    value = answer["result"].get("value")
    return None if value is None else base64.b64decode(value)


def _one_page_kaleido() -> type:
    """kaleido's renderer, keeping its page between images.

    kaleido reloads the page after every image, which loads plotly.js again: most of the
    time of a batch. Each figure is drawn from scratch either way (plotly's toImage plots
    into a new element of its own and removes it), and the images are the same: the PNGs
    byte for byte, the SVGs but for plotly's random element ids (new at every render) and,
    where a text was measured for an earlier figure, the order of a few attributes. The
    override only stops the reload; should kaleido rename the method, it is never called
    and images are only slower."""
    import kaleido

    async def keep_page() -> None:
        return None

    class OnePageKaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            tab.reload = keep_page
            await super()._return_kaleido_tab(tab)

    return OnePageKaleido


def offline_chromium(launched: threading.Event | None = None) -> type:
    """choreographer's Chromium launcher with `OFFLINE_FLAGS` added to its command line
    (kaleido passes `browser_cls` through to `choreographer.Browser`). `launched` is set
    when the command line is asked for, just before the browser process starts."""
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self):
            cli = [*super().get_cli(), *OFFLINE_FLAGS]
            if launched is not None:
                launched.set()
            return cli

    return OfflineChromium


def _executable(path: str) -> bool:
    file = Path(path)
    return file.is_file() and os.access(file, os.X_OK)
