"""Read uploaded CSV, Excel and zip files into text frames: exactly, or with one message.

Decoding is decided for the whole file: a BOM (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM,
recognised by its zero bytes; UTF-8; and the declared fallback (cp1252) only for a file with no
UTF-8 multi-byte character at all. A byte that cannot be read in the file's encoding rejects its
row, naming the byte; the file is never re-read in another encoding because of one bad byte.

Limits are measured on what is read, never on what a header claims: the bytes every archive
expands to (archives inside archives included), the rows of a sheet (counted in its XML, since a
sheet need not declare its size), the shared strings of a workbook, and the length of one field.
An input that crosses a limit is refused before the work, or as soon as the limit is crossed.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
import pandas as pd
from openpyxl import load_workbook

MB = 1024 * 1024
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
FALLBACK_ENCODING = os.environ.get("CHANNEL_FALLBACK_ENCODING", "cp1252")
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
}


@dataclass(frozen=True)
class Limits:
    """What one upload may hold; each can be set by an environment variable."""

    file_mb: float = 200  # one file, and all that an archive expands to, nested ones included
    excel_rows: int = 1_000_000  # rows of one sheet
    shared_strings_mb: float = 100  # the expanded shared strings of one workbook
    field_chars: int = 131_072  # one field (Python's csv module's own default)
    zip_members: int = 50  # files in one archive
    zip_ratio: int = 100  # expanded ÷ compressed for one member: beyond, a bomb
    zip_depth: int = 2  # an archive may hold archives, but not archives of archives

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ.get
        return cls(
            file_mb=float(env("CHANNEL_MAX_UPLOAD_MB", cls.file_mb)),
            excel_rows=int(env("CHANNEL_MAX_EXCEL_ROWS", cls.excel_rows)),
            shared_strings_mb=float(env("CHANNEL_MAX_SHARED_STRINGS_MB", cls.shared_strings_mb)),
            field_chars=int(env("CHANNEL_MAX_FIELD_CHARS", cls.field_chars)),
        )


class ReadError(ValueError):
    """A file that is refused or unreadable; the message names it and says why."""


@dataclass
class RawFile:
    name: str
    frame: pd.DataFrame  # every cell as text, header row as columns
    encoding: str | None = None
    delimiter: str | None = None
    # Rows that cannot be read exactly (undecodable bytes, missing or extra fields): the row's
    # position in the frame → the reasons. The pipeline rejects them with those reasons.
    problems: dict[int, list[str]] = field(default_factory=dict)


def _escape_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """Keep each unreadable byte as a lone surrogate U+DC00 + byte, to name it later."""
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + b) for b in bad), error.end


codecs.register_error("channel-byte", _escape_bytes)
_UNREADABLE = re.compile("[\udc00-\udcff]")
_MULTIBYTE = re.compile("[^\x00-\x7f\udc00-\udcff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin characters has a zero in every other byte."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in; unreadable bytes stay as U+DC00 + byte."""
    text, encoding, _ = _decode(data)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str, bool]:
    """decode(), and whether the text may hold unreadable bytes."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="channel-byte"), encoding, True
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="channel-byte"), utf16, True
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="channel-byte")
    bad = len(_UNREADABLE.findall(text))
    # A file with as many well-formed multi-byte characters as bad bytes is UTF-8 with a few
    # bad bytes; one without any is in the single-byte fallback.
    for good, _ in enumerate(_MULTIBYTE.finditer(text), start=1):
        if good >= bad:
            return text, "utf-8", True
    return data.decode(FALLBACK_ENCODING, errors="channel-byte"), FALLBACK_ENCODING, True


def _byte_problem(column: str, value: str, encoding: str) -> str:
    byte = ord(_UNREADABLE.search(value).group()) - 0xDC00
    return f"{column}: byte 0x{byte:02X} is not valid {ENCODING_NAMES.get(encoding, encoding)}"


def _limit(name: str, size: int, limits: Limits) -> None:
    if size > limits.file_mb * MB:
        raise ReadError(f"{name}: {size / MB:,.0f} MB is over the {limits.file_mb:,.0f} MB limit")


class _Budget:
    """The bytes one upload may expand to, spent by every archive inside it."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limit, self.spent = name, limits.file_mb * MB, 0

    def spend(self, size: int, what: str) -> None:
        self.spent += size
        if self.spent > self.limit:
            raise ReadError(
                f"{what}: the upload expands to over {self.spent / MB:,.0f} MB counting every "
                f"archive inside it, over the {self.limit / MB:,.0f} MB limit"
            )


