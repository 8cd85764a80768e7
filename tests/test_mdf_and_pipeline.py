"""MDF, registrations, conflicts and forecast by segment, against values worked out by hand.

As of 2026-06-30; the window's quarters are 2025-Q3 to 2026-Q2.

MDF: allocated M1 10000 (2026-Q1) + M2 4000 (Q2) + M4 2000 (Q1, never requested) = 16000; the
  2025-Q2 allocation is outside the window. Requested 6000 + 2000 + 3000 + 500 = 11500; approved
  (approved, claimed, paid) 5000 + 2000 = 7000; claimed 5000 + 1500 = 6500; paid 5000. K3 was
  approved, then rejected: it counts as requested only. Utilization 6500 ÷ 16000.
  Timing, 2026-Q1: K1 requested on 03-25 (last two weeks), K2 on 02-01 → 50%; approval 5 and 10
  days → median 7.5; paid 30 days after approval. 2026-Q2: K3 in the last two weeks, K4 not.
  Yield: K1 (Event, paid 5000) carries R1 8000 won and R2 2000 lost; K2 (Webinar, unpaid) R3
  1000 → pipeline 11000 ÷ 5000 = 2.2 per dollar, won 8000 ÷ 5000 = 1.6.
Registrations (all in the window): R4 (M2, "ACME corp.") came 31 days after M1's "Acme Corp";
  X2 (M4) registered "Delta" the same day as X1 (M3) with a later id → 2 conflicts of 8.
  R6 (M3) registered "Beta" 104 days after M2: no conflict; R3 repeats M1's own customer.
  Approval: 6 approved-or-later ÷ (6 + 1 rejected); the submitted R6 is not decided yet.
Forecast 2026-Q2: M1 9000 + M3 1000 = 10000 against R1 8000 + X1 1200 = 9200 won.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries import sql
from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import deal, partner, write_program

AS_OF = date(2026, 6, 30)
FILTERS = Filters(as_of=AS_OF)


def claim(cid, pid, period, status, requested, approved="", claimed="", paid="", **extra):
    row = {
        "claim_id": cid,
        "partner_id": pid,
        "period": period,
        "status": status,
        "requested_amount": requested,
        "approved_amount": approved,
        "claimed_amount": claimed,
        "paid_amount": paid,
    }
    row.update(extra)
    return row


def mdf_program() -> dict[str, list[dict]]:
    return {
        "partners": [
            partner("M1", "2024-01-01", tier="Gold"),
            partner("M2", "2024-01-01", tier="Silver", cam_id="C2"),
            partner("M3", "2024-01-01", tier="Gold", cam_id="C2"),
            partner("M4", "2024-01-01", tier="Silver"),
        ],
        "cams": [
            {"cam_id": "C1", "cam_name": "Ana Diaz"},
            {"cam_id": "C2", "cam_name": "Ben Ito"},
        ],
        "mdf_allocations": [
            {"partner_id": "M1", "period": "2026-Q1", "allocated_amount": 10000},
            {"partner_id": "M2", "period": "Q2 2026", "allocated_amount": 4000},
            {"partner_id": "M4", "period": "2026Q1", "allocated_amount": 2000},
            {"partner_id": "M1", "period": "2025-Q2", "allocated_amount": 9999},
        ],
        "mdf_claims": [
            claim(
                "K1",
                "M1",
                "2026-Q1",
                "paid",
                6000,
                5000,
                5000,
                5000,
                activity_type="Event",
                requested_on="2026-03-25",
                approved_on="2026-03-30",
                paid_on="2026-04-29",
            ),
            claim(
                "K2",
                "M1",
                "2026-Q1",
                "claimed",
                2000,
                2000,
                1500,
                activity_type="Webinar",
                requested_on="2026-02-01",
                approved_on="2026-02-11",
            ),
            claim(
                "K3",
                "M2",
                "2026-Q2",
                "rejected",
                3000,
                3000,
                3000,
                activity_type="Event",
                requested_on="2026-06-20",
                approved_on="2026-06-22",
            ),
            claim(
                "K4",
                "M2",
                "2026-Q2",
                "requested",
                500,
                activity_type="Webinar",
                requested_on="2026-04-10",
            ),
        ],
        "deal_registrations": [
            deal(
                "R1",
                "M1",
                "2026-05-01",
                "won",
                8000,
                "2026-06-15",
                customer_name="Acme Corp",
                mdf_claim_id="K1",
            ),
            deal(
                "R2",
                "M1",
                "2026-05-05",
                "lost",
                2000,
                "2026-06-01",
                customer_name="Gamma",
                mdf_claim_id="K1",
            ),
            deal(
                "R3", "M1", "2026-05-12", "approved", 1000, customer_name="Gamma", mdf_claim_id="K2"
            ),
            deal("R4", "M2", "2026-06-01", "rejected", 500, customer_name="ACME corp."),
            deal("R5", "M2", "2026-01-01", "expired", 700, "2026-03-01", customer_name="Beta"),
            deal("R6", "M3", "2026-04-15", "submitted", 900, customer_name="Beta"),
            deal("X1", "M3", "2026-06-10", "won", 1200, "2026-06-20", customer_name="Delta"),
            deal("X2", "M4", "2026-06-10", "lost", 300, "2026-06-25", customer_name=" delta"),
        ],
        "forecasts": [
            {
                "partner_id": "M1",
                "period": "2026-Q2",
                "forecast_amount": 9000,
                "submitted_on": "2026-03-30",
            },
            {
                "partner_id": "M3",
                "period": "2026-Q2",
                "forecast_amount": 1000,
                "submitted_on": "2026-03-31",
            },
            {
                "partner_id": "M1",
                "period": "2026-Q1",
                "forecast_amount": 5000,
                "submitted_on": "2025-12-31",
            },
        ],
    }


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    return load_folder(write_program(tmp_path_factory.mktemp("mdf"), mdf_program()))


def fetch(con, name, **options):
    return sql.fetch_for(con, name, FILTERS, **options)


def test_mdf_funnel(con):
    funnel = fetch(con, "mdf_funnel").set_index("stage").amount.to_dict()
    assert funnel == {
        "Allocated": 16000,
        "Requested": 11500,
        "Approved": 7000,
        "Claimed": 6500,
        "Paid": 5000,
    }


def test_headline_mdf_matches_the_funnel(con):
    result = headline_kpis(con, FILTERS)
    assert result["mdf_allocated"] == 16000
    assert result["mdf_claimed"] == 6500
    assert result["mdf_utilization"] == pytest.approx(6500 / 16000)


def test_utilization_by_tier(con):
    by_tier = fetch(con, "mdf_utilization_by", dimension="tier").set_index("segment")
    assert by_tier.loc["Gold", "mdf_utilization"] == pytest.approx(0.65)
    assert by_tier.loc["Silver", "mdf_utilization"] == 0
    assert by_tier.loc["Silver", "allocated_amount"] == 6000


def test_utilization_by_cam_is_labelled_with_names(con):
    by_cam = fetch(con, "mdf_utilization_by", dimension="cam").set_index("segment")
    assert by_cam.loc["C1", "segment_label"] == "Ana Diaz"
    assert by_cam.loc["C1", "allocated_amount"] == 12000  # M1 and M4


def test_allocation_and_no_request(con):
    idle = fetch(con, "mdf_no_request")
    assert idle.partner_id.tolist() == ["M4"]
    assert idle.allocated_amount.tolist() == [2000]


def test_claim_timing_and_speed(con):
    timing = fetch(con, "mdf_claim_timing").set_index("quarter_start")
    q1 = timing.loc[pd.Timestamp("2026-01-01")]
    assert q1.share_requested_in_last_two_weeks == pytest.approx(0.5)
    assert q1.median_days_to_approve == 7.5
    assert q1.median_days_to_pay == 30
    q2 = timing.loc[pd.Timestamp("2026-04-01")]
    assert q2.share_requested_in_last_two_weeks == pytest.approx(0.5)
    assert pd.isna(q2.median_days_to_approve)  # K3 was rejected, K4 is pending


def test_current_quarter_unrequested_funds(con):
    current = fetch(con, "mdf_current_quarter")
    assert current.partner_id.tolist() == ["M2"]
    assert current.unrequested_amount.tolist() == [500]
    assert current.days_left.tolist() == [0]


def test_mdf_yield_per_activity(con):
    yield_ = fetch(con, "mdf_yield").set_index("activity_type")
    assert yield_.loc["All activities", "pipeline_per_mdf_dollar"] == pytest.approx(2.2)
    assert yield_.loc["All activities", "won_per_mdf_dollar"] == pytest.approx(1.6)
    assert yield_.loc["Event", "pipeline_per_mdf_dollar"] == pytest.approx(2.0)
    assert pd.isna(yield_.loc["Webinar", "pipeline_per_mdf_dollar"])  # nothing paid yet


def test_claimed_by_activity_adds_up_to_utilization(con):
    activity = fetch(con, "mdf_by_activity").set_index("activity_type")
    assert activity.loc["Event", "claimed_amount"] == 5000
    assert activity.share_of_allocation.sum() == pytest.approx(6500 / 16000)


def test_channel_conflicts(con):
    conflicts = fetch(con, "channel_conflicts")
    pairs = set(zip(conflicts.partner_name, conflicts.earlier_partner_name, strict=True))
    assert pairs == {("Partner M2", "Partner M1"), ("Partner M4", "Partner M3")}
    assert sorted(conflicts.days_apart) == [0, 31]


def test_registration_kpis(con):
    result = headline_kpis(con, FILTERS)
    assert result["conflict_rate"] == pytest.approx(2 / 8)
    assert result["approval_rate"] == pytest.approx(6 / 7)
    assert result["win_rate"] == pytest.approx(0.5)


def test_registrations_by_quarter(con):
    quarters = fetch(con, "registrations_by_quarter").set_index("quarter_start")
    q2 = quarters.loc[pd.Timestamp("2026-04-01")]
    assert q2.registrations == 7
    assert q2.conflicts == 2
    assert q2.approval_rate == pytest.approx(5 / 6)  # R4 rejected, R6 undecided
    assert q2.win_rate == pytest.approx(0.5)  # R1, X1 won; R2, X2 lost


def test_forecast_by_segment(con):
    by_tier = fetch(con, "forecast_by_segment", dimension="tier").set_index("segment")
    gold = by_tier.loc["Gold"]
    assert gold.forecast_amount == 10000
    assert gold.actual_amount == 9200
    assert gold.forecast_bias == pytest.approx(800 / 9200)
    assert gold.quarters_with_data == 1  # 2026-Q1 had a forecast and no actuals: no data
    assert gold.share_within_10_pct == 1
    assert gold.habit == "calls it"


def test_forecast_by_quarter_marks_quarters_without_actuals(con):
    quarters = fetch(con, "forecast_by_quarter").set_index("quarter_start")
    q1 = quarters.loc[pd.Timestamp("2026-01-01")]
    assert q1.forecast_amount == 5000
    assert q1.actual_amount == 0
    assert pd.isna(q1.forecast_accuracy)
    assert pd.isna(q1.within_10_pct)
    q2 = quarters.loc[pd.Timestamp("2026-04-01")]
    assert bool(q2.within_10_pct)
    assert q2.partner_wape == pytest.approx((1000 + 200) / 9200)


def test_pipeline_page_says_how_many_open_registrations_have_no_amount(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, deal, small_program, write_program

    program = small_program()
    program["deal_registrations"] += [
        deal("D20", "P1", "2026-06-01", "submitted", ""),
        deal("D21", "P2", "2026-05-15", "approved", ""),
    ]
    monkeypatch.setenv("CHANNEL_DATA", str(write_program(tmp_path / "p", program)))
    at = AppTest.from_file(str(ROOT / "pages/pipeline/forecast.py"), default_timeout=60).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("2 open registrations in these quarters carry no amount") for c in captions
    )
