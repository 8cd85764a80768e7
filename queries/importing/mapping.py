"""Recognise which canonical table a file holds and propose a column mapping."""

from __future__ import annotations

import re
from pathlib import PurePath

from queries.contract import TABLES
from queries.importing.synonyms import COLUMN_SYNONYMS, TABLE_HINTS

NAME_FROM_ID = {"partner_name": "partner_id", "cam_name": "cam_id"}


def key(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(label).lower())


def propose_mapping(
    table: str, headers: list[str], remembered: dict[str, str] | None = None
) -> dict[str, str | None]:
    """For each canonical column of `table`, the header that holds it (or None).

    A mapping remembered for these headers wins; then an exact name; then the synonyms.
    """
    remembered = remembered or {}
    by_key = {key(h): h for h in headers}
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for column in TABLES[table].column_names:
        choice = remembered.get(column) if remembered.get(column) in headers else None
        if choice is None and key(column) in by_key:
            choice = by_key[key(column)]
        if choice is None:
            for alias in COLUMN_SYNONYMS.get(column, []):
                candidate = by_key.get(key(alias))
                if candidate and candidate not in used:
                    choice = candidate
                    break
        if choice in used:
            choice = None
        mapping[column] = choice
        if choice:
            used.add(choice)
    # A file that names its partners (or CAMs) only by name: the name is the id too.
    for name, identifier in NAME_FROM_ID.items():
        if name in mapping and mapping[name] is None and mapping.get(identifier):
            mapping[name] = mapping[identifier]
    return mapping


def recognise_table(file_name: str, headers: list[str]) -> tuple[str | None, float]:
    """The table the file most likely holds, with a score (share of its required columns found,
    plus a bonus when the file's name says so); None when no table's required column is found
    and the file is not named after one (a products list, say)."""
    stem = key(PurePath(file_name).stem)
    best, best_score, best_found = None, -1.0, 0
    for name, table in TABLES.items():
        mapping = propose_mapping(name, headers)
        required = table.required_columns
        found = sum(1 for c in required if mapping.get(c))
        score = found / len(required) + 0.1 * sum(1 for c in table.column_names if mapping.get(c))
        if stem == key(name):
            score += 10
        elif any(hint in stem for hint in TABLE_HINTS.get(name, [])):
            score += 0.5
        if score > best_score:
            best, best_score, best_found = name, score, found
    if not best_found and stem != key(best):
        return None, best_score
    return best, best_score


def headers_signature(headers: list[str]) -> str:
    """Identifies an export layout, so that a corrected mapping can be remembered for it."""
    return "|".join(sorted(key(h) for h in headers))
