"""Atomic, versioned loads: history, rollback, and failed loads that change nothing."""

from __future__ import annotations

import os
import threading
from datetime import datetime

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from queries.contract import TABLES
from queries.importing import mapping, pipeline, store
from tests.conftest import ROOT

PARTNERS = pd.DataFrame(
    {
        "Account ID": ["P1", "P2"],
        "Account Name": ["Alpha", "Beta"],
        "Partner Tier": ["Gold", "Silver"],
        "Partner Since": ["01/15/2024", "03/01/2024"],
    }
)
DEALS = pd.DataFrame(
    {
        "Opportunity ID": ["D1", "D2", "D3"],
        "AccountId": ["P1", "P2", "P1"],
        "Created Date": ["2026-01-05", "2026-02-01", "2026-03-01"],
        "StageName": ["Closed Won", "Closed Lost", "Prospecting"],
        "Amount": ["$1,000.00", "$250.00", "$75.50"],
        "Close Date": ["2026-02-01", "2026-02-20", ""],
    }
)


def results(deals: pd.DataFrame = DEALS) -> dict[str, pipeline.TableResult]:
    out = {}
    for table, frame in (("partners", PARTNERS), ("deal_registrations", deals)):
        out[table] = pipeline.prepare(
            table, f"{table}.csv", frame, mapping.propose_mapping(table, list(frame.columns))
        )
    pipeline.check_references(out)
    return out


