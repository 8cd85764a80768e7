"""AppTest of the frame and the Portfolio health page: numbers the user sees, filters narrowing."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import ROOT, metric

APP = str(ROOT / "app.py")
PAGE = str(ROOT / "pages" / "overview" / "portfolio_health.py")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_home_page_shows_the_headline_numbers(app, sample_con):
    assert not app.exception
    expected = headline_kpis(sample_con, Filters())
    assert app.title[0].value == "Portfolio health"
    assert metric(app, "Enrolled partners") == f"{expected['enrolled_partners']:,}"
    assert metric(app, "Dark-partner rate") == f"{expected['dark_partner_rate'] * 100:.0f}%"
    assert metric(app, "MDF utilization") == f"{expected['mdf_utilization'] * 100:.0f}%"
    assert len(app.get("vega_lite_chart")) == 4
    assert metric(app, "Maturity level").startswith("Level ")


def test_benchmark_band_is_beside_each_tile(app):
    captions = [c.value for c in app.caption]
    assert "Level 4 programs: below 20%" in captions
    assert any("Median 54%" in c for c in captions)


def test_tier_filter_narrows_the_numbers(app, sample_con):
    app.sidebar.multiselect(key="tier").set_value(["Premier"]).run()
    assert not app.exception
    expected = headline_kpis(sample_con, Filters(tiers=("Premier",)))
    assert metric(app, "Enrolled partners") == f"{expected['enrolled_partners']:,}"
    assert metric(app, "Enrolled partners") != "738"
    assert "tier Premier" in app.caption[0].value


def test_cam_filter_narrows_the_numbers(app, sample_con):
    app.sidebar.multiselect(key="cam").set_value(["CAM-005"]).run()
    expected = headline_kpis(sample_con, Filters(cams=("CAM-005",)))
    assert metric(app, "Enrolled partners") == f"{expected['enrolled_partners']:,}"
    assert metric(app, "Active partners").startswith(f"{expected['active_partners']:,} ")


def test_as_of_and_window_change_the_numbers(app, sample_con):
    app.sidebar.date_input(key="as_of").set_value(date(2025, 6, 30))
    app.sidebar.selectbox(key="window").set_value(6).run()
    assert not app.exception
    expected = headline_kpis(sample_con, Filters(as_of=date(2025, 6, 30), window_months=6))
    assert metric(app, "Enrolled partners") == f"{expected['enrolled_partners']:,}"
    assert metric(app, "Dark-partner rate") == f"{expected['dark_partner_rate'] * 100:.0f}%"
    assert "6-month window" in app.caption[0].value


def test_filters_that_match_nothing_say_so(app):
    app.sidebar.multiselect(key="region").set_value(["LATAM"])
    app.sidebar.multiselect(key="tier").set_value(["Premier"])
    app.sidebar.date_input(key="as_of").set_value(date(2023, 10, 2)).run()
    assert not app.exception
    assert metric(app, "Enrolled partners") == "0"
    assert metric(app, "Dark-partner rate") == "no data"
    assert any("No enrolled partners" in w.value for w in app.warning)


def test_page_runs_alone_with_default_filters():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Portfolio health"
    assert len(at.metric) >= 6


def test_page_reads_a_duckdb_file(monkeypatch, small_program_dir, tmp_path):
    db = tmp_path / "program.duckdb"
    load_folder(small_program_dir, db_path=db).close()
    monkeypatch.setenv("CHANNEL_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    # The hand-made program on its default as_of (2026-06-30): 7 enrolled, 40% dark.
    assert metric(at, "Enrolled partners") == "7"
    assert metric(at, "Dark-partner rate") == "40%"


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(tiers=("Premier",)),
        Filters(cams=("CAM-005",), window_months=6),
        Filters(as_of=date(2025, 6, 30), window_months=18, grace_days=30),
    ],
)
def test_the_prior_window_figures_are_the_full_kpis_one_window_earlier(sample_con, filters):
    """The page computes only the changing KPIs for the prior window: each is the full one."""
    from queries import sql

    filters = sql.resolve(sample_con, filters)
    prior = sql.fetch_for(sample_con, "headline_kpis_prior", filters).iloc[0].dropna()
    (earlier,) = sample_con.execute(
        "select window_start($as_of, $w)", {"as_of": filters.as_of, "w": filters.window_months}
    ).fetchone()
    full = sql.fetch_for(sample_con, "headline_kpis_on", filters.with_as_of(earlier)).iloc[0]
    assert len(prior) > 10  # the statuses, revenue, MDF, forecast and outcome changes
    for name, value in prior.drop("period").items():
        assert value == full[name], name
    both = sql.fetch_for(sample_con, "headline_kpis", filters).set_index("period")
    now = sql.fetch_for(sample_con, "headline_kpis_on", filters).iloc[0]
    assert list(both.columns) == list(now.index)
    assert both.loc["current"].astype(str).tolist() == now.astype(str).tolist()
    shown_prior = both.loc["prior"].dropna().astype(str)
    assert shown_prior.tolist() == prior.drop("period").astype(str).tolist()
