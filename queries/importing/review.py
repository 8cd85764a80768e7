"""Drive an import from files to a load: read, decide what each file holds, check, decide what
a load may write.

The Data page and the command line call these same functions in the same order, so both give
the same verdict for the same file: the same refusals, rejected rows, and tables held back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd

from queries.contract import DEAL_STATUSES, TABLES
from queries.importing import mapping, memory, normalise, pipeline, store
from queries.importing.reading import SUFFIXES, RawFile, ReadError, read_any


@dataclass
class FileChoice:
    """What the analyst decided for one file: its table (None: skip the file), the mapping,
    values for every row, the stage map, and whether its rows are order lines to add up."""

    table: str | None
    mapping: dict[str, str | None] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    roll_up: bool = False


@dataclass
class Intake:
    """The files read, and one message for each that could not be."""

    files: list[RawFile] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # one identity per file, for its widgets
    ignored: list[str] = field(default_factory=list)  # in a folder: files that name no table


def _identity(name: str, data: bytes) -> str:
    return hashlib.blake2b(name.encode() + b"\0" + data, digest_size=8).hexdigest()


def read_uploads(
    uploads: Iterable[tuple[str, bytes]], kept: dict[str, list[RawFile] | str] | None = None
) -> Intake:
    """Read each upload; a file that cannot be read is refused alone, with its message.

    `kept` holds what earlier calls read, by file identity (name and content), so that a page
    rerun does not read every file again; identities no longer uploaded are dropped from it.
    """
    intake = Intake()
    seen: dict[str, int] = {}
    current = set()
    for name, data in uploads:
        identity = _identity(name, data)
        current.add(identity)
        seen[identity] = seen.get(identity, 0) + 1
        if kept is None or identity not in kept:
            try:
                read: list[RawFile] | str = read_any(name, data)
            except ReadError as error:
                read = str(error)
            if kept is not None:
                kept[identity] = read
        else:
            read = kept[identity]
        if isinstance(read, str):
            intake.refused.append(read)
            continue
        identity = f"{identity}-{seen[identity]}"  # the same file uploaded twice: two files
        for position, raw in enumerate(read):
            intake.files.append(raw)
            intake.keys.append(f"{identity}-{position}")
    for stale in set(kept or ()) - current:
        del kept[stale]
    return intake


def _table_named(name: str) -> str | None:
    stem = PurePath(name).stem
    return stem if stem in TABLES else None


def read_folder(data_dir: Path) -> Intake:
    """The folder's files named after a table (partners.csv, deal_registrations.xlsx…), and
    those in its zip archives; a folder with none of them is refused, naming what it holds."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return Intake(refused=[f"{data_dir}: folder not found"])
    entries = sorted(p for p in data_dir.iterdir() if p.is_file())
    wanted = [p for p in entries if p.suffix.lower() in SUFFIXES and _table_named(p.name)]
    wanted.sort(key=lambda p: list(TABLES).index(_table_named(p.name)))
    archives = [p for p in entries if p.suffix.lower() == ".zip"]
    intake = read_uploads((p.name, p.read_bytes()) for p in [*wanted, *archives])
    # From archives too, only the files named after a table (a workbook's sheets keep its name).
    named = [_table_named(raw.name.split(" [")[0]) for raw in intake.files]
    intake.ignored = [p.name for p in entries if p not in wanted and p not in archives]
    intake.ignored += [
        raw.name for raw, table in zip(intake.files, named, strict=True) if not table
    ]
    intake.keys = [k for k, table in zip(intake.keys, named, strict=True) if table]
    intake.files = [raw for raw, table in zip(intake.files, named, strict=True) if table]
    if not intake.files and not intake.refused:
        found = ", ".join(p.name for p in entries[:8]) or "nothing"
        intake.refused.append(
            f"{data_dir}: no file is named after a table (partners.csv, deal_registrations.xlsx, "
            f"… or a zip of them); it holds {found}"
        )
    return intake


def recognise(raw: RawFile) -> str | None:
    """The table the file most likely holds; None when nothing it holds is a table."""
    return mapping.recognise_table(raw.name, list(raw.frame.columns))[0]


def propose(raw: RawFile, remembered: bool = True) -> FileChoice:
    """The table the file most likely holds (None: skip it) and its mapping; with
    `remembered`, a correction kept for this layout wins over the synonyms."""
    table = recognise(raw)
    if table is None:
        return FileChoice(None)
    return FileChoice(table, proposed_mapping(table, raw, remembered))


def proposed_mapping(table: str, raw: RawFile, remembered: bool = True) -> dict[str, str | None]:
    headers = list(raw.frame.columns)
    kept = memory.recall(table, mapping.headers_signature(headers)) if remembered else {}
    return mapping.propose_mapping(table, headers, kept)


def stage_proposal(raw: RawFile, header: str) -> pd.DataFrame:
    """Every status found in the column, with the registration status it is read as."""
    found = normalise.parse_text(raw.frame[header]).dropna().unique()
    proposed, _ = normalise.parse_statuses(pd.Series(found), {}, DEAL_STATUSES)
    return pd.DataFrame({"value in the file": found, "status": proposed})


def repeated_keys(table: str, raw: RawFile, chosen: dict[str, str | None]) -> int:
    """How many rows repeat another row's key: order lines, when the file is an order list."""
    headers = [chosen.get(k) for k in TABLES[table].key]
    if not headers or not all(h in raw.frame.columns for h in headers):
        return 0
    return int(raw.frame[headers].duplicated().sum())


