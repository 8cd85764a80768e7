"""Filter values as people type them (a CAM's name or id, "gold" for Gold) resolved to the data's.

A value that matches nothing is an error that lists the known values, never an empty selection
that reads as zeros.
"""

from __future__ import annotations

import duckdb

from queries import sql

FLAGS = {"tier": "--tier", "region": "--region", "cam": "--cam", "partner_type": "--partner-type"}


class UnknownFilterValue(ValueError):
    def __init__(self, kind: str, value: str, known: list[str]):
        self.kind, self.value, self.known = kind, value, known
        super().__init__(
            f"{FLAGS.get(kind, kind)} {value!r} matches nothing; known values: " + ", ".join(known)
        )


def options(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """The filter_options query as (filter, value, label) rows."""
    return [(str(r[0]), str(r[1]), str(r[2])) for r in sql.fetch_rows(con, "filter_options")]


def resolve(options: list[tuple[str, str, str]], kind: str, given: list[str]) -> tuple[str, ...]:
    """The data's values for what was given: exact value, exact label, then ignoring case.

    `options` are the filter_options rows (filter, value, label); for CAMs the value is the id
    and the label the name, so either finds the CAM.
    """
    values = [value for (name, value, _) in options if name == kind]
    labels = [label for (name, _, label) in options if name == kind]
    resolved = []
    for item in given:
        found = _match(item, values, labels)
        if found is None:
            known = labels if kind == "cam" else values
            raise UnknownFilterValue(kind, item, sorted(set(known)))
        resolved.append(found)
    return tuple(resolved)


def _match(item: str, values: list[str], labels: list[str]) -> str | None:
    text = item.strip()
    for candidates in (values, labels):
        if text in candidates:
            return values[candidates.index(text)]
    folded = text.casefold()
    for candidates in (values, labels):
        hits = {values[i] for i, c in enumerate(candidates) if c.casefold() == folded}
        if len(hits) == 1:
            return hits.pop()
    return None
