"""Several sessions at once on one server: each gets its own correct numbers, none an error.

The sessions are tabs of one browser: each tab is a Streamlit session of its own (its own
WebSocket, session state and script runs), and sharing the browser's cache spares a busy
two-core machine from compiling Streamlit's frontend once per tab. They open a little apart and
all stay open until every one has read its numbers, so the server holds them all at the same
time. Time limits are generous and bounded: this checks correctness under load, not speed.
Twenty sessions at once are the bench's (bench/run.py): it checks the same numbers, errors and
requests of each, times them and measures the memory per session (bench/concurrency.json).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.async_api import async_playwright

from queries.cli import headline_kpis
from queries.filters import Filters
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, outside_hosts

pytestmark = pytest.mark.browser
SESSIONS = 4  # each a CAM of its own; twenty are the bench's
STAGGER_S = 0.3  # between two sessions' first requests
PAGE_TIMEOUT_MS = 240_000  # one session's navigation, and again its numbers
ALL_TIMEOUT_S = 600  # every session, start to finish


async def open_session(context, url: str, delay: float, all_open: asyncio.Event, done) -> dict:
    await asyncio.sleep(delay)
    page = await context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    tile = page.locator("[data-testid=stMetric]").filter(has_text="Enrolled partners").first
    value = tile.locator("[data-testid=stMetricValue]")
    await value.wait_for(timeout=PAGE_TIMEOUT_MS)
    await page.get_by_text("12-month window").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    # The page has finished its run: nothing left stale or still loading. Checked every quarter
    # second, not on every animation frame of every tab.
    await page.wait_for_function(
        "() => !document.querySelector("
        "'[data-stale=\"true\"], [data-testid=stSkeleton], [data-testid=stStatusWidget]')",
        polling=250,
        timeout=PAGE_TIMEOUT_MS,
    )
    seen = {
        "text": (await value.inner_text()).strip(),
        "errors": await page.locator("[data-testid=stException]").count(),
        "requests": requests,
    }
    done()
    await all_open.wait()  # hold the session until every other one has its numbers too
    await page.close()
    return seen


async def run_sessions(server: Server, urls: list[str]) -> list[dict]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        all_open = asyncio.Event()
        remaining = [len(urls)]

        def done() -> None:
            remaining[0] -= 1
            if remaining[0] == 0:
                all_open.set()

        try:
            return await asyncio.wait_for(
                asyncio.gather(
                    *(
                        open_session(context, url, i * STAGGER_S, all_open, done)
                        for i, url in enumerate(urls)
                    )
                ),
                timeout=ALL_TIMEOUT_S,
            )
        finally:
            await browser.close()


def test_sessions_at_once_each_get_their_own_numbers(sample_con):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}") if os.environ.get("CI") else pytest.skip(
            "no Chromium"
        )
    con = sample_con
    cams = [f"CAM-{i:03d}" for i in range(1, SESSIONS + 1)]
    names = dict(con.execute("select cam_id, cam_name from stg_cams").fetchall())
    expected = [headline_kpis(con, Filters(cams=(c,)))["enrolled_partners"] for c in cams]
    assert len(set(expected)) > 1  # the sessions must be told apart by their numbers
    server = Server()
    try:
        urls = [f"{server.url}/?cam={names[c].replace(' ', '%20')}" for c in cams]
        # The session-wide sync Chromium of other browser tests keeps an event loop running in
        # this thread; the async sessions get a loop of their own in another thread.
        with ThreadPoolExecutor(max_workers=1) as pool:
            results = pool.submit(asyncio.run, run_sessions(server, urls)).result()
    finally:
        server.stop()
    for seen, want in zip(results, expected, strict=True):
        assert seen["errors"] == 0
        assert seen["text"] == f"{want:,}"
        assert outside_hosts(seen["requests"]) == set()
