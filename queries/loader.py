"""Load a folder of canonical CSV/XLSX files into DuckDB, all or nothing.

Files are checked against the contract (queries/contract.py) in a scratch in-memory database,
and only when every check passes are the typed tables written, in one transaction, to the
target. A failed load leaves the target exactly as it was.

A folder of plain CSV files (UTF-8, one unambiguous header, rows under it) is read once per file
straight into its typed table, every row flagged by the contract's rules in the same pass.
Anything else, and any broken rule, takes the careful path: each file read as the import reads
it and staged as text with its line numbers, every rule checked again, and each broken one
reported with the lines that break it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from queries.contract import RANGES, TABLES, VOCABULARIES, Column, Table
from queries.filters import Filters
from queries.sql import store_early_warning_history, store_snapshots

VIEWS_DIR = Path(__file__).resolve().parent / "views"
# A loaded file records which views built its derived tables and snapshots (views_built).
VIEWS_BUILT = "views_built"
MAX_EXAMPLES = 5
SNIFF_BYTES = 16 * 2**20  # the CSV sniffer samples 20,480 rows: about this many bytes or fewer
HEADER_BYTES = 1 << 16
# Intermediates that take no parameter, defined as views in queries/views and stored as tables
# at load, in this order (a later one may read an earlier one): the pages read them again and
# again, and a DuckDB file built by `load` carries them, so opening it computes nothing.
DERIVED_TABLES = (
    "int_registration_days",
    "int_partner_quarter_registrations",
    "int_partner_first_registration",
    "int_registration_gaps",
    "int_registration_rhythm",
    "int_registrations",
    "int_unknown_claimants",
    "int_quarter_actuals",
    "int_registration_territories",
    # Read by the first view of several pages, each a pass over every registration as a view.
    "int_won_deals",
    "int_incentive_partner_revenue",
    "int_incentive_partner_totals",
    "int_mdf_registration_months",
    "int_mdf_claim_registrations",
    "mart_mdf_partner_quarter",
    "program_has",
)

# View files that define nothing another view reads, queried by the pages alone: a caller that
# reads the headline KPIs and nothing else (the command line) leaves them out, and with them the
# coverage views' territory names (pycountry).
PAGE_ONLY_VIEWS = (
    "36_mart_portfolio_summary",
    "37_mart_mdf",
    "41_mart_revenue_concentration",
    "42_mart_tier_mix",
    "44_mart_early_warning_backtest",
    "49_mart_maturity",
    "50_mart_coverage",
    "55_mart_scorecard",
)


@dataclass
class Problem:
    file: str
    column: str | None
    reason: str
    lines: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = f"{self.file}" + (f", column {self.column}" if self.column else "")
        detail = ""
        if self.lines:
            shown = ", ".join(
                f"line {line}" + (f" ({value!r})" if value is not None else "")
                for line, value in zip(
                    self.lines, self.values or [None] * len(self.lines), strict=False
                )
            )
            detail = f": {shown}"
        return f"{where}: {self.reason}{detail}"


class LoadError(Exception):
    """The files do not meet the data contract; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def apply_views(
    con: duckdb.DuckDBPyConnection,
    derived_tables: tuple[str, ...] = DERIVED_TABLES,
    default_snapshots: bool = True,
    left_out: tuple[str, ...] = (),
) -> None:
    """(Re)create the macros, staging views and marts, in file-name order, but the files named
    in `left_out`.

    Then the intermediates named in `derived_tables` are computed once and stored as tables of
    the same name: DuckDB binds a view's query each time it runs, so the views and macros that
    read an intermediate read the table from then on. With `default_snapshots`, the partner
    snapshots every first view reads (the default as-of date and one window earlier, default
    window and grace) are stored too, and the early-warning backtest's history for that date
    (the Dark partners page's first view would otherwise compute it at every quarter end).
    """
    stored = {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = current_database() and schema_name = current_schema()"
        ).fetchall()
    }
    for name in DERIVED_TABLES:
        if name in stored:  # stored by an earlier load; the view is defined afresh below
            con.execute(f'drop table "{name}"')
    files = [path for path in sorted(VIEWS_DIR.glob("*.sql")) if path.stem not in left_out]
    con.execute("\n".join(path.read_text() for path in files))
    for name in DERIVED_TABLES:
        if name in derived_tables:
            con.execute(f'alter view "{name}" rename to "{name}__definition"')
            con.execute(f'create table "{name}" as select * from "{name}__definition"')
            con.execute(f'drop view "{name}__definition"')
    if default_snapshots:
        (as_of,) = con.execute("select default_as_of from data_extent").fetchone()
        if as_of is not None:
            defaults = Filters()
            store_snapshots(con, as_of, defaults.window_months, defaults.grace_days, pinned=True)
            store_early_warning_history(con, as_of, defaults.window_months, defaults.grace_days)
    if not left_out:
        con.execute(
            f"create or replace table {VIEWS_BUILT} as select $fingerprint as fingerprint",
            {"fingerprint": views_fingerprint()},
        )