def clean_header(name: str, cells: list, encoding: str | None = None) -> list[str]:
    """Clean header names; refuse a header that cannot be read or is ambiguous."""
    names = []
    for i, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        if _UNREADABLE.search(text):
            raise ReadError(
                f"{name}, line 1 (the header): "
                + _byte_problem(f"column {i + 1}", text, encoding or "")
            )
        names.append(text or f"column {i + 1}")
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(names):
        seen.setdefault(text.casefold(), []).append(i + 1)
    for positions in seen.values():
        if len(positions) > 1:
            raise ReadError(
                f"{name}: the column {names[positions[0] - 1]!r} appears "
                f"{len(positions)} times (columns {', '.join(map(str, positions))}); which one "
                "holds the data is ambiguous, so the file is refused. Rename or remove one."
            )
    return names


def _check_fields(name: str, frame: pd.DataFrame, limits: Limits) -> None:
    for column in frame.columns:
        lengths = frame[column].str.len()
        if len(lengths) and lengths.max() > limits.field_chars:
            row = int(lengths.to_numpy().argmax())
            raise ReadError(
                f"{name}, line {row + 2}, column {column!r}: a field of "
                f"{int(lengths.max()):,} characters is over the {limits.field_chars:,}-character "
                "limit"
            )


def _delimited(name: str, text: str, delimiter: str, limits: Limits):
    """Every record as a list of fields, checked one by one (the exact, slower reading)."""
    csv.field_size_limit(limits.field_chars)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        records = [record for record in reader if record]
    except csv.Error as error:
        reason = str(error)
        if "field larger than field limit" in reason:
            reason = f"a field is over the {limits.field_chars:,}-character limit"
        elif "end of data" in reason or "EOF" in reason:
            reason = "a quoted field is never closed"
        raise ReadError(f"{name}, line {reader.line_num}: {reason}") from None
    return header, records


def _longest_run(payload: bytes, delimiter: str) -> tuple[int, int]:
    """The longest stretch of bytes without a delimiter or line break, and where it ends."""
    octets = np.frombuffer(payload, dtype=np.uint8)
    cuts = np.flatnonzero((octets == 10) | (octets == ord(delimiter)))
    edges = np.concatenate(([-1], cuts, [len(payload)]))
    widest = int(np.diff(edges).argmax())
    return int(edges[widest + 1] - edges[widest] - 1), int(edges[widest + 1])


