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
    assert metric(at, "Discount cost change") == format.money(total.discount_cost_change)
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
    at.number_input(key="cap").set_value(10.0).run()
    assert not at.exception
    assert metric(at, "Revenue at risk under the cap") != "$0"
    lost = at.dataframe[-1].value
    assert lost.revenue.is_monotonic_increasing  # lowest value first


def test_coverage_model_choice_changes_the_need():
    at = AppTest.from_file(COVERAGE, default_timeout=60).run()
    before = metric(at, "CAMs required")
    at.selectbox(key="m_registered").set_value("scaled").run()
    assert metric(at, "CAMs required") != before
