"""After a load or rollback, open sessions move to the new data's as-of and say so."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.global_filters import as_of_after_new_data
from queries import cli
from queries.importing import mapping, pipeline, store
from tests.conftest import ROOT, small_program, write_program

APP = str(ROOT / "app.py")


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (date(2026, 6, 30), date(2026, 8, 15)),  # the old default: follows the data
        (None, date(2026, 8, 15)),
        (date(2026, 1, 10), date(2026, 1, 10)),  # picked, within the new data: kept
        (date(2025, 4, 1), date(2025, 4, 1)),  # picked, on the first activity: kept
        (date(2025, 3, 31), date(2026, 8, 15)),  # picked, before the new data: moved
        (date(2026, 8, 16), date(2026, 8, 15)),  # picked, after the new data: moved
    ],
)
def test_as_of_after_new_data(chosen, expected):
    assert (
        as_of_after_new_data(chosen, date(2026, 6, 30), date(2025, 4, 1), date(2026, 8, 15))
        == expected
    )


def deal_file(*rows: tuple[str, str, str, str, str]) -> dict[str, pipeline.TableResult]:
    frame = pd.DataFrame(
        rows, columns=["deal_id", "partner_id", "registered_on", "status", "amount"]
    )
    proposal = mapping.propose_mapping("deal_registrations", list(frame.columns))
    return {"deal_registrations": pipeline.prepare("deal_registrations", "d.csv", frame, proposal)}


def test_open_sessions_move_to_the_new_data_and_say_so(tmp_path, monkeypatch):
    db = tmp_path / "channel.duckdb"
    program = write_program(tmp_path / "p", small_program())
    assert cli.main(["load", "--data", str(program), "--db", str(db)]) == 0
    monkeypatch.setenv("CHANNEL_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.session_state["as_of"] == date(2026, 6, 30)  # the small program's latest activity
    store.write_load(db, deal_file(("D10", "P1", "2026-08-15", "submitted", "10")), "cli")
    at.run()
    assert not at.exception
    assert at.session_state["as_of"] == date(2026, 8, 15)
    assert at.toast[0].value == "New data loaded. As of 15 Aug 2026: its latest activity."
    # A date the user picked within the new data stays.
    at.date_input(key="as_of").set_value(date(2026, 1, 10)).run()
    store.write_load(db, deal_file(("D11", "P1", "2026-09-01", "submitted", "10")), "cli")
    at.run()
    assert at.session_state["as_of"] == date(2026, 1, 10)
    assert at.toast[0].value == (
        "New data loaded. As of 10 Jan 2026: the date you picked lies within it."
    )