@cache
def views_fingerprint() -> str:
    """What the view files say, in one digest: a file built by other views needs them again."""
    digest = hashlib.sha256()
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection's views, derived tables and snapshots are those of this version.

    A file loaded by an earlier version keeps that version's views and stored tables, which the
    pages of this one may not find (a new column, a new macro).
    """
    try:
        row = con.execute(f"select fingerprint from {VIEWS_BUILT}").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == views_fingerprint()


def find_files(data_dir: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for name in TABLES:
        for suffix in (".csv", ".xlsx"):
            candidate = data_dir / f"{name}{suffix}"
            if candidate.exists():
                found[name] = candidate
                break
    return found


def _read_text_table(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Stage a file as all-text rows with its line number in the file (header = line 1).

    Workbooks go through the import's reader (its limits, and one message for a broken one);
    CSV files through DuckDB's, after the header is checked as the import checks it.
    """
    from queries.importing import reading  # the careful path only: it brings pandas

    scratch = f"load_{table}"
    if path.suffix == ".xlsx":
        frame = reading.read_excel(path.name, path.read_bytes())[0].frame.copy()
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        frame.insert(0, "_line", range(2, len(frame) + 2))
        con.register("excel_frame", frame)
        con.execute(f'create temp table "{scratch}" as select * from excel_frame')
        con.unregister("excel_frame")
        return
    with path.open("rb") as handle:
        text, encoding = reading.decode(handle.read(HEADER_BYTES))
    if not text.strip():
        raise reading.ReadError(f"{path.name}: the file is empty")
    try:
        delimiter = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    first = text.split("\n", 1)[0].rstrip("\r")
    reading.clean_header(path.name, next(csv.reader([first], delimiter=delimiter), []), encoding)
    con.execute(
        f'create temp table "{scratch}" as '
        "select row_number() over () + 1 as _line, * "
        "from read_csv($path, all_varchar = true, header = true)",
        {"path": str(path)},
    )
    if not con.execute(f'select count(*) from "{scratch}"').fetchone()[0]:
        raise reading.ReadError(f"{path.name}: the file has a header but no rows")
    columns = [row[0] for row in con.execute(f'describe "{scratch}"').fetchall()]
    for column in columns:
        clean = _clean_name(column)
        if clean != column:
            con.execute(f'alter table "{scratch}" rename column "{column}" to "{clean}"')


def _clean_name(column: str) -> str:
    return column.strip().lower().lstrip("\ufeff")


def _cast_expression(column: Column, present: bool) -> str:
    if not present:
        target = {
            "text": "varchar",
            "date": "date",
            "quarter": "date",
            "number": "double",
            "integer": "integer",
        }[column.kind]
        return f'cast(null as {target}) as "{column.name}"'
    raw = f"nullif(trim(\"{column.name}\"), '')"
    cast = {
        "text": raw,
        "date": f"try_cast({raw} as date)",
        "quarter": f"parse_quarter({raw})",
        "number": f"try_cast({raw} as double)",
        "integer": f"try_cast(try_cast({raw} as double) as integer)",
    }[column.kind]
    return f'{cast} as "{column.name}"'


def _examples(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None
) -> tuple[list[int], list[str]]:
    rows = con.execute(f"{sql} order by _line limit {MAX_EXAMPLES}", params or {}).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


@dataclass(frozen=True)
class _Check:
    """One rule over a file's rows: the rows breaking it are those where `broken` holds."""

    column: str
    reason: str
    broken: str  # SQL condition on a row of the file's text columns
    value: str = "null"  # what to show beside each line, or null for nothing
    params: dict = field(default_factory=dict)


def _missing_columns(table: Table, present: set[str]) -> list[str]:
    return [c for c in table.required_columns if c not in present and not table.exempt(c)]


