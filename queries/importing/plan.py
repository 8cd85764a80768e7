"""What a load will do to each table, worked out before anything is written.

Each table a load brings is written in one of two modes:

- "upsert" (add or update by key, the default): rows whose key (queries/contract.py) is new are
  added, rows whose key is already loaded replace that row, and every other loaded row stays.
  A monthly extract grows the history instead of replacing it.
- "replace": the table holds exactly the load's rows afterwards.

The plan counts, per table, the rows before and after and how many are new, updated, unchanged
and removed, so that the analyst sees "3,616 deal registrations → 3,702: 86 new, 12 updated"
before confirming, and a load that would shrink a table by more than half can be asked again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from queries.contract import TABLES

MODES = ("upsert", "replace")
DEFAULT_MODE = "upsert"
MODE_LABELS = {"upsert": "add or update by key", "replace": "replace the table"}
NOUNS = {
    "partners": "partners",
    "cams": "CAMs",
    "deal_registrations": "deal registrations",
    "forecasts": "forecasts",
    "mdf_allocations": "MDF allocations",
    "mdf_claims": "MDF claims",
    "certifications": "certifications",
    "qbrs": "QBRs",
    "market_potential": "market potential rows",
    "program_tiers": "program tiers",
    "partner_targets": "partner targets",
    "incentive_programs": "incentive programs",
    "incentive_payments": "incentive payments",
    "partner_surveys": "survey responses",
}
SQL_TYPES = {
    "text": "varchar",
    "date": "date",
    "quarter": "date",
    "number": "double",
    "integer": "integer",
}


def parse_modes(values: list[str]) -> dict[str, str]:
    """`["upsert", "deal_registrations=replace"]` → {"*": "upsert", "deal_registrations": …}.

    A bare mode is the default for every table; `table=mode` sets one table. Raises ValueError
    naming the unknown table or mode.
    """
    modes: dict[str, str] = {}
    for value in values:
        table, _, mode = value.rpartition("=")
        table, mode = table.strip() or "*", mode.strip().lower()
        if mode not in MODES:
            raise ValueError(f"unknown load mode {mode!r} (expected {' or '.join(MODES)})")
        if table != "*" and table not in TABLES:
            raise ValueError(f"unknown table {table!r} in --mode (tables: {', '.join(TABLES)})")
        modes[table] = mode
    return modes


def mode_for(modes: dict[str, str] | None, table: str) -> str:
    modes = modes or {}
    return modes.get(table) or modes.get("*") or DEFAULT_MODE


@dataclass(frozen=True)
class TableChange:
    """One table before and after a load; the counts are of rows."""

    table: str
    mode: str
    before: int
    after: int
    new: int
    updated: int
    unchanged: int
    removed: int

    @property
    def changes(self) -> bool:
        return bool(self.new or self.updated or self.removed or self.before != self.after)

    @property
    def shrinks(self) -> bool:
        """The load would leave fewer than half of the table's rows."""
        return self.after * 2 < self.before

    def describe(self) -> str:
        noun = NOUNS[self.table]
        parts = [f"{self.new:,} new", f"{self.updated:,} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.removed:
            parts.append(f"{self.removed:,} removed")
        how = (
            f"add or update by {', '.join(TABLES[self.table].merge_key)}"
            if self.mode == "upsert"
            else "replace"
        )
        line = f"{self.before:,} {noun} → {self.after:,}: {', '.join(parts)} ({how})"
        if self.shrinks:
            line += f"; loses {self.before - self.after:,} of {self.before:,} rows"
        return line


@dataclass(frozen=True)
class LoadPlan:
    """What a load will leave in each table it brings, against `base_version` (0: none yet)."""

    base_version: int
    changes: dict[str, TableChange]

    @property
    def changes_nothing(self) -> bool:
        return not any(c.changes for c in self.changes.values())

    @property
    def shrinking(self) -> list[TableChange]:
        return [c for c in self.changes.values() if c.shrinks]

    def lines(self) -> list[str]:
        return [f"{name}: {change.describe()}" for name, change in self.changes.items()]


def typed_select(table: str, relation: str, present: set[str] | None = None) -> str:
    """The contract's columns of `relation` in the contract's types (null where absent)."""
    columns = []
    for column in TABLES[table].columns:
        kind = SQL_TYPES[column.kind]
        if present is None or column.name in present:
            columns.append(f'cast("{column.name}" as {kind}) as "{column.name}"')
        else:
            columns.append(f'cast(null as {kind}) as "{column.name}"')
    return f"select {', '.join(columns)} from {relation}"


def empty_select(table: str) -> str:
    columns = ", ".join(
        f'cast(null as {SQL_TYPES[c.kind]}) as "{c.name}"' for c in TABLES[table].columns
    )
    return f"select {columns} where false"


def _matched(table: str, rows: str, others: str) -> str:
    """`rows` whose merge key appears in `others`."""
    key = TABLES[table].merge_key
    condition = " and ".join(f'r."{k}" = o."{k}"' for k in key)
    return f"select r.* from ({rows}) r where exists (select 1 from ({others}) o where {condition})"


def _unmatched(table: str, rows: str, others: str) -> str:
    key = TABLES[table].merge_key
    condition = " and ".join(f'r."{k}" = o."{k}"' for k in key)
    return (
        f"select r.* from ({rows}) r where not exists "
        f"(select 1 from ({others}) o where {condition})"
    )


def after_select(table: str, mode: str, current: str | None, incoming: str) -> str:
    """The rows `table` holds after the load; `current` and `incoming` are SELECTs."""
    if mode == "replace" or current is None:
        return incoming
    return f"{_unmatched(table, current, incoming)} union all {incoming}"


def count_change(
    con: duckdb.DuckDBPyConnection, table: str, mode: str, current: str | None, incoming: str
) -> TableChange:
    """Count what the load does to one table; `current` is None when the table is new."""
    existing = current or empty_select(table)
    count = "(select count(*) from ({}))"
    unchanged_rows = f"({incoming}) intersect all ({existing})"
    sql = "select " + ", ".join(
        [
            count.format(existing),
            count.format(after_select(table, mode, current, incoming)),
            count.format(_unmatched(table, incoming, existing)),
            count.format(_matched(table, incoming, existing)),
            count.format(unchanged_rows),
            count.format(_unmatched(table, existing, incoming)) if mode == "replace" else "0",
        ]
    )
    before, after, new, matched, unchanged, removed = con.execute(sql).fetchall()[0]
    return TableChange(table, mode, before, after, new, matched - unchanged, unchanged, removed)
