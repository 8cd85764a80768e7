"""The import of the outcome tables: recognising the files, mapping their headers, reading
origins, incentive kinds and survey scores."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries.importing import mapping, pipeline


@pytest.mark.parametrize(
    ("name", "headers", "table"),
    [
        ("jbp.csv", ["Partner ID", "Fiscal Quarter", "Quota"], "partner_targets"),
        ("export.csv", ["Account ID", "Quarter", "Target"], "partner_targets"),
        (
            "forecast.csv",
            ["Partner ID", "Quarter", "Target", "Submitted On"],
            "forecasts",
        ),
        (
            "programs.csv",
            [
                "Program ID",
                "Program Name",
                "Incentive Type",
                "Product Line",
                "Start Date",
                "End Date",
            ],
            "incentive_programs",
        ),
        (
            "payouts.csv",
            [
                "Payment ID",
                "Program ID",
                "Partner ID",
                "Earned Date",
                "Payout Amount",
                "Payout Date",
            ],
            "incentive_payments",
        ),
        ("survey.csv", ["Account ID", "Survey Date", "Likelihood to recommend"], "partner_surveys"),
        ("responses.csv", ["Partner ID", "Response Date", "NPS"], "partner_surveys"),
    ],
)
def test_outcome_files_are_recognised(name, headers, table):
    assert mapping.recognise_table(name, headers)[0] == table


def test_deal_origin_synonyms():
    for header in ("Lead Source", "LeadSource", "Deal Origin", "Source"):
        proposed = mapping.propose_mapping("deal_registrations", ["Deal ID", header])
        assert proposed["origin"] == header


def deals(origins: list[str]) -> pd.DataFrame:
    n = len(origins)
    return pd.DataFrame(
        {
            "Deal ID": [f"D{i}" for i in range(n)],
            "Partner ID": ["P1"] * n,
            "Created Date": ["2026-01-05"] * n,
            "Stage": ["Closed Won"] * n,
            "Amount": ["1000"] * n,
            "Lead Source": origins,
        }
    )


def prepare(table: str, frame: pd.DataFrame) -> pipeline.TableResult:
    proposed = mapping.propose_mapping(table, list(frame.columns))
    return pipeline.prepare(table, "file.csv", frame, proposed, today=date(2026, 6, 30))


def test_origins_map_to_the_contract_and_unknown_ones_keep_their_deal():
    result = prepare(
        "deal_registrations",
        deals(["Partner Sourced", "Marketing", "co_sell", "Web", "", "Channel Partner", "Web"]),
    )
    assert result.rows_rejected == 0
    assert result.accepted.origin.tolist() == [
        "partner",
        "vendor",
        "co-sell",
        None,
        None,
        "partner",
        None,
    ]
    assert any("origin: 1 value not recognised ('Web')" in w for w in result.warnings)


def test_incentive_kinds_map_and_an_unknown_kind_is_rejected_with_its_reason():
    frame = pd.DataFrame(
        {
            "Program ID": ["S1", "S2", "S3"],
            "Program Name": ["A", "B", "C"],
            "Incentive Type": ["SPIF", "Volume rebate", "Loyalty points"],
            "Start Date": ["2026-01-01"] * 3,
            "End Date": ["2026-03-31"] * 3,
        }
    )
    result = prepare("incentive_programs", frame)
    assert result.accepted.kind.tolist() == ["spiff", "rebate"]
    assert result.rejected.reasons.tolist() == ["kind: unknown kind 'Loyalty points'"]


def test_survey_scores_outside_zero_to_ten_or_fractional_are_rejected():
    frame = pd.DataFrame(
        {
            "Partner ID": ["P1", "P2", "P3", "P4"],
            "Survey Date": ["2026-01-05"] * 4,
            "Likelihood to recommend": ["9", "11", "7.5", "0"],
        }
    )
    result = prepare("partner_surveys", frame)
    assert result.accepted.score.tolist() == [9, 0]
    assert result.rejected.reasons.tolist() == [
        "score: '11' is outside 0–10",
        "score: not a whole number '7.5'",
    ]


def test_targets_read_quarters_and_amounts():
    frame = pd.DataFrame(
        {"Partner ID": ["P1", "P2"], "Quarter": ["Q2 2026", "2026-Q3"], "Quota": ["$12,500", "0"]}
    )
    result = prepare("partner_targets", frame)
    assert result.accepted.period.tolist() == [date(2026, 4, 1), date(2026, 7, 1)]
    assert result.accepted.target_amount.tolist() == [12500, 0]


def test_a_program_that_ends_before_it_starts_is_rejected_and_one_day_is_not():
    frame = pd.DataFrame(
        {
            "Program ID": ["S1", "S2", "S3"],
            "Program Name": ["A", "B", "C"],
            "Incentive Type": ["SPIF"] * 3,
            "Start Date": ["2026-03-01", "2026-03-01", "2026-03-01"],
            "End Date": ["2026-02-28", "2026-03-01", "2026-03-31"],
        }
    )
    result = prepare("incentive_programs", frame)
    assert result.accepted.program_id.tolist() == ["S2", "S3"]
    assert result.rejected.reasons.tolist() == [
        "ends_on: '2026-02-28' is before starts_on '2026-03-01'"
    ]


def payments(*programs: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Payment ID": [f"Y{i}" for i in range(len(programs))],
            "Program ID": list(programs),
            "Partner ID": ["P1"] * len(programs),
            "Earned Date": ["2026-02-10"] * len(programs),
            "Payout Amount": ["100"] * len(programs),
        }
    )


def test_a_payment_must_name_a_program_loaded_now_or_brought_by_the_load():
    results = {"incentive_payments": prepare("incentive_payments", payments("K1", "K2", "K9"))}
    brought = pd.DataFrame(
        {
            "Program ID": ["K2"],
            "Program Name": ["B"],
            "Incentive Type": ["rebate"],
            "Start Date": ["2026-01-01"],
            "End Date": ["2026-03-31"],
        }
    )
    results["incentive_programs"] = prepare("incentive_programs", brought)
    pipeline.check_references(results, {"P1"}, {"incentive_programs": {"K1"}})
    paid = results["incentive_payments"]
    assert paid.accepted.program_id.tolist() == ["K1", "K2"]
    assert paid.rejected.reasons.tolist() == ["program_id: unknown program_id 'K9'"]


def test_a_payment_naming_no_program_at_all_is_rejected():
    results = {"incentive_payments": prepare("incentive_payments", payments("K1"))}
    pipeline.check_references(results, {"P1"})
    assert results["incentive_payments"].rejected.reasons.tolist() == [
        "program_id: unknown program_id 'K1'"
    ]