def read_csv(name: str, data: bytes, limits: Limits | None = None) -> RawFile:
    limits = limits or Limits.from_env()
    _limit(name, len(data), limits)
    text, encoding, escaped = _decode(data)
    if not text or text.isspace():
        raise ReadError(f"{name}: the file is empty")
    escaped = escaped and bool(_UNREADABLE.search(text))
    try:
        delimiter = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    # pyarrow reads UTF-8 bytes; the other encodings are re-encoded for it.
    payload = data if not escaped and encoding == "utf-8" else text.encode("utf-8", "surrogatepass")
    # Before the work: a run of bytes with no delimiter or line break longer than a field may
    # be in any encoding (4 bytes a character) is one over-long field.
    if len(payload) > limits.field_chars:
        run, end = _longest_run(payload, delimiter)
        if run > 4 * limits.field_chars:
            line = payload.count(b"\n", 0, end) + 1
            raise ReadError(
                f"{name}, line {line}: a field is over the {limits.field_chars:,}-character limit"
            )
    frame, problems = None, {}
    if not escaped:
        try:
            end = text.find("\n")
            header_cells = next(
                csv.reader([text[: end if end >= 0 else None]], delimiter=delimiter)
            )
            # pyarrow reads large files several times faster; it refuses ragged rows, quoted
            # line breaks and over-long rows, which the exact reading below then takes.
            frame = pd.read_csv(
                io.BytesIO(payload),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                engine="pyarrow",
            )
        except Exception:  # pyarrow raises its own error types
            frame = None
    if frame is None or len(frame.columns) != len(header_cells):
        header_cells, records = _delimited(name, text, delimiter, limits)
        width = len(header_cells)
        for position, record in enumerate(records):
            reasons = []
            if len(record) != width:
                reasons.append(f"{len(record)} fields where the header has {width}")
                record[:] = (record + [""] * width)[:width]
            for column, value in zip(header_cells, record, strict=True):
                if _UNREADABLE.search(value):
                    reasons.append(_byte_problem(column.strip() or "a field", value, encoding))
            if reasons:
                problems[position] = reasons
                record[:] = [_UNREADABLE.sub("\ufffd", v) for v in record]
        frame = pd.DataFrame(records, columns=range(width), dtype=str)
    frame.columns = clean_header(name, header_cells, encoding)
    if frame.empty:
        raise ReadError(f"{name}: the file has a header but no rows")
    _check_fields(name, frame, limits)
    return RawFile(name, frame, encoding, delimiter, problems)


def _stream(archive: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, chunk: Callable) -> None:
    """Feed a member to `chunk` piece by piece; a member that cannot be extracted is refused."""
    try:
        with archive.open(info) as member:
            while piece := member.read(MB):
                chunk(piece)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise ReadError(f"{name}: {info.filename} cannot be extracted ({error})") from None


