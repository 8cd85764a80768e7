"""Reading uploads: encodings, delimiters, Excel, zip, and the limits that refuse bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from queries.importing.reading import ReadError, read_any
from tests import hostile_files as hostile

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROWS = "partner_id;partner_name;tier\nP1;Café Über;Gold\nP2;Beta;Silver\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ROWS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ROWS.encode("utf-8"), "utf-8-sig"),
        (ROWS.encode("utf-16"), "utf-16"),
        (ROWS.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(data, encoding):
    raw = read_any("partners.csv", data)[0]
    assert raw.encoding == encoding
    assert list(raw.frame.columns) == ["partner_id", "partner_name", "tier"]
    assert raw.frame.partner_name.tolist() == ["Café Über", "Beta"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    text = ROWS.replace(";", delimiter)
    raw = read_any("partners.csv", text.encode())[0]
    assert raw.delimiter == delimiter
    assert raw.frame.shape == (2, 3)


def test_real_utf16_extract():
    path = FIXTURES / "ms_pl300_reseller_targets_utf16" / "ResellerSales_202006.csv"
    raw = read_any(path.name, path.read_bytes())[0]
    assert raw.encoding == "utf-16"
    assert len(raw.frame) == 3004


def test_excel_and_zip():
    book = Workbook()
    book.active.append(["partner_id", "partner_name"])
    book.active.append(["P1", "Alpha"])
    buffer = io.BytesIO()
    book.save(buffer)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("partners.xlsx", buffer.getvalue())
        z.writestr("deals.csv", "deal_id,amount\nD1,100\n")
    files = read_any("extract.zip", archive.getvalue())
    assert [f.name for f in files] == ["partners.xlsx", "deals.csv"]
    assert files[0].frame.partner_name.tolist() == ["Alpha"]


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setenv("CHANNEL_MAX_UPLOAD_MB", "0.001")
    with pytest.raises(ReadError, match="over the"):
        read_any("partners.csv", b"x" * 5000)


def test_excel_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setenv("CHANNEL_MAX_EXCEL_ROWS", "3")
    book = Workbook()
    for i in range(10):
        book.active.append([f"P{i}", "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ReadError, match="more rows than the 3-row limit"):
        read_any("partners.xlsx", buffer.getvalue())


def test_zip_bomb_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.csv", "0" * 20_000_000)
    with pytest.raises(ReadError, match="zip bomb"):
        read_any("bomb.zip", archive.getvalue())


def test_unknown_kind_and_broken_workbook_are_refused():
    with pytest.raises(ReadError, match="only CSV"):
        read_any("notes.pdf", b"%PDF")
    with pytest.raises(ReadError, match="not a readable Excel"):
        read_any("partners.xlsx", b"not a workbook")


ACCENTED = "partner_id,partner_name\nP1,Café Société SARL\nP2,Beta GmbH\n"


@pytest.mark.parametrize(
    ("data", "encoding", "names", "problems"),
    [
        # UTF-8 with one stray cp1252 byte: still UTF-8; only that row is rejected.
        (
            ACCENTED.encode().replace(b"Beta", b"B\xe9ta"),
            "utf-8",
            ["Café Société SARL", "B\ufffdta GmbH"],
            {1: ["partner_name: byte 0xE9 is not valid UTF-8"]},
        ),
        # A cp1252 file (no UTF-8 character in it): the declared fallback, read whole.
        (ACCENTED.encode("cp1252"), "cp1252", ["Café Société SARL", "Beta GmbH"], {}),
        (ACCENTED.encode("utf-16-be"), "utf-16-be", ["Café Société SARL", "Beta GmbH"], {}),
        (ACCENTED.encode("utf-32"), "utf-32", ["Café Société SARL", "Beta GmbH"], {}),
    ],
)
def test_one_encoding_per_file(data, encoding, names, problems):
    raw = read_any("partners.csv", data)[0]
    assert raw.encoding == encoding
    assert raw.frame.partner_name.tolist() == names
    assert raw.problems == problems


def test_a_byte_in_the_header_that_cannot_be_read_refuses_the_file():
    with pytest.raises(ReadError, match=r"line 1 \(the header\): column 2: byte 0xE9"):
        read_any(
            "partners.csv",
            "partner_id,nomé\nP1,Café\n".encode().replace(b"nom\xc3\xa9", b"nom\xe9"),
        )


def test_rows_a_sheet_skips_count_towards_its_limit(monkeypatch):
    """Two <row> tags, the second numbered 5000: the rows between count as rows."""
    monkeypatch.setenv("CHANNEL_MAX_EXCEL_ROWS", "1000")
    sheet = (
        hostile.SHEET_HEAD
        + '<row r="1"><c t="inlineStr"><is><t>partner_id</t></is></c></row>'
        + '<row r="5000"><c t="inlineStr"><is><t>P1</t></is></c></row>'
        + hostile.SHEET_TAIL
    )
    with pytest.raises(ReadError, match="more rows than the 1,000-row limit"):
        read_any("partners.xlsx", hostile.Workbook(sheet_xml=sheet).to_bytes())


def test_a_sheet_with_two_columns_of_one_name_is_refused():
    book = Workbook()
    book.active.append(["partner_id", "Tier", "tier"])
    book.active.append(["P1", "Gold", "Silver"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ReadError, match="the column 'Tier' appears 2 times"):
        read_any("partners.xlsx", buffer.getvalue())


def test_empty_rows_below_a_sheet_are_not_rows():
    book = Workbook()
    book.active.append(["partner_id", "partner_name"])
    book.active.append(["P1", "Alpha"])
    book.active.cell(row=9, column=1).number_format = "0.00"  # formatted, empty
    book.active.cell(row=9, column=1).value = None
    buffer = io.BytesIO()
    book.save(buffer)
    raw = read_any("partners.xlsx", buffer.getvalue())[0]
    assert raw.frame.values.tolist() == [["P1", "Alpha"]]
