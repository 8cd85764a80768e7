"""Drive an import from read files to a load: what each file holds, its mapping, the checks.

The Data page and the command line call these same functions, so that both give the same
verdict for the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from queries.contract import DEAL_STATUSES
from queries.importing import mapping, memory, normalise, pipeline
from queries.importing.reading import RawFile


@dataclass
class FileChoice:
    """What the analyst decided for one file: its table, mapping, fixed values, stage map."""

    table: str
    mapping: dict[str, str | None]
    defaults: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)


def recognise(raw: RawFile) -> str:
    """The table the file most likely holds."""
    return mapping.recognise_table(raw.name, list(raw.frame.columns))[0]


def proposed_mapping(table: str, raw: RawFile) -> dict[str, str | None]:
    """The mapping for `table`: a correction remembered for this layout, else the synonyms."""
    headers = list(raw.frame.columns)
    remembered = memory.recall(table, mapping.headers_signature(headers))
    return mapping.propose_mapping(table, headers, remembered)


def stage_proposal(raw: RawFile, header: str) -> pd.DataFrame:
    """Every status found in the column, with the registration status it is read as."""
    found = normalise.parse_text(raw.frame[header]).dropna().unique()
    proposed, _ = normalise.parse_statuses(pd.Series(found), {}, DEAL_STATUSES)
    return pd.DataFrame({"value in the file": found, "status": proposed})


def validate(
    raws: list[RawFile], choices: list[FileChoice], known_partners: set[str]
) -> dict[str, pipeline.TableResult]:
    results: dict[str, pipeline.TableResult] = {}
    for raw, choice in zip(raws, choices, strict=True):
        result = pipeline.prepare(
            choice.table,
            raw.name,
            raw.frame,
            choice.mapping,
            choice.stages,
            defaults=choice.defaults,
        )
        if choice.table in results:  # two files of one table: one table
            previous = results[choice.table]
            result = pipeline.TableResult(
                choice.table,
                f"{previous.source}, {raw.name}",
                previous.rows_read + result.rows_read,
                pd.concat([previous.accepted, result.accepted], ignore_index=True),
                pd.concat([previous.rejected, result.rejected], ignore_index=True),
            )
        results[choice.table] = result
    pipeline.check_references(results, known_partners)
    pipeline.add_warnings(results)
    return results


def remember(raws: list[RawFile], choices: list[FileChoice]) -> None:
    """Keep each file's mapping for the next file of the same layout."""
    for raw, choice in zip(raws, choices, strict=True):
        headers = list(raw.frame.columns)
        memory.remember(choice.table, mapping.headers_signature(headers), choice.mapping)
