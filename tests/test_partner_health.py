"""Health components, bands, the early-warning rule and cohort activation, by hand.

As of 2026-06-30, window (2025-06-30, 2026-06-30], prior window (2024-06-30, 2025-06-30].
Weights: recency 0.35, revenue trend 0.25, certifications 0.15, MDF 0.10, QBR 0.15.

H1 Gold: registered today (recency 1); 1500 won against 1000 before (ratio 1.5 → trend 1);
   two current certifications of the two Gold needs (one expired on as_of, one expires 2026-08-01
   → 1, and one expiring within 90 days); MDF 250 claimed of 1000 (0.25); QBR for 2026-Q2 held (1)
   → 100 × (0.35 + 0.25 + 0.15 + 0.025 + 0.15) = 92.5, healthy.
H2 Silver (no MDF, no QBR cadence: both drop out): silent 120 days (1 − 120/180 = 1/3); 400 won
   against 1000 (ratio 0.4 → 0); no certification (0) → 100 × 0.35/3 ÷ 0.75 = 15.6, at risk;
   early warning: silent over 90 days and revenue down 60%.
H3 Gold: registered every 5 days until 2026-05-30, silent 31 days → rhythm broke (31 ≥ 3 × 5 and
   ≥ 30), not yet "at risk" (< 90 days); recency 1 − 31/180; no revenue, certification or QBR
   → 100 × 0.35 × 149/180 ÷ 0.9 = 32.2, at risk band.
H4 Gold: never registered → dark. H5 Silver enrolled 2026-05-01, nothing yet → onboarding.
H6 Silver enrolled 2024-02-10 with a registration on 2024-02-01 (day −9).

Cohort 2024-Q1 (H1, H2, H3, H4, H6): activated within 90 days H1 (45 days) and H6 (−9) → 2/5;
   days to first deal 45, 456, 790, −9 → median 250.5. Cohort 2026-Q2 (H5): 0/1, still maturing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from queries import sql
from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import deal, partner, write_program

AS_OF = date(2026, 6, 30)


def health_program() -> dict[str, list[dict]]:
    rhythm = [
        deal(f"R{k}", "H3", str(date(2026, 3, 1) + timedelta(days=5 * k)), "submitted", 10)
        for k in range(19)
    ]
    return {
        "partners": [
            partner("H1", "2024-01-01", tier="Gold"),
            partner("H2", "2024-01-01", tier="Silver", cam_id="C2"),
            partner("H3", "2024-01-01", tier="Gold"),
            partner("H4", "2024-01-01", tier="Gold"),
            partner("H5", "2026-05-01", tier="Silver"),
            partner("H6", "2024-02-10", tier="Silver"),
        ],
        "deal_registrations": [
            deal("A1", "H1", "2024-02-15", "lost", 100, "2024-03-01"),
            deal("A2", "H1", "2025-02-01", "won", 1000, "2025-03-01"),
            deal("A3", "H1", "2026-04-20", "won", 1500, "2026-05-01"),
            deal("A4", "H1", "2026-06-30", "submitted", 10),
            deal("B1", "H2", "2025-04-01", "won", 1000, "2025-05-01"),
            deal("B2", "H2", "2026-03-02", "won", 400, "2026-03-10"),
            deal("F1", "H6", "2024-02-01", "lost", 10, "2024-02-20"),
            *rhythm,
        ],
        "certifications": [
            {
                "partner_id": "H1",
                "certification": "Sales",
                "completed_on": "2025-01-01",
                "expires_on": "2027-01-01",
            },
            {
                "partner_id": "H1",
                "certification": "Tech",
                "completed_on": "2024-06-30",
                "expires_on": "2026-06-30",
            },
            {
                "partner_id": "H1",
                "certification": "Architect",
                "completed_on": "2024-08-01",
                "expires_on": "2026-08-01",
            },
        ],
        "mdf_allocations": [
            {"partner_id": "H1", "period": "2026-Q1", "allocated_amount": 1000},
        ],
        "mdf_claims": [
            {
                "claim_id": "M1",
                "partner_id": "H1",
                "period": "2026-Q1",
                "status": "paid",
                "requested_amount": 250,
                "approved_amount": 250,
                "claimed_amount": 250,
                "paid_amount": 250,
            },
        ],
        "qbrs": [{"partner_id": "H1", "period": "2026-Q2", "held_on": "2026-05-15"}],
        "program_tiers": [
            {"tier": "Silver", "rank": 2, "min_certifications": 1, "qbr_every_quarters": 0},
            {"tier": "Gold", "rank": 3, "min_certifications": 2, "qbr_every_quarters": 1},
        ],
    }


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = load_folder(write_program(tmp_path_factory.mktemp("health"), health_program()))
    sql.prepare_snapshots(con, AS_OF, 12, 90)
    return con


@pytest.fixture(scope="module")
def health(con):
    return (
        con.execute("select * from partner_health($as_of, 12, 90)", {"as_of": AS_OF})
        .df()
        .set_index("partner_id")
    )


def test_weights_sum_to_one(con):
    assert con.execute("select sum(weight) from health_weights").fetchone()[0] == pytest.approx(1)


def test_healthy_partner_components(health):
    h1 = health.loc["H1"]
    assert h1.registration_recency == 1
    assert h1.revenue_trend == 1
    assert h1.current_certifications == 2
    assert h1.certifications_expiring_90d == 1
    assert h1.certification_currency == 1
    assert h1.mdf_use == pytest.approx(0.25)
    assert h1.qbr_held == 1
    assert h1.health_score == 92.5
    assert h1.health_band == "healthy"
    assert not h1.early_warning
    assert not h1.qbr_due


def test_components_that_do_not_apply_drop_out(health):
    h2 = health.loc["H2"]
    assert h2.registration_recency == pytest.approx(1 / 3)
    assert h2.revenue_trend == 0
    assert h2.certification_currency == 0
    assert pd.isna(h2.mdf_use)  # no allocation: not applicable
    assert pd.isna(h2.qbr_held)  # Silver has no QBR cadence
    assert h2.health_score == 15.6
    assert h2.health_band == "low"


def test_early_warning_for_silence_and_falling_revenue(health):
    h2 = health.loc["H2"]
    assert h2.is_silent_90d
    assert h2.revenue_fell
    assert h2.early_warning
    assert h2.warning_reason == (
        "no registration for 120 days; revenue down 60% on the prior window"
    )


def test_early_warning_when_the_rhythm_breaks(health):
    h3 = health.loc["H3"]
    assert h3.usual_gap_days == 5
    assert h3.days_silent == 31
    assert not h3.is_silent_90d
    assert h3.rhythm_broke
    assert h3.early_warning
    assert h3.warning_reason == "silent 31 days; usually registers every 5 days"
    assert h3.health_score == pytest.approx(round(100 * 0.35 * 149 / 180 / 0.9, 1))
    assert h3.health_band == "low"
    assert h3.qbr_due


def test_dark_and_onboarding_bands(health):
    assert health.loc["H4", "health_band"] == "dark"
    assert health.loc["H5", "health_band"] == "onboarding"
    assert not health.loc["H4", "early_warning"]


def test_cohort_activation(con):
    cohorts = (
        con.execute("select * from cohort_activation($as_of, [], [], [], [])", {"as_of": AS_OF})
        .df()
        .set_index("cohort_quarter")
    )
    first = cohorts.loc["2024-01-01"]
    assert first.cohort_partners == 5
    assert first.activated_partners == 2
    assert first.activation_rate == pytest.approx(0.4)
    assert first.median_days_to_first_deal == 250.5
    assert not first.is_maturing
    latest = cohorts.loc["2026-04-01"]
    assert latest.activation_rate == 0
    assert latest.is_maturing


def test_cohort_activation_follows_filters(con):
    cohorts = (
        con.execute(
            "select * from cohort_activation($as_of, ['Silver'], [], [], [])", {"as_of": AS_OF}
        )
        .df()
        .set_index("cohort_quarter")
    )
    # Silver in 2024-Q1: H2 (456 days) and H6 (−9 days, activated).
    assert cohorts.loc["2024-01-01"].activation_rate == pytest.approx(0.5)


def test_headline_median_days_to_first_deal(con):
    result = headline_kpis(con, Filters(as_of=AS_OF))
    assert result["median_days_to_first_deal"] == 250.5
    assert result["silent_90d_partners"] == 1  # H2 only: H3 is silent 31 days


def test_portfolio_summary_for_a_cam(con):
    rows = (
        con.execute(
            "select * from portfolio_summary($as_of, 12, 90, [], [], ['C2'], [])", {"as_of": AS_OF}
        )
        .df()
        .iloc[0]
    )
    assert rows.enrolled_partners == 1
    assert rows.early_warning_partners == 1
    assert rows.average_health_score == pytest.approx(15.6)


def test_calls_this_week_explain_why(con):
    # H3: rhythm broke and QBR due (2 reasons). One reason each, by revenue at stake: H1 (a
    # certification expiring would leave it below Gold's two; 1500), H2 (at risk; 1000), H4 (QBR).
    calls = sql.fetch_for(con, "calls_this_week", Filters(as_of=AS_OF)).set_index("partner_id")
    assert list(calls.index) == ["H3", "H1", "H2", "H4"]
    assert calls.loc["H3", "why"] == (
        "early warning: silent 31 days; usually registers every 5 days; QBR due"
    )
    assert calls.loc["H1", "why"] == (
        "1 certification expires within 90 days, below the tier minimum"
    )
    assert calls.loc["H1", "revenue_at_stake"] == 1500