def _row_checks(table: Table, present: set[str]) -> list[_Check]:
    """The contract's rules on one row, in the order they are reported: per column, a required
    value, then a value of the column's kind; then a known status."""
    checks = []
    for column in table.columns:
        raw = f"nullif(trim(\"{column.name}\"), '')" if column.name in present else "null"
        if column.required:
            # An exempt row may leave it empty (the amount of an open registration).
            exempt = table.exempt(column.name)
            if exempt and exempt[0] in present:
                name = f"exempt_{column.name}"
                decider = f"coalesce(lower(trim(\"{exempt[0]}\")), '')"
                spared = f" and not list_contains(${name}, {decider})"
                params = {name: list(exempt[1])}
            else:
                spared, params = "", {}
            empty = f"{raw} is null{spared}"
            checks.append(_Check(column.name, "required value is empty", empty, params=params))
        if column.name in present and column.kind != "text":
            cast = _cast_expression(column, True).rsplit(" as ", 1)[0]
            checks.append(
                _Check(
                    column.name,
                    f"cannot read as {column.kind}",
                    f"{raw} is not null and {cast} is null",
                    f'"{column.name}"',
                )
            )
    for column in table.columns:
        bounds = RANGES.get((table.name, column.name))
        if bounds and column.name in present:
            value = _cast_expression(column, True).rsplit(" as ", 1)[0]
            checks.append(
                _Check(
                    column.name,
                    f"outside {bounds[0]:g}–{bounds[1]:g}",
                    f"{value} not between {bounds[0]} and {bounds[1]}",
                    f'"{column.name}"',
                )
            )
    kinds = {c.name: c for c in table.columns}
    for earlier, later in table.ordered:
        if earlier in present and later in present:
            first, then = (
                _cast_expression(kinds[name], True).rsplit(" as ", 1)[0]
                for name in (earlier, later)
            )
            checks.append(
                _Check(
                    later,
                    f"{later} is before {earlier}",
                    f"{then} < {first}",
                    f'concat(trim("{later}"), \' < \', trim("{earlier}"))',
                )
            )
    for column in table.columns:
        vocab = VOCABULARIES.get((table.name, column.name))
        if vocab and column.name in present:
            name = f"vocab_{column.name}"
            checks.append(
                _Check(
                    column.name,
                    f"unknown {column.name} (expected one of {', '.join(vocab)})",
                    f"nullif(trim(\"{column.name}\"), '') is not null "
                    f'and not list_contains(${name}, lower(trim("{column.name}")))',
                    f'"{column.name}"',
                    {name: list(vocab)},
                )
            )
    return checks


