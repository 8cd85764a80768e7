"""Hostile inputs for the import, made on the fly: bad encodings, broken structure, values that
cannot be read exactly, archives and workbooks that lie or expand too far.

Big cases are built from one compressed chunk repeated (a deflate stream flushed after each
chunk can be concatenated), so a member that expands to hundreds of megabytes costs a few
milliseconds to make.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

PARTNER_COLUMNS = ["partner_id", "partner_name", "tier", "enrolled_on"]
DEAL_COLUMNS = ["deal_id", "partner_id", "registered_on", "status", "amount", "closed_on"]

PARTNERS = [
    ["P1", "Café Société SARL", "Gold", "2024-01-15"],
    ["P2", "Beta GmbH", "Silver", "2024-03-01"],
    ["P3", "Gamma Ltd", "Gold", "2024-06-01"],
]
DEALS = [
    ["D1", "P1", "2026-01-05", "won", "1000", "2026-02-01"],
    ["D2", "P2", "2026-02-01", "lost", "250", "2026-02-20"],
    ["D3", "P3", "2026-03-01", "submitted", "75.50", ""],
    ["D4", "P1", "2026-04-01", "approved", "500", ""],
]


def csv_text(columns: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def partners_csv(rows: list[list[str]] | None = None) -> bytes:
    return csv_text(PARTNER_COLUMNS, PARTNERS if rows is None else rows).encode()


def deals_csv(rows: list[list[str]] | None = None) -> bytes:
    return csv_text(DEAL_COLUMNS, DEALS if rows is None else rows).encode()


def deals_with(column: str, values: list[str]) -> bytes:
    """The base deals with `column` set to each of `values` in turn (one row per value)."""
    index = DEAL_COLUMNS.index(column)
    rows = []
    for i, value in enumerate(values):
        row = list(DEALS[i % len(DEALS)])
        row[0] = f"D{i + 1}"
        row[index] = value
        rows.append(row)
    return deals_csv(rows)


# --- archives ---------------------------------------------------------------------------------


@dataclass
class Member:
    """One zip member: its name and either its bytes or a prepared deflate stream."""

    name: str
    data: bytes = b""
    deflated: bytes | None = None
    size: int | None = None  # the expanded size (given with `deflated`)
    crc: int | None = None
    declared_size: int | None = None  # what the header claims, when it should lie
    declared_crc: int | None = None
    stored: bool = False  # kept as is (method 0), as archives inside archives often are


def _flushed(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def streamed(name: str, chunk: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> Member:
    """A member holding head + chunk × times + tail: the chunk is deflated once and its
    (flushed, so self-contained) stream repeated."""
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    final_block = zlib.compressobj(6, zlib.DEFLATED, -15).flush()
    stream = _flushed(head) + _flushed(chunk) * times + _flushed(tail) + final_block
    return Member(name, deflated=stream, size=len(head) + len(chunk) * times + len(tail), crc=crc)


def zip_bytes(members: list[Member]) -> bytes:
    """A zip archive written by hand, so that headers can be made to lie."""
    out = io.BytesIO()
    central = []
    for member in members:
        method = 0 if member.stored else 8
        if member.stored:
            deflated, size, crc = member.data, len(member.data), zlib.crc32(member.data)
        elif member.deflated is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflated = compressor.compress(member.data) + compressor.flush()
            size, crc = len(member.data), zlib.crc32(member.data)
        else:
            deflated, size, crc = member.deflated, member.size, member.crc
        size = member.declared_size if member.declared_size is not None else size
        crc = member.declared_crc if member.declared_crc is not None else crc
        name = member.name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(deflated),
                size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(deflated)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(deflated),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            len(central),
            len(central),
            out.tell() - start,
            start,
            0,
        )
    )
    return out.getvalue()


def plain_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def csv_rows_chunk(rows: int = 2000) -> bytes:
    """Deal rows that deflate about 30 to 1: well under a zip-bomb ratio."""
    return "".join(
        f"X{i:07d},P{i % 7},2026-01-{1 + i % 4:02d},won,{i % 10}00,\n" for i in range(rows)
    ).encode()


def nested_zips(total_mb: float) -> bytes:
    """A zip holding two zips, each holding a deal file of total_mb / 2 megabytes."""
    chunk = csv_rows_chunk()
    header = (",".join(DEAL_COLUMNS) + "\n").encode()
    times = max(1, int(total_mb * 1e6 / 2 / len(chunk)))
    inner = [
        Member(
            f"{part}.zip",
            data=zip_bytes([streamed("deal_registrations.csv", chunk, times, head=header)]),
            stored=True,
        )
        for part in ("a", "b")
    ]
    return zip_bytes(inner)


def zip_with_bad_crc() -> bytes:
    return zip_bytes([Member("deal_registrations.csv", data=deals_csv(), declared_crc=12345)])


def zip_that_understates_its_size() -> bytes:
    """The header says 100 bytes; the stream expands to several megabytes."""
    member = streamed("deal_registrations.csv", csv_rows_chunk(200), 400)
    member.declared_size = 100
    return zip_bytes([member])


def zips_nested(depth: int) -> bytes:
    data = plain_zip({"deal_registrations.csv": deals_csv()})
    for level in range(depth - 1):
        data = plain_zip({f"level{level}.zip": data})
    return data


# --- workbooks ---------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "{shared}</Relationships>"
)
_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def cells(values: list[str]) -> str:
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values) + "</row>"


@dataclass
class Workbook:
    """An .xlsx written by hand: no <dimension> tag, rows without numbers unless given."""

    rows: list[list[str]] = field(default_factory=list)
    repeat_rows: list[list[str]] | None = None  # appended `repeat_times` times, cheaply
    repeat_times: int = 0
    shared_strings: Member | None = None
    sheet_xml: str | None = None  # a raw sheet, to break it

    def to_bytes(self) -> bytes:
        shared = self.shared_strings is not None
        members = [
            Member(
                "[Content_Types].xml",
                data=_CONTENT_TYPES.format(shared=_SHARED_TYPE if shared else "").encode(),
            ),
            Member("_rels/.rels", data=_RELS.encode()),
            Member("xl/workbook.xml", data=_WORKBOOK.encode()),
            Member(
                "xl/_rels/workbook.xml.rels",
                data=_WORKBOOK_RELS.format(shared=_SHARED_REL if shared else "").encode(),
            ),
        ]
        if self.sheet_xml is not None:
            members.append(Member("xl/worksheets/sheet1.xml", data=self.sheet_xml.encode()))
        else:
            head = (SHEET_HEAD + "".join(cells(r) for r in self.rows)).encode()
            tail = SHEET_TAIL.encode()
            if self.repeat_rows and self.repeat_times:
                members.append(
                    streamed(
                        "xl/worksheets/sheet1.xml",
                        "".join(cells(r) for r in self.repeat_rows).encode(),
                        self.repeat_times,
                        head=head,
                        tail=tail,
                    )
                )
            else:
                members.append(Member("xl/worksheets/sheet1.xml", data=head + tail))
        if shared:
            members.append(self.shared_strings)
        return zip_bytes(members)


def huge_shared_string(megabytes: float) -> Member:
    """xl/sharedStrings.xml with one string of `megabytes` MB."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>'
    )
    tail = b"</t></si></sst>"
    chunk = b"A" * 65536
    times = max(1, int(megabytes * 1e6 / len(chunk)))
    return streamed("xl/sharedStrings.xml", chunk, times, head=head, tail=tail)


