"""The app's data access: one cached DuckDB connection and cached, filter-keyed query results.

The source is the built-in sample program, loaded in memory, unless CHANNEL_DB names a DuckDB file
built with `python -m queries load` (or CHANNEL_DATA a folder of canonical files).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import sql
from queries.filters import Filters
from queries.loader import load_folder, open_database

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
STATE_DIR = Path(__file__).resolve().parent.parent / ".state"


def working_db() -> Path:
    """The DuckDB file the Data page loads into (CHANNEL_DB, or a file of the project's own)."""
    path = os.environ.get("CHANNEL_DB") or os.environ.get("CHANNEL_WORKING_DB")
    return Path(path) if path else STATE_DIR / "channel.duckdb"


def data_source() -> str:
    """A plain string naming the data, used as the cache key of the connection.

    For a DuckDB file it carries the file's modification time, so a load or a rollback reaches
    every session on its next run.
    """
    if os.environ.get("CHANNEL_DB") or (
        not os.environ.get("CHANNEL_DATA") and working_db().exists()
    ):
        path = working_db().resolve()
        stamp = path.stat().st_mtime_ns if path.exists() else 0
        return f"db:{path}@{stamp}"
    if os.environ.get("CHANNEL_DATA"):
        return f"data:{Path(os.environ['CHANNEL_DATA']).resolve()}"
    return f"data:{SAMPLE_DIR}"


@st.cache_resource(show_spinner="Loading the channel data…")
def connection(source: str) -> duckdb.DuckDBPyConnection:
    kind, _, location = source.partition(":")
    if kind == "db":
        return open_database(Path(location.rsplit("@", 1)[0]))
    return load_folder(Path(location))


@st.cache_data(show_spinner=False)
def query(source: str, name: str, filters: Filters, **options: object) -> pd.DataFrame:
    """One named query for one set of filters; callers must not mutate the frame."""
    return sql.fetch_for(connection(source), name, filters, **options)


@st.cache_data(show_spinner=False)
def plain_query(source: str, name: str) -> pd.DataFrame:
    """A named query that takes no filters (filter options, data extent)."""
    return sql.fetch(connection(source), name)


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
