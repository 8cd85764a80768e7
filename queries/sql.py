"""Run the named, parameterised SELECTs of queries/selects/ on a DuckDB connection."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from queries.filters import Filters

if TYPE_CHECKING:  # DuckDB imports pandas itself when a frame is asked for
    import pandas as pd

SQL_DIR = Path(__file__).resolve().parent / "selects"
# Queries that hold no partner's data (dates, row counts, score weights): any viewer may run them.
PARTNER_FREE = frozenset({"data_extent", "program_tables", "program_has", "health_weights"})
# The queries that also read partners one window earlier (the change beside each KPI); every
# other query reads the as-of date's snapshot alone.
READS_PRIOR_WINDOW = frozenset({"headline_kpis", "headline_kpis_prior"})
# Partner snapshots kept beside the pinned ones stored at load (one is a few MB at 100,000
# partners): the dates, windows and graces picked last.
SNAPSHOT_CACHE_SIZE = 16


class ScopeNotBound(PermissionError):
    """A query that does not take the viewer's scope was asked for on a CAM's behalf."""


def check_scope_bound(name: str) -> None:
    """A CAM's query must bind their selection ($cams) or scope ($scope_cams) to run at all.

    This is what keeps a new query from showing a CAM everyone's partners by forgetting a filter.
    """
    text = read_sql(name)
    if name not in PARTNER_FREE and "$cams" not in text and "$scope_cams" not in text:
        raise ScopeNotBound(f"query {name!r} does not bind $cams or $scope_cams")


@cache
def read_sql(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if path.parent != SQL_DIR or not path.exists():
        raise KeyError(f"no query named {name!r}")
    return path.read_text()


_snapshot_lock = threading.Lock()


def prepare_snapshots(
    con: duckdb.DuckDBPyConnection, as_of, window_months: int, grace_days: int, prior: bool = True
) -> None:
    """Compute partner_health for as_of (and, with `prior`, one window earlier) into
    partner_snapshots, once.

    The marts read partners on a date from that cache (macro partner_snapshot), so only the first
    query for a date and window pays for the status, revenue and health computation. A query
    whose snapshots are stored looks once and takes no lock; the lock is for computing one.
    """
    cursor = con.cursor()
    try:
        if _missing_snapshot_days(cursor, as_of, window_months, grace_days, prior):
            with _snapshot_lock:
                store_snapshots(cursor, as_of, window_months, grace_days, prior)
    finally:
        cursor.close()


def _missing_snapshot_days(
    con: duckdb.DuckDBPyConnection, as_of, window_months: int, grace_days: int, prior: bool
) -> list:
    """The days of as_of (and, with `prior`, window_start) whose snapshot is not stored, in one
    query."""
    return [
        day
        for (day,) in con.execute(
            "select day from (select cast($as_of as date) as day "
            "union all select window_start($as_of, $w) where $prior) "
            "where not exists (select 1 from partner_snapshot_keys where snapshot_as_of = day "
            "and snapshot_window_months = $w and snapshot_grace_days = $g) "
            "order by day desc",  # as_of first, as it is stored first
            {"as_of": as_of, "w": window_months, "g": grace_days, "prior": prior},
        ).fetchall()
    ]


def store_snapshots(
    con: duckdb.DuckDBPyConnection,
    as_of,
    window_months: int,
    grace_days: int,
    prior: bool = True,
    pinned: bool = False,
) -> None:
    """prepare_snapshots' work on this very connection (and its open transaction), unlocked.

    `pinned` snapshots (the default date's, stored at load) are never dropped; of the others the
    cache keeps the SNAPSHOT_CACHE_SIZE computed last, so it does not grow with every as-of,
    window and grace anyone picks.
    """
    for day in _missing_snapshot_days(con, as_of, window_months, grace_days, prior):
        key = {"as_of": day, "w": window_months, "g": grace_days}
        if not pinned:
            _drop_oldest_snapshots(con, keep=SNAPSHOT_CACHE_SIZE - 1)
        con.execute(
            "insert into partner_snapshots select $as_of, $w, $g, * "
            "from partner_health($as_of, $w, $g)",
            key,
        )
        con.execute(
            "insert into partner_snapshot_keys "
            "select $as_of, $w, $g, coalesce(max(stored_seq), 0) + 1, $pinned "
            "from partner_snapshot_keys",
            {**key, "pinned": pinned},
        )


def _drop_oldest_snapshots(con: duckdb.DuckDBPyConnection, keep: int) -> None:
    """Drop the unpinned snapshots beyond the `keep` computed last."""
    old = (
        "select snapshot_as_of, snapshot_window_months, snapshot_grace_days "
        "from partner_snapshot_keys where not pinned order by stored_seq desc offset $keep"
    )
    for table in ("partner_snapshots", "partner_snapshot_keys"):
        con.execute(
            f"delete from {table} where (snapshot_as_of, snapshot_window_months, "
            f"snapshot_grace_days) in ({old})",
            {"keep": keep},
        )


def prepare_early_warning_history(
    con: duckdb.DuckDBPyConnection, as_of, window_months: int, grace_days: int
) -> None:
    """Compute the backtest's history for as_of into early_warning_snapshots, once.

    The default date's history is stored at load (queries/loader.py apply_views), as its partner
    snapshots are, so only another as-of, window or grace pays for it here.
    """
    cursor = con.cursor()
    try:
        with _snapshot_lock:
            store_early_warning_history(cursor, as_of, window_months, grace_days)
    finally:
        cursor.close()


def store_early_warning_history(
    con: duckdb.DuckDBPyConnection, as_of, window_months: int, grace_days: int
) -> None:
    """prepare_early_warning_history's work on this very connection (and its open transaction),
    unlocked."""
    key = {"as_of": as_of, "w": window_months, "g": grace_days}
    present = con.execute(
        "select count(*) > 0 from early_warning_snapshots where snapshot_as_of = $as_of "
        "and snapshot_window_months = $w and snapshot_grace_days = $g",
        key,
    ).fetchone()[0]
    if not present:  # (a date with no backtest quarter is cheap to compute again)
        # Bounded as the partner snapshots are: a history is kept while its date's partner
        # snapshot is (the pinned default's always), so both caches forget the same picks.
        con.execute(
            "delete from early_warning_snapshots e where not exists (select 1 from "
            "partner_snapshot_keys k where k.snapshot_as_of = e.snapshot_as_of "
            "and k.snapshot_window_months = e.snapshot_window_months "
            "and k.snapshot_grace_days = e.snapshot_grace_days)"
        )
        con.execute(
            "insert into early_warning_snapshots select $as_of, $w, $g, * "
            "from early_warning_history($as_of, $w, $g)",
            key,
        )


def _execute(
    con: duckdb.DuckDBPyConnection, name: str, params: dict | None, locked: bool = True
) -> duckdb.DuckDBPyConnection:
    sql = read_sql(name)
    # Outside the app (CLI, tests) nothing is scoped; the app's db layer always passes a scope.
    params = {"scope_cams": [], **(params or {})}
    if "as_of" in params and "window_months" in params and "grace_days" in params:
        snapshots = prepare_snapshots if locked else store_snapshots
        snapshots(
            con,
            params["as_of"],
            params["window_months"],
            params["grace_days"],
            prior=name in READS_PRIOR_WINDOW,
        )
        if "early_warning_snapshot(" in sql:
            prepare_early_warning_history(
                con, params["as_of"], params["window_months"], params["grace_days"]
            )
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used)


def fetch(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run one named query on its own cursor; every value travels as a bound parameter."""
    cursor = con.cursor()
    try:
        return _execute(cursor, name, params).df()
    finally:
        cursor.close()


def fetch_row(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict | None = None,
    own_cursor: bool = True,
) -> dict[str, object] | None:
    """The first row of a named query as plain Python values, without building a DataFrame.

    With `own_cursor=False` the query (and any snapshot it needs) runs on `con` itself, so it
    sees the connection's temporary tables; for a caller that is the connection's only user.
    """
    cursor = con.cursor() if own_cursor else con
    try:
        result = _execute(cursor, name, params, locked=own_cursor)
        row = result.fetchone()
        names = [column[0] for column in result.description]
        return None if row is None else dict(zip(names, row, strict=True))
    finally:
        if own_cursor:
            cursor.close()


def fetch_in_scope(
    con: duckdb.DuckDBPyConnection, name: str, scope: tuple[str, ...] | None
) -> pd.DataFrame:
    """A named query without filters (lists of partners or CAMs), limited to a viewer's scope."""
    if scope is not None:
        if not scope:
            raise ValueError("a scope names at least one CAM (an empty list means all)")
        check_scope_bound(name)
    return fetch(con, name, {"scope_cams": list(scope or ())})


def fetch_rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None
) -> list[tuple]:
    """Every row of a named query as plain Python tuples, without building a DataFrame."""
    cursor = con.cursor()
    try:
        return _execute(cursor, name, params).fetchall()
    finally:
        cursor.close()


def default_as_of(con: duckdb.DuckDBPyConnection):
    """The latest registration or close in the data (docs/metrics.md)."""
    return fetch_row(con, "data_extent")["default_as_of"]


def resolve(con: duckdb.DuckDBPyConnection, filters: Filters) -> Filters:
    """Fill in the default as_of when the filters leave it open."""
    if filters.as_of is not None:
        return filters
    as_of = default_as_of(con)
    if as_of is None:
        raise ValueError("the data holds no deal registrations, so there is no default as_of")
    return filters.with_as_of(as_of)


def fetch_for(
    con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **options: object
) -> pd.DataFrame:
    """A named query for the filters, plus query-specific options (such as a dimension)."""
    if filters.scope is not None:
        check_scope_bound(name)
    return fetch(con, name, {**resolve(con, filters).params(), **options})