def workbook_with_shared_string(megabytes: float) -> bytes:
    sheet = (
        SHEET_HEAD
        + cells(PARTNER_COLUMNS)
        + '<row><c t="inlineStr"><is><t>P1</t></is></c><c t="s"><v>0</v></c>'
        + '<c t="inlineStr"><is><t>Gold</t></is></c>'
        + '<c t="inlineStr"><is><t>2024-01-15</t></is></c></row>'
        + SHEET_TAIL
    )
    return Workbook(sheet_xml=sheet, shared_strings=huge_shared_string(megabytes)).to_bytes()


def workbook_with_rows(rows: int) -> bytes:
    """A partners sheet of `rows` data rows and no dimension tag."""
    block = 1000 if rows >= 1000 else 1
    return Workbook(
        rows=[PARTNER_COLUMNS] + [["P1", "Alpha", "Gold", "2024-01-15"]] * (rows % block),
        repeat_rows=[["P1", "Alpha", "Gold", "2024-01-15"]] * block,
        repeat_times=rows // block,
    ).to_bytes()


def workbook_malformed() -> bytes:
    sheet = SHEET_HEAD + cells(PARTNER_COLUMNS) + "<row><c><is><t>P1</is></c></row>" + SHEET_TAIL
    return Workbook(sheet_xml=sheet).to_bytes()


def workbook_header_only() -> bytes:
    return Workbook(rows=[PARTNER_COLUMNS]).to_bytes()
