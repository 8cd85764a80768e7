"""AppTest of the Dark partners and CAM portfolio pages; the CAM filter narrows every number."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from components import format, tables
from queries import sql
from queries.filters import Filters
from tests.conftest import ROOT, metric

APP = str(ROOT / "app.py")
DARK = str(ROOT / "pages" / "overview" / "dark_partners.py")
CAM = str(ROOT / "pages" / "partner" / "cam_portfolio.py")
CAM_ID = "CAM-003"


def open_page(page: str, cams: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    if cams:
        at.sidebar.multiselect(key="cam").set_value(cams).run()
    assert not at.exception
    return at


def dataframe_rows(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


@pytest.mark.parametrize("page", [DARK, CAM])
def test_pages_run_alone_with_default_filters(page):
    at = AppTest.from_file(page, default_timeout=60).run()
    assert not at.exception
    assert len(at.metric) >= 4


def test_dark_page_shows_the_numbers_of_the_views(sample_con):
    at = open_page(DARK)
    assert at.title[0].value == "Dark partners & activation"
    kpis = sql.fetch_for(sample_con, "headline_kpis", Filters()).iloc[0]
    assert metric(at, "Dark partners") == f"{kpis.dark_partners:,}"
    assert metric(at, "Median days to first deal") == format.days(kpis.median_days_to_first_deal)
    listed = sql.fetch_for(sample_con, "dark_partner_list", Filters())
    # The table shows the top of the list; its download holds every partner of it.
    assert len(listed) > tables.TOP_ROWS
    assert len(at.dataframe[0].value) == tables.TOP_ROWS
    assert f"The first 100 of {len(listed):,} partners" in " ".join(c.value for c in at.caption)
    assert (
        at.get("download_button")[0].proto.label == f"Download all {len(listed):,} partners (CSV)"
    )
    # Dark rate by quarter and by segment, the early warning's backtest, activation.
    assert len(at.get("vega_lite_chart")) == 4
    assert at.get("download_button")


def test_the_full_list_is_one_download_built_when_asked(sample_con, monkeypatch):
    """The table shows its top rows; the CSV, built only when its button is pressed, holds every
    partner of the list in the list's order."""
    built = []
    add_deferred = MediaFileManager.add_deferred

    def capture(self, build, mimetype, coordinates, file_name=None, *args, **kwargs):
        built.append((file_name, build))
        return add_deferred(self, build, mimetype, coordinates, file_name, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    open_page(DARK)
    (build,) = [b for name, b in built if name == "dark_and_at_risk_partners.csv"]
    rows = pd.read_csv(io.BytesIO(build()))
    listed = sql.fetch_for(sample_con, "dark_partner_list", Filters())
    assert list(rows["Partner"]) == list(listed.partner_name)
    assert "Region" in rows.columns  # the columns the table leaves out


def test_cam_filter_narrows_every_number_on_the_dark_page(sample_con):
    everyone = open_page(DARK)
    mine = open_page(DARK, [CAM_ID])
    filters = Filters(cams=(CAM_ID,))
    kpis = sql.fetch_for(sample_con, "headline_kpis", filters).iloc[0]
    summary = sql.fetch_for(sample_con, "portfolio_vs_channel", filters).iloc[0]
    assert metric(mine, "Dark partners") == f"{kpis.dark_partners:,}"
    assert metric(mine, "Dark-partner rate") == f"{kpis.dark_partner_rate * 100:.0f}%"
    assert metric(mine, "Early warning") == f"{int(summary.early_warning_partners):,}"
    for label in ("Dark partners", "Early warning"):
        assert metric(mine, label) != metric(everyone, label)
    listed = sql.fetch_for(sample_con, "dark_partner_list", filters)
    everyone_listed = sql.fetch_for(sample_con, "dark_partner_list", Filters())
    assert 0 < len(listed) < len(everyone_listed)
    assert set(listed.cam) == {"Carla Silva"}
    shown = mine.dataframe[0].value
    assert list(shown.partner_name) == list(listed.partner_name.head(tables.TOP_ROWS))


def test_dark_page_breakdown_switches_dimension():
    at = open_page(DARK)
    at.segmented_control(key="dark_dimension").set_value("region").run()
    assert not at.exception
    chart = at.get("vega_lite_chart")[1]
    assert "NA East" in str(chart.proto.spec) or "NA East" in str(chart.proto.datasets)


def test_search_narrows_the_list():
    at = open_page(DARK)
    total = len(at.dataframe[0].value)
    at.text_input(key="dark_search").input("Premier").run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < total


def test_cam_portfolio_compares_with_the_channel(sample_con):
    at = open_page(CAM, [CAM_ID])
    assert at.title[0].value == "CAM portfolio"
    assert not at.info  # the prompt to pick a CAM is gone
    filters = Filters(cams=(CAM_ID,))
    both = sql.fetch_for(sample_con, "portfolio_vs_channel", filters).set_index("scope")
    mine, channel = both.loc["portfolio"], both.loc["channel"]
    assert metric(at, "Enrolled partners") == f"{int(mine.enrolled_partners):,}"
    assert metric(at, "Dark-partner rate") == f"{mine.dark_partner_rate * 100:.0f}%"
    tile = next(m for m in at.metric if m.label == "Dark-partner rate")
    expected_delta = f"{(mine.dark_partner_rate - channel.dark_partner_rate) * 100:+.1f} pts"
    assert tile.delta == f"{expected_delta} vs channel"
    portfolio = sql.fetch_for(sample_con, "cam_portfolio", filters)
    assert len(portfolio) == mine.enrolled_partners
    assert set(portfolio.cam) == {"Carla Silva"}
    shown = at.dataframe[-1].value  # the top of the book; one CAM's column is not repeated
    assert list(shown.partner_name) == list(portfolio.partner_name.head(tables.TOP_ROWS))
    assert "cam" not in shown.columns
    calls = sql.fetch_for(sample_con, "calls_this_week", filters)
    shown = " ".join(m.value for m in at.markdown)
    for name in calls.partner_name:
        assert name in shown


def test_cam_portfolio_without_a_cam_asks_to_pick_one():
    at = open_page(CAM)
    assert "Pick yourself" in at.info[0].value
    assert metric(at, "Enrolled partners") == "738"


def test_before_any_partner_is_established_the_sentence_says_so_in_words():
    """On an as-of date before the program's first enrolment, no rate can be measured: the
    page's sentence says why instead of reading '0 established partners (no data)'."""
    at = AppTest.from_file(DARK, default_timeout=60)
    at.session_state["as_of"] = pd.Timestamp("2000-01-01").date()
    at.run()
    assert not at.exception
    sentences = [m.value for m in at.markdown if m.value.startswith("####")]
    assert sentences == [
        "#### No partner of this selection has been enrolled for 90 days or more yet, so none is "
        "counted dark."
    ]
    assert metric(at, "Dark-partner rate") == format.pct(None)
