"""The early-warning history stored at load gives exactly what computing it on demand gives.

The load stores the backtest's history for the default as-of date, window and grace (as it
stores that date's partner snapshots), so the Dark partners page's first view reads it instead of
computing every quarter end; any other as-of, window or grace is still computed when asked for.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import SAMPLE_DIR

DEFAULT_RULE = {"silent_days": 90, "gap_multiple": 3.0, "revenue_share": 0.5}
PAGE_QUERIES = ("early_warning_tuning", "early_warning_backtest", "early_warning_flagged_now")


@pytest.fixture(scope="module")
def on_demand():
    """The sample program loaded with nothing stored for the default date."""
    return load_folder(SAMPLE_DIR, default_snapshots=False)


def _stored_keys(con) -> list[tuple]:
    return con.execute(
        "select distinct snapshot_as_of, snapshot_window_months, snapshot_grace_days "
        "from early_warning_snapshots order by all"
    ).fetchall()


def _page_figures(con, filters: Filters) -> dict[str, pd.DataFrame]:
    return {
        name: sql.fetch_for(con, name, filters, **({} if "tuning" in name else DEFAULT_RULE))
        for name in PAGE_QUERIES
    }


def test_the_load_stores_the_default_dates_history_as_computing_it_gives(sample_con):
    defaults = sql.resolve(sample_con, Filters())
    key = (defaults.as_of, defaults.window_months, defaults.grace_days)
    assert key in _stored_keys(sample_con)
    params = dict(zip(("as_of", "w", "g"), key, strict=True))
    stored, differ = sample_con.execute(
        "with stored as (select * from early_warning_snapshot($as_of, $w, $g)), "
        "computed as (select * from early_warning_history($as_of, $w, $g)) "
        "select (select count(*) from stored), "
        "(select count(*) from (from stored except all from computed)) "
        "+ (select count(*) from (from computed except all from stored))",
        params,
    ).fetchone()
    assert stored > 0, "the sample program has backtest quarters on its default date"
    assert differ == 0


def test_the_pages_figures_from_the_stored_history_match_those_computed_on_demand(
    sample_con, on_demand
):
    defaults = sql.resolve(sample_con, Filters())
    assert _stored_keys(on_demand) == []
    for filters in (defaults, Filters(tiers=("Gold",)).with_as_of(defaults.as_of)):
        stored, computed = _page_figures(sample_con, filters), _page_figures(on_demand, filters)
        for name in PAGE_QUERIES:
            assert len(stored[name]) > 0
            pd.testing.assert_frame_equal(stored[name], computed[name], obj=name)


def test_another_as_of_or_grace_is_computed_beside_the_stored_one(on_demand):
    con = load_folder(SAMPLE_DIR)
    defaults = sql.resolve(con, Filters())
    stored_before = _stored_keys(con)
    a_quarter_earlier = defaults.as_of - timedelta(days=92)
    for filters in (
        Filters(grace_days=60).with_as_of(defaults.as_of),
        Filters(window_months=6).with_as_of(a_quarter_earlier),
    ):
        figures, expected = _page_figures(con, filters), _page_figures(on_demand, filters)
        for name in PAGE_QUERIES:
            pd.testing.assert_frame_equal(figures[name], expected[name], obj=name)
    assert set(stored_before) < set(_stored_keys(con))


def test_the_stored_rhythm_on_the_last_registration_day_is_the_rhythm_of_the_date(sample_con):
    """int_registration_rhythm, read on each partner's last registration day on or before a
    date, gives the usual gap and gaps seen partner_health works out for that date alone."""
    defaults = sql.resolve(sample_con, Filters())
    for as_of in (defaults.as_of, defaults.as_of - timedelta(days=200), date(2025, 3, 31)):
        compared, differ = sample_con.execute(
            "with health as (select partner_id, usual_gap_days, gaps_seen, last_registered_on "
            "from partner_health($as_of, 12, 90)), "
            "stored as (select health.partner_id, rhythm.usual_gap_days, rhythm.gaps_seen "
            "from health left join int_registration_rhythm as rhythm "
            "on rhythm.partner_id = health.partner_id "
            "and rhythm.registered_on = health.last_registered_on), "
            "computed as (select partner_id, usual_gap_days, gaps_seen from health) "
            "select count(*) filter (where gaps_seen is not null), "
            "(select count(*) from (from stored except all from computed)) "
            "+ (select count(*) from (from computed except all from stored)) from computed",
            {"as_of": as_of},
        ).fetchone()
        assert compared > 0
        assert differ == 0
