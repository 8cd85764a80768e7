"""The early warning's track record in the browser: read cleanly; the rule put in force stays."""

from __future__ import annotations

import re

import pytest

from components.backtest_panel import describe
from queries import backtest, sql
from queries.filters import Filters
from tests.browser.conftest import Server, outside_hosts, settle
from tests.browser.test_slices import MISSING

pytestmark = pytest.mark.browser

SECTION = "How well the early warning has worked"


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANNEL_STATE_DB", str(tmp_path / "state.duckdb"))
    running = Server()
    yield running
    running.stop()


def open_section(page, url: str) -> str:
    page.goto(url)
    page.get_by_role("heading", name=SECTION).wait_for(timeout=90_000)
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    return page.locator("[data-testid=stMain]").inner_text()


def test_the_tuned_rule_saved_in_force_survives_a_new_session(server, page, sample_con):
    tuned = backtest.tuned_thresholds(sql.fetch_for(sample_con, "early_warning_tuning", Filters()))
    text = open_section(page, server.url + "/dark-partners")
    assert re.search(r"The early warning caught \d+% of the partners who went dark", text)
    assert not MISSING.findall(text), MISSING.findall(text)
    page.get_by_role("radiogroup").get_by_text(re.compile("^Tuned on the past")).click()
    settle(page)
    page.get_by_role("button", name="Save as the rule in force").click()
    settle(page)
    assert backtest.saved_rule() == ("tuned", tuned)
    text = open_section(page, server.url + "/dark-partners")  # a new session
    assert f"Saved rule in force: {describe(tuned)}." in text
    assert page.get_by_role("radio", name=re.compile("^Tuned on the past")).is_checked()
    assert outside_hosts(page.requests_seen) == set()
