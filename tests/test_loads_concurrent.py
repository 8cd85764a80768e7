"""Loads while the app reads, and loads at the same time, in separate processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from queries import cli, db, sql
from queries.importing import store
from tests.conftest import ROOT, small_program, write_program

GENERATOR = ROOT / "sample_data" / "generate.py"


def cli_load(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "queries", "load", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def count(path, table: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def larger_program(tmp_path_factory):
    """A generated program big enough that a load takes seconds: (folder, registrations)."""
    folder = tmp_path_factory.mktemp("larger")
    size = ("--partners", "1000", "--registrations", "40000", "--seed", "3")
    subprocess.run(
        [sys.executable, str(GENERATOR), *size, "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    rows = sum(1 for _ in (folder / "deal_registrations.csv").open()) - 1
    return folder, rows


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "channel.duckdb"
    folder = write_program(tmp_path / "small", small_program())
    assert cli.main(["load", "--data", str(folder), "--db", str(path)]) == 0
    return path


def test_every_read_during_a_load_sees_one_whole_version(
    larger_program, small_db, monkeypatch, capsys
):
    folder, rows = larger_program
    monkeypatch.setenv("CHANNEL_DB", str(small_db))
    load = cli_load("--data", str(folder), "--db", str(small_db), "--mode", "replace", "--yes")
    seen, errors = [], []
    while load.poll() is None:
        try:
            # What a page does on each run: name the source, get its connection, query it.
            source = db.data_source()
            seen.append(int(db.plain_query(source, "data_extent").registrations.iloc[0]))
        except Exception as error:  # every error counts against the test, whatever its kind
            errors.append(repr(error))
        db.connection.clear()
        db.plain_query.clear()
        time.sleep(0.05)  # leave the writer a core
    assert load.returncode == 0, load.stderr.read()
    assert errors == []
    # The old version (9 registrations) or the new one, whole; read many times during the load.
    assert set(seen) <= {9, rows}
    assert len(seen) >= 3
    final = db.data_source()
    assert final.endswith("@v2")
    assert sql.fetch(db.connection(final), "data_extent").registrations.iloc[0] == rows
    print(f"{len(seen)} reads during the load, {len(errors)} errors", file=sys.stderr)


def test_two_loads_started_together_give_one_whole_result_and_one_message(larger_program, tmp_path):
    folder, rows = larger_program
    small = write_program(tmp_path / "small", small_program())
    path = tmp_path / "channel.duckdb"
    loads = {
        "larger": cli_load("--data", str(folder), "--db", str(path)),
        "small": cli_load("--data", str(small), "--db", str(path)),
    }
    outputs = {name: load.communicate(timeout=120) for name, load in loads.items()}
    codes = {name: load.returncode for name, load in loads.items()}
    assert sorted(codes.values()) == [0, 3], outputs
    winner = next(name for name, code in codes.items() if code == 0)
    loser = next(name for name, code in codes.items() if code == 3)
    message = outputs[loser][1]
    found = re.fullmatch(
        rf"error: another load is writing {re.escape(str(path))} since \d\d:\d\d "
        r"\(pid (\d+)\); nothing was written\. Try again when it has finished\.\n",
        message,
    )
    assert found, message
    assert int(found.group(1)) == loads[winner].pid
    # One load, whole: version 1 holds the winner's program and nothing of the other.
    assert store.history(path).version.tolist() == [1]
    assert count(path, "deal_registrations") == {"larger": rows, "small": 9}[winner]
    assert count(path, "partners") == {"larger": 1000, "small": 10}[winner]


def test_a_load_while_another_writes_says_who_and_exits(small_db, tmp_path):
    holding, release = threading.Event(), threading.Event()

    def other_load():
        with store.load_lock(small_db):
            holding.set()
            release.wait(60)

    other = threading.Thread(target=other_load)
    other.start()
    try:
        holding.wait(10)
        july = write_program(tmp_path / "july", {"deal_registrations": []})
        result = subprocess.run(
            [sys.executable, "-m", "queries", "load", "--data", str(july), "--db", str(small_db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        release.set()
        other.join()
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    who = rf"another load is writing {re.escape(str(small_db))} since \d\d:\d\d"
    assert re.search(rf"{who} \(pid {os.getpid()}\)", result.stderr)
    assert store.history(small_db).version.tolist() == [1]
