"""The what-if models against numbers worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from models import cam_coverage, tier_discounts
from models.tier_discounts import VolumeResponse

TIERS = pd.DataFrame(
    {"tier": ["Silver", "Gold"], "revenue": [1_000_000.0, 2_000_000.0], "discount": [0.20, 0.25]}
)
RESPONSE = VolumeResponse(revenue_per_point=0.02, responding_share=0.5)


@pytest.fixture
def projection():
    return tier_discounts.project(TIERS, {"Silver": 0.25}, RESPONSE).set_index("tier")


def test_raised_discount_projection(projection):
    # Silver +5 points: uplift 0.5 × 0.02 × 5 = 5% → revenue 1,050,000 at 25%.
    silver = projection.loc["Silver"]
    assert silver.uplift == pytest.approx(0.05)
    assert silver.projected_revenue == pytest.approx(1_050_000)
    assert silver.vendor_net == pytest.approx(800_000)
    assert silver.projected_vendor_net == pytest.approx(787_500)
    assert silver.partner_margin == pytest.approx(200_000)
    assert silver.projected_partner_margin == pytest.approx(262_500)
    assert silver.discount_cost_change == pytest.approx(62_500)
    assert silver.price_effect == pytest.approx(-50_000)
    assert silver.volume_effect == pytest.approx(37_500)
    assert silver.price_effect + silver.volume_effect == pytest.approx(
        silver.projected_vendor_net - silver.vendor_net
    )


def test_break_even_response(projection):
    # ((0.8 / 0.75) − 1) ÷ (0.5 × 5) = 0.026667: 2.67% of revenue per point keeps net flat.
    assert projection.loc["Silver", "break_even_response"] == pytest.approx(0.0266667, rel=1e-4)
    assert pd.isna(projection.loc["Gold", "break_even_response"])  # no change, no break-even
    assert tier_discounts.total_break_even(projection.reset_index(), 0.5) == pytest.approx(
        0.0266667, rel=1e-4
    )


def test_unchanged_tier_is_unchanged(projection):
    gold = projection.loc["Gold"]
    assert gold.projected_revenue == gold.revenue
    assert gold.projected_vendor_net == gold.vendor_net == pytest.approx(1_500_000)


def test_a_cut_loses_volume():
    cut = tier_discounts.project(TIERS, {"Gold": 0.20}, RESPONSE).set_index("tier")
    assert cut.loc["Gold", "uplift"] == pytest.approx(-0.05)
    assert cut.loc["Gold", "projected_revenue"] == pytest.approx(1_900_000)


def test_totals_add_up(projection):
    total = tier_discounts.totals(projection.reset_index())
    assert total.vendor_net == pytest.approx(2_300_000)
    assert total.projected_vendor_net == pytest.approx(2_287_500)


def test_retier_by_thresholds():
    partners = pd.DataFrame(
        {
            "partner_id": ["A", "B", "C", "D"],
            "partner_name": ["A", "B", "C", "D"],
            "tier": ["Silver", "Gold", "Premier", "Silver"],
            "revenue": [700_000.0, 100_000.0, 2_500_000.0, 150_000.0],
        }
    )
    thresholds = {"Registered": 0, "Silver": 150_000, "Gold": 600_000, "Premier": 2_000_000}
    ranks = {"Registered": 1, "Silver": 2, "Gold": 3, "Premier": 4}
    moved = tier_discounts.retier(partners, thresholds, ranks).set_index("partner_id")
    assert moved.new_tier.to_dict() == {"A": "Gold", "B": "Registered"}
    assert moved.direction.to_dict() == {"A": "up", "B": "down"}
    costed = tier_discounts.retier_cost(
        moved, {"Registered": 0, "Silver": 0.2, "Gold": 0.25, "Premier": 0.3}
    )
    assert costed.discount_cost_change.to_dict() == pytest.approx({"A": 35_000, "B": -25_000})


COVERAGE_PARTNERS = pd.DataFrame(
    {
        "partner_id": ["p1", "p2", "p3", "p4", "p5"],
        "tier": ["Premier", "Premier", "Gold", "Gold", "Registered"],
        "region": ["NA", "NA", "EMEA", "EMEA", "EMEA"],
        "revenue": [1000.0, 500.0, 300.0, 100.0, 50.0],
    }
)
TIER_MODELS = {
    "Premier": cam_coverage.MODELS["dedicated"],
    "Gold": cam_coverage.MODELS["named"],
    "Registered": cam_coverage.MODELS["platform"],
}


@pytest.fixture
def assigned():
    return cam_coverage.assign(COVERAGE_PARTNERS, TIER_MODELS)


def test_fte_is_the_binding_constraint():
    # Dedicated: max(1/8, 220/2000) = 0.125; named: max(1/25, 70/2000) = 0.04.
    assert cam_coverage.fte_per_partner(cam_coverage.MODELS["dedicated"]) == 0.125
    assert cam_coverage.fte_per_partner(cam_coverage.MODELS["named"]) == 0.04
    heavy = cam_coverage.CoverageModel("heavy", 25, 200)
    assert cam_coverage.fte_per_partner(heavy) == 0.1  # hours bind: 200/2000


def test_cams_required_by_region(assigned):
    regions = cam_coverage.required_by_region(
        assigned, pd.Series({"NA": 1.0, "EMEA": 0.0, "APAC": 1.0})
    ).set_index("region")
    assert regions.loc["NA", "cams_required"] == pytest.approx(0.25)
    assert regions.loc["EMEA", "cams_required"] == pytest.approx(0.08)
    assert regions.loc["APAC", "cams_required"] == 0
    assert regions.loc["NA", "gap"] == pytest.approx(-0.75)


def test_cost_and_cost_per_covered_revenue(assigned):
    result = cam_coverage.summary(assigned, annual_cost=150_000)
    assert result["cams_required"] == pytest.approx(0.33)
    assert result["cost"] == pytest.approx(49_500)
    assert result["covered_revenue"] == 1900
    assert result["cost_per_covered_revenue"] == pytest.approx(49_500 / 1900)


def test_headcount_cap_drops_the_lowest_value_first(assigned):
    lost = cam_coverage.apply_cap(assigned, cap=0.2)
    assert lost.partner_id.tolist() == ["p4", "p3", "p2"]
    assert lost.revenue.sum() == 900
    assert cam_coverage.apply_cap(assigned, cap=1.0).empty


def test_revenue_by_model(assigned):
    by_model = cam_coverage.revenue_by_model(assigned).set_index("coverage")
    assert by_model.loc["Dedicated CAM", "revenue"] == 1500
    assert by_model.loc["Platform self-service", "cams"] == 0
