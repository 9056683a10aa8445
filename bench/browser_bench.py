"""How long each page takes in a real browser, from the click until it has settled.

Starts `streamlit run` on a throwaway history store, opens it in Debian's Chromium and
clicks through the sidebar: every page twice (first visit, then second visit), timing from
the click until the script run has finished and every chart has drawn. Once for the
bundled sample company, once for the generated enterprise (stored first with `board-brief
history add`, as a CISO would). Targets, second visit: every page settled within 1 s for
the sample, 1.5 s for the enterprise.

    .venv/bin/python bench/browser_bench.py [--only sample|enterprise] [--shots DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.companies import enterprise  # noqa: E402
from tools.local_app import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    NotStarted,
    free_port,
    start_app,
    stop,
    wait_until_up,
)

PAGES = (
    "Executive summary",
    "Risks",
    "Budget and losses",
    "Compliance",
    "Trends",
    "Data",
    "Business context",
    "Board pack",
)
# Settled: the script run seen to start has ended, and every chart on the page has drawn.
SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!window.__ran || !app || app.dataset.testScriptState !== 'notRunning') return false;
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    for (const chart of charts) { if (!chart.querySelector('.main-svg')) return false; }
    return !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]');
}"""
WATCH = """() => {
    window.__ran = false;
    const app = document.querySelector('[data-testid="stApp"]');
    const seen = new MutationObserver(() => {
        if (app.dataset.testScriptState === 'running') window.__ran = true;
    });
    seen.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def serve(data_dir: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOARD_BRIEF_DATA_DIR": data_dir}
    env.pop("BOARD_BRIEF_DATABASE_URL", None)
    process = start_app(port, env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/_stcore/health", process, "streamlit")
    except NotStarted as problem:
        raise SystemExit(str(problem)) from None
    return process, url


def time_pages(browser, url: str, name: str, shots: Path | None) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function(SETTLED.replace("!window.__ran || ", ""))
    print(name)
    for visit in ("first", "second"):
        times = []
        for title in PAGES:
            page.evaluate(WATCH)
            link = page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title)
            start = time.perf_counter()
            link.click()
            page.wait_for_function(SETTLED, polling="raf")
            times.append((title, time.perf_counter() - start))
            if shots is not None and visit == "second":
                slug = title.lower().replace(" ", "-")
                page.screenshot(path=str(shots / f"{name.split()[0]}-{slug}.png"), full_page=True)
        line = ", ".join(f"{title} {seconds:.2f} s" for title, seconds in times)
        print(f"  {visit} visit: {line}; slowest {max(t for _, t in times):.2f} s")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("sample", "enterprise"))
    parser.add_argument("--shots", type=Path, help="save a screenshot of each page here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("browser bench: skipped, Debian's chromium is not installed (make test installs it)")
        return
    from playwright.sync_api import sync_playwright

    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    print("page settle time in Chromium, targets (second visit): sample 1 s, enterprise 1.5 s")
    companies = []
    if args.only in (None, "sample"):
        companies.append(("sample company", None))
    if args.only in (None, "enterprise"):
        companies.append(("enterprise (50 units, 12 quarters, stored history)", enterprise(50, 12)))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, company in companies:
            with tempfile.TemporaryDirectory(prefix="board-brief-bench-") as data_dir:
                if company is not None:
                    files, context = company
                    folder = Path(data_dir) / "in"
                    folder.mkdir()
                    (folder / "context.yaml").write_bytes(context)
                    for f in files:
                        (folder / f.name).write_bytes(f.data)
                    env = {**os.environ, "BOARD_BRIEF_DATA_DIR": data_dir}
                    env.pop("BOARD_BRIEF_DATABASE_URL", None)
                    subprocess.run(
                        [
                            *(sys.executable, "-m", "reporting", "history", "add"),
                            *(str(folder / f.name) for f in files),
                            *("--context", str(folder / "context.yaml")),
                        ],
                        cwd=ROOT,
                        env=env,
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                process, url = serve(data_dir)
                try:
                    time_pages(browser, url, name, args.shots)
                finally:
                    stop(process)
        browser.close()


if __name__ == "__main__":
    main()
