"""Saved what-if scenarios, kept in a DuckDB file of their own so that they survive a restart.

The file is CHANNEL_STATE_DB, or .state/scenarios.duckdb in the project. It is separate from the
channel data, which the app opens read-only (or holds in memory for the sample program).
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


def state_path() -> Path:
    return Path(os.environ.get("CHANNEL_STATE_DB") or DEFAULT_PATH)


def _connect() -> duckdb.DuckDBPyConnection:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(
        "create table if not exists scenarios ("
        " kind varchar not null, name varchar not null, params json not null,"
        " saved_at timestamp not null, primary key (kind, name))"
    )
    return con


def save(kind: str, name: str, params: dict) -> None:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a scenario needs a name of 1 to {MAX_NAME} characters")
    with _connect() as con:
        con.execute(
            "insert or replace into scenarios values ($kind, $name, $params, $saved_at)",
            {
                "kind": kind,
                "name": name,
                "params": json.dumps(params, sort_keys=True),
                "saved_at": datetime.now(UTC).replace(tzinfo=None),
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
            "select name, saved_at from scenarios where kind = $kind order by saved_at desc",
            {"kind": kind},
        ).df()
