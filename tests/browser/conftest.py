"""A fresh Streamlit server per test session and Debian's Chromium driven by playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT

# Every page: its deep link (with a filter where the page is about one) and its title.
PAGES = {
    "portfolio_health": ("/", "Portfolio health"),
    "dark_partners": ("/dark-partners", "Dark partners & activation"),
    "mdf": ("/mdf?tier=Gold", "MDF"),
    "forecast": ("/forecast", "Pipeline & forecast accuracy"),
    "incentives": ("/incentives", "Incentives & outcomes"),
    "coverage": ("/coverage", "Coverage gaps"),
    "whatif_discounts": ("/whatif-discounts", "What-if: tier discounts"),
    "whatif_coverage": ("/whatif-coverage", "What-if: CAM coverage"),
    "cam_portfolio": ("/cam-portfolio?cam=Carla%20Silva", "CAM portfolio"),
    "enablement": ("/enablement", "Enablement & compliance"),
    "scorecard": ("/scorecard?partner=Falcon%20Data%20LLC", "Partner scorecard"),
    "data": ("/data", "Data"),
}

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server of its own on a free loopback port; `start=False` leaves waiting to `ready()`."""

    def __init__(self, env: dict[str, str] | None = None, start: bool = True):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Loads through the Data page go to a file of this server's own.
        self.working_db = Path(tempfile.mkdtemp()) / "working.duckdb"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "scripts/serve.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env={**os.environ, "CHANNEL_WORKING_DB": str(self.working_db), **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if start:
            self.ready()

    def ready(self) -> Server:
        """Wait until the server answers its health check (it loads and warms up first)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the Streamlit server did not become healthy in 60 s")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


class FreshServers:
    """Servers that have served nothing yet, one always starting while a test uses the last.

    A server spends its start loading the sample and warming up; starting the next one in
    the meantime overlaps that with the test in the browser instead of adding it to the test.
    """

    def __init__(self) -> None:
        self._next: Server | None = None

    def _start(self) -> Server:
        # Its own state file, not the one of the test during which it happens to start.
        state = Path(tempfile.mkdtemp()) / "state.duckdb"
        return Server({"CHANNEL_STATE_DB": str(state)}, start=False)

    def take(self, another_follows: bool) -> Server:
        server = self._next or self._start()
        self._next = self._start() if another_follows else None
        return server.ready()

    def close(self) -> None:
        if self._next is not None:
            self._next.stop()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; scripts/test.sh installs it")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fresh_servers() -> Iterator[FreshServers]:
    servers = FreshServers()
    yield servers
    servers.close()


@pytest.fixture
def fresh_server(fresh_servers, request) -> Iterator[Server]:
    """A server that has served nothing yet: the first request is the test's."""
    items = request.session.items
    later = items[items.index(request.node) + 1 :]
    server = fresh_servers.take(any("fresh_server" in item.fixturenames for item in later))
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    """A page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


def settle(page, timeout_ms: float = 90_000) -> None:
    """Wait until the page's script run is over and stays over (URL-bound widgets may rerun
    it right after the first run)."""
    idle = "[data-testid=stApp][data-test-script-state=notRunning]"
    for _ in range(3):
        page.wait_for_selector(idle, timeout=timeout_ms)
        page.wait_for_timeout(300)
        if page.locator(idle).count():
            return


def outside_hosts(urls: list[str]) -> set[str]:
    hosts = {
        urlparse(u).hostname for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
    }
    return {h for h in hosts if h not in ("127.0.0.1", "localhost")}
