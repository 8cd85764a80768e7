"""The formatting layer against strings written out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components import format, tables

NAN = float("nan")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "$0"),
        (-0.4, "$0"),  # rounds to nothing: no sign
        (950, "$950"),
        (999.4, "$999"),
        (999.6, "$1.0K"),
        (42_149, "$42.1K"),
        (-73_545, "−$73.5K"),
        (-4_400_000, "−$4.4M"),
        (999_960, "$1.0M"),  # not $1,000K
        (123_456_789, "$123M"),
        (1_234_000_000, "$1.2B"),
        (None, "no data"),
        (NAN, "no data"),
    ],
)
def test_money_in_three_figures(value, expected):
    assert format.money(value) == expected


def test_money_signed_for_changes():
    assert format.money(62_500, signed=True) == "+$62.5K"
    assert format.money(-62_500, signed=True) == "−$62.5K"
    assert format.money(0, signed=True) == "$0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (150_000, "$150,000"),
        (-73_545, "−$73,545"),  # the minus before the currency sign
        (-73_544.6, "−$73,545"),
        (0, "$0"),
        (2_000_000, "$2,000,000"),
        (1e12, "$1,000,000,000,000"),
        (None, "no data"),
        (NAN, "no data"),
    ],
)
def test_money_exact(value, expected):
    assert format.money_exact(value) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.4645, 0, "46%"),
        (0.4645, 1, "46.5%"),  # half away from zero, not banker's rounding
        (0.35, 1, "35.0%"),
        (-0.032, 1, "−3.2%"),
        (-0.004, 0, "0%"),  # no negative zero
        (0, 0, "0%"),
        (12.5, 0, "1,250%"),
        (None, 0, "no data"),
        (NAN, 1, "no data"),
    ],
)
def test_pct(value, digits, expected):
    assert format.pct(value, digits) == expected


def test_pct_signed():
    assert format.pct(0.23, signed=True) == "+23%"
    assert format.pct(-0.23, signed=True) == "−23%"
    assert format.pct(0.001, signed=True) == "0%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (1234, "1,234"), (2.5, "3"), (35.5, "36"), (-5, "−5"), (None, "no data")],
)
def test_count_rounds_and_separates_thousands(value, expected):
    assert format.count(value) == expected


def test_number_and_multiple():
    assert format.number(0.2425) == "0.2"
    assert format.number(12_345.67, 2) == "12,345.67"
    assert format.number(-0.04) == "0.0"
    assert format.number(-0.06) == "−0.1"
    assert format.multiple(1.66) == "1.7×"
    assert format.multiple(None) == "no data"


def test_change_chips_only_when_something_changed():
    # st.metric reads the chip's direction from an ASCII hyphen.
    assert format.change(152, 100) == "+52%"
    assert format.change(94, 100) == "-6%"
    assert format.change(100.2, 100) is None  # +0.2% shows as +0%: no chip
    assert format.change(100, 100) is None
    assert format.change(5, 0) is None
    assert format.change(None, 100) is None
    assert format.points(0.022) == "+2.2 pts"
    assert format.points(-0.003) == "-0.3 pts"
    assert format.points(0.0004) is None
    assert format.points(NAN) is None
    assert format.difference(738, 550) == "+188"
    assert format.difference(0.2425, 2, 1) == "-1.8"
    assert format.difference(5, 5) is None
    assert format.difference(5, None) is None


def test_plural():
    assert format.plural(1, "certification") == "1 certification"
    assert format.plural(2, "certification") == "2 certifications"
    assert format.plural(0, "CAM") == "0 CAMs"
    assert format.plural(1200, "partner") == "1,200 partners"
    assert format.plural(3, "territory", "territories") == "3 territories"


def test_dates_without_times():
    assert format.day(pd.Timestamp("2026-09-29 00:00:00")) == "29 Sep 2026"
    assert format.day(date(2026, 9, 30)) == "30 Sep 2026"
    assert format.day(None) == "no data"
    assert format.day(pd.NaT) == "no data"
    assert format.quarter("2026-07-01") == "Q3 2026"
    assert format.quarter(date(2024, 12, 31)) == "Q4 2024"


def test_every_table_column_has_a_human_label():
    for name, column in tables.COLUMNS.items():
        assert column.label and "_" not in column.label, name
    assert tables.label("expected_close_on") == "Expected close"
    assert tables.label("days_open") == "Days open"  # an unknown name is still readable


def test_table_config_formats_by_kind():
    frame = pd.DataFrame(
        {"revenue": [-73_545.0], "compliance_rate": [0.4645], "expires_on": [pd.Timestamp(0)]}
    )
    config = tables.config(frame, {"revenue": "Revenue (window)"})
    assert config["revenue"]["label"] == "Revenue (window)"
    # "dollar" draws -$73,545 (minus before the $), step 1 drops the cents.
    assert config["revenue"]["type_config"]["format"] == "dollar"
    assert config["revenue"]["type_config"]["step"] == 1
    assert config["compliance_rate"]["type_config"]["format"] == "percent"
    assert config["compliance_rate"]["type_config"]["step"] == 0.001  # one decimal, every rate
    assert config["expires_on"]["type_config"]["format"] == "D MMM YYYY"


def test_downloads_carry_the_tables_headers_and_no_times():
    frame = pd.DataFrame(
        {
            "partner_name": ["Acme"],
            "expected_close_on": [pd.Timestamp("2026-09-29")],
            "scorecard": ["scorecard?partner=Acme"],
        }
    )
    out = tables.labelled(frame, {"partner_name": "Top partner"})
    assert list(out.columns) == ["Top partner", "Expected close"]
    assert out.to_csv(index=False) == "Top partner,Expected close\nAcme,2026-09-29\n"