def _check_table(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> list[Problem]:
    scratch = f"load_{table.name}"
    present = {r[0] for r in con.execute(f'describe "{scratch}"').fetchall()}
    missing = _missing_columns(table, present)
    if missing:
        return [Problem(path.name, c, "required column is missing") for c in missing]

    checks = _row_checks(table, present)
    # Reported in the order of the contract: each column's rules, duplicate keys, then statuses.
    status = [c for c in checks if any(k.startswith("vocab_") for k in c.params)]
    problems = []
    for check in checks:
        if check not in status:
            problems += _broken(con, scratch, path, check)
    if table.key:
        # Keys compare as they are loaded: trimmed, so "D1" and "D1 " are the same deal.
        key = ", ".join(f"nullif(trim(\"{k}\"), '')" for k in table.key)
        shown = ", ".join(f'"{k}"' for k in table.key)
        lines, values = _examples(
            con,
            f"select _line, concat_ws(' / ', {shown}) from ("
            f'select *, count(*) over (partition by {key}) as n from "{scratch}"'
            ") where n > 1",
        )
        if lines:
            problems.append(Problem(path.name, "/".join(table.key), "duplicate key", lines, values))
    for check in status:
        problems += _broken(con, scratch, path, check)
    return problems


def _broken(
    con: duckdb.DuckDBPyConnection, scratch: str, path: Path, check: _Check
) -> list[Problem]:
    lines, values = _examples(
        con, f'select _line, {check.value} from "{scratch}" where {check.broken}', check.params
    )
    if not lines:
        return []
    shown = values if check.value != "null" else []
    return [Problem(path.name, check.column, check.reason, lines, shown)]


def _check_references(con: duckdb.DuckDBPyConnection, files: dict[str, Path]) -> list[Problem]:
    problems = []
    for name, path in files.items():
        if not TABLES[name].references_partners:
            continue
        lines, values = _examples(
            con,
            f'select _line, partner_id from "load_{name}" '
            "where partner_id is not null and trim(partner_id) not in "
            "(select trim(partner_id) from load_partners where partner_id is not null)",
        )
        if lines:
            problems.append(Problem(path.name, "partner_id", "unknown partner_id", lines, values))
    for name, path in files.items():
        for column, target in TABLES[name].references:
            key = TABLES[target].key[0]
            named = f"nullif(trim({column}), '') is not null"
            if target in files:
                named += (
                    f" and trim({column}) not in "
                    f'(select trim({key}) from "load_{target}" where {key} is not null)'
                )
            lines, values = _examples(
                con, f'select _line, {column} from "load_{name}" where {named}'
            )
            if lines:
                absent = "" if target in files else f" ({target}.csv is not in the folder)"
                problems.append(
                    Problem(path.name, column, f"unknown {column}{absent}", lines, values)
                )
    if "cams" in files:
        lines, values = _examples(
            con,
            "select _line, cam_id from load_partners "
            "where nullif(trim(cam_id), '') is not null and trim(cam_id) not in "
            "(select trim(cam_id) from load_cams where cam_id is not null)",
        )
        if lines:
            problems.append(
                Problem(files["partners"].name, "cam_id", "unknown cam_id", lines, values)
            )
    return problems


def _typed_select(con: duckdb.DuckDBPyConnection, table: Table, staged: bool) -> str:
    if not staged:
        columns = ", ".join(_cast_expression(c, False) for c in table.columns)
        return f"select {columns} where false"
    present = {r[0] for r in con.execute(f'describe "load_{table.name}"').fetchall()}
    columns = ", ".join(_cast_expression(c, c.name in present) for c in table.columns)
    # The rows keep the file's order: DuckDB preserves insertion order, no sort needed.
    return f'select {columns} from "load_{table.name}"'


def _load_staged(con: duckdb.DuckDBPyConnection, files: dict[str, Path]) -> list[Problem]:
    """The careful path: stage every file as text, check every rule, report every broken one
    with its lines; when none is broken, write the typed tables from the staged text."""
    problems: list[Problem] = []
    for name, path in files.items():
        from queries.importing.reading import ReadError

        try:
            _read_text_table(con, name, path)
        except ReadError as exc:  # its message names the file
            problems.append(
                Problem(path.name, None, str(exc).removeprefix(path.name).lstrip(":, "))
            )
            continue
        except (duckdb.Error, ValueError, OSError) as exc:
            reason = str(exc).strip().splitlines()[0]
            problems.append(Problem(path.name, None, f"cannot read the file ({reason})"))
            continue
        problems += _check_table(con, TABLES[name], path)
    if not problems:
        problems += _check_references(con, files)
    if problems:
        return problems
    for name, table in TABLES.items():
        con.execute(f'create table "{name}" as ' + _typed_select(con, table, name in files))
        con.execute(f'drop table if exists "load_{name}"')
    return []


def _plain_csv_header(path: Path) -> str | None:
    """The header line of a file the quick path may read: UTF-8 text with rows after it."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    head = head.removeprefix(codecs.BOM_UTF8)
    line, newline, rest = head.partition(b"\n")
    if not newline or not rest.strip() or b"\x00" in line:
        return None
    try:
        return line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None


def _plain_source(
    con: duckdb.DuckDBPyConnection, name: str, path: Path
) -> tuple[str, set[str], dict[str, str]] | None:
    """A plain CSV file as a relation of text columns under their contract names, the names,
    and the parameters the relation binds; None for a file the careful path must read."""
    if path.suffix != ".csv":
        return None
    header = _plain_csv_header(path)
    if header is None:
        return None
    # Told the plain dialect (commas, double quotes: RFC 4180), the CSV sniffer skips trying
    # every other one, most of what reading a small file costs; a file in another dialect reads
    # as the wrong columns or rows and goes to the careful path, which sniffs it.
    reader = (
        "read_csv($path, all_varchar = true, header = true, "
        "delim = ',', quote = '\"', escape = '\"')"
    )
    params = {"path": str(path)}
    if path.stat().st_size <= SNIFF_BYTES:
        # Finding the header takes the CSV sniffer as long as reading a small file: read it once.
        con.execute(f'create temp table "text_{name}" as select * from {reader}', params)
        reader, params = f'"text_{name}"', {}
    columns = [row[0] for row in con.execute(f"describe select * from {reader}", params).fetchall()]
    cells = {
        tuple(cell.strip() for cell in next(csv.reader([header], delimiter=delimiter), []))
        for delimiter in ",;\t|"
    }
    names = [_clean_name(c) for c in columns]
    # DuckDB read the header the way the file spells it, no name is blank and none repeats:
    # what the import's header check asks (queries/importing/reading.py, clean_header).
    if tuple(c.strip() for c in columns) not in cells or "" in names:
        return None
    if len({n.casefold() for n in names}) < len(names):
        return None
    renamed = ", ".join(f'"{c}" as "{_clean_name(c)}"' for c in columns)
    return f"(select {renamed} from {reader})", set(names), params


def _load_typed(con: duckdb.DuckDBPyConnection, files: dict[str, Path]) -> bool:
    """The quick path: read each file once, straight into its typed table, and tell whether
    every rule held; False, having written what it may, for anything the careful path must see.

    Each row carries a flag for the row rules of _row_checks; keys and references are checked on
    the typed tables. Nothing here says where a problem is: the careful path does, so a clean
    folder is read once and never scanned for examples.
    """
    for name, table in TABLES.items():
        if name not in files:
            columns = ", ".join(_cast_expression(c, False) for c in table.columns)
            con.execute(f'create table "{name}" as select {columns} where false')
            continue
        try:
            found = _plain_source(con, name, files[name])
        except (duckdb.Error, OSError):
            return False
        if found is None:
            return False
        source, present, params = found
        if _missing_columns(table, present):
            return False
        checks = _row_checks(table, present)
        passes = " and ".join(f"not ({check.broken})" for check in checks) or "true"
        for check in checks:
            params |= check.params
        columns = ", ".join(_cast_expression(c, c.name in present) for c in table.columns)
        try:
            con.execute(
                f'create table "{name}" as select {columns}, {passes} as _passes from {source}',
                params,
            )
        except duckdb.Error:
            return False
        rows, broken = con.execute(
            f'select count(*), count(*) filter (where not _passes) from "{name}"'
        ).fetchone()
        if broken or not rows:
            return False
        con.execute(f'alter table "{name}" drop column _passes')
        con.execute(f'drop table if exists "text_{name}"')
        if table.key:
            key = ", ".join(f'"{k}"' for k in table.key)
            duplicated = con.execute(
                f'select count(*) from (select 1 from "{name}" group by {key} having count(*) > 1)'
            ).fetchone()[0]
            if duplicated:
                return False
    unknown_partners = " union all ".join(
        f'select count(*) from "{name}" where partner_id is not null and partner_id not in '
        "(select partner_id from partners where partner_id is not null)"
        for name in files
        if TABLES[name].references_partners
    )
    if unknown_partners and any(count for (count,) in con.execute(unknown_partners).fetchall()):
        return False
    for name in files:
        for column, target in TABLES[name].references:
            key = TABLES[target].key[0]
            unknown = con.execute(
                f'select count(*) from "{name}" where {column} is not null and {column} not in '
                f'(select {key} from "{target}" where {key} is not null)'
            ).fetchone()[0]
            if unknown:
                return False
    if "cams" in files:
        unknown_cams = con.execute(
            "select count(*) from partners where cam_id is not null and cam_id not in "
            "(select cam_id from cams where cam_id is not null)"
        ).fetchone()[0]
        if unknown_cams:
            return False
    return True


def _territory_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """Reference data the coverage views resolve territories with (names, codes)."""
    from queries.territories import alias_rows

    levels, aliases, codes, names = (list(column) for column in zip(*alias_rows(), strict=True))
    con.execute(
        "create or replace table territory_aliases as select unnest($levels) as geo_level, "
        "unnest($aliases) as alias, unnest($codes) as geo_code, unnest($names) as geo_name",
        {"levels": levels, "aliases": aliases, "codes": codes, "names": names},
    )


def keep_window_registrations(con: duckdb.DuckDBPyConnection, as_of, window_months: int) -> None:
    """Make int_registrations the registrations of one window, (window_start, ...], each flagged
    as the full view flags it (registrations_with_claims): for a connection that then reads
    that window's KPIs and nothing else (the command line), so the conflict check reads the
    window and the 90 days before it, not every registration ever made. It stays a view (the
    window's start a variable of the connection), so a query computes only the columns it reads.
    """
    con.execute(
        "set variable registrations_since = window_start($as_of, $w)",
        {"as_of": as_of, "w": window_months},
    )
    con.execute(
        "create or replace view int_registrations as "
        "select * from registrations_with_claims(getvariable('registrations_since'))"
    )


def load_folder(
    data_dir: Path,
    db_path: Path | None = None,
    derived_tables: tuple[str, ...] = DERIVED_TABLES,
    default_snapshots: bool = True,
    page_views: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Validate the canonical files in `data_dir`, then write them in one transaction.

    With `db_path`, the tables go to that DuckDB file (created or refreshed) and a connection to
    it is returned; otherwise they stay in the in-memory database that is returned. Of the
    parameter-free intermediates (DERIVED_TABLES), those in `derived_tables` are stored as
    tables and the others stay views, and the default date's partner snapshots are stored with
    `default_snapshots` (apply_views): a caller that reads something once (the command line's
    KPIs) pays for it once, and never for what it does not read. Without `page_views` the views
    only the pages query (PAGE_ONLY_VIEWS) are left out, and the territory names with them.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise LoadError([Problem(str(data_dir), None, "folder not found")])
    files = find_files(data_dir)
    missing = [n for n, t in TABLES.items() if not t.optional and n not in files]
    if missing:
        raise LoadError(
            [
                Problem(f"{n}.csv", None, f"required file is missing from {data_dir}")
                for n in missing
            ]
        )

    con = duckdb.connect()
    apply_views_macros_only(con)
    if not _load_typed(con, files):
        con.close()
        con = duckdb.connect()
        apply_views_macros_only(con)
        problems = _load_staged(con, files)
        if problems:
            con.close()
            raise LoadError(problems)
    if db_path is None:
        if page_views:
            _territory_aliases(con)
        apply_views(con, derived_tables, default_snapshots, () if page_views else PAGE_ONLY_VIEWS)
        return con

    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con.execute("attach $path as target", {"path": str(db_path)})
    con.execute("begin transaction")
    try:
        for name in TABLES:
            con.execute(f'create or replace table target."{name}" as select * from "{name}"')
        con.execute("use target")
        _territory_aliases(con)
        apply_views(con, derived_tables, default_snapshots)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    con.close()
    return duckdb.connect(str(db_path))


def apply_views_macros_only(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((VIEWS_DIR / "00_macros.sql").read_text())


def database_problem(db_path: Path) -> str | None:
    """Why the DuckDB file cannot be shown, as words after its name (None when it can be).

    Loads swap whole files in, so a file without the program's tables was not written by a
    finished load: an empty file, another program's database, or one left by an older version
    of this app after a refused first load.
    """
    path = Path(db_path)
    if not path.exists():
        return "does not exist"
    con = duckdb.connect()
    try:
        try:
            con.execute("attach $path as source (read_only)", {"path": str(path)})
        except duckdb.Error:
            return "is not a DuckDB database"
        return _program_missing(con, "source")
    finally:
        con.close()


def _program_missing(con: duckdb.DuckDBPyConnection, catalog: str) -> str | None:
    names = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = $catalog and table_schema = 'main'",
            {"catalog": catalog},
        ).fetchall()
    }
    missing = [n for n in ("partners", "deal_registrations", "data_extent") if n not in names]
    if missing:
        return f"holds no loaded program (no {', '.join(missing)})"
    return None


def read_in_place(db_path: Path) -> tuple[duckdb.DuckDBPyConnection | None, str | None]:
    """A read-only connection to the DuckDB file built by `load`, nothing copied and nothing
    written, checked as database_problem checks it on that one connection; or None and why the
    file cannot be shown."""
    path = Path(db_path)
    if not path.exists():
        return None, "does not exist"
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None, "is not a DuckDB database"
    (catalog,) = con.execute("select current_database()").fetchone()
    if problem := _program_missing(con, catalog):
        con.close()
        return None, problem
    return con, None


def open_database(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file built by `load` as an in-memory copy.

    The file stays the system of record and is never written by reading it; the copy holds the
    per-date partner cache (partner_snapshots) that queries fill as they run. Loads replace the
    file whole (queries/importing/store.py), so the copy is of one version, never a mix.
    """
    problem = database_problem(db_path)
    if problem:
        raise LoadError([Problem(str(db_path), None, problem)])
    con = duckdb.connect()
    con.execute("attach $path as source (read_only)", {"path": str(db_path)})
    con.execute("copy from database source to memory")
    con.execute("detach source")
    if not views_current(con):
        # Loaded by an earlier version: its loaded tables stand, what was built from them is
        # built again in the copy (the file itself is not written; loading it again stores it).
        apply_views(con)
    return con
