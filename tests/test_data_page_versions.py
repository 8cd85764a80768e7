"""The Data page's versions: load modes, what a load does, history, rollback, a broken file."""

from __future__ import annotations

import threading

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import text
from queries.importing import store
from tests.conftest import ROOT, metric
from tests.test_import_store import DEALS, deals, results

APP = str(ROOT / "app.py")
DATA_PAGE = str(ROOT / "pages" / "data" / "data.py")
SAMPLE_REGISTRATIONS = f"{pd.read_csv(ROOT / 'sample_data' / 'deal_registrations.csv').shape[0]:,}"


def data_page() -> AppTest:
    return AppTest.from_file(DATA_PAGE, default_timeout=60).run()


@pytest.fixture
def working(tmp_path, monkeypatch):
    path = tmp_path / "working.duckdb"
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(path))
    return path


def test_a_half_built_file_gets_a_message_and_the_pages_still_open(working):
    # What the previous store left after a refused first load: a history table and nothing else.
    con = duckdb.connect(str(working))
    con.execute("create table load_history (version integer, loaded_at timestamp)")
    con.close()
    at = data_page()
    assert not at.exception
    warning = at.warning[0].value
    assert (
        text.literal("holds no loaded program (no partners, deal_registrations, data_extent)")
        in warning
    )
    assert "the pages show the built-in sample program until a load here succeeds" in warning
    assert metric(at, "Deal registrations") == SAMPLE_REGISTRATIONS
    page = AppTest.from_file(APP, default_timeout=60).run()
    assert not page.exception
    assert any("showing the built-in sample program" in w.value for w in page.sidebar.warning)


def test_a_file_that_is_not_duckdb_gets_a_message(working):
    working.write_text("not a database")
    at = data_page()
    assert not at.exception
    assert "is not a DuckDB database" in at.warning[0].value


def test_history_offers_only_versions_it_can_restore(working, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    store.write_load(working, results(), "upload")
    store.write_load(working, deals(("D12", "P1", "2026-04-01", "won", "10")), "upload")
    store.write_load(working, deals(("D13", "P1", "2026-04-01", "won", "10")), "upload")
    at = data_page()
    # v3 is shown, v1 is no longer kept: only v2 can be restored.
    assert at.selectbox(key="rollback_version").options == ["2"]
    # Its copy is damaged behind the page's back: the rollback is refused in words.
    store.version_file(working, 2).write_bytes(b"damaged")
    at.button(key="rollback").click().run()
    assert not at.exception
    assert at.error[0].value.startswith(
        "Nothing was rolled back: the copy of version 2 cannot be read"
    )
    # Another server's retention dropped it: the page says so and offers nothing.
    store.version_file(working, 2).unlink()
    at.run()
    assert not at.exception
    assert "Version 2 can no longer be restored" in at.warning[0].value
    assert store.history(working).version.tolist() == [3, 2, 1]


def test_a_rollback_while_a_load_writes_is_refused_in_words(working):
    store.write_load(working, results(), "upload")
    store.write_load(working, deals(("D12", "P1", "2026-04-01", "won", "10")), "upload")
    at = data_page()
    holding, release = threading.Event(), threading.Event()

    def other_load():
        with store.load_lock(working):
            holding.set()
            release.wait(60)

    other = threading.Thread(target=other_load)
    other.start()
    try:
        holding.wait(10)
        at.button(key="rollback").click().run()
    finally:
        release.set()
        other.join()
    assert not at.exception
    assert at.warning[0].value.startswith(
        f"Nothing was rolled back: another load is writing {working} since "
    )
    assert store.history(working).version.tolist() == [2, 1]


def test_rollback_from_the_page(working):
    store.write_load(working, results(), "upload")
    store.write_load(working, deals(("D12", "P1", "2026-04-01", "won", "10")), "upload")
    at = data_page()
    assert at.selectbox(key="rollback_version").options == ["1"]
    at.button(key="rollback").click().run()
    assert not at.exception
    assert at.success[0].value == "Version 1 restored as version 3."


def upload_deals(at: AppTest, frame: pd.DataFrame) -> AppTest:
    at.file_uploader(key="uploads").set_value(
        [("opportunities.csv", frame.to_csv(index=False).encode(), "text/csv")]
    ).run()
    return at.button(key="validate").click().run()


def test_mode_per_table_and_a_confirmation_before_a_table_shrinks(working):
    store.write_load(working, results(), "upload")  # D1 $1,000, D2 $250, D3 $75.50
    revised = DEALS.head(1).assign(Amount="$1,100.00")
    at = upload_deals(data_page(), revised)
    assert not at.exception
    assert at.selectbox(key="load_mode_deal_registrations").value == "upsert"
    captions = [c.value for c in at.caption]
    assert (
        "deal_registrations: 3 deal registrations → 3: 0 new, 1 updated "
        "(add or update by deal_id)" in captions
    )
    assert not at.button(key="load").disabled
    at.selectbox(key="load_mode_deal_registrations").set_value("replace").run()
    assert any("from 3 to 1" in w.value for w in at.warning)
    assert at.button(key="load").disabled  # until the analyst confirms
    at.checkbox(key="load_confirm_shrink").check().run()
    at.button(key="load").click().run()
    assert not at.exception
    assert any("Loaded as version 2" in s.value for s in at.success)
    con = duckdb.connect(str(working), read_only=True)
    assert con.execute("select deal_id, amount from deal_registrations").fetchall() == [
        ("D1", 1100.0)
    ]
    con.close()


def test_a_load_that_changes_nothing_cannot_be_started(working):
    store.write_load(working, results(), "upload")
    at = upload_deals(data_page(), DEALS)
    assert not at.exception
    assert any("nothing to load" in i.value for i in at.info)
    assert at.button(key="load").disabled
