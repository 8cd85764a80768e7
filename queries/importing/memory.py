"""Remembered column mappings, per canonical table and export layout, in the state file."""

from __future__ import annotations

import json

from queries import scenarios


def _connect():
    con = scenarios._connect()
    con.execute(
        "create table if not exists column_mappings (table_name varchar, signature varchar, "
        "mapping json, primary key (table_name, signature))"
    )
    return con


def remember(table: str, signature: str, mapping: dict[str, str | None]) -> None:
    with _connect() as con:
        con.execute(
            "insert or replace into column_mappings values ($t, $s, $m)",
            {"t": table, "s": signature, "m": json.dumps(mapping)},
        )


def recall(table: str, signature: str) -> dict[str, str | None]:
    with _connect() as con:
        row = con.execute(
            "select mapping from column_mappings where table_name = $t and signature = $s",
            {"t": table, "s": signature},
        ).fetchone()
    return json.loads(row[0]) if row else {}
