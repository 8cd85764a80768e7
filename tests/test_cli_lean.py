"""`kpis` reads only what it prints: its lean load gives the full load's figures, and refuses
what the full load refuses."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from queries import sql
from queries.cli import headline_kpis, main
from queries.filters import Filters
from queries.loader import PAGE_ONLY_VIEWS, VIEWS_DIR, LoadError, load_folder
from tests.conftest import ROOT, SAMPLE_DIR, deal, partner, small_program, write_program

GENERATOR = ROOT / "sample_data" / "generate.py"


@pytest.fixture(scope="module")
def generated_program(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [
            *(sys.executable, str(GENERATOR), "--partners", "200", "--registrations", "4000"),
            *("--seed", "11", "--out", str(folder)),
        ],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def full_loads(generated_program) -> dict[str, duckdb.DuckDBPyConnection]:
    """Each program loaded as the app loads it: every derived table, territories, snapshots."""
    return {"sample": load_folder(SAMPLE_DIR), "generated": load_folder(generated_program)}


def printed(capsys, *args: str) -> dict:
    assert main(["kpis", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        ((), Filters()),
        (("--as-of", "2025-12-31", "--window-months", "6"), Filters(date(2025, 12, 31), 6)),
        (("--tier", "Gold", "--grace-days", "30"), Filters(grace_days=30, tiers=("Gold",))),
    ],
)
@pytest.mark.parametrize("program", ["sample", "generated"])
def test_kpis_from_a_folder_print_what_the_full_load_gives(
    capsys, full_loads, generated_program, program, args, filters
):
    folder = SAMPLE_DIR if program == "sample" else generated_program
    full = headline_kpis(full_loads[program], filters)
    assert printed(capsys, "--data", str(folder), *args) == json.loads(json.dumps(full))


def test_kpis_from_a_folder_refuse_a_bad_file_with_the_full_loads_reason(capsys, tmp_path):
    tables = small_program()
    tables["deal_registrations"][2]["registered_on"] = "31/02/2026"
    folder = write_program(tmp_path / "bad", tables)
    with pytest.raises(LoadError) as refused:
        load_folder(folder)
    (reason,) = [str(problem) for problem in refused.value.problems]
    assert reason == (
        "deal_registrations.csv, column registered_on: cannot read as date: line 4 ('31/02/2026')"
    )

    assert main(["kpis", "--data", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "error: the data does not meet the contract; nothing was written.",
        f"  - {reason}",
    ]


def claims_program(tmp_path: Path) -> tuple[Path, date]:
    """Registrations of one customer around the 90 days before a window that starts on
    2025-06-30 (as_of 2026-06-30, 12 months)."""
    start = date(2025, 6, 30)

    def on(days: int) -> str:
        return (start + timedelta(days=days)).isoformat()

    tables = small_program()
    tables["partners"] += [partner("PA", "2024-01-01"), partner("PB", "2024-01-01")]
    tables["deal_registrations"] += [
        # 91 days apart: the later one is no conflict, and the earlier one is outside what the
        # window reads.
        deal("E1", "PA", on(-90), "submitted", 100, customer_name="Edge One"),
        deal("E2", "PB", on(1), "submitted", 100, customer_name="edge  one"),
        # 90 days apart: a conflict.
        deal("E3", "PA", on(-89), "submitted", 100, customer_name="Edge Two"),
        deal("E4", "PB", on(1), "submitted", 100, customer_name="EDGE TWO!"),
        # PB's run began 95 days before the window; the claim before it is 100 days back.
        deal("E5", "PA", on(-100), "submitted", 100, customer_name="Run Co"),
        deal("E6", "PB", on(-95), "submitted", 100, customer_name="Run Co"),
        deal("E7", "PB", on(2), "submitted", 100, customer_name="Run Co"),
        # One day, two partners: the smaller deal_id came first.
        deal("E8", "PB", on(5), "submitted", 100, customer_name="Same Day"),
        deal("E9", "PA", on(5), "submitted", 100, customer_name="Same Day"),
    ]
    return write_program(tmp_path / "claims", tables), start


def test_a_windows_conflicts_are_those_of_every_registration(tmp_path):
    folder, start = claims_program(tmp_path)
    con = load_folder(folder, derived_tables=())
    columns = "deal_id, is_conflict, conflicting_deal_id, conflicting_registered_on, tier"
    for since in (start - timedelta(days=200), start, start + timedelta(days=3)):
        window = con.execute(
            f"select {columns} from registrations_with_claims($since) order by deal_id",
            {"since": since},
        ).fetchall()
        every = con.execute(
            f"select {columns} from int_registrations where registered_on > $since "
            "order by deal_id",
            {"since": since},
        ).fetchall()
        assert window == every
    flags = dict(
        con.execute(
            "select deal_id, conflicting_deal_id from registrations_with_claims($since) "
            "where deal_id like 'E%'",
            {"since": start},
        ).fetchall()
    )
    assert flags == {"E2": None, "E4": "E3", "E7": None, "E8": None, "E9": "E8"}


def test_a_windows_conflicts_on_the_sample_are_those_of_every_registration(full_loads):
    con = full_loads["sample"]
    as_of = sql.default_as_of(con)
    for months in (3, 12, 36):
        (since,) = con.execute(
            "select window_start($as_of, $m)", {"as_of": as_of, "m": months}
        ).fetchone()
        query = "select count(*), sum(hash(deal_id, is_conflict, conflicting_deal_id)) from "
        window = con.execute(query + "registrations_with_claims($s)", {"s": since}).fetchone()
        every = con.execute(
            query + "int_registrations where registered_on > $s", {"s": since}
        ).fetchone()
        assert window == every and window[0] > 0


def test_the_snapshot_check_stores_only_the_day_missing(small_program_dir):
    con = load_folder(small_program_dir, default_snapshots=False)
    keys = "select snapshot_as_of from partner_snapshot_keys order by stored_seq"
    sql.prepare_snapshots(con, date(2026, 6, 30), 12, 90, prior=False)
    assert con.execute(keys).fetchall() == [(date(2026, 6, 30),)]
    sql.prepare_snapshots(con, date(2026, 6, 30), 12, 90)
    sql.prepare_snapshots(con, date(2026, 6, 30), 12, 90)
    assert con.execute(keys).fetchall() == [(date(2026, 6, 30),), (date(2025, 6, 30),)]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_folder_in_another_dialect_gives_the_same_kpis(
    capsys, small_program_dir, tmp_path, delimiter
):
    """The quick read takes commas and double quotes; any other dialect is sniffed."""
    other = tmp_path / "other"
    other.mkdir()
    for path in small_program_dir.glob("*.csv"):
        with path.open(newline="") as source:
            rows = list(csv.reader(source))
        with (other / path.name).open("w", newline="") as target:
            csv.writer(target, delimiter=delimiter).writerows(rows)
    assert printed(capsys, "--data", str(other), "--as-of", "2026-06-30") == printed(
        capsys, "--data", str(small_program_dir), "--as-of", "2026-06-30"
    )


def test_the_views_kpis_leave_out_define_nothing_another_view_reads():
    defined = re.compile(r"create or replace (?:temp )?(?:macro|view|table) (\w+)", re.IGNORECASE)
    texts = {path.stem: path.read_text() for path in VIEWS_DIR.glob("*.sql")}
    assert set(PAGE_ONLY_VIEWS) <= set(texts)
    for left_out in PAGE_ONLY_VIEWS:
        for name in defined.findall(texts[left_out]):
            readers = [
                stem
                for stem, text in texts.items()
                if stem != left_out and re.search(rf"\b{name}\b", text)
            ]
            assert readers == [], f"{name} of {left_out} is read by {readers}"
