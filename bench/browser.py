"""What a user waits for, measured in Chromium (Debian's, driven by playwright).

Times are taken in the page's own clock (performance.now(), zero at navigation start) by a
script injected before the app loads:

- first number: the first st.metric value shown;
- settled: the last change to the page before it went quiet, once every script run the server
  started has finished (counted from the WebSocket's messages: one new_session per run, one
  script_finished per end), with no element stale, no skeleton and no spinner left;
- after an action (a click that changes a filter, a key that moves a slider), both are
  measured from the moment of the pointer or key press.

The server-side time of an action is taken in the server's own clock: from the start of the
first script run it caused to the end of the last, as the server logs them (CHANNEL_RUN_LOG,
components/run_log.py). Beside it, "seen" is the same span as the browser sees it, from the
first new_session message to the last script_finished: a browser reads those only when its main
thread is free, so "seen" adds the time it spends drawing what came before. What the page was
sent is the size of the WebSocket messages (the app's elements, their data and chart specs; the
static files come from the browser's cache or not, alike for every page).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.run_log import RUN_LOG

ROOT = Path(__file__).resolve().parent.parent
QUIET_MS = 750  # no change for this long, with no run in flight: the page has settled
TIMEOUT_S = 900  # a server start at L loads and warms 10M registrations

PROBE = """
(() => {
  const probe = (window.__bench = {firstNumber: null, lastChange: 0, actionAt: null, armed: false});
  const ignored = (node) => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest('[data-testid="stStatusWidget"], [data-testid="stToolbar"]');
  };
  const observer = new MutationObserver((records) => {
    if (!records.every((record) => ignored(record.target))) probe.lastChange = performance.now();
    if (probe.firstNumber === null) {
      const value = document.querySelector('[data-testid="stMetricValue"]');
      if (value && value.textContent.trim()) probe.firstNumber = performance.now();
    }
  });
  const start = () =>
    observer.observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start);
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, () => {
      if (probe.armed) { probe.actionAt = performance.now(); probe.armed = false; }
    }, true);
  }
})();
"""

BUSY = """
() => document.querySelectorAll(
  '[data-stale="true"], [data-testid="stSkeleton"], [data-testid="stSpinner"]'
).length
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Streamlit server of its own on a loopback port, in its own process group."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.spawned = time.perf_counter()
        self.run_log = Path(tempfile.mkdtemp()) / "runs.log"
        self.process = subprocess.Popen(
            [
                *command,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=cwd,
            env={**os.environ, **(env or {}), RUN_LOG: str(self.run_log)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        self.healthy = time.perf_counter()
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{command} did not become healthy in {TIMEOUT_S} s")

    @classmethod
    def app(cls, env: dict[str, str], root: Path = ROOT) -> Server:
        """The dashboard of the checkout at `root` as scripts/serve.py serves it, with a working
        database of its own."""
        working = Path(tempfile.mkdtemp()) / "working.duckdb"
        return cls(
            [sys.executable, "scripts/serve.py"],
            {"CHANNEL_WORKING_DB": str(working), **env},
            root,
        )

    @classmethod
    def bare(cls) -> Server:
        return cls([sys.executable, "-m", "streamlit", "run", "bench/bare_page.py"])

    def runs(self) -> list[tuple[float, float]]:
        """Start and end of every script run the server has finished, in its own clock."""
        if not self.run_log.exists():
            return []
        lines = self.run_log.read_text(encoding="utf-8").splitlines()
        return [(float(start), float(end)) for start, end, *_ in map(str.split, lines)]

    def memory_mib(self) -> dict[str, float]:
        """Resident memory now and at its peak (the server is one process)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        fields = {line.split(":")[0]: line.split(":")[1].split() for line in status}
        return {"rss": int(fields["VmRSS"][0]) / 1024, "peak": int(fields["VmHWM"][0]) / 1024}

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


@dataclass
class Runs:
    """Script runs seen on the WebSocket: starts, ends, and when each arrived here."""

    started: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    received_bytes: int = 0

    def on_frame(self, payload: bytes | str) -> None:
        self.received_bytes += len(payload)
        if isinstance(payload, str):
            return
        try:
            kind = ForwardMsg.FromString(payload).WhichOneof("type")
        except Exception:  # a frame that is not a ForwardMsg says nothing about runs
            return
        if kind == "new_session":
            self.started.append(time.perf_counter())
        elif kind == "script_finished":
            self.finished.append(time.perf_counter())

    def in_flight(self) -> bool:
        return len(self.finished) < len(self.started)


class Tab:
    """A fresh browser context and page (nothing cached), probed from before the first byte."""

    def __init__(self, browser, server: Server, width: int = 1500, height: int = 1100):
        self.server = server
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.add_init_script(PROBE)
        self.page = self.context.new_page()
        self.runs = Runs()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda ws: ws.on("framereceived", self.runs.on_frame))

    def open(self, path: str = "") -> dict[str, float | None]:
        """Navigate to `path` on the server and wait until settled: first number, settled, the
        server's time and the time the browser saw the runs take, seconds."""
        logged = len(self.server.runs())
        self.page.goto(self.server.url + path, wait_until="commit", timeout=TIMEOUT_S * 1000)
        settled = self.settle(runs_before=0)
        first = self.page.evaluate("() => window.__bench.firstNumber")
        return {
            "first_number": None if first is None else first / 1000,
            "settled": settled / 1000,
            "server": self._server_time(logged),
            "seen": self._seen_time(0),
            "kib": self.runs.received_bytes / 1024,
        }

    def act(self, prepare, action) -> dict[str, float]:
        """Settle time after `action` (a click or key press), measured from its press."""
        prepare()
        runs_before = len(self.runs.started)
        logged = len(self.server.runs())
        self.page.evaluate("() => { window.__bench.armed = true; window.__bench.actionAt = null; }")
        action()
        settled = self.settle(runs_before)
        pressed = self.page.evaluate("() => window.__bench.actionAt")
        return {
            "settled": (settled - pressed) / 1000,
            "server": self._server_time(logged),
            "seen": self._seen_time(runs_before),
        }

    def settle(self, runs_before: int) -> float:
        """Wait for a run to start and every run to finish, then for QUIET_MS without change."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            if len(self.runs.started) <= runs_before or self.runs.in_flight():
                continue
            if self.page.evaluate(BUSY):
                continue
            quiet = self.page.evaluate("() => performance.now() - window.__bench.lastChange")
            if quiet >= QUIET_MS and not self.runs.in_flight():
                return self.page.evaluate("() => window.__bench.lastChange")
        raise TimeoutError(f"{self.page.url} did not settle in {TIMEOUT_S} s")

    def _server_time(self, logged_before: int) -> float | None:
        """From the start of the first run since `logged_before` to the end of the last."""
        runs = self.server.runs()[logged_before:]
        if not runs:
            return None
        return max(end for _, end in runs) - min(start for start, _ in runs)

    def _seen_time(self, runs_before: int) -> float | None:
        started, finished = self.runs.started[runs_before:], self.runs.finished[runs_before:]
        if not started or not finished:
            return None
        return finished[-1] - started[0]

    def change_filter(self, label: str, option: str) -> dict[str, float]:
        """Pick `option` in the sidebar multiselect labelled `label`."""
        box = self.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has=self.page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
        )
        return self.act(
            lambda: box.first.click(),
            lambda: self.page.get_by_role("option", name=option, exact=True).click(),
        )

    def sliders(self) -> list[str]:
        """Labels of the sliders in the page's main area, in page order."""
        found = self.page.locator('[data-testid="stMain"] [data-testid="stSlider"]')
        return [
            found.nth(i).locator('[data-testid="stWidgetLabel"]').inner_text().strip()
            for i in range(found.count())
        ]

    def move_slider(self, index: int = 0) -> dict[str, float]:
        """One step to the right (left at the end) on the index-th slider of the main area."""
        thumb = (
            self.page.locator('[data-testid="stMain"] [data-testid="stSlider"]')
            .nth(index)
            .locator('input[type="range"]')
            .first
        )
        at_end = thumb.input_value() == thumb.get_attribute("max")
        return self.act(
            lambda: thumb.focus(),
            lambda: self.page.keyboard.press("ArrowLeft" if at_end else "ArrowRight"),
        )

    def close(self) -> None:
        self.context.close()
