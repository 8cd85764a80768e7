"""Atomic, versioned loads into the DuckDB file, with a load history and rollback.

Every load writes all the canonical tables of a new version in one transaction: the tables the
load brings replace their current rows, the others are carried over. Each version is also kept
under history.v<N>_<table> (the last KEEP versions), so a rollback restores one exactly. A load
that fails changes nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from queries.contract import TABLES
from queries.importing.pipeline import TableResult
from queries.loader import apply_views
from queries.territories import territory_aliases

KEEP = 10
SQL_TYPES = {
    "text": "varchar",
    "date": "date",
    "quarter": "date",
    "number": "double",
    "integer": "integer",
}


class LoadRefused(ValueError):
    """The load cannot be written (for example, a first load without partners)."""


def _connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    con.execute("create schema if not exists history")
    con.execute(
        "create table if not exists load_history (version integer, loaded_at timestamp, "
        "action varchar, source varchar, files varchar, row_counts varchar)"
    )
    return con


def _existing(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_catalog = current_database()"
    ).fetchall()
    return {r[0] for r in rows}


def known_partners(db_path: Path) -> set[str]:
    if not Path(db_path).exists():
        return set()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if "partners" not in _existing(con):
            return set()
        return {r[0] for r in con.execute("select partner_id from partners").fetchall()}
    finally:
        con.close()


def _typed(table: str, frame_name: str) -> str:
    columns = ", ".join(
        f'cast("{c.name}" as {SQL_TYPES[c.kind]}) as "{c.name}"' for c in TABLES[table].columns
    )
    return f"select {columns} from {frame_name}"


def _columnar(table: str, accepted: pd.DataFrame) -> pd.DataFrame:
    """Accepted rows in column types DuckDB reads fast (no per-cell Python objects)."""
    frame = pd.DataFrame(index=accepted.index)
    for column in TABLES[table].columns:
        values = accepted[column.name]
        if column.kind in ("date", "quarter"):
            frame[column.name] = pd.to_datetime(values, errors="coerce")
        elif column.kind in ("number", "integer"):
            frame[column.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            frame[column.name] = values.astype("string")
    return frame


def _empty(table: str) -> str:
    columns = ", ".join(
        f'cast(null as {SQL_TYPES[c.kind]}) as "{c.name}"' for c in TABLES[table].columns
    )
    return f"select {columns} where false"


def write_load(db_path: Path, results: dict[str, TableResult], source: str) -> int:
    """Write the accepted rows as a new version; returns its number."""
    con = _connect(db_path)
    try:
        present = _existing(con)
        for required in ("partners", "deal_registrations"):
            if required not in results and required not in present:
                raise LoadRefused(f"the first load needs {required}")
        con.execute("begin transaction")
        try:
            version = con.execute(
                "select coalesce(max(version), 0) + 1 from load_history"
            ).fetchall()[0][0]
            for name in TABLES:
                if name in results:
                    con.register("incoming", _columnar(name, results[name].accepted))
                    con.execute(f'create or replace table "{name}" as ' + _typed(name, "incoming"))
                    con.unregister("incoming")
                elif name not in present:
                    con.execute(f'create table "{name}" as ' + _empty(name))
                con.execute(
                    f'create or replace table history."v{version}_{name}" as select * from "{name}"'
                )
            _finish(
                con,
                version,
                "load",
                source,
                [r.source for r in results.values()],
                {n: r.rows_accepted for n, r in results.items()},
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return version
    finally:
        con.close()


def rollback(db_path: Path, version: int) -> int:
    """Restore the tables of `version` as a new version; returns the new version's number."""
    con = _connect(db_path)
    try:
        kept = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'history'"
            ).fetchall()
        }
        if f"v{version}_partners" not in kept:
            raise LoadRefused(f"version {version} is no longer kept")
        con.execute("begin transaction")
        try:
            new = con.execute("select coalesce(max(version), 0) + 1 from load_history").fetchall()[
                0
            ][0]
            counts = {}
            for name in TABLES:
                con.execute(
                    f'create or replace table "{name}" as select * from history."v{version}_{name}"'
                )
                con.execute(
                    f'create or replace table history."v{new}_{name}" as select * from "{name}"'
                )
                counts[name] = con.execute(f'select count(*) from "{name}"').fetchall()[0][0]
            _finish(con, new, f"rollback to version {version}", "", [], counts)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return new
    finally:
        con.close()


def _finish(
    con: duckdb.DuckDBPyConnection,
    version: int,
    action: str,
    source: str,
    files: list[str],
    counts: dict[str, int],
) -> None:
    con.register("aliases_frame", territory_aliases())
    con.execute("create or replace table territory_aliases as select * from aliases_frame")
    con.unregister("aliases_frame")
    apply_views(con)
    con.execute(
        "insert into load_history values ($v, $at, $action, $source, $files, $counts)",
        {
            "v": version,
            "at": datetime.now(UTC).replace(tzinfo=None),
            "action": action,
            "source": source,
            "files": ", ".join(files),
            "counts": json.dumps(counts),
        },
    )
    for old in con.execute(
        "select distinct version from load_history where version <= $v", {"v": version - KEEP}
    ).fetchall():
        for name in TABLES:
            con.execute(f'drop table if exists history."v{old[0]}_{name}"')


def history(db_path: Path) -> pd.DataFrame:
    if not Path(db_path).exists():
        return pd.DataFrame(
            columns=["version", "loaded_at", "action", "source", "files", "row_counts"]
        )
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("select * from load_history order by version desc").df()
    except duckdb.CatalogException:
        return pd.DataFrame()
    finally:
        con.close()
