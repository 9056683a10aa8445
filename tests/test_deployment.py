"""Private by default: `make run` listens on loopback only, and starting Streamlit asks
nothing of the network."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
MAKE = shutil.which("make")


def test_the_app_listens_on_loopback_only():
    assert CONFIG["server"]["address"] == "127.0.0.1"


def test_no_telemetry_xsrf_protection_and_no_developer_toolbar():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["client"]["toolbarMode"] == "minimal"


def test_the_address_shown_is_set_so_streamlit_never_looks_up_the_external_ip():
    # Left unset, a headless Streamlit bound to every interface asks checkip.amazonaws.com.
    assert CONFIG["browser"]["serverAddress"] == "localhost"


def _make_run(*variables: str, **environment: str) -> dict[str, str]:
    """The --server.* flags `make run` would pass to streamlit (make -n: nothing runs)."""
    env = {**os.environ, **environment}
    out = subprocess.run(
        [MAKE, "-n", "run", *variables], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    line = next(line for line in out.splitlines() if "streamlit run app.py" in line)
    words = shlex.split(line)
    return {w: words[i + 1] for i, w in enumerate(words) if w.startswith("--server.")}


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_binds_loopback_unless_told_otherwise_on_its_command_line():
    assert _make_run() == {"--server.address": "127.0.0.1", "--server.port": "8501"}
    # A stray ADDRESS or PORT in the environment does not open it up ...
    assert _make_run(ADDRESS="0.0.0.0", PORT="80")["--server.address"] == "127.0.0.1"
    # ... only asking for it on the command line does.
    assert _make_run("ADDRESS=0.0.0.0", "PORT=8502") == {
        "--server.address": "0.0.0.0",
        "--server.port": "8502",
    }


# Streamlit's start-up banner, with this project's config and the address `make run` passes;
# the external-IP lookup is replaced by a failure, so asking for it fails the test.
BANNER = """
import sys
from streamlit import net_util
from streamlit.web import bootstrap

def refuse():
    raise SystemExit("Streamlit asked for the external IP address")

net_util.get_external_ip = refuse
bootstrap.load_config_options({"server_address": sys.argv[1]})
bootstrap._print_url(False)
"""


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_starting_streamlit_never_looks_up_the_external_ip(address, tmp_path):
    env = {**os.environ, "HOME": str(tmp_path)}  # this project's config, no personal one
    env = {k: v for k, v in env.items() if not k.startswith("STREAMLIT_")}
    done = subprocess.run(
        [sys.executable, "-c", BANNER, address],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "URL: http://" in done.stdout
    assert "External URL" not in done.stdout and "Network URL" not in done.stdout