def _count_rows(archive: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Count a sheet's rows in its XML as it streams (a sheet need not declare its size), and
    measure the longest stretch without a new row; stop as soon as either is over its limit."""
    most_rows = limits.excel_rows + 1  # and the header
    # Every cell of a row at the field limit would still be far below this.
    most_row_bytes = 64 * limits.field_chars
    sheet = f"{name}, sheet {PurePath(info.filename).stem}"
    state = {"rows": 0, "tail": b"", "read": 0, "last_row": 0, "start": None, "tag": None}

    def count(piece: bytes) -> None:
        if state["tag"] is None:  # the sheet's namespace prefix, if it uses one (<x:row>)
            root = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]", piece)
            state["start"] = b"<" + ((root.group(1) or b"") if root else b"") + b"row"
            state["tag"] = re.compile(re.escape(state["start"]) + rb"[\s>/]")
        tag, tail = state["tag"], state["tail"]
        buffer = tail + piece
        # Matches lying wholly in the tail were counted with the previous piece.
        state["rows"] += len(tag.findall(buffer)) - len(tag.findall(tail))
        last = buffer.rfind(state["start"])
        if last >= 0:
            state["last_row"] = state["read"] - len(tail) + last
        state["read"] += len(piece)
        state["tail"] = buffer[-32:]
        if state["rows"] > most_rows:
            raise ReadError(f"{sheet}: more rows than the {limits.excel_rows:,}-row limit")
        if state["read"] - state["last_row"] > most_row_bytes:
            raise ReadError(
                f"{sheet}, row {state['rows']}: over {most_row_bytes / MB:,.0f} MB of cells in "
                f"one row (a field may hold {limits.field_chars:,} characters)"
            )

    _stream(archive, name, info, count)


def read_excel(name: str, data: bytes, limits: Limits | None = None) -> list[RawFile]:
    limits = limits or Limits.from_env()
    _limit(name, len(data), limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ReadError(f"{name}: not a readable Excel workbook ({error})") from None
    for part in parts:
        # No part expands beyond the size its header declares (zipfile stops there and fails
        # the CRC), so the declared size of the shared strings bounds them before the work.
        if part.filename.lower().endswith("sharedstrings.xml"):
            if part.file_size > limits.shared_strings_mb * MB:
                raise ReadError(
                    f"{name}: its shared strings expand to {part.file_size / MB:,.0f} MB, over "
                    f"the {limits.shared_strings_mb:,.0f} MB limit"
                )
        elif part.filename.lower().startswith("xl/worksheets/"):
            _count_rows(archive, name, part, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise ReadError(f"{name}: not a readable Excel workbook ({error})") from None
    files = []
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header or all(h is None or str(h).strip() == "" for h in header):
                continue
            records = []
            for records_read, row in enumerate(rows, start=1):
                if records_read > limits.excel_rows:  # rows the XML skips count too
                    raise ReadError(
                        f"{name}, sheet {sheet.title}: more rows than the "
                        f"{limits.excel_rows:,}-row limit"
                    )
                records.append(["" if v is None else str(v) for v in row])
            while records and not any(records[-1]):  # formatted but empty rows at the end
                records.pop()
            label = name if len(book.worksheets) == 1 else f"{name} [{sheet.title}]"
            width = max([len(header), *map(len, records)])
            columns = clean_header(label, [*header, *[None] * (width - len(header))])
            records = [r + [""] * (width - len(r)) for r in records]
            frame = pd.DataFrame(records, columns=columns, dtype=str)
            if frame.empty:
                if len(book.worksheets) == 1:
                    raise ReadError(f"{name}: the file has a header but no rows")
                continue
            _check_fields(label, frame, limits)
            files.append(RawFile(label, frame))
    except ReadError:
        raise
    except Exception as error:  # a broken sheet: ParseError, BadZipFile, KeyError, …
        raise ReadError(f"{name}: not a readable Excel workbook ({error})") from None
    finally:
        book.close()
    if not files:
        raise ReadError(f"{name}: no sheet holds rows under a header")
    return files


def _unpack(
    name: str, data: bytes, limits: Limits, budget: _Budget, depth: int
) -> list[tuple[str, zipfile.ZipFile, zipfile.ZipInfo]]:
    """Every file an archive holds, archives inside it opened too, not yet extracted. Each
    archive's declared sizes are spent from the budget before any file is extracted (a member
    never expands beyond its declared size: zipfile stops there and fails the CRC)."""
    _limit(name, len(data), limits)
    if depth > limits.zip_depth:
        raise ReadError(f"{name}: archives nested more than {limits.zip_depth} deep are refused")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ReadError(f"{name}: not a readable zip file") from None
    if len(members) > limits.zip_members:
        raise ReadError(f"{name}: {len(members)} files is over the {limits.zip_members}-file limit")
    budget.spend(sum(m.file_size for m in members), name)
    files = []
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > limits.zip_ratio:
            raise ReadError(
                f"{name}: {member.filename} expands {member.file_size:,} bytes from "
                f"{member.compress_size:,}; refused as a possible zip bomb"
            )
        if member.filename.lower().endswith(".zip"):
            inner = f"{name}/{PurePath(member.filename).name}"
            files += _unpack(inner, _extract(archive, name, member), limits, budget, depth + 1)
        else:
            files.append((name, archive, member))
    return files


def _extract(archive: zipfile.ZipFile, name: str, member: zipfile.ZipInfo) -> bytes:
    pieces: list[bytes] = []
    _stream(archive, name, member, pieces.append)
    return b"".join(pieces)


def read_zip(name: str, data: bytes, limits: Limits | None = None) -> list[RawFile]:
    limits = limits or Limits.from_env()
    files = []
    for where, archive, member in _unpack(name, data, limits, _Budget(name, limits), depth=1):
        content = _extract(archive, where, member)
        files += read_any(PurePath(member.filename).name, content, limits)
    return files


def read_any(name: str, data: bytes, limits: Limits | None = None) -> list[RawFile]:
    """Every table the file holds (a workbook's sheets, an archive's files), read as text."""
    limits = limits or Limits.from_env()
    suffix = PurePath(name).suffix.lower()
    if suffix == ".zip":
        return read_zip(name, data, limits)
    if suffix == ".xlsx":
        return read_excel(name, data, limits)
    if suffix in SUFFIXES:
        return [read_csv(name, data, limits)]
    raise ReadError(f"{name}: only CSV, TXT, TSV, XLSX and ZIP files are read")
