"""AppTest of the MDF and Pipeline & forecast accuracy pages."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from queries import sql
from queries.filters import Filters
from tests.conftest import ROOT, metric

APP = str(ROOT / "app.py")
MDF = str(ROOT / "pages" / "pipeline" / "mdf.py")
FORECAST = str(ROOT / "pages" / "pipeline" / "forecast.py")


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception
    return at


@pytest.mark.parametrize("page", [MDF, FORECAST])
def test_pages_run_alone(page):
    at = AppTest.from_file(page, default_timeout=60).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) >= 3


def test_mdf_page_numbers(sample_con):
    at = open_page(MDF)
    assert at.title[0].value == "MDF"
    kpis = sql.fetch_for(sample_con, "headline_kpis", Filters()).iloc[0]
    assert metric(at, "MDF utilization") == f"{kpis.mdf_utilization * 100:.0f}%"
    assert len(at.get("vega_lite_chart")) == 6
    idle = sql.fetch_for(sample_con, "mdf_no_request", Filters())
    assert len(at.dataframe[-1].value) == len(idle)


def test_mdf_page_follows_the_tier_filter(sample_con):
    at = open_page(MDF)
    at.sidebar.multiselect(key="tier").set_value(["Gold"]).run()
    kpis = sql.fetch_for(sample_con, "headline_kpis", Filters(tiers=("Gold",))).iloc[0]
    assert metric(at, "MDF utilization") == f"{kpis.mdf_utilization * 100:.0f}%"
    at.segmented_control(key="mdf_dimension").set_value("partner").run()
    assert not at.exception
    assert "fifteen partners" in " ".join(c.value for c in at.caption)


def test_forecast_page_numbers_and_lead_control(sample_con):
    at = open_page(FORECAST)
    assert at.title[0].value == "Pipeline & forecast accuracy"
    kpis = sql.fetch_for(sample_con, "headline_kpis", Filters()).iloc[0]
    assert metric(at, "Forecast accuracy") == f"{kpis.forecast_accuracy * 100:.0f}%"
    assert metric(at, "Win rate") == f"{kpis.win_rate * 100:.0f}%"
    at.slider(key="lead").set_value(30).run()
    assert not at.exception
    later = sql.fetch_for(sample_con, "headline_kpis", Filters(forecast_lead_days=30)).iloc[0]
    assert metric(at, "Forecast accuracy") == f"{later.forecast_accuracy * 100:.0f}%"
    assert later.forecast_amount != kpis.forecast_amount


def test_forecast_page_breakdown_by_region(sample_con):
    at = open_page(FORECAST)
    at.segmented_control(key="forecast_dimension").set_value("region").run()
    assert not at.exception
    table = at.dataframe[0].value
    expected = sql.fetch_for(sample_con, "forecast_by_segment", Filters(), dimension="region")
    assert sorted(table.segment_label) == sorted(expected.segment_label)


@pytest.mark.parametrize("lead_days", [0, 30, 45])
def test_the_cut_off_moves_only_the_forecast_kpis(sample_con, lead_days):
    """The page reads the forecast KPIs for its cut-off apart from the shared headline: they are
    the headline's own, and no other headline KPI depends on the cut-off."""
    filters = sql.resolve(sample_con, Filters(forecast_lead_days=lead_days, tiers=("Gold",)))
    called = sql.fetch_for(sample_con, "headline_forecast", filters).iloc[0]
    full = sql.fetch_for(sample_con, "headline_kpis_on", filters).iloc[0]
    for name in called.index:
        assert str(called[name]) == str(full[name]), name
    at_zero = sql.fetch_for(sample_con, "headline_kpis_on", replace(filters, forecast_lead_days=0))
    unmoved = full.drop(["forecast_amount", "forecast_accuracy", "forecast_bias"])
    assert unmoved.astype(str).tolist() == at_zero.iloc[0][unmoved.index].astype(str).tolist()


def test_the_bias_chart_shows_both_ends_of_many_cams(sample_con, monkeypatch):
    """A bar per CAM stops at the most biased ends; the table still lists every CAM."""
    from components.charts import forecast

    monkeypatch.setattr(forecast, "MOST_BIASED", 2)
    at = open_page(FORECAST)
    expected = sql.fetch_for(sample_con, "forecast_by_segment", Filters(), dimension="cam")
    scored = int(expected.forecast_bias.notna().sum())
    assert scored > 4
    captions = " ".join(c.value for c in at.caption)
    assert f"The 2 lowest and 2 highest biases of {scored:,} CAMs" in captions
    chart = at.get("vega_lite_chart")[1].proto
    rows = sorted(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.datasets)
    assert rows == [1, 4]  # the ±10% band, and the two lowest and two highest biases
    assert len(at.dataframe[0].value) == len(expected)
