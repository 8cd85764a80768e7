"""A DuckDB file loaded by an earlier version still opens, with this version's numbers.

Such a file holds the views, macros, derived tables and partner snapshots of the version that
loaded it; the pages of this one read macros and snapshot columns it may not have. Opening it
builds them again in the in-memory copy, and leaves the file as it was.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from queries import sql
from queries.filters import Filters
from queries.loader import VIEWS_BUILT, open_database, views_current
from tests.conftest import loaded_file, small_program, write_program
from tests.test_cli import run_cli

SLICES = [Filters(), Filters(tiers=("Gold",)), Filters(window_months=6)]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """This version's file, and a copy made to look as an earlier version left it."""
    folder = write_program(tmp_path_factory.mktemp("older") / "program", small_program())
    current = loaded_file(folder)
    older = shutil.copy(current, current.with_name("older.duckdb"))
    with duckdb.connect(str(older)) as con:
        con.execute(f"drop table {VIEWS_BUILT}")  # versions before the record
        con.execute("drop macro table headline_forecast")  # a macro added since
        con.execute("alter table partner_snapshots drop column partner_sourced_amount")
    return current, older


def test_a_file_of_this_version_is_current(files):
    current, _ = files
    with duckdb.connect(str(current), read_only=True) as con:
        assert views_current(con)


@pytest.mark.parametrize("filters", SLICES, ids=["default", "gold", "six-months"])
def test_an_older_file_opens_with_this_versions_numbers(files, filters):
    current, older = files
    fresh, upgraded = open_database(current), open_database(older)
    assert views_current(upgraded)
    for name in ("headline_kpis", "headline_forecast", "dark_partner_list"):
        expected = sql.fetch_for(fresh, name, sql.resolve(fresh, filters))
        got = sql.fetch_for(upgraded, name, sql.resolve(upgraded, filters))
        assert got.equals(expected), name


def test_the_command_line_reads_an_older_file_and_leaves_it_as_it_was(files):
    current, older = files
    before = older.read_bytes()
    done, expected = run_cli("kpis", "--db", str(older)), run_cli("kpis", "--db", str(current))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(expected.stdout)
    assert older.read_bytes() == before
    with duckdb.connect(str(older), read_only=True) as con:
        assert not views_current(con)
