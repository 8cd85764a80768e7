"""Partner scorecard, the QBR pack workbook, presentation mode and masking."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from components import format, qbr_pack, story
from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import ROOT, SAMPLE_DIR

APP = str(ROOT / "app.py")
SCORECARD = str(ROOT / "pages" / "partner" / "scorecard.py")
PARTNER = "P000158"


@pytest.fixture(scope="module")
def con():
    return load_folder(SAMPLE_DIR)


@pytest.fixture(scope="module")
def parts(con):
    filters = sql.resolve(con, Filters())
    profile = sql.fetch_for(con, "partner_profile", filters, partner_id=PARTNER).iloc[0]
    card = sql.fetch_for(con, "partner_scorecard", filters, partner_id=PARTNER)
    quarters = sql.fetch_for(con, "partner_quarters", filters, partner_id=PARTNER)
    deals = sql.fetch_for(con, "partner_open_deals", filters, partner_id=PARTNER)
    return filters, profile, card.set_index("row_kind"), quarters, deals


def test_scorecard_page_shows_partner_against_tier_median(parts):
    _, profile, card, _, _ = parts
    at = AppTest.from_file(SCORECARD, default_timeout=60)
    at.session_state["partner"] = PARTNER
    at.run()
    assert not at.exception
    values = {m.label: (m.value, m.delta) for m in at.metric}
    revenue = values["Revenue (window)"]
    assert revenue[0] == format.money(card.loc["partner", "revenue"])
    assert revenue[1] == f"tier median {format.money(card.loc['tier median', 'revenue'])}"
    assert values["Deal registrations"][0] == format.count(card.loc["partner", "registrations"])
    assert any(profile.partner_name in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 2
    assert at.get("download_button")


def test_scorecard_without_a_partner_asks_for_one():
    at = AppTest.from_file(SCORECARD, default_timeout=60).run()
    assert not at.exception
    assert "Search a partner" in at.info[0].value


def test_a_long_partner_list_is_searched_on_the_server(con, monkeypatch):
    """Above PICKER_OPTIONS partners the picker holds the search's matches, not every partner;
    a partner opened by a link stays picked whatever the search shows."""
    from components import partner_picker

    monkeypatch.setattr(partner_picker, "PICKER_OPTIONS", 50)
    labels = sql.fetch_for(con, "selected_partner_options", sql.resolve(con, Filters()))
    at = AppTest.from_file(SCORECARD, default_timeout=60).run()
    assert len(labels) > 50 and len(at.selectbox(key="partner").options) == 50
    assert "partners match; the list holds the first 50" in at.caption[-1].value
    wanted = labels.set_index("partner_id").label[PARTNER]
    at.text_input(key="partner_search").set_value(wanted.upper()).run()
    assert at.selectbox(key="partner").options == [wanted]
    at.selectbox(key="partner").set_value(PARTNER).run()
    at.text_input(key="partner_search").set_value("zzz-nobody").run()
    assert at.selectbox(key="partner").options == [wanted]
    assert at.selectbox(key="partner").value == PARTNER
    linked = AppTest.from_file(SCORECARD, default_timeout=60)
    linked.query_params["partner"] = wanted
    linked.run()
    assert linked.selectbox(key="partner").value == PARTNER
    assert any(wanted.split(" (")[0] in m.value for m in linked.markdown)


def test_story_is_written_from_the_numbers(parts):
    _, profile, card, _, _ = parts
    sentences = story.partner_story(profile, card.loc["tier median"], 12)
    assert sentences[0].startswith(f"{profile.partner_name} won $")
    assert any("median Premier partner" in s for s in sentences)


def test_partner_pack_workbook(parts):
    _, profile, card, quarters, deals = parts
    scorecard = (
        card.T.reset_index()
        .rename(columns={"index": "Measure", "partner": "Partner", "tier median": "Tier median"})
        .assign(shown_as=lambda f: [format.count] * len(f))
    )
    data = qbr_pack.partner_pack(
        profile, scorecard, quarters, deals, ["A story.", "Next: call."], date(2026, 9, 30)
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cover", "Scorecard", "Trends", "MDF", "Pipeline", "Actions"]
    assert book["Cover"]["A1"].value == profile.partner_name
    rows = {r[0]: r[1] for r in book["Scorecard"].iter_rows(min_row=2, values_only=True)}
    assert rows["revenue"] == card.loc["partner", "revenue"]
    assert len(book["Trends"]._charts) == 2
    trend_rows = list(
        book["Trends"].iter_rows(min_row=2, max_row=len(quarters) + 1, values_only=True)
    )
    assert [r[2] for r in trend_rows] == quarters.won_revenue.tolist()
    assert book["Actions"]["A2"].value == "Next: call."
    assert book["Scorecard"].page_setup.orientation == "landscape"
    assert book["Scorecard"].sheet_properties.pageSetUpPr.fitToPage


def test_pack_shows_each_row_as_the_page_does(parts):
    """A rate reads 84.3% in Excel, money $1,234 and a count 12: the value stays a number."""
    _, profile, _, quarters, deals = parts
    scorecard = pd.DataFrame(
        {
            "Measure": ["Win rate", "Revenue (window)", "Deal registrations"],
            "Partner": [0.843, 1234.0, 12],
            "Tier median": [0.5, 999.0, 7],
            "shown_as": [format.pct, format.money, format.count],
        }
    )
    data = qbr_pack.partner_pack(profile, scorecard, quarters, deals, [], date(2026, 9, 30))
    sheet = load_workbook(io.BytesIO(data))["Scorecard"]
    assert [c.value for c in sheet[1]] == ["Measure", "Partner", "Tier median"]
    assert [(r[1].value, r[1].number_format, r[2].number_format) for r in sheet.iter_rows(2)] == [
        (0.843, "0.0%", "0.0%"),
        (1234, '"$"#,##0', '"$"#,##0'),
        (12, "#,##0", "#,##0"),
    ]


def test_pack_escapes_formulas(parts):
    _, profile, card, quarters, deals = parts
    hostile = profile.copy()
    hostile["partner_name"] = '=HYPERLINK("http://evil","x")'
    evil_deals = deals.head(1).assign(customer_name="+SUM(A1)")
    data = qbr_pack.partner_pack(
        hostile,
        card.T.reset_index().assign(shown_as=lambda f: [format.count] * len(f)),
        quarters,
        evil_deals,
        ["@cmd"],
        date(2026, 9, 30),
    )
    book = load_workbook(io.BytesIO(data))
    assert book["Cover"]["A1"].value.startswith("'=")
    assert book["Cover"]["A7"].value == "'@cmd"
    customers = [c.value for c in book["Pipeline"]["B"]]
    assert "'+SUM(A1)" in customers


def test_portfolio_pack(con):
    filters = sql.resolve(con, Filters(cams=("CAM-003",)))
    portfolio = sql.fetch_for(con, "cam_portfolio", filters)
    calls = sql.fetch_for(con, "calls_this_week", filters)
    data = qbr_pack.portfolio_pack("Carla Silva", portfolio, calls, ["Summary."], filters.as_of)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cover", "Scorecard", "Calls this week", "Actions"]
    assert book["Scorecard"].max_row == len(portfolio) + 1


def test_presentation_mode_masks_other_partners(con):
    at = AppTest.from_file(APP, default_timeout=60).run()
    top_before = at.dataframe[0].value.partner_name.tolist()
    at.sidebar.toggle(key="present").set_value(True)
    at.sidebar.selectbox(key="audience").set_value("partner").run()
    assert not at.exception
    masked = at.dataframe[0].value.partner_name.tolist()
    assert masked == [f"Partner {i}" for i in range(1, len(top_before) + 1)]
    assert at.button(key="exit_presentation")
