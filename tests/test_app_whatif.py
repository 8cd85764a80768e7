"""AppTest of the what-if pages: sliders recompute, scenarios save, survive a restart, compare."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from models import tier_discounts
from models.tier_discounts import VolumeResponse
from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import ROOT, SAMPLE_DIR, metric

DISCOUNTS = str(ROOT / "pages" / "planning" / "whatif_discounts.py")
COVERAGE = str(ROOT / "pages" / "planning" / "whatif_coverage.py")


@pytest.fixture(scope="module")
def tiers():
    return sql.fetch_for(load_folder(SAMPLE_DIR), "tier_economics", Filters())


def test_discount_page_starts_at_the_program_and_recomputes(tiers):
    at = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    assert not at.exception
    assert at.slider(key="d_gold").value == 25
    assert metric(at, "Discount cost change") == "$0"
    at.slider(key="d_gold").set_value(28)
    at.slider(key="resp").set_value(2.0).run()
    assert not at.exception
    proposed = dict(zip(tiers.tier, tiers.discount, strict=True)) | {"Gold": 0.28}
    projection = tier_discounts.project(tiers, proposed, VolumeResponse(0.02, 0.5))
    total = tier_discounts.totals(projection)
    from components import format

    assert metric(at, "Projected vendor net") == format.money(total.projected_vendor_net)
    assert metric(at, "Discount cost change") == format.money(
        total.discount_cost_change, signed=True
    )
    assert len(at.get("vega_lite_chart")) == 1
    assert any("equations" in e.label for e in at.expander)


def test_scenario_saves_survives_a_restart_and_compares():
    at = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    at.slider(key="d_silver").set_value(24).run()
    at.text_input(key="discounts_name").input("Silver +4").run()
    at.button(key="discounts_save").click().run()
    assert not at.exception
    assert any("Silver +4" in s.value for s in at.success)

    st.cache_data.clear()
    st.cache_resource.clear()
    fresh = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    assert fresh.slider(key="d_silver").value == 20
    fresh.selectbox(key="discounts_choice").set_value("Silver +4").run()
    fresh.button(key="discounts_load").click().run()
    assert fresh.slider(key="d_silver").value == 24
    fresh.multiselect(key="discounts_compare").set_value(["Silver +4"]).run()
    table = fresh.dataframe[-1].value
    assert list(table.columns) == ["Baseline", "Silver +4"]
    assert table.loc["Discount cost change", "Silver +4"] > 0


def test_empty_scenario_name_is_refused():
    at = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    at.button(key="discounts_save").click().run()
    assert "needs a name" in at.error[0].value


def test_scenario_travels_in_the_url():
    at = AppTest.from_file(DISCOUNTS, default_timeout=60)
    at.query_params["d_premier"] = "33"
    at.query_params["share"] = "80"
    at.run()
    assert not at.exception
    assert at.slider(key="d_premier").value == 33
    assert at.slider(key="share").value == 80


def test_coverage_page_cap_drops_partners():
    at = AppTest.from_file(COVERAGE, default_timeout=60).run()
    assert not at.exception
    assert metric(at, "Revenue at risk under the cap") == "$0"
    at.slider(key="cap").set_value(10).run()
    assert not at.exception
    assert metric(at, "Revenue at risk under the cap") != "$0"
    lost = at.dataframe[-1].value
    assert lost.revenue.is_monotonic_increasing  # lowest value first


def test_coverage_model_choice_changes_the_need():
    at = AppTest.from_file(COVERAGE, default_timeout=60).run()
    before = metric(at, "CAMs required")
    at.selectbox(key="m_registered").set_value("scaled").run()
    assert metric(at, "CAMs required") != before


@pytest.fixture
def small_coverage(small_program_dir, monkeypatch):
    """The coverage page on the hand-made program of conftest (as of 2026-06-30).

    Enrolled: P1, P2 Gold; P3, P4, P7 Silver; P5 Registered; P9 Premier. Window revenue: P1
    $1,000, P4 $700, the rest $0. CAMs: C1 (EMEA, $150,000) and C2 (APAC, $140,000).
    Default models: Premier dedicated max(1/8, 220/2000) = 0.125 CAM, Gold named
    max(1/25, 70/2000) = 0.04, Silver scaled max(1/80, 20/2000) = 0.0125, Registered none:
    2 × 0.04 + 3 × 0.0125 + 0.125 = 0.2425 CAMs; cost per CAM (150,000 + 140,000) / 2 = $145,000.
    """
    monkeypatch.setenv("CHANNEL_DATA", str(small_program_dir))
    return AppTest.from_file(COVERAGE, default_timeout=60)


def test_coverage_controls_are_url_bound_sliders(small_coverage):
    at = small_coverage.run()
    assert not at.exception
    ratios = {f"{kind}_{model}" for kind in "ph" for model in ("dedicated", "named", "scaled")}
    assert {s.key for s in at.slider} == ratios | {"cost", "cap"}
    assert not at.number_input  # every control a leader drags is a slider
    assert at.slider(key="cost").value == 145_000
    assert at.slider(key="cap").value == 2  # today's headcount
    assert at.slider(key="cap").label == "Headcount cap (CAMs)"
    assert metric(at, "CAMs required") == "0.24"
    assert metric(at, "Cost a year") == "$35.2K"  # 0.2425 × $145,000 = $35,162.50


def test_moving_a_coverage_slider_recomputes(small_coverage):
    at = small_coverage.run()
    # Named CAM at 10 partners: Gold takes max(1/10, 0.035) = 0.1 CAM each.
    at.slider(key="p_named").set_value(10).run()
    assert metric(at, "CAMs required") == "0.36"  # 2 × 0.1 + 3 × 0.0125 + 0.125 = 0.3625
    assert metric(at, "Cost a year") == "$52.6K"  # 0.3625 × $145,000
    at.slider(key="cost").set_value(200_000).run()
    assert metric(at, "Cost a year") == "$72.5K"  # 0.3625 × $200,000
    assert metric(at, "Revenue at risk under the cap") == "$0"
    at.slider(key="cap").set_value(0).run()
    # No CAM: the six partners under CAM coverage lose it; P1 $1,000 + P4 $700.
    assert metric(at, "Revenue at risk under the cap") == "$1.7K"
    tile = next(m for m in at.metric if m.label == "Revenue at risk under the cap")
    assert tile.delta == "6 partners without a CAM"


def test_coverage_scenario_travels_in_the_url(small_coverage):
    small_coverage.query_params["p_scaled"] = "40"
    small_coverage.query_params["cost"] = "100000"
    at = small_coverage.run()
    assert at.slider(key="p_scaled").value == 40
    # Silver at max(1/40, 0.01) = 0.025 each: 2 × 0.04 + 3 × 0.025 + 0.125 = 0.28 CAMs, $28,000.
    assert metric(at, "CAMs required") == "0.28"
    assert metric(at, "Cost a year") == "$28.0K"


def test_todays_headcount_is_scoped_like_the_requirement(small_coverage):
    small_coverage.session_state["cam"] = ["C2"]  # Ben Ito: P4 (Silver, APAC) alone
    at = small_coverage.run()
    assert not at.exception
    assert metric(at, "CAMs required") == "0.01"  # 1 × 0.0125
    assert at.slider(key="cap").value == 1
    assert any("needs 0.01 CAMs against 1 today" in m.value for m in at.markdown)
    assert any("the CAM chosen in the CAM filter" in c.value for c in at.caption)


def test_tier_filter_says_todays_cams_cover_more(small_coverage):
    small_coverage.session_state["tier"] = ["Gold"]
    at = small_coverage.run()
    assert metric(at, "CAMs required") == "0.08"  # P1 and P2 at 0.04
    assert any("all 2 CAMs" in c.value and "not the CAMs" in c.value for c in at.caption)


def test_partners_moving_tier_show_the_top_and_download_all(tiers):
    """Thresholds that move most partners: the table shows the 100 with the most revenue, the
    count and the download say how many move."""
    from components import format, tables

    at = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    for tier in tiers.tier:  # every tier reachable with no revenue: every partner goes to the top
        at.slider(key=f"t_{format.slug(tier)}").set_value(0)
    at.run()
    assert not at.exception
    summary = next(m.value for m in at.markdown if "would move up" in m.value)
    moving = int(summary.split("**")[1].split()[0].replace(",", ""))
    assert moving > tables.TOP_ROWS
    shown = at.dataframe[-1].value
    assert len(shown) == tables.TOP_ROWS
    assert shown["revenue"].is_monotonic_decreasing
    assert f"The first 100 of {moving:,} partners who would move" in " ".join(
        c.value for c in at.caption
    )
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"Download all {moving:,} partners who would move (CSV)" in labels
