"""Read canonical tables from a database through SQLAlchemy, one query per table.

The Data page's database source and the command line's refresh (`load --source`) both use it.

The URL's password never leaves this module: messages show the URL with the password masked.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from queries.contract import TABLES
from queries.importing.reading import RawFile, ReadError, clean_header


def masked(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def read_tables(url: str, queries: dict[str, str]) -> list[RawFile]:
    """Run each table's query and return its rows as text frames, named after the table."""
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, SQLAlchemyError, ImportError) as error:
        raise ReadError(
            f"cannot use the database URL {masked(url)}: {type(error).__name__}"
        ) from None
    files = []
    try:
        with engine.connect() as connection:
            for table, query in queries.items():
                if not query.strip():
                    continue
                try:
                    frame = pd.read_sql(text(query), connection)
                except (SQLAlchemyError, pd.errors.DatabaseError) as error:
                    cause = error.__cause__ or error
                    reason = str(getattr(cause, "orig", cause)).splitlines()[0]
                    raise ReadError(f"{table}: the query failed ({reason})") from None
                frame = frame.astype(object).where(frame.notna(), "").astype(str)
                name = f"{table} (database)"
                frame.columns = clean_header(name, list(frame.columns))  # two columns of one name
                files.append(RawFile(name, frame))
    except SQLAlchemyError as error:
        raise ReadError(f"cannot connect to {masked(url)}: {type(error).__name__}") from None
    finally:
        engine.dispose()
    return files


def read_table_queries(path: Path) -> dict[str, str]:
    """The refresh's queries: a TOML file of `table = "select ..."`, one per canonical table."""
    try:
        entries = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ReadError(f"{path}: {error}") from None
    for table, query in entries.items():
        if table not in TABLES:
            raise ReadError(f"{path}: {table!r} is not a canonical table ({', '.join(TABLES)})")
        if not isinstance(query, str) or not query.strip():
            raise ReadError(f"{path}: {table} needs one SQL query as a string")
    return entries
