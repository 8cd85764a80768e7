"""Versioned loads into the app's DuckDB file, swapped in whole, with a history to roll back to.

The file the app reads is never written in place. A load or a rollback builds the next version
in a file beside it (`<db>.next`), keeps a copy under `<db>.versions/v<N>.duckdb`, and then
renames it over the file (os.replace, atomic on one filesystem). A reader, in this or any
other process or app server, opens either the old file or the new one, whole, and never meets
the writer's lock. A load that is refused or fails removes its scratch file: the database is
exactly as it was, a first load included.

One load at a time: the load lock (queries/importing/lock.py) refuses a second writer with
who holds it and since when.

History: the last KEEP versions can be restored, and so can always the version of the newest
load, however many rollbacks follow it (a rollback copies a version; only a successful load
replaces the data). A load that would change nothing is refused, so it cannot push good
versions out of the history.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from queries.contract import TABLES
from queries.importing.lock import LoadBusy as LoadBusy
from queries.importing.lock import LoadLock
from queries.importing.pipeline import TableResult
from queries.importing.plan import (
    LoadPlan,
    after_select,
    count_change,
    empty_select,
    mode_for,
    typed_select,
)
from queries.loader import apply_views
from queries.territories import territory_aliases

KEEP = 10
HISTORY_COLUMNS = ["version", "loaded_at", "action", "source", "files", "row_counts"]
HISTORY_SCHEMA = (
    "(version integer, loaded_at timestamp, action varchar, source varchar, files varchar, "
    "row_counts varchar)"
)


class LoadRefused(ValueError):
    """The load cannot be written (for example, a first load without partners)."""


@dataclass(frozen=True)
class LoadOutcome:
    version: int
    plan: LoadPlan | None = None
    dropped: list[int] = field(default_factory=list)

    def retention_note(self) -> str:
        """Which versions the history no longer keeps, in words ('' when none)."""
        if not self.dropped:
            return ""
        listed = ", ".join(str(v) for v in self.dropped)
        noun = "version" if len(self.dropped) == 1 else "versions"
        return (
            f"the history keeps the last {KEEP} versions, so {noun} {listed} can no longer "
            "be restored"
        )


def load_lock(db_path: Path) -> LoadLock:
    """Hold the database's load lock across several steps (raises LoadBusy)."""
    return LoadLock(Path(db_path))


def versions_dir(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".versions")


def version_file(db_path: Path, version: int) -> Path:
    return versions_dir(db_path) / f"v{version}.duckdb"


def _scratch(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".next")


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def _current(db_path: Path):
    """A read-only look at the current file: (connection with it attached as `current`, tables).

    Yields (connection, None) when there is no file yet or an empty one. Any other file that
    DuckDB cannot open is refused: it is not ours to overwrite.
    """
    con = duckdb.connect()
    try:
        path = Path(db_path)
        if not path.exists() or path.stat().st_size == 0:
            yield con, None
            return
        try:
            con.execute("attach $path as current (read_only)", {"path": str(path)})
        except duckdb.Error as error:
            raise LoadRefused(
                f"{path} is not a DuckDB database this app can read ({error}); move it away "
                "to load into this path"
            ) from None
        rows = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = 'current'"
        ).fetchall()
        tables: dict[str, set[str]] = {}
        for schema, table, column in rows:
            tables.setdefault(f"{schema}.{table}", set()).add(column)
        yield con, tables
    finally:
        con.close()


def _version(con: duckdb.DuckDBPyConnection, tables: dict | None) -> int:
    if not tables or "main.load_history" not in tables:
        return 0
    return con.execute("select coalesce(max(version), 0) from current.load_history").fetchall()[0][
        0
    ]


def _current_select(table: str, tables: dict | None, schema_table: str | None = None) -> str | None:
    """The current rows of `table` in contract types, or None when the file has no such table."""
    name = schema_table or f"main.{table}"
    if not tables or name not in tables:
        return None
    schema, relation = name.split(".", 1)
    return typed_select(table, f'current."{schema}"."{relation}"', tables[name])


