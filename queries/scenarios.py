"""Saved what-if scenarios, kept in a DuckDB file of their own so that they survive a restart.

The file is CHANNEL_STATE_DB, or .state/scenarios.duckdb in the project. It is separate from the
channel data, which the app opens read-only (or holds in memory for the sample program).

Scenarios are shared by the team: everyone sees and loads everyone's. A name belongs to whoever
saved it first, so nobody's scenario is replaced by a colleague's under the same name.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".state" / "scenarios.duckdb"
MAX_NAME = 60


class NameTaken(ValueError):
    """A colleague already saved a scenario of this kind under this name."""


def state_path() -> Path:
    return Path(os.environ.get("CHANNEL_STATE_DB") or DEFAULT_PATH)


def state_stamp() -> tuple:
    """The state file as it stands on disk, its write-ahead log included: a save or an audit
    record, from any session or server, changes it. A cache key that costs a stat, where
    opening the DuckDB file would cost tens of milliseconds on every rerun."""
    path = state_path()
    files = (path, path.with_name(path.name + ".wal"))
    sizes = [(f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files]
    return (str(path), *sizes)


def _connect() -> duckdb.DuckDBPyConnection:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(
        "create table if not exists scenarios ("
        " kind varchar not null, name varchar not null, params json not null,"
        " saved_at timestamp not null, primary key (kind, name))"
    )
    # Files written before scenarios had an author: their scenarios stay anyone's to replace.
    con.execute("alter table scenarios add column if not exists saved_by varchar")
    return con


def save(kind: str, name: str, params: dict, by: str = "", shared: bool = False) -> None:
    """Save `params` under `name` for `by`; replaces `by`'s own scenario of that name.

    A name a colleague saved first is refused (NameTaken) unless `shared`: a team-wide setting,
    such as the early-warning rule in force, that anyone may change.
    """
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a scenario needs a name of 1 to {MAX_NAME} characters")
    with _connect() as con:
        owner = con.execute(
            "select saved_by, saved_at from scenarios where kind = $kind and name = $name",
            {"kind": kind, "name": name},
        ).fetchone()
        if owner is not None and owner[0] and owner[0] != by and not shared:
            raise NameTaken(
                f"“{name}” is {owner[0]}'s scenario, saved {owner[1]:%d %b %Y}: choose another name"
            )
        con.execute(
            "insert or replace into scenarios (kind, name, params, saved_at, saved_by) "
            "values ($kind, $name, $params, $saved_at, $by)",
            {
                "kind": kind,
                "name": name,
                "params": json.dumps(params, sort_keys=True),
                "saved_at": datetime.now(UTC).replace(tzinfo=None),
                "by": by,
            },
        )


def names(kind: str) -> list[str]:
    with _connect() as con:
        rows = con.execute(
            "select name from scenarios where kind = $kind order by saved_at desc, name",
            {"kind": kind},
        ).fetchall()
    return [r[0] for r in rows]


def load(kind: str, name: str) -> dict:
    with _connect() as con:
        row = con.execute(
            "select params from scenarios where kind = $kind and name = $name",
            {"kind": kind, "name": name},
        ).fetchone()
    if row is None:
        raise KeyError(name)
    return json.loads(row[0])


def delete(kind: str, name: str) -> None:
    with _connect() as con:
        con.execute(
            "delete from scenarios where kind = $kind and name = $name",
            {"kind": kind, "name": name},
        )


def listing(kind: str) -> pd.DataFrame:
    with _connect() as con:
        return con.execute(
            "select name, saved_at, saved_by from scenarios where kind = $kind "
            "order by saved_at desc",
            {"kind": kind},
        ).df()
