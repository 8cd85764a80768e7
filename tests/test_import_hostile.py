"""Hostile inputs, one case per class, through `load` and through the Data page's upload path.

Every case is run both ways on a database that holds version 1: the command line (its main, as
`python -m queries load` runs it) and the functions the Data page calls, in the page's order.
Each asserts the message, that both give the same verdict (the very same report lines), no
traceback, and that the current version is unchanged. Big inputs are made on the fly from a
repeated compressed chunk and refused before they are read in full.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pytest

from components import text
from queries import cli
from queries.importing import review, store
from queries.loader import LoadError, load_folder
from tests import hostile_files as h
from tests.conftest import ROOT


@dataclass
class Case:
    files: dict[str, bytes]
    message: str  # what the verdict must say
    outcome: str  # refused (a file), rejected (rows), held back (a whole table), loads
    env: dict[str, str] = field(default_factory=dict)
    replaces_partners: bool = False  # `load --mode partners=replace`, or that mode on the page


def base_partners() -> bytes:
    return h.csv_text(h.PARTNER_COLUMNS, h.PARTNERS).encode()


ENCODINGS = {
    "utf-8 with one invalid byte": Case(
        {"partners.csv": base_partners().replace(b"Beta GmbH", b"Beta Caf\xe9 GmbH")},
        "line 3: partner_name: byte 0xE9 is not valid UTF-8",
        "rejected",
    ),
    "a byte cp1252 does not define either": Case(
        {"partners.csv": base_partners().replace(b"Beta GmbH", b"Beta \x81 GmbH")},
        "line 3: partner_name: byte 0x81 is not valid UTF-8",
        "rejected",
    ),
    "cp1252 with a byte it does not define": Case(
        {"partners.csv": base_partners().decode().encode("cp1252").replace(b"Beta", b"B\x81")},
        "line 3: partner_name: byte 0x81 is not valid cp1252",
        "rejected",
    ),
    "NUL inside a name": Case(
        {"partners.csv": base_partners().replace(b"Beta GmbH", b"Beta\x00 GmbH")},
        "line 3: partner_name: control character U+0000 in 'Beta\\x00 GmbH'",
        "rejected",
    ),
}
STRUCTURE = {
    "header only": Case(
        {"deal_registrations.csv": (",".join(h.DEAL_COLUMNS) + "\n").encode()},
        "refused: deal_registrations.csv: the file has a header but no rows",
        "refused",
    ),
    "empty file": Case(
        {"deal_registrations.csv": b""},
        "refused: deal_registrations.csv: the file is empty",
        "refused",
    ),
    "two columns of one name": Case(
        {
            "partners.csv": b"partner_id,partner_name,tier,enrolled_on,Partner_Name\n"
            b"P1,Alpha,Gold,2024-01-15,Other\nP2,Beta,Silver,2024-03-01,Else\n"
        },
        "refused: partners.csv: the column 'partner_name' appears 2 times (columns 2, 5)",
        "refused",
    ),
    "a row short of fields": Case(
        {
            "deal_registrations.csv": h.deals_csv().replace(
                b"D2,P2,2026-02-01,lost,250,2026-02-20", b"D2,P2,2026-02-01,lost"
            )
        },
        "line 3: 4 fields where the header has 6",
        "rejected",
    ),
    "a quote never closed": Case(
        {"deal_registrations.csv": h.deals_csv() + b'D9,P1,2026-04-01,"won,100,\n'},
        "refused: deal_registrations.csv, line 6: a quoted field is never closed",
        "refused",
    ),
    "every deal rejected": Case(
        {"deal_registrations.csv": h.deals_with("partner_id", ["P404", "P405", "P406"])},
        "not loaded: deal_registrations keeps its current rows: every one of the 3 rows of "
        "deal_registrations.csv was rejected",
        "held back",
    ),
    # The partners are replaced by P1 and P2: P3 is left only in version 1.
    "a deal names a partner only version 1 knew": Case(
        {
            "partners.csv": h.partners_csv(h.PARTNERS[:2]),
            "deal_registrations.csv": h.deals_with("partner_id", ["P1", "P3"]),
        },
        "line 3: partner_id: unknown partner_id 'P3'",
        "rejected",
        replaces_partners=True,
    ),
    "a program that ends before it starts": Case(
        {
            "incentive_programs.csv": b"program_id,name,kind,starts_on,ends_on\n"
            b"K1,Spring SPIFF,spiff,2026-03-01,2026-05-31\n"
            b"K2,Backwards rebate,rebate,2026-03-01,2026-02-28\n"
        },
        "line 3: ends_on: '2026-02-28' is before starts_on '2026-03-01'",
        "rejected",
    ),
    "a payment naming a program nobody loaded": Case(
        {
            "incentive_programs.csv": b"program_id,name,kind,starts_on,ends_on\n"
            b"K1,Spring SPIFF,spiff,2026-03-01,2026-05-31\n",
            "incentive_payments.csv": b"payment_id,program_id,partner_id,earned_on,amount\n"
            b"Y1,K1,P1,2026-03-10,100\nY2,K9,P1,2026-03-11,50\n",
        },
        "line 3: program_id: unknown program_id 'K9'",
        "rejected",
    ),
}
VALUES = {
    "amounts that are not numbers": Case(
        {
            "deal_registrations.csv": h.deals_with(
                "amount", ["12-34", "0x10", "1.2.3", "5 apples 7"]
            )
        },
        "line 2: amount: not a number '12-34'",
        "held back",
    ),
    "an amount of 1e18": Case(
        {"deal_registrations.csv": h.deals_with("amount", ["1000", "1e18"])},
        "line 3: amount: '1e18' is over the 1,000,000,000,000 ceiling",
        "rejected",
    ),
    "a close on 9999-12-31": Case(
        {"deal_registrations.csv": h.deals_with("closed_on", ["2026-02-01", "9999-12-31"])},
        "line 3: closed_on: '9999-12-31' lies more than 5 years after the load date",
        "rejected",
    ),
    "day-first and month-first dates in one column": Case(
        {
            "deal_registrations.csv": h.deals_with(
                "registered_on", ["03/04/2026", "25/04/2026", "04/30/2026"]
            )
        },
        "line 2: registered_on: ambiguous date (the column has both day-first and month-first "
        "dates) '03/04/2026'",
        "rejected",
    ),
    "a field over the length limit": Case(
        {
            "partners.csv": h.partners_csv(
                [*h.PARTNERS[:2], ["P3", "G" * 5000, "Gold", "2024-06-01"]]
            )
        },
        "refused: partners.csv, line 4: a field is over the 1,000-character limit",
        "refused",
        {"CHANNEL_MAX_FIELD_CHARS": "1000"},
    ),
}
ARCHIVES = {
    "a zip of zips over the limit": Case(
        {"extract.zip": h.nested_zips(2.8)},
        "refused: extract.zip/b.zip: the upload expands to over 3 MB counting every archive "
        "inside it, over the 2 MB limit",
        "refused",
        {"CHANNEL_MAX_UPLOAD_MB": "2"},
    ),
    "a zip whose CRC lies": Case(
        {"extract.zip": h.zip_with_bad_crc()},
        "refused: extract.zip: deal_registrations.csv cannot be extracted (Bad CRC-32",
        "refused",
    ),
    "a zip whose header understates a size": Case(
        {"extract.zip": h.zip_that_understates_its_size()},
        "refused: extract.zip: deal_registrations.csv cannot be extracted (Bad CRC-32",
        "refused",
    ),
    "zips nested three deep": Case(
        {"extract.zip": h.zips_nested(3)},
        "refused: extract.zip/level1.zip/level0.zip: archives nested more than 2 deep",
        "refused",
    ),
    "not a zip": Case(
        {"extract.zip": b"PK\x03\x04 this is not an archive"},
        "refused: extract.zip: not a readable zip file",
        "refused",
    ),
}
EXCEL = {
    "rows over the limit and no dimension": Case(
        {"partners.xlsx": h.workbook_with_rows(1100)},
        "refused: partners.xlsx, sheet sheet1: more rows than the 1,000-row limit",
        "refused",
        {"CHANNEL_MAX_EXCEL_ROWS": "1000"},
    ),
    "shared strings over the limit": Case(
        {"partners.xlsx": h.workbook_with_shared_string(2)},
        "refused: partners.xlsx: its shared strings expand to 2 MB, over the 1 MB limit",
        "refused",
        {"CHANNEL_MAX_SHARED_STRINGS_MB": "1"},
    ),
    "malformed sheet XML": Case(
        {"partners.xlsx": h.workbook_malformed()},
        "refused: partners.xlsx: not a readable Excel workbook (mismatched tag",
        "refused",
    ),
    "a sheet with a header only": Case(
        {"partners.xlsx": h.workbook_header_only()},
        "refused: partners.xlsx: the file has a header but no rows",
        "refused",
    ),
}
CASES = {**ENCODINGS, **STRUCTURE, **VALUES, **ARCHIVES, **EXCEL}


@pytest.fixture(scope="module")
def version_one(tmp_path_factory) -> Path:
    """A database holding the base program as version 1, loaded through the command line."""
    folder = tmp_path_factory.mktemp("base")
    (folder / "partners.csv").write_bytes(base_partners())
    (folder / "deal_registrations.csv").write_bytes(h.deals_csv())
    db = folder / "channel.duckdb"
    assert cli.main(["load", "--data", str(folder), "--db", str(db)]) == 0
    return db


def copy_of(db: Path, where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(db, where / "channel.duckdb"))


def snapshot(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("select max(version) from load_history").fetchone()[0],
            con.execute("select * from partners order by partner_id").fetchall(),
            con.execute("select * from deal_registrations order by deal_id").fetchall(),
            con.execute("select default_as_of from data_extent").fetchone()[0],
        )
    finally:
        con.close()


def run_load(folder: Path, db: Path, capsys, *flags: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["load", "--data", str(folder), "--db", str(db), *flags])
    out, err = capsys.readouterr()
    return code, out, err


def upload_verdict(
    files: dict[str, bytes], db: Path, replaces_partners: bool = False
) -> review.Verdict:
    """What the Data page does between the upload and its report, with its own functions."""
    intake = review.read_uploads(files.items(), {})
    choices = [review.propose(raw) for raw in intake.files]
    results = review.validate(intake.files, choices, store.known_partners(db), replaces_partners)
    return review.decide(intake, results, first_load=store.current_version(db) == 0)


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_gets_one_verdict_and_changes_nothing(
    name, version_one, tmp_path, capsys, monkeypatch
):
    case = CASES[name]
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)
    folder = tmp_path / "data"
    folder.mkdir()
    for file_name, data in case.files.items():
        (folder / file_name).write_bytes(data)

    cli_db = copy_of(version_one, tmp_path / "cli")
    before = snapshot(cli_db)
    modes = ("--mode", "partners=replace") if case.replaces_partners else ()
    code, out, err = run_load(folder, cli_db, capsys, *modes)
    assert code == 2, out + err
    assert case.message in out + err
    assert "Traceback" not in err
    assert "nothing was written" in err
    assert snapshot(cli_db) == before

    page_db = copy_of(version_one, tmp_path / "page")
    verdict = upload_verdict(case.files, page_db, case.replaces_partners)
    assert case.message in "\n".join(verdict.lines())
    assert "\n".join(verdict.lines()) in out  # the very same report
    assert not verdict.clean
    if case.outcome == "refused":
        assert verdict.refused and not verdict.results
    elif case.outcome == "held back":
        assert verdict.held_back and not verdict.writable
    else:
        assert verdict.rows_rejected and not verdict.held_back
    if not verdict.writable:
        with pytest.raises(store.LoadRefused, match="nothing to load"):
            review.write(page_db, verdict, "upload")
    assert snapshot(page_db) == before


NEW_PARTNER = ["P4", "Delta AG", "Silver", "2025-02-01"]


def test_every_rejected_row_kept_out_even_with_load_accepted(version_one, tmp_path, capsys):
    """--load-accepted and the page's Load write the rest; the table whose every row was
    rejected keeps its current rows instead of becoming empty, even in replace mode."""
    case = STRUCTURE["every deal rejected"]
    partners_with_one_more = h.partners_csv([*h.PARTNERS, NEW_PARTNER])
    files = {"partners.csv": partners_with_one_more, **case.files}
    folder = tmp_path / "data"
    folder.mkdir()
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    db = copy_of(version_one, tmp_path / "cli")
    version, _partners, deals, as_of = snapshot(db)
    code, out, err = run_load(folder, db, capsys, "--load-accepted", "--mode", "replace")
    assert code == 1, err
    assert case.message in out
    assert "deal_registrations:" not in out.split("what the load does")[1]  # not in the plan
    after = snapshot(db)
    assert (after[0], len(after[1]), after[2], after[3]) == (version + 1, 4, deals, as_of)

    page_db = copy_of(version_one, tmp_path / "page")
    verdict = upload_verdict(files, page_db)
    assert list(verdict.writable) == ["partners"]
    assert review.write(page_db, verdict, "upload", {"*": "replace"}).version == version + 1
    assert snapshot(page_db) == after


def test_far_future_close_never_moves_the_default_as_of(version_one, tmp_path, capsys):
    """The row is rejected; with --load-accepted the rest loads and the default as-of stays the
    latest activity on or before today (a later close, within the horizon, does not move it
    either)."""
    soon = date.today().replace(year=date.today().year + 1).isoformat()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "deal_registrations.csv").write_bytes(
        h.deals_with("closed_on", ["2026-02-01", "9999-12-31", soon, ""])
    )
    db = copy_of(version_one, tmp_path / "cli")
    code, out, _ = run_load(folder, db, capsys, "--load-accepted")
    assert code == 1
    assert "line 3: closed_on: '9999-12-31' lies more than 5 years" in out
    assert "1 closed_on values lie in the future" in out
    _, _, deals, as_of = snapshot(db)
    # D2 keeps version 1's close of 2026-02-20; D3 (registered 2026-03-01) now closes next
    # year: the latest activity up to today is D4's registration on 2026-04-01.
    assert {d[0]: d[7] for d in deals}["D2"] == date(2026, 2, 20)
    assert as_of.isoformat() == "2026-04-01"


def test_folder_with_nothing_named_after_a_table(version_one, tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "notes.csv").write_bytes(b"topic,notes\nQ3 plan,call Ana\n")
    db = copy_of(version_one, tmp_path / "cli")
    before = snapshot(db)
    code, out, _err = run_load(folder, db, capsys)
    assert code == 2
    assert f"refused: {folder}: no file is named after a table" in out
    assert "it holds notes.csv" in out
    assert snapshot(db) == before
    # The same file uploaded: it holds no table, so it is skipped and nothing can load.
    verdict = upload_verdict({"notes.csv": b"topic,notes\nQ3 plan,call Ana\n"}, db)
    assert verdict.nothing_to_load() == "no file holds a table (every file is skipped)"
    with pytest.raises(store.LoadRefused, match="nothing to load"):
        review.write(db, verdict, "upload")
    assert snapshot(db) == before


def test_utf16_without_bom_loads_exactly_both_ways(version_one, tmp_path, capsys):
    data = h.csv_text(h.PARTNER_COLUMNS, [*h.PARTNERS, NEW_PARTNER]).encode("utf-16-le")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "partners.csv").write_bytes(data)
    db = copy_of(version_one, tmp_path / "cli")
    code, out, _ = run_load(folder, db, capsys)
    assert code == 0, out
    assert "partners: 3 partners → 4: 1 new, 0 updated, 3 unchanged" in out
    page_db = copy_of(version_one, tmp_path / "page")
    verdict = upload_verdict({"partners.csv": data}, page_db)
    assert verdict.clean
    review.write(page_db, verdict, "upload")
    names = [row[1] for row in snapshot(db)[1]]
    assert names == ["Café Société SARL", "Beta GmbH", "Gamma Ltd", "Delta AG"]
    assert snapshot(page_db)[1] == snapshot(db)[1]


def test_the_entry_point_gives_the_message_not_a_traceback(version_one, tmp_path):
    """`python -m queries load` itself, once: a refused file is one line on stderr."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "partners.xlsx").write_bytes(h.workbook_malformed())
    db = copy_of(version_one, tmp_path / "cli")
    result = subprocess.run(
        [sys.executable, "-m", "queries", "load", "--data", str(folder), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "refused: partners.xlsx: not a readable Excel workbook (mismatched tag" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("file_name", "make", "message"),
    [
        (
            "extract.zip",
            lambda: h.nested_zips(280),
            "refused: extract.zip/b.zip: the upload expands to over 2",
        ),
        (
            "partners.xlsx",
            lambda: h.workbook_with_rows(1_100_000),
            "refused: partners.xlsx, sheet sheet1: more rows than the 1,000,000-row limit",
        ),
        (
            "partners.xlsx",
            lambda: h.workbook_with_shared_string(200),
            "refused: partners.xlsx: its shared strings expand to 191 MB, over the 100 MB limit",
        ),
        (
            "partners.csv",
            lambda: h.partners_csv([["P3", "G" * 50_000_000, "Gold", "2024-06-01"]]),
            "refused: partners.csv, line 2: a field is over the 131,072-character limit",
        ),
    ],
    ids=["zip of zips to 280 MB", "1.1 million rows", "200 MB cell", "50 MB field"],
)
def test_big_inputs_are_refused_at_the_default_limits_without_reading_them(
    file_name, make, message, version_one, tmp_path, capsys
):
    data = make()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / file_name).write_bytes(data)
    db = copy_of(version_one, tmp_path / "cli")
    before = snapshot(db)
    started = time.perf_counter()
    code, out, _err = run_load(folder, db, capsys)
    verdict = upload_verdict({file_name: data}, db)
    elapsed = time.perf_counter() - started
    assert code == 2
    assert message in out
    assert message in "\n".join(verdict.lines())
    assert snapshot(db) == before
    # Reading any of them in full takes minutes; refusing both ways takes seconds.
    assert elapsed < 20


