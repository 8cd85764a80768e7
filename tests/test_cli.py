"""The command line: JSON output, agreement with an independent computation, bad input."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries.cli import main
from queries.contract import TABLES
from queries.importing.plan import NOUNS
from tests.conftest import ROOT, SAMPLE_DIR, small_program, write_program
from tests.reference_kpis import reference_kpis
from tests.test_outcomes import OUTCOME_KPIS

GENERATOR = ROOT / "sample_data" / "generate.py"


def run_entry_point(*args: str) -> subprocess.CompletedProcess:
    """`python -m queries ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "queries", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """What `python -m queries ARGS` does (queries/__main__.py: sys.exit(main())), run in this
    process: a new interpreter per call would cost more than most of the calls themselves. The
    entry point itself runs in run_entry_point's tests."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own refusals
            code = exit_.code
    return subprocess.CompletedProcess(
        ["python", "-m", "queries", *args], code or 0, stdout.getvalue(), stderr.getvalue()
    )


def kpis_json(*args: str, run=run_cli) -> dict:
    result = run("kpis", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_agrees(ours: dict, reference: dict) -> None:
    for name, expected in reference.items():
        if expected is None:
            assert ours[name] is None, name
        else:
            assert ours[name] == pytest.approx(expected, rel=1e-9), name


@pytest.fixture(scope="module")
def other_program(tmp_path_factory) -> Path:
    """A second, differently shaped program from the generator (another seed and size)."""
    folder = tmp_path_factory.mktemp("other")
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--partners",
            "300",
            "--registrations",
            "6000",
            "--seed",
            "7",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    return folder


def test_kpis_prints_one_json_object_with_the_contract_fields():
    result = kpis_json("--data", str(SAMPLE_DIR), run=run_entry_point)
    for field in (
        "as_of",
        "enrolled_partners",
        "onboarding_partners",
        "active_partners",
        "dark_partners",
        "dark_partner_rate",
        "active_partner_rate",
        "partner_revenue",
        "win_rate",
        "partner_sourced_share",
        "plan_attainment",
        "partners_on_plan_rate",
        "incentive_incremental_revenue",
        "incentive_cost",
        "incentive_roi",
        "mdf_attributed_registration_rate",
        "cost_per_pipeline_dollar",
        "partner_nps",
    ):
        assert result[field] is not None, field
    assert 0 <= result["dark_partner_rate"] <= 1


@pytest.mark.parametrize(
    ("args", "reference_args"),
    [
        ((), {}),
        (("--as-of", "2025-12-31"), {"as_of": "2025-12-31"}),
        (("--tier", "Gold", "--tier", "Premier"), {"tiers": ("Gold", "Premier")}),
        (
            ("--window-months", "6", "--grace-days", "30", "--cam", "CAM-003"),
            {"window_months": 6, "grace_days": 30, "cams": ("CAM-003",)},
        ),
    ],
)
def test_sample_agrees_with_independent_computation(args, reference_args):
    assert_agrees(
        kpis_json("--data", str(SAMPLE_DIR), *args), reference_kpis(SAMPLE_DIR, **reference_args)
    )


@pytest.mark.parametrize("as_of", [None, "2026-02-28", "2024-05-31"])
def test_other_program_agrees_with_independent_computation(other_program, as_of):
    args = ("--as-of", as_of) if as_of else ()
    assert_agrees(
        kpis_json("--data", str(other_program), *args), reference_kpis(other_program, as_of=as_of)
    )


def test_hand_made_program_agrees_with_independent_computation(small_program_dir):
    assert_agrees(
        kpis_json("--data", str(small_program_dir), "--as-of", "2026-06-30"),
        reference_kpis(small_program_dir, as_of="2026-06-30"),
    )


def test_load_builds_a_database_that_kpis_reads(small_program_dir, tmp_path):
    db = tmp_path / "channel.duckdb"
    result = run_cli("load", "--data", str(small_program_dir), "--db", str(db))
    assert result.returncode == 0, result.stderr
    from_db = kpis_json("--db", str(db), "--as-of", "2026-06-30")
    from_folder = kpis_json("--data", str(small_program_dir), "--as-of", "2026-06-30")
    assert from_db == from_folder
    assert from_db["enrolled_partners"] == 7


def test_every_table_of_the_contract_loads_and_is_described(tmp_path):
    """The sample holds every table of the contract; the load names each with what it did."""
    db = tmp_path / "channel.duckdb"
    result = run_cli("load", "--data", str(SAMPLE_DIR), "--db", str(db))
    assert result.returncode == 0, result.stderr
    for noun in NOUNS.values():
        assert f"{noun}" in result.stdout, noun
    assert set(NOUNS) == set(TABLES)


def test_optional_tables_may_be_missing(tmp_path):
    tables = small_program()
    folder = write_program(
        tmp_path / "minimal", {k: tables[k] for k in ("partners", "deal_registrations")}
    )
    result = kpis_json("--data", str(folder), "--as-of", "2026-06-30")
    assert result["enrolled_partners"] == 7
    assert result["mdf_utilization"] is None
    assert result["forecast_accuracy"] is None
    for field in OUTCOME_KPIS:
        assert result[field] is None, field


def broken(tmp_path: Path, table: str, change) -> Path:
    tables = small_program()
    change(tables[table])
    return write_program(tmp_path / "broken", tables)


def test_missing_file_is_named(tmp_path):
    tables = small_program()
    del tables["deal_registrations"]
    result = run_entry_point("kpis", "--data", str(write_program(tmp_path / "x", tables)))
    assert result.returncode != 0
    assert "deal_registrations.csv" in result.stderr
    assert "missing" in result.stderr


def test_missing_required_column_is_named(tmp_path):
    folder = broken(tmp_path, "partners", lambda rows: [r.pop("enrolled_on") for r in rows])
    (folder / "partners.csv").write_text(
        (folder / "partners.csv").read_text().replace("enrolled_on", "joined")
    )
    result = run_cli("kpis", "--data", str(folder))
    assert result.returncode != 0
    assert "partners.csv, column enrolled_on: required column is missing" in result.stderr


def test_unparseable_date_names_file_column_line_and_value(tmp_path):
    def corrupt(rows):
        rows[2]["registered_on"] = "31/02/2026"

    result = run_cli("kpis", "--data", str(broken(tmp_path, "deal_registrations", corrupt)))
    assert result.returncode != 0
    assert "deal_registrations.csv, column registered_on: cannot read as date" in result.stderr
    assert "line 4 ('31/02/2026')" in result.stderr


def test_unknown_partner_id_is_reported(tmp_path):
    def corrupt(rows):
        rows[0]["partner_id"] = "P404"

    result = run_cli("kpis", "--data", str(broken(tmp_path, "deal_registrations", corrupt)))
    assert result.returncode != 0
    assert "column partner_id: unknown partner_id: line 2 ('P404')" in result.stderr


def test_unreadable_period_is_reported(tmp_path):
    def corrupt(rows):
        rows[1]["period"] = "sometime in spring"

    result = run_cli("kpis", "--data", str(broken(tmp_path, "mdf_allocations", corrupt)))
    assert result.returncode != 0
    assert "mdf_allocations.csv, column period: cannot read as quarter: line 3" in result.stderr


def test_failed_load_leaves_an_existing_database_untouched(small_program_dir, tmp_path):
    db = tmp_path / "channel.duckdb"
    assert run_cli("load", "--data", str(small_program_dir), "--db", str(db)).returncode == 0
    before = kpis_json("--db", str(db), "--as-of", "2026-06-30")
    bad = tmp_path / "bad"
    shutil.copytree(small_program_dir, bad)
    (bad / "partners.csv").write_text(
        (bad / "partners.csv").read_text().replace("2024-01-01", "not a date", 1)
    )
    result = run_cli("load", "--data", str(bad), "--db", str(db))
    assert result.returncode != 0
    assert "nothing was written" in result.stderr
    assert kpis_json("--db", str(db), "--as-of", "2026-06-30") == before


def test_failed_load_creates_no_file(tmp_path):
    db = tmp_path / "new.duckdb"
    result = run_cli("load", "--data", str(tmp_path / "nowhere"), "--db", str(db))
    assert result.returncode != 0
    assert not db.exists()


def test_load_prints_the_report_and_refuses_rejected_rows(tmp_path):
    def corrupt(rows):
        rows[2]["registered_on"] = "31/02/2026"
        rows[3]["amount"] = "-10"

    folder = broken(tmp_path, "deal_registrations", corrupt)
    db = tmp_path / "channel.duckdb"
    result = run_cli("load", "--data", str(folder), "--db", str(db))
    assert result.returncode == 2
    assert "deal_registrations.csv: 9 rows read, 7 accepted, 2 rejected" in result.stdout
    assert "line 4: registered_on: bad date '31/02/2026'" in result.stdout
    assert "line 5: amount: negative amount '-10'" in result.stdout
    assert "nothing was written" in result.stderr
    assert not db.exists()


def test_load_accepted_rows_on_request(tmp_path):
    def corrupt(rows):
        rows[0]["partner_id"] = "P404"

    folder = broken(tmp_path, "deal_registrations", corrupt)
    db = tmp_path / "channel.duckdb"
    result = run_cli("load", "--data", str(folder), "--db", str(db), "--load-accepted")
    assert result.returncode == 1
    assert "line 2: partner_id: unknown partner_id 'P404'" in result.stdout
    assert "as version 1" in result.stdout
    assert kpis_json("--db", str(db), "--as-of", "2026-06-30")["enrolled_partners"] == 7


def test_load_reads_crm_spellings(tmp_path):
    tables = small_program()
    folder = write_program(tmp_path / "crm", tables)
    text = (folder / "deal_registrations.csv").read_text()
    text = text.replace(",won,", ",Closed Won,").replace(",lost,", ",Closed Lost,")
    text = text.replace("2026-06-30", "06/30/2026")
    (folder / "deal_registrations.csv").write_text(text)
    db = tmp_path / "channel.duckdb"
    assert run_cli("load", "--data", str(folder), "--db", str(db)).returncode == 0
    assert kpis_json("--db", str(db), "--as-of", "2026-06-30")["partner_revenue"] == 2200


def test_kpis_takes_a_cams_name_or_id_and_any_case(capsys):
    assert main(["kpis", "--data", str(SAMPLE_DIR), "--cam", "CAM-003"]) == 0
    by_id = json.loads(capsys.readouterr().out)
    cam_name = pd.read_csv(SAMPLE_DIR / "cams.csv").set_index("cam_id").loc["CAM-003", "cam_name"]
    assert main(["kpis", "--data", str(SAMPLE_DIR), "--cam", cam_name.upper()]) == 0
    assert json.loads(capsys.readouterr().out) == by_id
    assert by_id["enrolled_partners"] > 0


@pytest.mark.parametrize(
    ("flag", "value", "known"),
    [
        ("--tier", "Platnum", "Gold, Premier"),
        ("--region", "Mars", "APAC, EMEA"),
        ("--cam", "Nobody Here", ""),
    ],
)
def test_kpis_refuses_a_filter_value_that_matches_nothing(capsys, flag, value, known):
    assert main(["kpis", "--data", str(SAMPLE_DIR), flag, value]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {flag} '{value}' matches nothing; known values: ")
    assert known in err
    assert "Traceback" not in err


def test_kpis_on_a_file_that_is_not_a_database_says_so_in_one_line(capsys):
    assert main(["kpis", "--db", str(ROOT / "README.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot read ")


def test_a_key_that_differs_only_by_spaces_is_a_duplicate(tmp_path):
    def corrupt(rows):
        rows[1]["deal_id"] = f" {rows[0]['deal_id']} "

    result = run_cli("kpis", "--data", str(broken(tmp_path, "deal_registrations", corrupt)))
    assert result.returncode == 2
    assert "deal_registrations.csv, column deal_id: duplicate key: line 2 ('D1'), line 3" in (
        result.stderr
    )


def test_kpis_from_a_folder_stay_clear_of_pandas_and_the_import_pipeline():
    """Nor pycountry: the territory names are for the coverage pages alone."""
    modules = ("pandas", "openpyxl", "pycountry", "streamlit", "queries.importing.store")
    script = (
        "import sys; from queries.cli import main; main(['kpis', '--data', sys.argv[1]]); "
        f"print(sorted(m for m in {modules!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(SAMPLE_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_intermediates_left_as_views_give_the_same_kpis(small_program_dir):
    from queries.cli import headline_kpis
    from queries.filters import Filters
    from queries.loader import load_folder

    filters = Filters(as_of=date(2026, 6, 30))
    stored = headline_kpis(load_folder(small_program_dir), filters)
    assert headline_kpis(load_folder(small_program_dir, derived_tables=()), filters) == stored


def test_kpis_read_a_database_file_in_place(small_program_dir, tmp_path):
    """A loaded file carries the default date's snapshots; kpis reads it and never writes it."""
    import duckdb

    db = tmp_path / "channel.duckdb"
    assert run_cli("load", "--data", str(small_program_dir), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select distinct snapshot_as_of from partner_snapshots").fetchall()
    assert {row[0] for row in stored} == {date(2026, 6, 30), date(2025, 6, 30)}
    before = db.read_bytes()
    for as_of in ("2026-06-30", "2026-05-31"):
        from_folder = kpis_json("--data", str(small_program_dir), "--as-of", as_of)
        assert kpis_json("--db", str(db), "--as-of", as_of) == from_folder
    assert db.read_bytes() == before