def count(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def amounts(db) -> dict[str, float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("select deal_id, amount from deal_registrations").fetchall())
    finally:
        con.close()


def deals(*rows: tuple[str, str, str, str, str]) -> dict[str, pipeline.TableResult]:
    """Deal registrations of the known partners P1/P2: (id, partner, registered, stage, amount)."""
    frame = pd.DataFrame(
        rows, columns=["Opportunity ID", "AccountId", "Created Date", "StageName", "Amount"]
    )
    result = pipeline.prepare(
        "deal_registrations",
        "deals.csv",
        frame,
        mapping.propose_mapping("deal_registrations", list(frame.columns)),
    )
    return {"deal_registrations": result}


def leftovers(tmp_path) -> list[str]:
    """Scratch files a load must never leave behind."""
    return sorted(p.name for p in tmp_path.iterdir() if p.name.endswith((".next", ".wal", ".lock")))


def test_load_writes_a_version_with_history(tmp_path):
    db = tmp_path / "channel.duckdb"
    outcome = store.write_load(db, results(), "upload")
    assert outcome.version == 1
    assert outcome.dropped == []
    assert count(db, "partners") == 2
    assert count(db, "deal_registrations") == 3
    assert amounts(db) == {"D1": 1000.0, "D2": 250.0, "D3": 75.5}
    con = duckdb.connect(str(db), read_only=True)
    status = con.execute("select status from deal_registrations order by deal_id").fetchall()
    con.close()
    assert [s[0] for s in status] == ["won", "lost", "submitted"]
    history = store.history(db)
    assert history.version.tolist() == [1]
    assert history.restorable.tolist() == [True]
    assert '"deal_registrations": 3' in history.row_counts.iloc[0]
    # The version's own copy sits beside the file; no scratch file is left.
    assert store.version_file(db, 1).exists()
    assert leftovers(tmp_path) == []


def test_upsert_adds_new_keys_updates_known_ones_and_keeps_the_rest(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")  # D1 $1,000, D2 $250, D3 $75.50
    month = deals(
        ("D2", "P2", "2026-02-01", "Closed Lost", "$300.00"),  # amount changed: updated
        ("D3", "P1", "2026-03-01", "Prospecting", "$75.50"),  # as loaded: unchanged
        ("D4", "P2", "2026-04-02", "Prospecting", "$40.00"),  # new key
    )
    plan = store.plan_load(db, month)
    change = plan.changes["deal_registrations"]
    assert (change.before, change.after) == (3, 4)
    assert (change.new, change.updated, change.unchanged, change.removed) == (1, 1, 1, 0)
    assert change.describe() == (
        "3 deal registrations → 4: 1 new, 1 updated, 1 unchanged (add or update by deal_id)"
    )
    outcome = store.write_load(db, month, "upload")  # upsert is the default
    assert outcome.version == 2
    assert amounts(db) == {"D1": 1000.0, "D2": 300.0, "D3": 75.5, "D4": 40.0}
    assert count(db, "partners") == 2  # a table the load does not bring is carried over


def test_replace_counts_the_rows_it_removes(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    month = deals(
        ("D2", "P2", "2026-02-01", "Closed Lost", "$300.00"),
        ("D3", "P1", "2026-03-01", "Prospecting", "$75.50"),
        ("D4", "P2", "2026-04-02", "Prospecting", "$40.00"),
    )
    change = store.plan_load(db, month, {"*": "replace"}).changes["deal_registrations"]
    # D1 is not in the files: replacing drops it; 3 rows before, 3 after, not a shrink.
    assert (change.before, change.after) == (3, 3)
    assert (change.new, change.updated, change.unchanged, change.removed) == (1, 1, 1, 1)
    assert not change.shrinks
    store.write_load(db, month, "upload", {"deal_registrations": "replace"})
    assert amounts(db) == {"D2": 300.0, "D3": 75.5, "D4": 40.0}


def test_a_load_that_would_halve_a_table_needs_a_confirmation(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    one = deals(("D1", "P1", "2026-01-05", "Closed Won", "$1,000.00"))
    plan = store.plan_load(db, one, {"*": "replace"})
    assert [c.table for c in plan.shrinking] == ["deal_registrations"]  # 3 → 1: under half
    with pytest.raises(store.LoadRefused, match="deal_registrations would go from 3 to 1 rows"):
        store.write_load(db, one, "upload", {"*": "replace"})
    assert count(db, "deal_registrations") == 3
    assert store.history(db).version.tolist() == [1]
    outcome = store.write_load(db, one, "upload", {"*": "replace"}, allow_shrink=True)
    assert outcome.version == 2
    assert count(db, "deal_registrations") == 1


def test_a_plan_made_before_another_load_is_refused(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    july = deals(("D9", "P1", "2026-07-01", "won", "10"))
    seen = store.plan_load(db, july)  # what the analyst confirmed: against version 1
    store.write_load(db, deals(("D8", "P1", "2026-06-01", "won", "10")), "another session")
    with pytest.raises(store.LoadRefused, match="version 2 was written after this report"):
        store.write_load(db, july, "upload", plan=seen)
    assert store.history(db).version.tolist() == [2, 1]
    fresh = store.plan_load(db, july)
    assert store.write_load(db, july, "upload", plan=fresh).version == 3
    assert count(db, "deal_registrations") == 5


def test_second_load_and_rollback(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    fewer = {"deal_registrations": results(DEALS.head(1))["deal_registrations"]}
    assert store.write_load(db, fewer, "upload", {"*": "replace"}, allow_shrink=True).version == 2
    assert count(db, "deal_registrations") == 1
    assert count(db, "partners") == 2  # carried over
    assert store.rollback(db, 1).version == 3
    assert count(db, "deal_registrations") == 3
    history = store.history(db)
    assert history.action.tolist() == ["rollback to version 1", "load", "load"]
    assert history.restorable.tolist() == [True, True, True]
    with pytest.raises(store.LoadRefused, match="version 3 is the current version"):
        store.rollback(db, 3)


def test_a_load_that_adds_no_rows_is_refused(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    empty = deals()
    for refused in (results(), empty, {}):
        with pytest.raises(store.LoadRefused, match="add no rows"):
            store.write_load(db, refused, "upload")
    assert store.history(db).version.tolist() == [1]
    assert not store.version_file(db, 2).exists()
    assert leftovers(tmp_path) == []


def test_keyless_tables_match_rows_on_their_natural_key(tmp_path):
    db = tmp_path / "channel.duckdb"

    def allocations(*rows):
        frame = pd.DataFrame(rows, columns=["partner_id", "period", "allocated_amount"])
        proposal = mapping.propose_mapping("mdf_allocations", list(frame.columns))
        return {"mdf_allocations": pipeline.prepare("mdf_allocations", "mdf.csv", frame, proposal)}

    first = {**results(), **allocations(("P1", "2026-Q1", "1000"), ("P2", "2026-Q1", "500"))}
    store.write_load(db, first, "upload")
    # P1's 2026-Q1 allocation is revised, and P1 gets one for 2026-Q2.
    again = allocations(("P1", "2026-Q1", "1200"), ("P1", "2026-Q2", "300"))
    change = store.plan_load(db, again).changes["mdf_allocations"]
    assert (change.before, change.after, change.new, change.updated) == (2, 3, 1, 1)
    store.write_load(db, again, "upload")
    con = duckdb.connect(str(db), read_only=True)
    total = con.execute("select sum(allocated_amount) from mdf_allocations").fetchone()[0]
    con.close()
    assert total == 1200 + 500 + 300


def test_first_load_without_partners_changes_nothing(tmp_path):
    db = tmp_path / "channel.duckdb"
    with pytest.raises(store.LoadRefused, match="needs partners"):
        store.write_load(db, {"deal_registrations": results()["deal_registrations"]}, "upload")
    # No half-built file that every page would then fail on: nothing at all.
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert store.history(db).empty


def test_failed_load_leaves_the_previous_version(tmp_path, monkeypatch):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    before = db.read_bytes()

    def broken_views(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "apply_views", broken_views)
    with pytest.raises(RuntimeError):
        store.write_load(db, deals(("D9", "P1", "2026-04-01", "won", "10")), "upload")
    assert db.read_bytes() == before
    assert store.history(db).version.tolist() == [1]
    assert leftovers(tmp_path) == []


def test_failed_first_load_leaves_no_file(tmp_path, monkeypatch):
    db = tmp_path / "channel.duckdb"
    monkeypatch.setattr(store, "apply_views", lambda con: con.execute("select * from nowhere"))
    with pytest.raises(duckdb.CatalogException):
        store.write_load(db, results(), "upload")
    assert not db.exists()
    assert leftovers(tmp_path) == []


def test_retention_drops_old_versions_but_never_the_newest_load(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")  # v1: D1, D2, D3
    v2 = store.write_load(db, deals(("D12", "P1", "2026-04-01", "won", "10")), "upload")
    v3 = store.write_load(db, deals(("D13", "P1", "2026-04-01", "won", "10")), "upload")
    assert (v2.dropped, v3.dropped) == ([], [1])
    assert v3.retention_note() == (
        "the history keeps the last 2 versions, so version 1 can no longer be restored"
    )
    # Rollbacks copy versions; however many follow, the newest load (v3) stays restorable.
    assert store.rollback(db, 2).dropped == [2]  # v4 (as v2): keeps v3 and v4
    assert store.rollback(db, 3).dropped == []  # v5 (as v3): keeps v4, v5 and v3
    assert store.rollback(db, 4).dropped == [4]  # v6 (as v2): keeps v5, v6 and v3
    history = store.history(db)
    assert history[history.restorable].version.tolist() == [6, 5, 3]
    assert count(db, "deal_registrations") == 3 + 1  # D12
    assert store.rollback(db, 3).version == 7
    assert count(db, "deal_registrations") == 3 + 2  # D12, D13
    with pytest.raises(store.LoadRefused, match="version 1 is no longer kept"):
        store.rollback(db, 1)


def test_versions_kept_inside_an_older_file_are_copied_out(tmp_path):
    """Files of the previous store kept each version in a `history` schema of the file."""
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    legacy = tmp_path / "legacy.duckdb"
    con = duckdb.connect(str(legacy))
    con.execute("attach $p as v1 (read_only)", {"p": str(db)})
    con.execute("copy from database v1 to legacy")
    con.execute("detach v1")
    con.execute("create schema history")
    for table in TABLES:
        con.execute(f'create table history."v1_{table}" as select * from "{table}"')
    con.close()
    store.write_load(legacy, deals(("D9", "P1", "2026-04-01", "won", "10")), "upload")
    assert count(legacy, "deal_registrations") == 4
    assert store.history(legacy).restorable.tolist() == [True, True]
    store.rollback(legacy, 1)
    assert count(legacy, "deal_registrations") == 3


def test_a_file_that_is_not_duckdb_is_never_overwritten(tmp_path):
    db = tmp_path / "channel.duckdb"
    db.write_text("partner_id,partner_name\n")
    with pytest.raises(store.LoadRefused, match="not a DuckDB database"):
        store.write_load(db, results(), "upload")
    assert db.read_text() == "partner_id,partner_name\n"
    assert store.history(db).empty
    db.write_bytes(b"")  # an empty file holds nothing to lose
    assert store.write_load(db, results(), "upload").version == 1


def test_a_second_load_while_one_writes_is_refused_with_who_and_since(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    holding, release = threading.Event(), threading.Event()

    def other_load():
        with store.load_lock(db):
            holding.set()
            release.wait(10)

    other = threading.Thread(target=other_load)
    other.start()
    try:
        holding.wait(10)
        with pytest.raises(store.LoadBusy) as busy:
            store.write_load(db, deals(("D9", "P1", "2026-04-01", "won", "10")), "upload")
        with pytest.raises(store.LoadBusy):
            store.rollback(db, 1)
    finally:
        release.set()
        other.join()
    started = datetime.now()
    assert busy.value.pid == os.getpid()
    assert abs((started - busy.value.since).total_seconds()) < 60
    assert str(busy.value) == (
        f"another load is writing {db} since {busy.value.since:%H:%M} (pid {os.getpid()})"
    )
    assert store.history(db).version.tolist() == [1]
    # Released: the next load goes through, and the lock file is gone.
    assert store.write_load(db, deals(("D9", "P1", "2026-04-01", "won", "10")), "up").version == 2
    assert leftovers(tmp_path) == []


def test_data_page_uploads_fixes_a_mapping_and_loads(monkeypatch, tmp_path):
    monkeypatch.delenv("CHANNEL_DB", raising=False)
    monkeypatch.delenv("CHANNEL_DATA", raising=False)
    working = tmp_path / "working.duckdb"
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(working))
    at = AppTest.from_file(str(ROOT / "pages" / "data" / "data.py"), default_timeout=60).run()
    partners = PARTNERS.drop(columns=["Partner Tier"]).to_csv(index=False).encode()
    deals = DEALS.to_csv(index=False, sep=";").encode("utf-16")
    uploader = at.file_uploader(key="uploads")
    uploader.set_value(
        [("accounts.csv", partners, "text/csv"), ("opportunities.csv", deals, "text/csv")]
    ).run()
    assert not at.exception
    tables = [s.value for s in at.selectbox if s.label == "This file holds"]
    assert tables == ["partners", "deal_registrations"]
    at.button(key="validate").click().run()
    # No tier in the accounts file: both partners, and so every deal of theirs, are rejected.
    assert at.warning[0].value.startswith("5 rows rejected")
    # The analyst fixes the mapping: every account is a Registered partner.
    tier = next(t for t in at.text_input if t.label == "or one tier for every row")
    tier.input("Registered").run()
    at.button(key="validate").click().run()
    assert any("Every row passed" in s.value for s in at.success)
    at.button(key="load").click().run()
    assert not at.exception
    assert any("Loaded as version 1" in s.value for s in at.success)
    assert count(working, "partners") == 2
    assert count(working, "deal_registrations") == 3


def test_the_data_contract_page_names_what_each_table_is_matched_on():
    page = (ROOT / "docs" / "data-contract.md").read_text()
    for name, table in TABLES.items():
        heading = next(line for line in page.splitlines() if line.startswith(f"## {name} "))
        assert all(f"`{column}`" in heading for column in table.merge_key), heading
