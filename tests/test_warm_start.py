"""The server's warm-up (scripts/serve.py) does the first session's work before any session."""

from __future__ import annotations

from datetime import date

from queries import db


def test_warm_up_loads_once_and_stores_the_default_dates_snapshots(monkeypatch, small_program_dir):
    loads = []
    load_folder = db.load_folder
    monkeypatch.setattr(db, "load_folder", lambda *a, **k: loads.append(a) or load_folder(*a, **k))
    monkeypatch.setenv("CHANNEL_DATA", str(small_program_dir))
    source = db.data_source()

    db.warm(source)
    con = db.connection(source)  # what a session asks for first
    assert db.default_as_of(source) == date(2026, 6, 30)

    assert len(loads) == 1
    stored = con.execute("select distinct snapshot_as_of from partner_snapshots").fetchall()
    assert {row[0] for row in stored} == {date(2026, 6, 30), date(2025, 6, 30)}
