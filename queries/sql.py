"""Run the named, parameterised SELECTs of queries/sql/ on a DuckDB connection."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from queries.filters import Filters

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def read_sql(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if path.parent != SQL_DIR or not path.exists():
        raise KeyError(f"no query named {name!r}")
    return path.read_text()


def fetch(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run one named query on its own cursor; every value travels as a bound parameter."""
    sql = read_sql(name)
    cursor = con.cursor()
    try:
        used = {k: v for k, v in (params or {}).items() if f"${k}" in sql}
        return cursor.execute(sql, used).df()
    finally:
        cursor.close()


def default_as_of(con: duckdb.DuckDBPyConnection):
    """The latest registration or close in the data (PRODUCT.md section 4)."""
    value = fetch(con, "data_extent").loc[0, "default_as_of"]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def resolve(con: duckdb.DuckDBPyConnection, filters: Filters) -> Filters:
    """Fill in the default as_of when the filters leave it open."""
    if filters.as_of is not None:
        return filters
    as_of = default_as_of(con)
    if as_of is None:
        raise ValueError("the data holds no deal registrations, so there is no default as_of")
    return filters.with_as_of(as_of)


def fetch_for(
    con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **options: object
) -> pd.DataFrame:
    """A named query for the filters, plus query-specific options (such as a dimension)."""
    return fetch(con, name, {**resolve(con, filters).params(), **options})
