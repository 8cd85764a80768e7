"""The app's data access: one cached DuckDB connection and cached, filter-keyed query results.

The source is the built-in sample program, loaded in memory, unless CHANNEL_DB names a DuckDB file
built with `python -m queries load` (or CHANNEL_DATA a folder of canonical files).

Every query here runs within the session's scope (queries/access.py): a signed-in CAM's filters
are narrowed to their partners whatever the page passes, so a page cannot forget the scope.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import access, sql
from queries.filters import Filters
from queries.importing import store
from queries.loader import database_problem, load_folder, open_database

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
STATE_DIR = Path(__file__).resolve().parent.parent / ".state"


def working_db() -> Path:
    """The DuckDB file the Data page loads into (CHANNEL_DB, or a file of the project's own)."""
    path = os.environ.get("CHANNEL_DB") or os.environ.get("CHANNEL_WORKING_DB")
    return Path(path) if path else STATE_DIR / "channel.duckdb"


def _stamp(path: Path) -> str | None:
    """Identity of the file now at `path`: a load swaps in a new file (a new inode)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}.{stat.st_mtime_ns}.{stat.st_size}"


_versions: dict[tuple[str, str], int] = {}


def _inspect(path: str, stamp: str) -> tuple[str | None, int]:
    """Why the file cannot be shown (or None), and the version it holds.

    A file that can be shown is looked at once; one that cannot is looked at again on every
    run, so a passing failure (a file still being copied in by hand) is not remembered.
    """
    if (path, stamp) in _versions:
        return None, _versions[(path, stamp)]
    problem = database_problem(Path(path))
    if problem:
        return problem, 0
    if len(_versions) > 64:
        _versions.clear()
    version = _versions[(path, stamp)] = store.current_version(Path(path))
    return None, version


def _configured_db() -> Path | None:
    """The DuckDB file the app should show, when there is one to show."""
    if os.environ.get("CHANNEL_DB") or (
        not os.environ.get("CHANNEL_DATA") and working_db().exists()
    ):
        return working_db().resolve()
    return None


def source_problem() -> str | None:
    """Why the configured DuckDB file is not shown (the pages then show the sample), or None."""
    path = _configured_db()
    if path is None:
        return None
    stamp = _stamp(path)
    problem = database_problem(path) if stamp is None else _inspect(str(path), stamp)[0]
    return f"{path} {problem}" if problem else None


def data_source() -> str:
    """A plain string naming the data, used as the cache key of the connection.

    For a DuckDB file it carries the file's identity and version, so a load or a rollback
    reaches every session, of this server or any other on the same file, on its next run. A
    file that holds no loaded program is passed over (source_problem says why).
    """
    path = _configured_db()
    if path is not None:
        stamp = _stamp(path)
        if stamp is not None:
            problem, version = _inspect(str(path), stamp)
            if problem is None:
                return f"db:{path}@{stamp}@v{version}"
    if os.environ.get("CHANNEL_DATA"):
        return f"data:{Path(os.environ['CHANNEL_DATA']).resolve()}"
    return f"data:{SAMPLE_DIR}"


@st.cache_resource(show_spinner="Loading the channel data…", max_entries=4)
def connection(source: str) -> duckdb.DuckDBPyConnection:
    kind, _, location = source.partition(":")
    if kind == "db":
        path, _, version = location.rsplit("@", 2)
        # The version's own copy never changes, so a connection made again after eviction
        # holds the same data as the one it replaces, even when a load swapped the file since.
        kept = store.version_file(Path(path), int(version.removeprefix("v")))
        return open_database(kept if kept.exists() else Path(path))
    return load_folder(Path(location))


def in_session_scope(filters: Filters) -> Filters:
    """The filters narrowed to what this session's person may see."""
    scope = access.session_scope()
    return filters if scope is None else replace(filters, scope=scope)


def query(source: str, name: str, filters: Filters, **options: object) -> pd.DataFrame:
    """One named query for one set of filters; callers must not mutate the frame."""
    return _query(source, name, in_session_scope(filters), **options)


@st.cache_data(show_spinner=False)
def _query(source: str, name: str, filters: Filters, **options: object) -> pd.DataFrame:
    return sql.fetch_for(connection(source), name, filters, **options)


def plain_query(source: str, name: str) -> pd.DataFrame:
    """A named query that takes no filters (filter options, partner labels, data extent)."""
    return _plain_query(source, name, access.session_scope())


@st.cache_data(show_spinner=False)
def _plain_query(source: str, name: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    return sql.fetch_in_scope(connection(source), name, scope)


# Cleared as the cached functions they front (tests do, between reads of a changing file).
query.clear = _query.clear  # type: ignore[attr-defined]
plain_query.clear = _plain_query.clear  # type: ignore[attr-defined]


@st.cache_data(show_spinner=False)
def default_as_of(source: str) -> date | None:
    return sql.default_as_of(connection(source))


@st.cache_data(show_spinner=False)
def loaded_tables(source: str) -> frozenset[str]:
    """The contract's tables that hold at least one row in this program."""
    counts = sql.fetch(connection(source), "program_tables")
    return frozenset(counts.loc[counts.row_count > 0, "table_name"])


def resolved_as_of(source: str, filters: Filters) -> date | None:
    """The as-of date a query with these filters reports on."""
    return filters.as_of or default_as_of(source)


def warm(source: str) -> None:
    """Compute what every session's first run reads, before any session asks for it: the
    connection (the load, its derived tables and default snapshots), the default as-of date,
    the global filters' options and which tables the program holds."""
    connection(source)
    default_as_of(source)
    plain_query(source, "filter_options")
    loaded_tables(source)
