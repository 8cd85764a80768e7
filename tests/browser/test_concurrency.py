"""Twenty sessions at once on one server: each gets its own correct numbers, none an error."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, outside_hosts
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.browser
SESSIONS = 20
RESULTS = Path(__file__).resolve().parents[2] / "bench" / "concurrency.json"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def open_session(browser, url: str) -> tuple[str, list[str], int]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto(url)
    tile = page.locator("[data-testid=stMetric]").filter(has_text="Enrolled partners").first
    value = tile.locator("[data-testid=stMetricValue]")
    await value.wait_for(timeout=180_000)
    await page.get_by_text("12-month window").first.wait_for(timeout=180_000)
    await page.wait_for_timeout(1000)
    errors = await page.locator("[data-testid=stException]").count()
    text = (await value.inner_text()).strip()
    await context.close()
    return text, requests, errors


async def run_sessions(server: Server, urls: list[str]) -> list[tuple[str, list[str], int]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = await asyncio.gather(*(open_session(browser, u) for u in urls))
        await browser.close()
        return results


def test_twenty_sessions_at_once():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}") if os.environ.get("CI") else pytest.skip(
            "no Chromium"
        )
    con = load_folder(SAMPLE_DIR)
    cams = [f"CAM-{i:03d}" for i in range(1, SESSIONS + 1)]
    names = dict(con.execute("select cam_id, cam_name from stg_cams").fetchall())
    expected = [headline_kpis(con, Filters(cams=(c,)))["enrolled_partners"] for c in cams]
    server = Server()
    try:
        warm = asyncio.run(run_sessions(server, [server.url]))  # the data is loaded once
        assert warm[0][2] == 0
        before = rss_kib(server.process.pid)
        urls = [f"{server.url}/?cam={names[c].replace(' ', '%20')}" for c in cams]
        results = asyncio.run(run_sessions(server, urls))
        after = rss_kib(server.process.pid)
    finally:
        server.stop()
    for (text, requests, errors), want in zip(results, expected, strict=True):
        assert errors == 0
        assert text == f"{want:,}"
        assert outside_hosts(requests) == set()
    per_session = (after - before) / SESSIONS / 1024
    RESULTS.write_text(
        json.dumps(
            {
                "sessions": SESSIONS,
                "rss_before_mib": before / 1024,
                "rss_after_mib": after / 1024,
                "mib_per_session": per_session,
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )
    print(f"server RSS {before / 1024:.0f} → {after / 1024:.0f} MiB, {per_session:.1f} MiB/session")
