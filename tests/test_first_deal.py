"""Each partner's first registration on or before as_of, read from the first day stored at load.

F1 enrolled 2024-01-01: a rejected registration on 2024-02-10 (every status counts), won on
   2024-05-01 → first 2024-02-10, 40 days.
F2 enrolled 2024-01-01: first registration 2026-08-01, after as_of → none on as_of.
F3 enrolled 2024-01-01, terminated 2025-01-01: first registration 2024-01-11 → 10 days (the
   headline leaves it out: not enrolled on as_of).
F4 enrolled 2024-01-01: never registered → none.
F5 enrolled 2024-06-01: registered 2024-05-22, before enrolling → −10 days.

Headline on 2026-06-30: F1 (40) and F5 (−10) → median 15.
"""

from __future__ import annotations

from datetime import date

import pytest

from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import deal, partner, write_program

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    program = {
        "partners": [
            partner("F1", "2024-01-01"),
            partner("F2", "2024-01-01"),
            partner("F3", "2024-01-01", terminated_on="2025-01-01"),
            partner("F4", "2024-01-01"),
            partner("F5", "2024-06-01"),
        ],
        "deal_registrations": [
            deal("D1", "F1", "2024-05-01", "won", 100, "2024-06-01"),
            deal("D2", "F1", "2024-02-10", "rejected", 50),
            deal("D3", "F2", "2026-08-01", "submitted", 10),
            deal("D4", "F3", "2024-01-11", "lost", 10, "2024-02-01"),
            deal("D5", "F5", "2024-05-22", "approved", 10),
        ],
    }
    return load_folder(write_program(tmp_path_factory.mktemp("first_deal"), program))


def first_deals(con, as_of: date) -> dict[str, tuple]:
    rows = con.execute(
        "select partner_id, first_registered_on, days_to_first_deal "
        "from partner_first_deal($as_of)",
        {"as_of": as_of},
    ).fetchall()
    return {pid: (first, days) for pid, first, days in rows}


def test_the_stored_first_day_is_each_registered_partners_earliest(con):
    rows = con.execute("select * from int_partner_first_registration").fetchall()
    assert sorted(rows) == [
        ("F1", date(2024, 2, 10)),
        ("F2", date(2026, 8, 1)),
        ("F3", date(2024, 1, 11)),
        ("F5", date(2024, 5, 22)),
    ]


def test_first_deal_on_as_of(con):
    assert first_deals(con, AS_OF) == {
        "F1": (date(2024, 2, 10), 40),
        "F2": (None, None),
        "F3": (date(2024, 1, 11), 10),
        "F4": (None, None),
        "F5": (date(2024, 5, 22), -10),
    }


def test_a_first_registration_after_as_of_does_not_count(con):
    # F5 is not enrolled yet; F1's first registration is the day after.
    assert first_deals(con, date(2024, 2, 9)) == {
        "F1": (None, None),
        "F2": (None, None),
        "F3": (date(2024, 1, 11), 10),
        "F4": (None, None),
    }
    assert first_deals(con, date(2026, 8, 1))["F2"] == (date(2026, 8, 1), 943)


def test_headline_median_days_to_first_deal(con):
    assert headline_kpis(con, Filters(as_of=AS_OF))["median_days_to_first_deal"] == 15
