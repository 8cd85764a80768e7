"""Outcome KPIs (docs/metrics.md) against values worked out by hand from the rows below.

As of 2026-06-30, window 12 months → (2025-06-30, 2026-06-30]; last complete quarter 2026-Q2.
Partners: A1, A2 Gold (CAM C1); A3 Silver (C2); A4 Gold (C1), terminated 2026-05-01;
A5 Silver (C2), enrolled 2026-03-01.

Partner-sourced share: won in the window with a known origin: W1 partner 1000, W2 vendor 3000,
  W4 co-sell 2000 (the terminated A4's) → 1000 ÷ 6000. W5 (partner) closed on the window's
  excluded edge; W6 (partner) was lost; the rest have no origin (unknown): 500 + 1000 + 2500 +
  2000 + 3000 + 200 + 700 + 400 = 10300, counted in neither sum.
Plan 2026-Q2: A1 800 → won 1000 (on plan); A2 4000 → 3000 + 400 = 3400; A3 300 → nothing won;
  A4 1000 → 2000 (on plan) → 6400 ÷ 6100, on plan 2 of 4.
Incentives (programs ending in the window):
  K1 SPIFF Platform 2026-01-01..03-31, L = 90, before = 2025-10-03..12-31. Participants {A1}
    (two payments of 100, paid after 30 and 40 days); comparison {A2, A3, A4} (A5 joined later).
    R_N before 2000, during 3000 → g = 1.5; R_P before 1000, during 2500 → incremental
    2500 − 1.5 × 1000 = 1000; cost 200 → ROI 4; payout lag 35.
  K2 SPIFF Analytics 2026-05-01..05-31, L = 31, before = 2026-03-31..04-30. Participants {A5}
    (50, not paid); comparison {A1, A2, A3} (A4 left on the day it started): no revenue before
    → g = 1; incremental 700 − 200 = 500; cost 50 → ROI 9.
  Headline: (1000 + 500 − 250) ÷ 250 = 5. K3 (2024) ended before the window; K4 starts later.
MDF: registrations in the window 13 (all but W5), 4 with a claim (W1, W3, K1d, and O1 whose
  amount is unknown) → 4 ÷ 13; their pipeline 1000 + 500 + 2500 = 4000; paid on the window's
  quarters' claims M1 600 + M2 200 (M3 is 2025-Q2) → 0.2 per pipeline dollar.
NPS: latest in the window: A1 10 (its 3 came earlier), A2 8 (on as_of), A4 6 (terminated,
  still counted), A5 4; A3's answers fall on the excluded edge and after as_of →
  100 × (1 − 2) ÷ 4 = −25.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries import sql
from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import LoadError, load_folder
from tests.conftest import copy_of_loaded, deal, loaded_file, partner, write_program

AS_OF = date(2026, 6, 30)
OUTCOME_KPIS = (
    "partner_sourced_share",
    "plan_attainment",
    "partners_on_plan_rate",
    "incentive_incremental_revenue",
    "incentive_cost",
    "incentive_roi",
    "mdf_attributed_registration_rate",
    "cost_per_pipeline_dollar",
    "partner_nps",
    "nps_responses",
)


def outcome_program() -> dict[str, list[dict]]:
    def won(did, pid, registered, amount, closed, line, origin="", claim=""):
        return deal(
            did,
            pid,
            registered,
            "won",
            amount,
            closed,
            product_line=line,
            origin=origin,
            mdf_claim_id=claim,
        )

    return {
        "partners": [
            partner("A1", "2024-01-01"),
            partner("A2", "2024-01-01"),
            partner("A3", "2024-01-01", tier="Silver", cam_id="C2"),
            partner("A4", "2024-01-01", terminated_on="2026-05-01"),
            partner("A5", "2026-03-01", tier="Silver", cam_id="C2"),
        ],
        "cams": [
            {"cam_id": "C1", "cam_name": "Ana Diaz"},
            {"cam_id": "C2", "cam_name": "Ben Ito"},
        ],
        "deal_registrations": [
            won("W1", "A1", "2026-04-01", 1000, "2026-05-10", "Platform", "partner", "M1"),
            won("W2", "A2", "2026-03-01", 3000, "2026-04-20", "Platform", "Vendor"),
            won("W3", "A3", "2025-12-01", 500, "2026-02-01", "Security", "", "M2"),
            won("W4", "A4", "2026-03-01", 2000, "2026-04-15", "Platform", "co-sell"),
            won("W5", "A1", "2025-05-01", 400, "2025-06-30", "Platform", "partner"),
            deal("W6", "A3", "2026-01-10", "lost", 900, "2026-03-01", origin="partner"),
            won("K1b", "A1", "2025-10-01", 1000, "2025-11-15", "Platform"),
            won("K1d", "A1", "2026-01-05", 2500, "2026-02-10", "Platform", "", "M1"),
            won("K1n1", "A2", "2025-10-15", 2000, "2025-12-01", "Platform"),
            won("K1n2", "A2", "2026-02-01", 3000, "2026-03-15", "Platform"),
            won("K2b", "A5", "2026-03-15", 200, "2026-04-10", "Analytics"),
            won("K2d", "A5", "2026-05-01", 700, "2026-05-20", "Analytics"),
            won("K2n", "A2", "2026-05-02", 400, "2026-05-25", "Analytics"),
            deal("O1", "A3", "2026-06-01", "submitted", "", mdf_claim_id="M2"),
        ],
        "mdf_claims": [
            {
                "claim_id": "M1",
                "partner_id": "A1",
                "period": "2026-Q1",
                "status": "paid",
                "paid_amount": 600,
            },
            {
                "claim_id": "M2",
                "partner_id": "A3",
                "period": "2026-Q2",
                "status": "paid",
                "paid_amount": 200,
            },
            {
                "claim_id": "M3",
                "partner_id": "A2",
                "period": "2025-Q2",
                "status": "paid",
                "paid_amount": 999,
            },
        ],
        "partner_targets": [
            {"partner_id": "A1", "period": "2026-Q2", "target_amount": 800},
            {"partner_id": "A2", "period": "2026-Q2", "target_amount": 4000},
            {"partner_id": "A3", "period": "2026-Q2", "target_amount": 300},
            {"partner_id": "A4", "period": "2026-Q2", "target_amount": 1000},
            {"partner_id": "A1", "period": "2026-Q1", "target_amount": 500},
            {"partner_id": "A1", "period": "2026-Q3", "target_amount": 9000},
        ],
        "incentive_programs": [
            {
                "program_id": "K1",
                "name": "Platform SPIFF",
                "kind": "spiff",
                "product_line": "Platform",
                "starts_on": "2026-01-01",
                "ends_on": "2026-03-31",
            },
            {
                "program_id": "K2",
                "name": "Analytics SPIFF",
                "kind": "SPIFF",
                "product_line": "Analytics",
                "starts_on": "2026-05-01",
                "ends_on": "2026-05-31",
            },
            {
                "program_id": "K3",
                "name": "Old rebate",
                "kind": "rebate",
                "starts_on": "2024-07-01",
                "ends_on": "2024-12-31",
            },
            {
                "program_id": "K4",
                "name": "Next rebate",
                "kind": "rebate",
                "starts_on": "2026-08-01",
                "ends_on": "2026-10-31",
            },
        ],
        "incentive_payments": [
            {
                "payment_id": "Y1",
                "program_id": "K1",
                "partner_id": "A1",
                "earned_on": "2026-02-10",
                "amount": 100,
                "paid_on": "2026-03-12",
            },
            {
                "payment_id": "Y2",
                "program_id": "K1",
                "partner_id": "A1",
                "earned_on": "2026-03-20",
                "amount": 100,
                "paid_on": "2026-04-29",
            },
            {
                "payment_id": "Y3",
                "program_id": "K2",
                "partner_id": "A5",
                "earned_on": "2026-05-20",
                "amount": 50,
            },
            {
                "payment_id": "Y4",
                "program_id": "K3",
                "partner_id": "A1",
                "earned_on": "2024-12-31",
                "amount": 1000,
                "paid_on": "2025-02-01",
            },
        ],
        "partner_surveys": [
            {"partner_id": "A1", "responded_on": "2025-08-01", "score": 3},
            {"partner_id": "A1", "responded_on": "2026-03-01", "score": 10},
            {"partner_id": "A2", "responded_on": "2026-06-30", "score": 8},
            {"partner_id": "A3", "responded_on": "2025-06-30", "score": 0},
            {"partner_id": "A3", "responded_on": "2026-07-05", "score": 2},
            {"partner_id": "A4", "responded_on": "2026-02-01", "score": 6},
            {"partner_id": "A5", "responded_on": "2026-04-01", "score": 4},
        ],
    }


@pytest.fixture(scope="module")
def outcome_db(tmp_path_factory):
    return loaded_file(
        write_program(tmp_path_factory.mktemp("outcomes") / "program", outcome_program())
    )


@pytest.fixture
def con(outcome_db, tmp_path):
    con = copy_of_loaded(outcome_db, tmp_path)
    sql.prepare_snapshots(con, AS_OF, 12, 90)
    yield con
    con.close()


def kpis(con, **filters):
    return headline_kpis(con, Filters(as_of=filters.pop("as_of", AS_OF), **filters))


def rows(con, query: str, **params) -> list[dict]:
    if "$as_of" in query:
        params = {"as_of": AS_OF, **params}
    frame = con.execute(query, params).df()
    return frame.to_dict("records")


def test_partner_sourced_share_counts_known_origins_only(con):
    assert kpis(con)["partner_sourced_share"] == pytest.approx(1000 / 6000)
    sourced = rows(con, "select * from partner_sourced($as_of, 12, [], [], [], [])")[0]
    assert sourced["unknown_origin_amount"] == 10300
    assert sourced["known_origin_amount"] == 6000


def test_partner_sourced_share_without_a_known_origin_is_no_data(con):
    # Silver won W3 (no origin) and A5's Analytics deals (no origin); W6 was lost.
    assert kpis(con, tiers=("Silver",))["partner_sourced_share"] is None


def test_partner_sourced_by_quarter_names_unknown_origins(con):
    by_quarter = rows(
        con,
        "select origin, sum(won_amount) as won_amount, sum(won_deals) as won_deals "
        "from partner_sourced_by_quarter($as_of, [], [], [], []) "
        "where quarter_start = date '2026-04-01' group by origin order by origin",
    )
    # Q2: W1 partner, W2 vendor, W4 co-sell; K2b, K2d, K2n unknown.
    assert by_quarter == [
        {"origin": "co-sell", "won_amount": 2000, "won_deals": 1},
        {"origin": "partner", "won_amount": 1000, "won_deals": 1},
        {"origin": "unknown", "won_amount": 1300, "won_deals": 3},
        {"origin": "vendor", "won_amount": 3000, "won_deals": 1},
    ]


def test_plan_attainment_of_the_last_complete_quarter(con):
    result = kpis(con)
    assert result["plan_quarter"] == "2026-04-01"
    assert result["plan_attainment"] == pytest.approx(6400 / 6100)
    assert result["partners_on_plan_rate"] == pytest.approx(0.5)


def test_plan_attainment_by_quarter_and_partners_behind(con):
    quarters = rows(
        con,
        "select quarter_start, is_complete, partners_with_target, plan_attainment "
        "from plan_attainment_by_quarter($as_of, [], [], [], [])",
    )
    # Q1: A1's 500 against K1d's 2500; Q3 starts after as_of.
    assert [(q["quarter_start"].date(), q["is_complete"]) for q in quarters] == [
        (date(2026, 1, 1), True),
        (date(2026, 4, 1), True),
    ]
    assert quarters[0]["plan_attainment"] == pytest.approx(5.0)
    assert quarters[1]["partners_with_target"] == 4
    behind = rows(
        con,
        "select partner_id, cam_name, won_amount, gap_amount from plan_attainment_partners("
        "date '2026-04-01', $as_of, [], [], [], [])",
    )
    assert [(b["partner_id"], b["won_amount"], b["gap_amount"]) for b in behind] == [
        ("A2", 3400, 600),
        ("A3", 0, 300),  # a target and no revenue
        ("A1", 1000, -200),
        ("A4", 2000, -1000),  # terminated in the quarter, its plan still counts
    ]
    assert behind[1]["cam_name"] == "Ben Ito"


def test_incentive_results_per_program(con):
    results = {
        r["program_id"]: r
        for r in rows(con, "select * from incentive_results($as_of, 12, 90, [], [], [], [])")
    }
    assert sorted(results) == ["K1", "K2", "K3"]  # K4 starts after as_of
    k1, k2 = results["K1"], results["K2"]
    assert (k1["program_days"], k1["participants"], k1["comparison_partners"]) == (90, 1, 3)
    assert (k1["participant_revenue_before"], k1["participant_revenue_during"]) == (1000, 2500)
    assert (k1["comparison_revenue_before"], k1["comparison_revenue_during"]) == (2000, 3000)
    assert k1["comparison_growth"] == pytest.approx(1.5)
    assert k1["incremental_revenue"] == pytest.approx(1000)
    assert (k1["cost"], k1["incentive_roi"], k1["payout_lag_days"]) == (200, 4, 35)
    # No comparison revenue before K2: growth is 1.
    assert (k2["program_days"], k2["participants"], k2["comparison_partners"]) == (31, 1, 3)
    assert k2["comparison_revenue_before"] == 0
    assert k2["comparison_growth"] == 1
    assert k2["incremental_revenue"] == pytest.approx(500)
    assert k2["incentive_roi"] == pytest.approx(9)
    assert pd.isna(k2["payout_lag_days"])  # nothing paid yet
    assert [results[k]["ends_in_window"] for k in ("K1", "K2", "K3")] == [True, True, False]


def test_incentive_headline_sums_programs_ending_in_the_window(con):
    result = kpis(con)
    assert result["incentive_incremental_revenue"] == pytest.approx(1500)
    assert result["incentive_cost"] == 250
    assert result["incentive_roi"] == pytest.approx(5)


def test_incentive_results_of_the_programs_ended_after_a_date(con):
    # K3 ended before 2025-06-30, K4 has not started; on 2026-05-15 K2 is still running.
    def results(as_of: str, ended_after: str) -> list[tuple]:
        return con.execute(
            "select * from incentive_results($as_of, 12, 90, [], [], [], [], "
            "ended_after := $ended_after)",
            {"as_of": date.fromisoformat(as_of), "ended_after": date.fromisoformat(ended_after)},
        ).fetchall()

    every = con.execute(
        "select * from incentive_results($as_of, 12, 90, [], [], [], [])", {"as_of": AS_OF}
    ).fetchall()
    assert [r[0] for r in every] == ["K3", "K1", "K2"]
    assert results("2026-06-30", "2025-06-30") == every[1:]
    assert [r[0] for r in results("2026-05-15", "2025-06-30")] == ["K1"]
    assert results("2026-06-30", "2026-06-30") == []


def test_a_program_still_running_measures_up_to_as_of(con):
    # On 2026-05-15 K2 has run 15 days; its only payment is earned later: no participant yet.
    k2 = rows(
        con,
        "select * from incentive_results(date '2026-05-15', 12, 90, [], [], [], []) "
        "where program_id = 'K2'",
    )[0]
    assert (k2["program_days"], k2["ends_in_window"], k2["participants"]) == (15, False, 0)
    assert k2["cost"] == 0
    assert pd.isna(k2["incentive_roi"])  # no cost: no data


def test_incentive_revenue_by_month_per_group_and_phase(con):
    months = rows(
        con,
        "select partner_group, month_start, phase, won_amount, partners "
        "from incentive_revenue_by_month($as_of, [], [], [], []) where program_id = 'K2'",
    )
    assert [
        (m["partner_group"], m["month_start"].month, m["phase"], m["won_amount"], m["partners"])
        for m in months
    ] == [
        ("comparison", 3, "before", 0, 3),
        ("comparison", 4, "before", 0, 3),
        ("comparison", 5, "during", 400, 3),
        ("participants", 3, "before", 0, 1),
        ("participants", 4, "before", 200, 1),
        ("participants", 5, "during", 700, 1),
    ]


def test_incentives_earned_by_partner_in_the_window(con):
    earned = rows(
        con,
        "select * from incentive_earned_by_partner($as_of, 12, 90, [], [], [], []) "
        "order by partner_id",
    )
    assert [(e["partner_id"], e["incentives_earned"], e["incentives_paid"]) for e in earned] == [
        ("A1", 200, 200),
        ("A5", 50, 0),
    ]


def test_mdf_attribution_and_cost_per_pipeline_dollar(con):
    result = kpis(con)
    assert result["mdf_attributed_registration_rate"] == pytest.approx(4 / 13)
    assert result["cost_per_pipeline_dollar"] == pytest.approx(800 / 4000)
    q2 = rows(
        con,
        "select * from mdf_attribution_by_quarter($as_of, [], [], [], []) "
        "where quarter_start = date '2026-04-01'",
    )[0]
    # Registered in Q2: W1 (M1), K2d, K2n, O1 (M2, no amount); M2 is Q2's claim.
    assert (q2["registrations"], q2["mdf_registrations"], q2["mdf_pipeline"]) == (4, 2, 1000)
    assert (q2["mdf_paid"], q2["cost_per_pipeline_dollar"]) == (200, 0.2)


def test_partner_nps_takes_each_partners_latest_answer_in_the_window(con):
    result = kpis(con)
    assert result["nps_responses"] == 4
    assert result["partner_nps"] == pytest.approx(-25)
    answers = rows(
        con,
        "select partner_id, score, nps_group from partner_nps_responses("
        "$as_of, 12, 90, [], [], [], [])",
    )
    assert [(a["partner_id"], a["score"], a["nps_group"]) for a in answers] == [
        ("A5", 4, "detractor"),
        ("A4", 6, "detractor"),
        ("A2", 8, "passive"),
        ("A1", 10, "promoter"),
    ]
    latest = dict(
        con.execute(
            "select partner_id, score from partner_latest_nps($as_of)", {"as_of": AS_OF}
        ).fetchall()
    )
    assert latest == {"A1": 10, "A2": 8, "A3": 0, "A4": 6, "A5": 4}


def test_tier_filter(con):
    result = kpis(con, tiers=("Silver",))
    # Silver: A3 (target 300, nothing won) and A5.
    assert (result["plan_attainment"], result["partners_on_plan_rate"]) == (0, 0)
    # K1: nobody selected paid, comparison {A3} without Platform revenue; K2 as before but with
    # comparison {A3}: 500 against 50.
    assert result["incentive_incremental_revenue"] == pytest.approx(500)
    assert result["incentive_cost"] == 50
    assert result["incentive_roi"] == pytest.approx(9)
    # Registered in the window: W3 (M2), W6, K2b, K2d, O1 (M2); pipeline 500; M2 paid 200.
    assert result["mdf_attributed_registration_rate"] == pytest.approx(2 / 5)
    assert result["cost_per_pipeline_dollar"] == pytest.approx(200 / 500)
    assert (result["partner_nps"], result["nps_responses"]) == (-100, 1)


def test_cam_filter(con):
    result = kpis(con, cams=("C1",))
    assert result["partner_sourced_share"] == pytest.approx(1000 / 6000)
    assert result["plan_attainment"] == pytest.approx(6400 / 5800)
    assert result["partners_on_plan_rate"] == pytest.approx(2 / 3)
    # K1 as before (comparison {A2, A4}); K2's participant A5 is not C1's.
    assert result["incentive_incremental_revenue"] == pytest.approx(1000)
    assert result["incentive_roi"] == pytest.approx(4)
    # W1, W2, W4, K1b, K1d, K1n1, K1n2, K2n; with a claim W1, K1d (3500); M1 paid 600.
    assert result["mdf_attributed_registration_rate"] == pytest.approx(2 / 8)
    assert result["cost_per_pipeline_dollar"] == pytest.approx(600 / 3500)
    assert (result["partner_nps"], result["nps_responses"]) == (0, 3)


def test_a_selection_of_nobody_is_no_data(con):
    result = kpis(con, tiers=("Premier",))
    for name in (
        "partner_sourced_share",
        "plan_attainment",
        "partners_on_plan_rate",
        "incentive_roi",
        "mdf_attributed_registration_rate",
        "cost_per_pipeline_dollar",
        "partner_nps",
    ):
        assert result[name] is None, name
    assert result["incentive_cost"] == 0
    assert result["nps_responses"] == 0


def test_a_program_without_the_optional_tables_has_no_data(tmp_path):
    tables = outcome_program()
    for row in tables["deal_registrations"]:
        row.pop("origin", None)
    minimal = {k: tables[k] for k in ("partners", "deal_registrations")}
    con = load_folder(write_program(tmp_path / "minimal", minimal))
    result = kpis(con)
    for name in OUTCOME_KPIS:
        assert result[name] is None, name
    has = con.execute("select * from program_has").df().iloc[0]
    assert not any(has[f] for f in ("partner_origin", "partner_targets", "incentives"))
    assert not has["partner_surveys"]


def test_an_origin_outside_the_contract_is_refused_by_name(tmp_path):
    tables = outcome_program()
    tables["deal_registrations"][0]["origin"] = "Trade show"
    with pytest.raises(LoadError) as refused:
        load_folder(write_program(tmp_path / "bad", tables))
    assert "origin" in str(refused.value) and "Trade show" in str(refused.value)


def test_a_score_outside_zero_to_ten_is_refused(tmp_path):
    tables = outcome_program()
    tables["partner_surveys"][0]["score"] = 11
    with pytest.raises(LoadError) as refused:
        load_folder(write_program(tmp_path / "bad", tables))
    assert "score" in str(refused.value) and "outside 0–10" in str(refused.value)


# The deal-level definitions the snapshot's per-partner amounts replace, kept here as the check.
DEAL_LEVEL_OUTCOMES = """
with
chosen as (
    select partner_id from stg_partners
    where in_selection($tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type)
),
won as (
    select * from int_won_deals semi join chosen using (partner_id)
    where closed_on <= cast($as_of as date)
),
sourced as (
    select ratio(
        coalesce(sum(amount) filter (where origin = 'partner'), 0),
        sum(amount) filter (where origin is not null)
    ) as partner_sourced_share,
    from won where closed_on > window_start($as_of, $window_months)
),
targets as (
    select partner_id, sum(target_amount) as target_amount,
    from stg_partner_targets semi join chosen using (partner_id)
    where quarter_start = last_complete_quarter($as_of)
    group by all
),
plan as (
    select
        ratio(sum(coalesce(w.won_amount, 0)), sum(t.target_amount)) as plan_attainment,
        ratio(count(*) filter (where coalesce(w.won_amount, 0) >= t.target_amount), count(*))
            as partners_on_plan_rate,
    from targets as t
    left join (
        select partner_id, sum(amount) as won_amount, from won
        where closed_quarter = last_complete_quarter($as_of) group by all
    ) as w using (partner_id)
)
select * from sourced cross join plan
"""


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"tiers": ("Silver",)},
        {"tiers": ("Gold",), "window_months": 6},
        {"as_of": date(2026, 3, 31)},
        {"as_of": date(2025, 12, 31), "window_months": 3},
    ],
)
def test_the_snapshots_outcome_amounts_give_the_deal_level_kpis(con, filters):
    """Partner-sourced share and plan attainment are summed from each partner's amounts stored
    with the snapshot; they equal the same KPIs computed from every won deal and target."""
    chosen = sql.resolve(con, Filters(as_of=filters.pop("as_of", AS_OF), **filters))
    params = chosen.params()
    used = {k: v for k, v in params.items() if f"${k}" in DEAL_LEVEL_OUTCOMES}
    expected = con.execute(DEAL_LEVEL_OUTCOMES, used).df().iloc[0]
    got = sql.fetch_for(con, "headline_kpis_on", chosen).iloc[0]
    for name in ("partner_sourced_share", "plan_attainment", "partners_on_plan_rate"):
        assert pd.isna(got[name]) == pd.isna(expected[name]), name
        if not pd.isna(expected[name]):
            assert got[name] == pytest.approx(expected[name]), name


def test_a_program_that_ends_before_it_starts_is_refused_with_its_line(tmp_path):
    tables = outcome_program()
    tables["incentive_programs"][1]["ends_on"] = "2026-04-30"  # K2 starts on 2026-05-01
    with pytest.raises(LoadError) as refused:
        load_folder(write_program(tmp_path / "bad", tables))
    assert str(refused.value).count("ends_on is before starts_on") == 1
    assert "line 3 ('2026-04-30 < 2026-05-01')" in str(refused.value)


def test_a_program_of_one_day_is_loaded(tmp_path):
    tables = outcome_program()
    tables["incentive_programs"][1]["ends_on"] = "2026-05-01"
    con = load_folder(write_program(tmp_path / "one_day", tables))
    assert con.execute("select count(*) from incentive_programs").fetchone()[0] == 4


def test_a_payment_naming_an_unknown_program_is_refused(tmp_path):
    tables = outcome_program()
    tables["incentive_payments"][0]["program_id"] = "K9"
    with pytest.raises(LoadError) as refused:
        load_folder(write_program(tmp_path / "bad", tables))
    assert "unknown program_id: line 2 ('K9')" in str(refused.value)


def test_payments_without_their_programs_are_refused(tmp_path):
    tables = outcome_program()
    del tables["incentive_programs"]
    with pytest.raises(LoadError) as refused:
        load_folder(write_program(tmp_path / "bad", tables))
    assert "unknown program_id (incentive_programs.csv is not in the folder)" in str(refused.value)


@pytest.mark.parametrize(
    ("after", "up_to"),
    [
        (None, date(2025, 11, 17)),  # every month before as_of's partial one
        (date(2024, 11, 17), date(2025, 11, 17)),  # partial months at both ends
        (date(2025, 9, 30), date(2026, 9, 30)),  # whole months alone
        (date(2025, 10, 1), date(2026, 3, 31)),  # starting the day after a month's first
        (date(2025, 11, 5), date(2025, 11, 20)),  # inside one month
    ],
)
def test_mdf_registration_months_between_counts_each_registration_once(sample_con, after, up_to):
    """Whole months come from the stored table, partial ones from the registrations."""
    bounds = {"after": after, "up_to": up_to}
    between = sample_con.execute(
        "select sum(registrations), sum(mdf_registrations), sum(mdf_pipeline) "
        "from mdf_registration_months_between($after, $up_to)",
        bounds,
    ).fetchone()
    direct = sample_con.execute(
        "select count(*), count(mdf_claim_id), sum(amount) filter (where mdf_claim_id is not null) "
        "from stg_deal_registrations "
        "where ($after::date is null or registered_on > $after) and registered_on <= $up_to",
        bounds,
    ).fetchone()
    assert direct[0] > 0
    assert between[:2] == direct[:2]
    assert between[2] == pytest.approx(direct[2])