def validate(
    raws: list[RawFile],
    choices: list[FileChoice],
    known_partners: set[str],
    replaces_partners: bool = False,
    known_programs: set[str] = frozenset(),
    replaces_programs: bool = False,
) -> dict[str, pipeline.TableResult]:
    """Map, normalise and check every file that is not skipped; files of one table are one.

    `known_partners` are the partners loaded now; with `replaces_partners` (the load's mode for
    partners is replace) only the partners it brings remain to be named by its other rows.
    `known_programs` and `replaces_programs` say the same of the incentive programs that
    payments name.
    """
    results: dict[str, pipeline.TableResult] = {}
    for raw, choice in zip(raws, choices, strict=True):
        if choice.table is None:
            continue
        result = pipeline.prepare(
            choice.table,
            raw.name,
            raw.frame,
            choice.mapping,
            choice.stages,
            defaults=choice.defaults,
            row_problems=raw.problems,
            roll_up=choice.roll_up,
        )
        if choice.table in results:
            previous = results[choice.table]
            result = pipeline.TableResult(
                choice.table,
                f"{previous.source}, {raw.name}",
                previous.rows_read + result.rows_read,
                pd.concat([previous.accepted, result.accepted], ignore_index=True),
                pd.concat([previous.rejected, result.rejected], ignore_index=True),
                previous.warnings + result.warnings,
                previous.lines_rolled_up + result.lines_rolled_up,
            )
        results[choice.table] = result
    brought = results.get("partners")
    replaced = replaces_partners and brought is not None and brought.rows_accepted > 0
    programs = results.get("incentive_programs")
    programs_replaced = replaces_programs and programs is not None and programs.rows_accepted > 0
    pipeline.check_references(
        results,
        set() if replaced else known_partners,
        {"incentive_programs": set() if programs_replaced else set(known_programs)},
    )
    pipeline.add_warnings(results)
    return results


@dataclass
class Verdict:
    """What a load would do: the checked tables, the files refused, and the tables held back
    (a table whose every row was rejected is never loaded: it would replace one with nothing).
    """

    results: dict[str, pipeline.TableResult]
    refused: list[str]
    held_back: dict[str, str]
    missing: list[str] = field(default_factory=list)  # what a first load needs and lacks
    writable: dict[str, pipeline.TableResult] = field(init=False)

    def __post_init__(self) -> None:
        # One dict for the verdict's life: the load plan is kept per results dict.
        self.writable = {t: r for t, r in self.results.items() if t not in self.held_back}

    @property
    def rows_rejected(self) -> int:
        return sum(r.rows_rejected for r in self.results.values())

    @property
    def clean(self) -> bool:
        """Nothing refused, rejected, held back or missing: the load writes all it was given."""
        return not (self.refused or self.rows_rejected or self.held_back or self.missing)

    def nothing_to_load(self) -> str | None:
        """Why nothing can be written, or None when something can."""
        if self.missing:
            return "; ".join(self.missing)
        if self.writable:
            return None
        if self.held_back:
            return "every table in it is held back: " + "; ".join(self.held_back.values())
        if self.refused:
            return "no file could be read"
        return "no file holds a table (every file is skipped)"

    def lines(self, examples: int = 5) -> list[str]:
        """The verdict as text: refusals, then per table its counts, rejected rows, warnings."""
        out = [f"refused: {message}" for message in self.refused]
        out += [f"missing: {message}" for message in self.missing]
        for result in self.results.values():
            rolled = (
                f", {result.lines_rolled_up:,} order lines added into them"
                if result.lines_rolled_up
                else ""
            )
            out.append(
                f"{result.source}: {result.rows_read:,} rows read, "
                f"{result.rows_accepted:,} accepted{rolled}, {result.rows_rejected:,} rejected"
            )
            for row in result.rejected.head(examples).itertuples():
                out.append(f"  line {row.line}: {row.reasons}")
            if result.rows_rejected > examples:
                out.append(f"  … and {result.rows_rejected - examples:,} more rejected rows")
            out += [f"  warning: {w}" for w in result.warnings]
            if result.table in self.held_back:
                out.append(f"  not loaded: {self.held_back[result.table]}")
        return out


def decide(
    intake: Intake, results: dict[str, pipeline.TableResult], first_load: bool = False
) -> Verdict:
    """The verdict on checked files; a `first_load` (nothing loaded yet) must bring partners
    and deal registrations."""
    held_back = {
        table: f"{table} keeps its current rows: "
        + (
            f"every one of the {result.rows_read:,} rows of {result.source} was rejected"
            if result.rows_read
            else f"{result.source} holds no rows"
        )
        for table, result in results.items()
        if result.rows_accepted == 0
    }
    missing = [
        f"the first load needs {table}, and no file holds them"
        for table in ("partners", "deal_registrations")
        if first_load and table not in results
    ]
    return Verdict(results, list(intake.refused), held_back, missing)


def write(
    db_path: Path, verdict: Verdict, source: str, modes: dict[str, str] | None = None, **options
) -> store.LoadOutcome:
    """Write what the verdict allows as a new version (store.write_load, with its modes and
    options); refused when that is nothing."""
    reason = verdict.nothing_to_load()
    if reason:
        raise store.LoadRefused(f"nothing to load: {reason}")
    return store.write_load(db_path, verdict.writable, source, modes, **options)


def remember(raws: list[RawFile], choices: list[FileChoice]) -> None:
    """Keep each file's mapping for the next file of the same layout."""
    for raw, choice in zip(raws, choices, strict=True):
        if choice.table is None:
            continue
        headers = list(raw.frame.columns)
        memory.remember(choice.table, mapping.headers_signature(headers), choice.mapping)
