"""Reading uploads: encodings, delimiters, Excel, zip, and the limits that refuse bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from queries.importing.reading import ReadError, read_any

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
