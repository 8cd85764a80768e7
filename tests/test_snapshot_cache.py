"""The per-date partner snapshot cache stays bounded, and what it drops is computed again alike."""

from __future__ import annotations

from datetime import date, timedelta

from queries import sql
from queries.cli import headline_kpis
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import SAMPLE_DIR


def stored_keys(con) -> list[tuple]:
    return con.execute(
        "select snapshot_as_of, snapshot_window_months, snapshot_grace_days, pinned "
        "from partner_snapshot_keys order by stored_seq"
    ).fetchall()


def test_the_cache_keeps_the_pinned_defaults_and_the_dates_picked_last(small_program_dir):
    con = load_folder(small_program_dir)
    pinned = [key for key in stored_keys(con) if key[3]]
    assert pinned, "the load stores the default date's snapshots"
    first_day = date(2025, 1, 31)
    first = headline_kpis(con, Filters(as_of=first_day))
    picked = [first_day + timedelta(days=7 * n) for n in range(sql.SNAPSHOT_CACHE_SIZE + 6)]
    for day in picked:
        sql.prepare_snapshots(con, day, 12, 90, prior=False)

    keys = stored_keys(con)
    unpinned = [key[0] for key in keys if not key[3]]
    assert [key for key in keys if key[3]] == pinned
    assert unpinned == picked[-sql.SNAPSHOT_CACHE_SIZE :]
    # Every key has its rows and no rows are left without a key.
    (orphans,) = con.execute(
        "select count(*) from partner_snapshots anti join partner_snapshot_keys "
        "using (snapshot_as_of, snapshot_window_months, snapshot_grace_days)"
    ).fetchone()
    assert orphans == 0
    # The first date was dropped long ago; asked again, it is computed again to the same figures.
    assert first_day not in unpinned
    assert headline_kpis(con, Filters(as_of=first_day)) == first


def test_the_early_warning_histories_are_kept_while_their_partner_snapshots_are(monkeypatch):
    monkeypatch.setattr(sql, "SNAPSHOT_CACHE_SIZE", 3)
    con = load_folder(SAMPLE_DIR)
    defaults = sql.resolve(con, Filters())
    pinned = (defaults.as_of, defaults.window_months, defaults.grace_days)
    picked = [defaults.as_of - timedelta(days=7 * n) for n in range(1, 6)]
    for day in picked:
        sql.prepare_snapshots(con, day, 12, 90, prior=False)
        sql.prepare_early_warning_history(con, day, 12, 90)

    histories = set(
        con.execute(
            "select distinct snapshot_as_of, snapshot_window_months, snapshot_grace_days "
            "from early_warning_snapshots"
        ).fetchall()
    )
    snapshots = {key[:3] for key in stored_keys(con)}
    assert pinned in histories, "the default date's history, stored at load, stays"
    assert histories <= snapshots
    assert {key[0] for key in histories} == {pinned[0], *picked[-3:]}
