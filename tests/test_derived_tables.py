"""Every intermediate stored as a table at load holds exactly the rows its view computes."""

from __future__ import annotations

import pytest

from queries.loader import DERIVED_TABLES, load_folder
from tests.conftest import SAMPLE_DIR

# Empty in any program the contract accepts (tests/test_channel_conflicts.py fills it).
EMPTY_IN_THE_SAMPLE = {"int_unknown_claimants"}


@pytest.fixture(scope="module")
def as_views():
    """The sample program with every intermediate left a view."""
    return load_folder(SAMPLE_DIR, derived_tables=(), default_snapshots=False)


def _kind(con, name: str) -> str:
    (tables,) = con.execute(
        "select count(*) from duckdb_tables() where table_name = $name", {"name": name}
    ).fetchone()
    return "table" if tables else "view"


@pytest.mark.parametrize("name", DERIVED_TABLES)
def test_the_stored_table_holds_what_its_view_computes(sample_con, as_views, name):
    assert (_kind(sample_con, name), _kind(as_views, name)) == ("table", "view")
    stored = sample_con.execute(f'select * from "{name}"').fetchall()
    computed = as_views.execute(f'select * from "{name}"').fetchall()
    columns = [row[0] for row in sample_con.execute(f'describe "{name}"').fetchall()]
    assert columns == [row[0] for row in as_views.execute(f'describe "{name}"').fetchall()]
    assert len(stored) > 0 or name in EMPTY_IN_THE_SAMPLE
    assert sorted(stored, key=repr) == sorted(computed, key=repr)
