"""Files as CRMs write them: open registrations without an amount, order lines rolled up into
one registration, files that hold no table skipped, each file keeping its own choices on the
page, and the headers of HubSpot, Dynamics 365, Pipedrive and generic CRM exports.

Every fixture is made here, in the shape the vendor's export has.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from queries import cli, sql
from queries.filters import Filters
from queries.importing import review, store
from queries.importing.reading import RawFile
from queries.loader import open_database
from tests import hostile_files as h
from tests.conftest import ROOT


def frame(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=str)


def csv_bytes(rows: list[list[str]]) -> bytes:
    return h.csv_text(rows[0], rows[1:]).encode()


def partners_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "partners.csv").write_bytes(h.partners_csv())
    return folder


def load(folder: Path, db: Path, capsys, *flags: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["load", "--data", str(folder), "--db", str(db), *flags])
    return code, capsys.readouterr().out


def upload_verdict(files: dict[str, bytes], db: Path, roll_up: bool = False) -> review.Verdict:
    intake = review.read_uploads(files.items(), {})
    choices = [review.propose(raw) for raw in intake.files]
    for choice in choices:
        choice.roll_up = roll_up and choice.table == "deal_registrations"
    results = review.validate(intake.files, choices, store.known_partners(db))
    return review.decide(intake, results)


# --- open registrations without an amount ------------------------------------------------------

OPEN_DEALS = [
    h.DEAL_COLUMNS,
    ["D1", "P1", "2026-04-02", "submitted", "", ""],
    ["D2", "P2", "2026-04-10", "approved", "", ""],
    ["D3", "P1", "2026-05-01", "approved", "300", ""],
    ["D4", "P3", "2026-05-03", "won", "", "2026-06-01"],
    ["D5", "P3", "2026-05-04", "lost", "200", "2026-06-02"],
]


def test_open_registrations_load_without_an_amount_and_are_counted(tmp_path, capsys):
    folder = partners_folder(tmp_path / "data")
    (folder / "deal_registrations.csv").write_bytes(csv_bytes(OPEN_DEALS))
    db = tmp_path / "channel.duckdb"
    code, out = load(folder, db, capsys, "--load-accepted")
    assert code == 1
    # A won deal still needs its amount; a submitted or approved one does not.
    assert "deal_registrations.csv: 5 rows read, 4 accepted, 1 rejected" in out
    assert "line 5: amount: missing required value" in out
    assert "warning: 2 open registrations have no amount" in out

    verdict = upload_verdict(
        {"partners.csv": h.partners_csv(), "deal_registrations.csv": csv_bytes(OPEN_DEALS)},
        tmp_path / "fresh.duckdb",
    )
    assert "\n".join(verdict.lines()) in out

    con = open_database(db)
    quarters = sql.fetch_for(con, "registrations_by_quarter", Filters(as_of=date(2026, 6, 30)))
    q2 = quarters.set_index("quarter_start").loc[pd.Timestamp("2026-04-01")]
    assert q2.registrations == 4  # D1, D2, D3, D5
    assert q2.registrations_without_amount == 2  # D1, D2
    assert q2.registered_amount == 500  # D3 + D5: the unknown ones are not read as $0


def test_a_quarter_whose_registrations_have_no_value_shows_no_amount(tmp_path, capsys):
    folder = partners_folder(tmp_path / "data")
    (folder / "deal_registrations.csv").write_bytes(csv_bytes(OPEN_DEALS[:3]))
    db = tmp_path / "channel.duckdb"
    assert load(folder, db, capsys)[0] == 0
    con = open_database(db)
    quarters = sql.fetch_for(con, "registrations_by_quarter", Filters(as_of=date(2026, 6, 30)))
    q2 = quarters.set_index("quarter_start").loc[pd.Timestamp("2026-04-01")]
    assert q2.registrations == q2.registrations_without_amount == 2
    assert pd.isna(q2.registered_amount)


# --- order lines -------------------------------------------------------------------------------

ORDER_LINES = [
    ["SalesOrderNumber", "ResellerKey", "OrderDate", "Status", "SalesAmount"],
    ["SO1", "P1", "03/02/2026", "won", "100.00"],
    ["SO1", "P1", "03/01/2026", "won", "250.50"],
    ["SO1", "P1", "03/03/2026", "won", "49.50"],
    ["SO2", "P2", "03/05/2026", "won", "75.00"],
    ["SO3", "P1", "03/06/2026", "won", "10.00"],
    ["SO3", "P2", "03/06/2026", "won", "20.00"],  # the lines of SO3 disagree on the partner
    ["SO4", "P3", "03/07/2026", "won", "12-34"],  # one bad line rejects all of SO4
    ["SO4", "P3", "03/07/2026", "won", "5.00"],
    ["SO5", "P404", "03/08/2026", "won", "1.00"],  # an unknown partner: both lines
    ["SO5", "P404", "03/08/2026", "won", "2.00"],
]


def test_order_lines_are_rejected_as_duplicates_unless_rolled_up(tmp_path, capsys):
    folder = partners_folder(tmp_path / "data")
    (folder / "deal_registrations.csv").write_bytes(csv_bytes(ORDER_LINES))
    code, out = load(folder, tmp_path / "channel.duckdb", capsys)
    assert code == 2
    assert "line 3: deal_id: duplicate key ('SO1',)" in out


def test_order_lines_roll_up_into_one_registration_per_order(tmp_path, capsys):
    folder = partners_folder(tmp_path / "data")
    (folder / "deal_registrations.csv").write_bytes(csv_bytes(ORDER_LINES))
    db = tmp_path / "channel.duckdb"
    code, out = load(folder, db, capsys, "--roll-up-lines", "--load-accepted")
    assert code == 1
    # 10 lines: SO1 and SO2 accepted, SO1's two other lines added into it, six rejected.
    assert (
        "deal_registrations.csv: 10 rows read, 2 accepted, 2 order lines added into them, "
        "6 rejected"
    ) in out
    assert "line 6: partner_id: the lines of 'SO3' disagree" in out
    assert "line 8: amount: not a number '12-34'" in out
    assert "line 9: deal_id: line 8 of 'SO4' is rejected, and with it every line" in out
    verdict = upload_verdict(
        {"partners.csv": h.partners_csv(), "deal_registrations.csv": csv_bytes(ORDER_LINES)},
        tmp_path / "fresh.duckdb",
        roll_up=True,
    )
    assert "\n".join(verdict.lines()) in out
    deals = verdict.results["deal_registrations"]
    rejected = sorted(deals.rejected.line)
    assert rejected == [6, 7, 8, 9, 10, 11]  # SO3, SO4, and SO5's two lines (unknown partner)
    con = open_database(db)
    rows = con.execute(
        "select deal_id, partner_id, registered_on, amount from deal_registrations order by 1"
    ).fetchall()
    assert rows == [
        ("SO1", "P1", date(2026, 3, 1), 400.0),  # 100 + 250.50 + 49.50, the earliest date
        ("SO2", "P2", date(2026, 3, 5), 75.0),
    ]


# --- files that hold no table, and the page's choices per file ---------------------------------

PRODUCTS = [["product", "series", "sales_price"], ["GTX Basic", "GTX", "550"]]
SALES_TEAMS = [
    ["sales_agent", "manager", "regional_office"],
    ["Moses Frase", "Dustin Brinkmann", "Central"],
]


def test_a_products_list_is_skipped_and_a_sales_team_is_read_as_cams():
    products = review.propose(RawFile("products.csv", frame(PRODUCTS)))
    assert products.table is None
    teams = review.propose(RawFile("sales_teams.csv", frame(SALES_TEAMS)), remembered=False)
    assert teams.table == "cams"
    assert teams.mapping == {
        "cam_id": "sales_agent",
        "cam_name": "sales_agent",  # a team list names its agents only: the name is the id
        "region": "regional_office",
        "annual_cost": None,
    }
    skipped = review.validate(
        [RawFile("products.csv", frame(PRODUCTS))], [review.FileChoice(None)], set()
    )
    assert skipped == {}


def test_each_file_keeps_its_own_choices_when_another_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(tmp_path / "working.duckdb"))
    accounts = b"Account ID,Account Name,Partner Since\nP1,Alpha,01/15/2024\n"
    opportunities = csv_bytes(OPEN_DEALS)
    at = AppTest.from_file(str(ROOT / "pages" / "data" / "data.py"), default_timeout=60).run()
    at.file_uploader(key="uploads").set_value(
        [("accounts.csv", accounts, "text/csv"), ("deals.csv", opportunities, "text/csv")]
    ).run()
    holds = [s for s in at.selectbox if s.label == "This file holds"]
    assert [s.value for s in holds] == ["partners", "deal_registrations"]
    next(t for t in at.text_input if t.label == "or one tier for every row").input("Gold").run()
    holds = [s for s in at.selectbox if s.label == "This file holds"]
    holds[1].set_value("(skip this file)").run()
    # The accounts file goes; the deals file keeps its own choice and takes none of the other's.
    at.file_uploader(key="uploads").set_value([("deals.csv", opportunities, "text/csv")]).run()
    assert not at.exception
    assert [s.value for s in at.selectbox if s.label == "This file holds"] == ["(skip this file)"]
    assert not [t for t in at.text_input if t.label == "or one tier for every row"]
    # And back: the deals file is checked as deals, with its own mapping.
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "This file holds")).set_value(
        "deal_registrations"
    ).run()
    at.button(key="validate").click().run()
    report = next(d.value for d in at.dataframe if "rows read" in d.value.columns)
    assert report.set_index("table").loc["deal_registrations", "rows read"] == 5


def test_the_page_rolls_up_order_lines_on_request(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(tmp_path / "working.duckdb"))
    at = AppTest.from_file(str(ROOT / "pages" / "data" / "data.py"), default_timeout=60).run()
    at.file_uploader(key="uploads").set_value(
        [
            ("partners.csv", h.partners_csv(), "text/csv"),
            ("reseller_sales.csv", csv_bytes(ORDER_LINES), "text/csv"),
        ]
    ).run()
    roll_up = next(c for c in at.checkbox if c.label.startswith("These are order lines"))
    assert "(5 rows repeat a deal_id)" in roll_up.label
    roll_up.check().run()
    at.button(key="validate").click().run()
    report = next(d.value for d in at.dataframe if "rows read" in d.value.columns)
    deals = report.set_index("table").loc["deal_registrations"]
    assert (deals["rows read"], deals.accepted, deals["order lines added up"]) == (10, 2, 2)
    at.button(key="load").click().run()
    assert not at.exception
    assert any("Loaded as version 1" in s.value for s in at.success)


# --- CRM vocabularies --------------------------------------------------------------------------

VOCABULARIES = {
    "HubSpot deals": (
        "deal_registrations",
        (
            "Record ID,Deal Name,Deal Stage,Close Date,Amount,Create Date,Pipeline,Deal owner,"
            "Associated Company IDs (Primary)\n"
            "9001,Acme renewal,closedwon,2026-03-31,1200,2026-01-10,default,Ana Diaz,P1\n"
            "9002,Globex pilot,Appointment Scheduled,,,2026-02-01,default,Ben Ito,P2\n"
        ),
        {
            "deal_id": "Record ID",
            "partner_id": "Associated Company IDs (Primary)",
            "registered_on": "Create Date",
            "status": "Deal Stage",
            "amount": "Amount",
            "closed_on": "Close Date",
            "customer_name": "Deal Name",
        },
        ["won", "submitted"],
    ),
    "HubSpot companies": (
        "partners",
        (
            "Record ID,Company name,Create Date,Company owner,Country/Region,State/Region,City,"
            "Type\n"
            "P1,Acme Partners,2024-01-15,C1,United States,CA,Oakland,Reseller\n"
        ),
        {
            "partner_id": "Record ID",
            "partner_name": "Company name",
            "enrolled_on": "Create Date",
            "cam_id": "Company owner",
            "country": "Country/Region",
            "state": "State/Region",
            "city": "City",
            "partner_type": "Type",
        },
        None,
    ),
    "Dynamics 365 opportunities": (
        "deal_registrations",
        (
            "(Do Not Modify) Opportunity,(Do Not Modify) Row Checksum,"
            "(Do Not Modify) Modified On,Topic,Potential Customer,Account,Est. Close Date,"
            "Est. Revenue,Status,Status Reason,Owner,Created On\n"
            '6f1c-01,x1,2026-03-01,200 laptops,Contoso Pharma,P1,4/30/2026,"$48,000.00",Open,'
            "In Progress,Ana Diaz,3/2/2026\n"
            '6f1c-02,x2,2026-03-01,Cloud seats,Fabrikam,P2,2/28/2026,"$9,500.00",Won,Won,Ben Ito,'
            "1/20/2026\n"
        ),
        {
            "deal_id": "(Do Not Modify) Opportunity",
            "partner_id": "Account",
            "registered_on": "Created On",
            "status": "Status",
            "amount": "Est. Revenue",
            "expected_close_on": "Est. Close Date",
            "customer_name": "Potential Customer",
        },
        ["submitted", "won"],
    ),
    "Dynamics 365 accounts": (
        "partners",
        (
            "(Do Not Modify) Account,Account Name,Account Number,Relationship Type,"
            "Address 1: City,Address 1: State/Province,Address 1: Country/Region,Owner,Created On\n"
            "a1b2,Contoso Reseller,P1,Reseller,Redmond,WA,United States,C1,1/15/2024\n"
        ),
        {
            "partner_id": "Account Number",
            "partner_name": "Account Name",
            "partner_type": "Relationship Type",
            "city": "Address 1: City",
            "state": "Address 1: State/Province",
            "country": "Address 1: Country/Region",
            "cam_id": "Owner",
            "enrolled_on": "Created On",
        },
        None,
    ),
    "Pipedrive deals": (
        "deal_registrations",
        (
            "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Organization,"
            "Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,"
            "Deal - Expected close date,Deal - Owner\n"
            '101,Initech upgrade,"3,400",EUR,P1,Negotiations started,won,2026-01-05 10:22:00,'
            "2026-02-11 16:00:00,2026-02-15,Ana Diaz\n"
            "102,Hooli trial,,EUR,P2,Qualified,open,2026-02-01 09:00:00,,2026-05-30,Ben Ito\n"
        ),
        {
            "deal_id": "Deal - ID",
            "partner_id": "Deal - Organization",
            "registered_on": "Deal - Deal created",
            "status": "Deal - Status",
            "amount": "Deal - Value",
            "closed_on": "Deal - Won time",
            "expected_close_on": "Deal - Expected close date",
            "customer_name": "Deal - Title",
        },
        ["won", "submitted"],
    ),
    "Pipedrive organizations": (
        "partners",
        (
            "Organization - ID,Organization - Name,Organization - Owner,"
            "Organization - Organization created\n"
            "P1,Initech Partners,C1,2024-01-15 08:00:00\n"
        ),
        {
            "partner_id": "Organization - ID",
            "partner_name": "Organization - Name",
            "cam_id": "Organization - Owner",
            "enrolled_on": "Organization - Organization created",
        },
        None,
    ),
    "generic CRM pipeline": (
        "deal_registrations",
        (
            "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
            "close_value\n"
            "1C1I7A6R,Moses Frase,GTX Plus Basic,P1,Won,2016-10-20,2017-03-01,1054\n"
            "Z063OYW0,Darcel Schlecht,GTXPro,P2,Engaging,2016-10-25,,\n"
            "EC4QE1BX,Darcel Schlecht,MG Special,P3,Prospecting,,,\n"
        ),
        {
            "deal_id": "opportunity_id",
            "partner_id": "account",
            "registered_on": "engage_date",
            "status": "deal_stage",
            "amount": "close_value",
            "closed_on": "close_date",
            "product_line": "product",
        },
        ["won", "approved", None],
    ),
    "generic CRM accounts": (
        "partners",
        (
            "account,sector,year_established,revenue,employees,office_location,subsidiary_of\n"
            "P1,technolgy,1996,1100.04,2822,United States,\n"
        ),
        {"partner_id": "account", "partner_name": "account", "country": "office_location"},
        None,
    ),
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_crm_vocabulary_is_recognised_mapped_and_read(vocabulary):
    table, text, expected, statuses = VOCABULARIES[vocabulary]
    raw = review.read_uploads([(f"{vocabulary}.csv", text.encode())]).files[0]
    rows = list(csv.reader(io.StringIO(text)))
    choice = review.propose(raw, remembered=False)
    assert choice.table == table
    assert {k: v for k, v in choice.mapping.items() if v} == expected
    defaults = {"tier": "Registered"} if table == "partners" else {}
    if table == "partners" and "enrolled_on" not in expected:
        defaults["enrolled_on"] = "2024-01-01"
    known = {"P1", "P2", "P3"}
    result = review.validate([raw], [review.FileChoice(table, choice.mapping, defaults)], known)[
        table
    ]
    if statuses is None:
        assert result.rows_accepted == len(rows) - 1
        return
    read = dict(zip(result.accepted.deal_id, result.accepted.status, strict=True))
    assert [read.get(row[rows[0].index(expected["deal_id"])]) for row in rows[1:]] == statuses
