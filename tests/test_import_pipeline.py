"""Normalising values, mapping columns, and the row-by-row validation report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries.contract import DEAL_STATUSES
from queries.importing import mapping, normalise, pipeline
from queries.importing.reading import read_any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2026-03-07", "2024-01-22"], [date(2026, 3, 7), date(2024, 1, 22)]),
        (["3/7/2026", "12/31/2025"], [date(2026, 3, 7), date(2025, 12, 31)]),
        (["03/07/26", "12/31/25"], [date(2026, 3, 7), date(2025, 12, 31)]),
        (["22.01.2024", "07.03.2026"], [date(2024, 1, 22), date(2026, 3, 7)]),
        (["31/01/2024", "07/03/2026"], [date(2024, 1, 31), date(2026, 3, 7)]),
        (
            ["2024-01-22T16:14:25.000+0000", "2024-02-01T00:00:00.000+0000"],
            [date(2024, 1, 22), date(2024, 2, 1)],
        ),
        (["02/23/26 08:55 PM", "01/05/26 09:00 AM"], [date(2026, 2, 23), date(2026, 1, 5)]),
    ],
)
def test_date_forms(values, expected):
    parsed, bad = normalise.parse_dates(pd.Series(values))
    assert parsed.tolist() == expected
    assert not bad.any()


def test_dates_missing_and_unreadable():
    parsed, bad = normalise.parse_dates(pd.Series(["2026-01-01", "NULL", "-", "", "soon"]))
    assert parsed.tolist()[:4] == [date(2026, 1, 1), None, None, None]
    assert bad.tolist() == [False, False, False, False, True]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("$1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("€ 99", 99.0),
        ("(300)", -300.0),
        ("12,5", 12.5),
        ("1,234,567", 1234567.0),
        ("-42", -42.0),
        ("USD 2 500", 2500.0),
    ],
)
def test_amount_forms(text, number):
    parsed, bad = normalise.parse_amounts(pd.Series([text]))
    assert parsed.iloc[0] == pytest.approx(number)
    assert not bad.any()


def test_quarters_and_stages():
    quarters, bad = normalise.parse_quarters(
        pd.Series(["2026-Q1", "Q2 2026", "2024 4", "2026-05-17", "next year"])
    )
    assert quarters.tolist()[:4] == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2024, 10, 1),
        date(2026, 4, 1),
    ]
    assert bad.tolist() == [False, False, False, False, True]
    statuses, bad = normalise.parse_statuses(
        pd.Series(["Closed Won", "Closed Lost", "Negotiation/Review", "Prospecting", "Weird"]),
        {"weird": "expired"},
        DEAL_STATUSES,
    )
    assert statuses.tolist() == ["won", "lost", "approved", "submitted", "expired"]


def test_salesforce_opportunities_map_and_normalise():
    path = FIXTURES / "sfdc_standard_sample_org_export" / "Opportunity.csv"
    raw = read_any(path.name, path.read_bytes())[0]
    table, _ = mapping.recognise_table(raw.name, list(raw.frame.columns))
    assert table == "deal_registrations"
    proposal = mapping.propose_mapping(table, list(raw.frame.columns))
    assert proposal["status"] == "StageName"
    assert proposal["closed_on"] == "CloseDate"
    assert proposal["partner_id"] == "AccountId"
    result = pipeline.prepare(table, raw.name, raw.frame, proposal)
    assert result.rows_read == result.rows_accepted + result.rows_rejected == len(raw.frame)
    # The export leaves some amounts blank: the three open opportunities count without a value,
    # the two lost ones (lines 34 and 35) are rejected.
    assert result.rejected.line.tolist() == [34, 35]
    assert set(result.rejected.reasons) == {"amount: missing required value"}
    unvalued = result.accepted[result.accepted.amount.isna()]
    assert sorted(unvalued.status) == ["approved", "approved", "submitted"]
    assert set(result.accepted.status) <= set(DEAL_STATUSES)


def test_account_export_needs_a_tier_and_takes_a_default():
    path = FIXTURES / "sfdc_data_cloud_workshop" / "Account.csv"
    raw = read_any(path.name, path.read_bytes())[0]
    proposal = mapping.propose_mapping("partners", list(raw.frame.columns))
    assert proposal["partner_name"] == "Name"
    without = pipeline.prepare("partners", raw.name, raw.frame, proposal)
    assert without.rows_rejected == len(raw.frame)
    assert "tier: no column mapped" in without.rejected.reasons.iloc[0]
    withdefault = pipeline.prepare(
        "partners", raw.name, raw.frame, proposal, defaults={"tier": "Registered"}
    )
    assert withdefault.rows_accepted == len(raw.frame)
    assert set(withdefault.accepted.tier) == {"Registered"}
    assert withdefault.accepted.enrolled_on.notna().all()


def broken_deals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "deal_id": ["D1", "D2", "D2", "D3", "D4", "D5", "D6"],
            "partner_id": ["P1", "P1", "P1", "P404", "P1", "", "P1"],
            "registered_on": [
                "2026-01-01",
                "2026-01-02",
                "2026-01-03",
                "2026-01-04",
                "31/31/2026",
                "2026-01-05",
                "2099-01-01",
            ],
            "status": ["won", "lost", "won", "won", "won", "won", "won"],
            "amount": ["100", "200", "300", "400", "500", "600", "-5"],
        }
    )


def test_every_rejected_row_has_its_reasons():
    results = {
        "partners": pipeline.prepare(
            "partners",
            "partners.csv",
            pd.DataFrame(
                {
                    "partner_id": ["P1", "P2"],
                    "partner_name": ["A", "B"],
                    "tier": ["Gold", "Gold"],
                    "enrolled_on": ["2024-01-01", "2024-01-01"],
                }
            ),
            {
                "partner_id": "partner_id",
                "partner_name": "partner_name",
                "tier": "tier",
                "enrolled_on": "enrolled_on",
            },
        ),
        "deal_registrations": pipeline.prepare(
            "deal_registrations",
            "deals.csv",
            broken_deals(),
            mapping.propose_mapping("deal_registrations", list(broken_deals().columns)),
        ),
    }
    pipeline.check_references(results)
    pipeline.add_warnings(results, today=date(2026, 6, 30))
    deals = results["deal_registrations"]
    reasons = dict(zip(deals.rejected.line, deals.rejected.reasons, strict=True))
    assert reasons == {
        4: "deal_id: duplicate key ('D2',)",
        6: "registered_on: bad date '31/31/2026'",
        7: "partner_id: missing required value",
        8: "registered_on: '2099-01-01' lies more than 5 years after the load date; "
        "amount: negative amount '-5'",
        5: "partner_id: unknown partner_id 'P404'",
    }
    assert deals.rows_read == deals.rows_accepted + deals.rows_rejected == 7
    assert deals.accepted.deal_id.tolist() == ["D1", "D2"]
    assert results["partners"].warnings == ["1 partners have no deal registration"]
    report = pipeline.report(results).set_index("table")
    assert report.loc["deal_registrations", "rejected"] == 5
    assert len(pipeline.rejected_rows(results)) == 5


def test_warnings_for_future_dates_and_outliers():
    frame = pd.DataFrame(
        {
            "deal_id": [f"D{i}" for i in range(12)],
            "partner_id": ["P1"] * 12,
            "registered_on": ["2026-01-01"] * 11 + ["2030-01-01"],
            "status": ["won"] * 12,
            "amount": ["100"] * 11 + ["1000000"],
        }
    )
    result = pipeline.prepare(
        "deal_registrations",
        "d.csv",
        frame,
        mapping.propose_mapping("deal_registrations", list(frame.columns)),
    )
    pipeline.add_warnings({"deal_registrations": result}, today=date(2026, 6, 30))
    assert "1 registered_on values lie in the future" in result.warnings
    assert "1 amount values are over 100× the median" in result.warnings


@pytest.mark.parametrize(
    "text", ["12-34", "0x10", "1.2.3", "5 apples 7", "5.", "ABC 5", "1,2,3", "$ 5 $", "(5", "--5"]
)
def test_amounts_outside_the_documented_notations_are_rejected(text):
    parsed, reasons = normalise.parse_amounts_explained(pd.Series([text]))
    assert pd.isna(parsed.iloc[0])
    assert reasons.iloc[0] == "not a number"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1e18", 1e18),
        ("1.5E+06", 1_500_000.0),
        ("1'234.50", 1234.5),
        ("1 234,5", 1234.5),
        ("\u22127", -7.0),
        ("+5", 5.0),
        (".5", 0.5),
        ("99 €", 99.0),
        ("EUR 1.234,50", 1234.5),
    ],
)
def test_more_documented_amount_forms(text, number):
    parsed, reasons = normalise.parse_amounts_explained(pd.Series([text]))
    assert parsed.iloc[0] == pytest.approx(number)
    assert reasons.iloc[0] is None


@pytest.mark.parametrize(
    ("values", "numbers"),
    [
        (["1.234", "12,5"], [1234.0, 12.5]),  # a decimal comma in the column: 1.234 is grouped
        (["1,234", "0.5"], [1234.0, 0.5]),
        (["1,234"], [1234.0]),  # alone, the US way
        (["1.234"], [1.234]),
    ],
)
def test_a_lone_thousands_group_follows_its_column(values, numbers):
    parsed, reasons = normalise.parse_amounts_explained(pd.Series(values))
    assert parsed.tolist() == pytest.approx(numbers)
    assert reasons.isna().all()


def test_a_column_with_both_decimal_marks_refuses_what_reads_two_ways():
    parsed, reasons = normalise.parse_amounts_explained(
        pd.Series(["1,234", "1,234.50", "1.234,50"])
    )
    assert parsed.tolist()[1:] == [1234.5, 1234.5]
    assert reasons.iloc[0].startswith("ambiguous number")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["03/04/2026", "25/04/2026"], [date(2026, 4, 3), date(2026, 4, 25)]),  # day-first
        (["03/04/2026", "04/30/2026"], [date(2026, 3, 4), date(2026, 4, 30)]),  # month-first
        (["03/04/2026", "2026-05-01"], [date(2026, 3, 4), date(2026, 5, 1)]),  # nothing says
    ],
)
def test_day_or_month_first_is_settled_by_the_column(values, expected):
    parsed, reasons = normalise.parse_dates_explained(pd.Series(values))
    assert parsed.tolist() == expected
    assert reasons.isna().all()


def deal_rows(**columns: list[str]) -> pd.DataFrame:
    base = {
        "deal_id": ["D1", "D2"],
        "partner_id": ["P1", "P1"],
        "registered_on": ["2026-01-01", "2026-01-02"],
        "status": ["won", "won"],
        "amount": ["100", "200"],
        "customer_name": ["Acme", "Beta"],
    }
    return pd.DataFrame({**base, **columns})


def prepare_deals(rows: pd.DataFrame, **options) -> pipeline.TableResult:
    proposal = mapping.propose_mapping("deal_registrations", list(rows.columns))
    return pipeline.prepare("deal_registrations", "d.csv", rows, proposal, **options)


def test_the_ceiling_and_the_horizon_are_settings(monkeypatch):
    monkeypatch.setenv("CHANNEL_MAX_AMOUNT", "150")
    monkeypatch.setenv("CHANNEL_DATE_HORIZON_YEARS", "1")
    result = prepare_deals(
        deal_rows(closed_on=["2027-06-30", "2027-07-01"]), today=date(2026, 6, 30)
    )
    assert dict(zip(result.rejected.line, result.rejected.reasons, strict=True)) == {
        3: "amount: '200' is over the 150 ceiling; "
        "closed_on: '2027-07-01' lies more than 1 year after the load date"
    }


def test_control_characters_are_rejected_but_tabs_and_line_breaks_are_text():
    result = prepare_deals(deal_rows(customer_name=["Acme\tWest\nBranch", "Beta\x07"]))
    assert result.accepted.customer_name.tolist() == ["Acme\tWest\nBranch"]
    assert result.rejected.reasons.tolist() == [
        "customer_name: control character U+0007 in 'Beta\\x07'"
    ]


def test_mixed_currencies_are_warned():
    result = prepare_deals(deal_rows(amount=["USD 100", "€ 200"]))
    assert result.warnings == [
        "amount values carry 2 currencies (USD, €); amounts are added as if in one"
    ]


def test_a_whole_number_column_refuses_fractions():
    tiers = pd.DataFrame({"tier": ["Gold", "Silver"], "rank": ["2", "1.5"]})
    result = pipeline.prepare(
        "program_tiers", "t.csv", tiers, mapping.propose_mapping("program_tiers", ["tier", "rank"])
    )
    assert result.rejected.reasons.tolist() == ["rank: not a whole number '1.5'"]