def _columnar(table: str, accepted: pd.DataFrame) -> pd.DataFrame:
    """Accepted rows in column types DuckDB reads fast (no per-cell Python objects)."""
    frame = pd.DataFrame(index=accepted.index)
    for column in TABLES[table].columns:
        if column.name in accepted:
            values = accepted[column.name]
        else:  # no rows, or a column nobody mapped
            values = pd.Series(None, index=accepted.index, dtype=object)
        if column.kind in ("date", "quarter"):
            frame[column.name] = pd.to_datetime(values, errors="coerce")
        elif column.kind in ("number", "integer"):
            frame[column.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            frame[column.name] = values.astype("string")
    return frame


def _register(con: duckdb.DuckDBPyConnection, results: dict[str, TableResult]) -> dict[str, str]:
    """Register each table's accepted rows; returns the typed SELECT of each."""
    selects = {}
    for name, result in results.items():
        con.register(f"incoming_{name}", _columnar(name, result.accepted))
        selects[name] = typed_select(name, f"incoming_{name}")
    return selects


def _plan(
    con: duckdb.DuckDBPyConnection,
    tables: dict | None,
    results: dict[str, TableResult],
    modes: dict[str, str] | None,
) -> LoadPlan:
    for required in ("partners", "deal_registrations"):
        if required not in results and _current_select(required, tables) is None:
            raise LoadRefused(f"the first load needs {required}")
    incoming = _register(con, results)
    changes = {
        name: count_change(
            con, name, mode_for(modes, name), _current_select(name, tables), incoming[name]
        )
        for name in TABLES
        if name in results
    }
    return LoadPlan(_version(con, tables), changes)


def plan_load(
    db_path: Path, results: dict[str, TableResult], modes: dict[str, str] | None = None
) -> LoadPlan:
    """What the load would leave in each table, without writing anything."""
    with _current(db_path) as (con, tables):
        return _plan(con, tables, results, modes)


def write_load(
    db_path: Path,
    results: dict[str, TableResult],
    source: str,
    modes: dict[str, str] | None = None,
    *,
    allow_shrink: bool = False,
    plan: LoadPlan | None = None,
) -> LoadOutcome:
    """Write the accepted rows as a new version and swap it in.

    `modes` maps a table (or "*" for all) to "upsert" or "replace"; upsert is the default.
    `plan` is the plan the analyst saw (plan_load with the same results and modes); without
    it the plan is worked out here. Refused (LoadRefused, nothing written) when the load
    would change nothing, when it would leave fewer than half of a table's rows and
    `allow_shrink` is not given, and when another version was written since `plan`.
    """
    db_path = Path(db_path)
    with LoadLock(db_path), _current(db_path) as (con, tables):
        _migrate_legacy_history(db_path, con, tables)
        if plan is None:
            plan = _plan(con, tables, results, modes)
        else:
            current = _version(con, tables)
            if current != plan.base_version:
                raise LoadRefused(
                    f"version {current} was written after this report was made against "
                    f"version {plan.base_version}; check the files again"
                )
            modes = {name: change.mode for name, change in plan.changes.items()}
            _register(con, results)
        if plan.changes_nothing:
            raise LoadRefused(
                "the files add no rows and change none"
                + (f": version {plan.base_version} already holds them" if plan.base_version else "")
            )
        if plan.shrinking and not allow_shrink:
            raise LoadRefused(
                "; ".join(
                    f"{c.table} would go from {c.before:,} to {c.after:,} rows"
                    for c in plan.shrinking
                )
                + ": confirm to load it anyway"
            )
        selects = {}
        for name in TABLES:
            current = _current_select(name, tables)
            if name in results:
                incoming = typed_select(name, f"incoming_{name}")
                selects[name] = after_select(name, mode_for(modes, name), current, incoming)
            else:
                selects[name] = current or empty_select(name)
        version = plan.base_version + 1
        counts = {name: change.after for name, change in plan.changes.items()}
        files = [r.source for r in results.values()]
        _build(db_path, con, tables, selects, version, "load", source, files, counts)
        kept_load = version
    dropped = _retain(db_path, version, kept_load)
    return LoadOutcome(version, plan, dropped)


def rollback(db_path: Path, version: int) -> LoadOutcome:
    """Restore the tables of `version` as a new version; returns its outcome."""
    db_path = Path(db_path)
    with LoadLock(db_path), _current(db_path) as (con, tables):
        _migrate_legacy_history(db_path, con, tables)
        current = _version(con, tables)
        if version == current:
            raise LoadRefused(f"version {version} is the current version")
        source = version_file(db_path, version)
        if not source.exists():
            raise LoadRefused(
                f"version {version} is no longer kept (the history keeps the last {KEEP} "
                "versions and the newest load)"
            )
        try:
            con.execute("attach $path as restored (read_only)", {"path": str(source)})
        except duckdb.Error as error:
            raise LoadRefused(f"the copy of version {version} cannot be read ({error})") from None
        restored = {
            t: set()
            for (t,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'restored' and table_schema = 'main'"
            ).fetchall()
        }
        selects = {
            name: typed_select(name, f'restored.main."{name}"')
            if name in restored
            else empty_select(name)
            for name in TABLES
        }
        counts = {
            name: con.execute(f"select count(*) from ({selects[name]})").fetchall()[0][0]
            for name in TABLES
        }
        new = current + 1
        action = f"rollback to version {version}"
        _build(db_path, con, tables, selects, new, action, "", [], counts)
        con.execute("detach restored")
        newest_load = _newest_load(db_path)
    return LoadOutcome(new, None, _retain(db_path, new, newest_load))


def _build(
    db_path: Path,
    con: duckdb.DuckDBPyConnection,
    tables: dict | None,
    selects: dict[str, str],
    version: int,
    action: str,
    source: str,
    files: list[str],
    counts: dict[str, int],
    target: Path | None = None,
) -> None:
    """Write a complete version file from `selects` and put it in place (or at `target`)."""
    scratch = _scratch(db_path) if target is None else target.with_name(target.name + ".part")
    _remove(scratch)
    try:
        con.execute("attach $path as next", {"path": str(scratch)})
        # One transaction: a commit per statement would write and sync the file each time.
        con.execute("begin transaction")
        try:
            _fill(con, tables, selects, version, action, source, files, counts)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            con.execute("use memory")
            con.execute("detach next")
        if target is not None:
            os.replace(scratch, target)
            return
        _publish(db_path, scratch, version)
    except BaseException:
        _remove(scratch)
        raise


def _fill(
    con: duckdb.DuckDBPyConnection,
    tables: dict | None,
    selects: dict[str, str],
    version: int,
    action: str,
    source: str,
    files: list[str],
    counts: dict[str, int],
) -> None:
    """Tables, load history, reference data and views of one version, into catalog `next`."""
    for name in TABLES:
        con.execute(f'create table next."{name}" as {selects[name]}')
    con.execute(f"create table next.load_history {HISTORY_SCHEMA}")
    if tables and "main.load_history" in tables:
        con.execute(
            "insert into next.load_history select * from current.load_history where version < $v",
            {"v": version},
        )
    con.execute(
        "insert into next.load_history values ($v, $at, $action, $source, $files, $counts)",
        {
            "v": version,
            "at": datetime.now(UTC).replace(tzinfo=None),
            "action": action,
            "source": source,
            "files": ", ".join(files),
            "counts": json.dumps(counts),
        },
    )
    con.register("aliases_frame", territory_aliases())
    con.execute("create table next.territory_aliases as select * from aliases_frame")
    con.unregister("aliases_frame")
    con.execute("use next")
    apply_views(con)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(db_path: Path, scratch: Path, version: int) -> None:
    """Keep a copy of the finished file as the version, then swap it in."""
    kept = version_file(db_path, version)
    kept.parent.mkdir(parents=True, exist_ok=True)
    part = kept.with_name(kept.name + ".part")
    shutil.copyfile(scratch, part)
    _fsync(part)
    os.replace(part, kept)
    _fsync(scratch)
    # A write-ahead log left by a crashed in-place writer belongs to the old file, not this one.
    Path(db_path).with_name(Path(db_path).name + ".wal").unlink(missing_ok=True)
    os.replace(scratch, db_path)
    _fsync(Path(db_path).parent)


def _kept_versions(db_path: Path) -> list[int]:
    folder = versions_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(int(p.stem[1:]) for p in folder.glob("v*.duckdb") if p.stem[1:].isdigit())


def _newest_load(db_path: Path) -> int | None:
    frame = history(db_path)
    loads = frame[frame.action == "load"].version
    return int(loads.max()) if len(loads) else None


def _retain(db_path: Path, newest: int, newest_load: int | None) -> list[int]:
    """Drop version files beyond the last KEEP, never the newest load's; returns those dropped."""
    keep = set(range(newest - KEEP + 1, newest + 1)) | {newest_load}
    dropped = [v for v in _kept_versions(db_path) if v not in keep]
    for v in dropped:
        _remove(version_file(db_path, v))
    return dropped


def _migrate_legacy_history(db_path: Path, con: duckdb.DuckDBPyConnection, tables) -> None:
    """Files written before version files kept each version in a `history` schema: copy out."""
    if not tables:
        return
    legacy = sorted(
        {
            int(name.split(".", 1)[1][1:].split("_", 1)[0])
            for name in tables
            if name.startswith("history.v") and name.endswith("_partners")
        }
    )
    for version in legacy:
        target = version_file(db_path, version)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        selects = {
            name: _current_select(name, tables, f"history.v{version}_{name}") or empty_select(name)
            for name in TABLES
        }
        rows = con.execute(
            "select action, source, files, row_counts from current.load_history where version = $v",
            {"v": version},
        ).fetchall()
        action, source, files, counts = rows[0] if rows else ("load", "", "", "{}")
        _build(
            db_path,
            con,
            tables,
            selects,
            version,
            action,
            source,
            [files] if files else [],
            json.loads(counts),
            target=target,
        )


def current_version(db_path: Path) -> int:
    """The version the file holds (0 when none was loaded through this store)."""
    try:
        with _current(db_path) as (con, tables):
            return _version(con, tables)
    except LoadRefused:
        return 0


def known_partners(db_path: Path) -> set[str]:
    return _known_keys(db_path, "partners")


def known_programs(db_path: Path) -> set[str]:
    """The incentive programs loaded now, which payments may name."""
    return _known_keys(db_path, "incentive_programs")


def _known_keys(db_path: Path, table: str) -> set[str]:
    key = TABLES[table].key[0]
    try:
        with _current(db_path) as (con, tables):
            select = _current_select(table, tables)
            if select is None:
                return set()
            return {r[0] for r in con.execute(f"select {key} from ({select})").fetchall()}
    except LoadRefused:
        return set()


def history(db_path: Path) -> pd.DataFrame:
    """Every version, newest first, and whether it can still be restored."""
    try:
        with _current(db_path) as (con, tables):
            if not tables or "main.load_history" not in tables:
                frame = pd.DataFrame(columns=HISTORY_COLUMNS)
            else:
                frame = con.execute("select * from current.load_history order by version desc").df()
    except LoadRefused:
        frame = pd.DataFrame(columns=HISTORY_COLUMNS)
    kept = set(_kept_versions(db_path))
    frame["restorable"] = frame.version.map(lambda v: int(v) in kept).astype(bool)
    return frame