PAGE_CASES = [
    "utf-8 with one invalid byte",
    "every deal rejected",
    "an amount of 1e18",
    "a zip of zips over the limit",
    "malformed sheet XML",
]


@pytest.mark.parametrize("name", PAGE_CASES)
def test_the_data_page_shows_the_same_verdict(name, version_one, tmp_path, monkeypatch):
    """One case per class on the page itself: the message the command line prints, and no
    new version."""
    from streamlit.testing.v1 import AppTest

    case = CASES[name]
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)
    db = copy_of(version_one, tmp_path / "page")
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(db))
    before = snapshot(db)
    at = AppTest.from_file(str(ROOT / "pages" / "data" / "data.py"), default_timeout=60).run()
    upload = [
        (file_name, data, "application/octet-stream") for file_name, data in case.files.items()
    ]
    at.file_uploader(key="uploads").set_value(upload).run()
    assert not at.exception
    if case.outcome == "refused":
        refused = case.message.removeprefix("refused: ")
        assert f"Refused: {text.literal(refused)}" in at.error[0].value
        assert not any(b.key == "validate" for b in at.button)
    else:
        at.button(key="validate").click().run()
        assert not at.exception
        rejected = next(d.value for d in at.dataframe if "reasons" in d.value.columns)
        lines = [f"line {r.line}: {r.reasons}" for r in rejected.itertuples()]
        if case.outcome == "held back":
            held = text.literal(case.message.removeprefix("not loaded: "))
            assert any(held in e.value for e in at.error)
            assert not any(b.key == "load" for b in at.button)
        else:
            assert case.message in lines
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("deal_registrations.csv", b"", "deal_registrations.csv: the file is empty"),
        (
            "deal_registrations.csv",
            (",".join(h.DEAL_COLUMNS) + "\n").encode(),
            "deal_registrations.csv: the file has a header but no rows",
        ),
        (
            "partners.csv",
            b"partner_id,partner_name,tier,enrolled_on,partner_name\nP1,A,Gold,2024-01-01,B\n",
            "partners.csv: the column 'partner_name' appears 2 times",
        ),
        (
            "partners.xlsx",
            h.workbook_malformed(),
            "partners.xlsx: not a readable Excel workbook (mismatched tag",
        ),
    ],
    ids=["empty", "header only", "two columns of one name", "malformed workbook"],
)
def test_a_canonical_folder_read_directly_says_what_is_wrong(file_name, data, message, tmp_path):
    """The folder the app and `kpis --data` read without the mapping step refuses the same
    files with the same words."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "partners.csv").write_bytes(base_partners())
    (folder / "deal_registrations.csv").write_bytes(h.deals_csv())
    if file_name.endswith(".xlsx"):
        (folder / "partners.csv").unlink()
    (folder / file_name).write_bytes(data)
    with pytest.raises(LoadError) as refused:
        load_folder(folder)
    assert message in str(refused.value)


def test_in_add_or_update_mode_the_loaded_partners_stay_and_may_be_named(
    version_one, tmp_path, capsys
):
    """The default mode keeps P3 (the file does not mention it), so a deal may name it."""
    case = STRUCTURE["a deal names a partner only version 1 knew"]
    folder = tmp_path / "data"
    folder.mkdir()
    for file_name, data in case.files.items():
        (folder / file_name).write_bytes(data)
    db = copy_of(version_one, tmp_path / "cli")
    code, out, err = run_load(folder, db, capsys)
    assert code == 0, err
    assert "deal_registrations.csv: 2 rows read, 2 accepted, 0 rejected" in out
    assert {d[0]: d[1] for d in snapshot(db)[2]}["D2"] == "P3"
