"""Load a folder of canonical CSV/XLSX files into DuckDB, all or nothing.

Files are read as text, checked against the contract (queries/contract.py) in a scratch
in-memory database, and only when every check passes are the typed tables written, in one
transaction, to the target. A failed load leaves the target exactly as it was.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from queries.contract import CLAIM_STATUSES, DEAL_STATUSES, TABLES, Column, Table
from queries.importing import reading
from queries.territories import territory_aliases

VIEWS_DIR = Path(__file__).resolve().parent / "views"
MAX_EXAMPLES = 5


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


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the macros, staging views and marts, in file-name order."""
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(path.read_text())


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
        text, encoding = reading.decode(handle.read(1 << 16))
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
        clean = column.strip().lower().lstrip("\ufeff")
        if clean != column:
            con.execute(f'alter table "{scratch}" rename column "{column}" to "{clean}"')


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


def _check_table(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> list[Problem]:
    scratch = f"load_{table.name}"
    present = {r[0] for r in con.execute(f'describe "{scratch}"').fetchall()}
    missing = [c for c in table.required_columns if c not in present and not table.exempt(c)]
    if missing:
        return [Problem(path.name, c, "required column is missing") for c in missing]

    problems = []
    for column in table.columns:
        raw = f"nullif(trim(\"{column.name}\"), '')" if column.name in present else "null"
        if column.required:
            # An exempt row may leave it empty (the amount of an open registration).
            exempt = table.exempt(column.name)
            spared = (
                f" and not list_contains($exempt, coalesce(lower(trim(\"{exempt[0]}\")), ''))"
                if exempt and exempt[0] in present
                else ""
            )
            lines, _ = _examples(
                con,
                f'select _line, null from "{scratch}" where {raw} is null{spared}',
                {"exempt": list(exempt[1])} if spared else None,
            )
            if lines:
                problems.append(Problem(path.name, column.name, "required value is empty", lines))
        if column.name not in present:
            continue
        if column.kind != "text":
            cast = _cast_expression(column, True).rsplit(" as ", 1)[0]
            lines, values = _examples(
                con,
                f'select _line, "{column.name}" from "{scratch}" '
                f"where {raw} is not null and {cast} is null",
            )
            if lines:
                problems.append(
                    Problem(path.name, column.name, f"cannot read as {column.kind}", lines, values)
                )
    if table.key:
        key = ", ".join(f'"{k}"' for k in table.key)
        lines, values = _examples(
            con,
            f"select _line, concat_ws(' / ', {key}) from ("
            f'select _line, {key}, count(*) over (partition by {key}) as n from "{scratch}"'
            ") where n > 1",
        )
        if lines:
            problems.append(Problem(path.name, "/".join(table.key), "duplicate key", lines, values))
    vocab = {"deal_registrations": DEAL_STATUSES, "mdf_claims": CLAIM_STATUSES}.get(table.name)
    if vocab:
        lines, values = _examples(
            con,
            f'select _line, status from "{scratch}" '
            "where status is not null and not list_contains($vocab, lower(trim(status)))",
            {"vocab": list(vocab)},
        )
        if lines:
            problems.append(
                Problem(
                    path.name,
                    "status",
                    f"unknown status (expected one of {', '.join(vocab)})",
                    lines,
                    values,
                )
            )
    return problems


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
    return f'select {columns} from "load_{table.name}" order by _line'


def load_folder(data_dir: Path, db_path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Validate the canonical files in `data_dir`, then write them in one transaction.

    With `db_path`, the tables go to that DuckDB file (created or refreshed) and a connection to
    it is returned; otherwise they stay in the in-memory database that is returned.
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

    scratch = duckdb.connect()
    apply_views_macros_only(scratch)
    problems: list[Problem] = []
    for name, path in files.items():
        try:
            _read_text_table(scratch, name, path)
        except reading.ReadError as exc:  # its message names the file
            problems.append(
                Problem(path.name, None, str(exc).removeprefix(path.name).lstrip(":, "))
            )
            continue
        except (duckdb.Error, ValueError, OSError) as exc:
            reason = str(exc).strip().splitlines()[0]
            problems.append(Problem(path.name, None, f"cannot read the file ({reason})"))
            continue
        problems += _check_table(scratch, TABLES[name], path)
    if not problems:
        problems += _check_references(scratch, files)
    if problems:
        scratch.close()
        raise LoadError(problems)

    if db_path is not None:
        db_path = Path(db_path)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        scratch.execute("attach $path as target", {"path": str(db_path)})
        catalog = "target."
    else:
        catalog = ""
    scratch.execute("begin transaction")
    try:
        for name, table in TABLES.items():
            scratch.execute(
                f"create or replace table {catalog}{name} as "
                + _typed_select(scratch, table, name in files)
            )
        # Reference data the coverage views resolve territories with (names, codes).
        scratch.register("aliases_frame", territory_aliases())
        scratch.execute(
            f"create or replace table {catalog}territory_aliases as select * from aliases_frame"
        )
        scratch.unregister("aliases_frame")
        if db_path is not None:
            scratch.execute("use target")
        apply_views(scratch)
        scratch.execute("commit")
    except Exception:
        scratch.execute("rollback")
        raise
    if db_path is None:
        return scratch
    scratch.close()
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
        names = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'source' and table_schema = 'main'"
            ).fetchall()
        }
    finally:
        con.close()
    missing = [n for n in ("partners", "deal_registrations", "data_extent") if n not in names]
    if missing:
        return f"holds no loaded program (no {', '.join(missing)})"
    return None


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
    return con
