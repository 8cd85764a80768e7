"""The CLI's write path: load modes, the report before writing, refusals, history and rollback.

Run in-process through `cli.main` (the subprocess tests are in test_loads_concurrent.py).
"""

from __future__ import annotations

import contextlib
import io
import shutil

import duckdb
import pytest

from queries import cli
from queries.importing import store
from tests.conftest import deal, small_program, write_program


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def deals_in(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from deal_registrations").fetchone()[0]
    finally:
        con.close()


def month(tmp_path, name: str, rows: list[dict]):
    """A folder holding one month of deal registrations of the small program's partners."""
    return write_program(tmp_path / name, {"deal_registrations": rows})


@pytest.fixture(scope="module")
def first_version(tmp_path_factory):
    """The small program loaded once as version 1 (each test gets a copy)."""
    folder = tmp_path_factory.mktemp("v1")
    db = folder / "channel.duckdb"
    program = write_program(folder / "program", small_program())
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["load", "--data", str(program), "--db", str(db)])
    assert code == 0
    assert "deal_registrations: 0 deal registrations → 9: 9 new, 0 updated" in out.getvalue()
    return db


@pytest.fixture
def loaded(first_version, tmp_path):
    db = tmp_path / "channel.duckdb"
    shutil.copyfile(first_version, db)
    shutil.copytree(store.versions_dir(first_version), store.versions_dir(db))
    return db


def test_a_monthly_file_adds_to_the_history_by_default(loaded, tmp_path, capsys):
    july = month(
        tmp_path,
        "july",
        [
            deal("D10", "P1", "2026-07-02", "submitted", 400),  # new
            deal("D8", "P9", "2026-06-30", "won", 50, "2026-07-10"),  # D8 was submitted: updated
        ],
    )
    code, out, _ = run(capsys, "load", "--data", str(july), "--db", str(loaded))
    assert code == 0
    assert (
        "deal_registrations: 9 deal registrations → 10: 1 new, 1 updated "
        "(add or update by deal_id)" in out
    )
    assert "as version 2" in out
    assert deals_in(loaded) == 10


def test_replace_that_would_halve_a_table_needs_yes(loaded, tmp_path, capsys):
    july = month(tmp_path, "july", [deal("D10", "P1", "2026-07-02", "submitted", 400)])
    args = ["load", "--data", str(july), "--db", str(loaded), "--mode", "replace"]
    code, out, err = run(capsys, *args)
    assert code == 2
    # The report says what the table would hold before refusing: 9 → 1, D10 new, 9 removed.
    assert "9 deal registrations → 1: 1 new, 0 updated, 9 removed (replace)" in out
    assert "fewer than half the rows of deal_registrations; nothing was written" in err
    assert "--yes" in err
    assert deals_in(loaded) == 9
    code, out, _ = run(capsys, *args, "--yes")
    assert code == 0
    assert deals_in(loaded) == 1


def test_mode_per_table(loaded, tmp_path, capsys):
    tables = small_program()
    folder = write_program(
        tmp_path / "two",
        {
            "partners": tables["partners"][:8],  # P9 and P10 left out
            "deal_registrations": [deal("D10", "P1", "2026-07-02", "submitted", 400)],
        },
    )
    code, out, err = run(
        capsys,
        "load",
        "--data",
        str(folder),
        "--db",
        str(loaded),
        "--mode",
        "replace",
        "--mode",
        "deal_registrations=upsert",
    )
    assert code == 0, err
    assert "partners: 10 partners → 8: 0 new, 0 updated, 8 unchanged, 2 removed (replace)" in out
    assert "deal_registrations: 9 deal registrations → 10: 1 new" in out
    assert deals_in(loaded) == 10


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("merge", "unknown load mode 'merge' (expected upsert or replace)"),
        ("deals=upsert", "unknown table 'deals' in --mode"),
    ],
)
def test_an_unknown_mode_or_table_is_named(small_program_dir, tmp_path, capsys, mode, message):
    db = tmp_path / "channel.duckdb"
    code, _, err = run(
        capsys, "load", "--data", str(small_program_dir), "--db", str(db), "--mode", mode
    )
    assert code == 2
    assert message in err
    assert not db.exists()


def test_eleven_empty_loads_then_a_rollback_to_version_1(loaded, tmp_path, capsys):
    july = month(tmp_path, "july", [deal("D10", "P1", "2026-07-02", "submitted", 400)])
    assert run(capsys, "load", "--data", str(july), "--db", str(loaded))[0] == 0  # v2
    # The same month again adds nothing (a folder naming no table is refused before this:
    # tests/test_import_hostile.py).
    for _ in range(11):
        code, _, err = run(capsys, "load", "--data", str(july), "--db", str(loaded))
        assert code == 2
        assert "the files add no rows and change none: version 2 already holds them" in err
    code, out, _ = run(capsys, "history", "--db", str(loaded))
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["v2", "v1"]
    code, out, err = run(capsys, "rollback", "--db", str(loaded), "--to", "1")
    assert code == 0, err
    assert f"restored version 1 of {loaded} as version 3" in out
    assert deals_in(loaded) == 9


def test_rollback_to_a_version_no_longer_kept_is_one_line(loaded, capsys):
    code, _, err = run(capsys, "rollback", "--db", str(loaded), "--to", "7")
    assert code == 2
    assert err.startswith("error: version 7 is no longer kept")
    assert "Traceback" not in err


def test_first_load_without_partners_leaves_no_file(tmp_path, capsys):
    folder = month(tmp_path, "deals", [deal("D1", "P1", "2026-07-02", "submitted", 400)])
    db = tmp_path / "new.duckdb"
    code, _, err = run(capsys, "load", "--data", str(folder), "--db", str(db))
    assert code == 2
    assert "partners" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deals"]
