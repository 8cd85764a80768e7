"""Atomic, versioned loads: history, rollback, and failed loads that change nothing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

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


def test_load_writes_a_version_with_history(tmp_path):
    db = tmp_path / "channel.duckdb"
    assert store.write_load(db, results(), "upload") == 1
    assert count(db, "partners") == 2
    assert count(db, "deal_registrations") == 3
    con = duckdb.connect(str(db), read_only=True)
    amounts = con.execute("select amount from deal_registrations order by deal_id").fetchall()
    status = con.execute("select status from deal_registrations order by deal_id").fetchall()
    con.close()
    assert [a[0] for a in amounts] == [1000.0, 250.0, 75.5]
    assert [s[0] for s in status] == ["won", "lost", "submitted"]
    history = store.history(db)
    assert history.version.tolist() == [1]
    assert '"deal_registrations": 3' in history.row_counts.iloc[0]


def test_second_load_and_rollback(tmp_path):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")
    fewer = {"deal_registrations": results(DEALS.head(1))["deal_registrations"]}
    assert store.write_load(db, fewer, "upload") == 2
    assert count(db, "deal_registrations") == 1
    assert count(db, "partners") == 2  # carried over
    assert store.rollback(db, 1) == 3
    assert count(db, "deal_registrations") == 3
    assert store.history(db).action.tolist()[0] == "rollback to version 1"


def test_first_load_without_partners_changes_nothing(tmp_path):
    db = tmp_path / "channel.duckdb"
    with pytest.raises(store.LoadRefused, match="needs partners"):
        store.write_load(db, {"deal_registrations": results()["deal_registrations"]}, "upload")
    assert store.history(db).empty


def test_failed_load_leaves_the_previous_version(tmp_path, monkeypatch):
    db = tmp_path / "channel.duckdb"
    store.write_load(db, results(), "upload")

    def broken_views(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "apply_views", broken_views)
    with pytest.raises(RuntimeError):
        store.write_load(
            db, {"deal_registrations": results(DEALS.head(1))["deal_registrations"]}, "upload"
        )
    assert count(db, "deal_registrations") == 3
    assert store.history(db).version.tolist() == [1]


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
    assert at.selectbox(key="import_table_0").value == "partners"
    assert at.selectbox(key="import_table_1").value == "deal_registrations"
    at.button(key="validate").click().run()
    # No tier in the accounts file: both partners, and so every deal of theirs, are rejected.
    assert at.warning[0].value.startswith("5 rows are rejected")
    # The analyst fixes the mapping: every account is a Registered partner.
    at.text_input(key="import_default_0_partners_tier").input("Registered").run()
    at.button(key="validate").click().run()
    assert any("Every row passed" in s.value for s in at.success)
    at.button(key="load").click().run()
    assert not at.exception
    assert any("Loaded as version 1" in s.value for s in at.success)
    assert count(working, "partners") == 2
    assert count(working, "deal_registrations") == 3
