"""Read uploaded CSV, Excel and zip files into text frames, safely.

Encodings (UTF-8 with or without BOM, UTF-16, cp1252) and delimiters (comma, semicolon, tab,
pipe) are detected with the standard library; limits refuse oversized files, Excel sheets with
too many rows, and zip bombs before anything is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd
from openpyxl import load_workbook

MAX_FILE_MB = float(os.environ.get("CHANNEL_MAX_UPLOAD_MB", "200"))
MAX_EXCEL_ROWS = int(os.environ.get("CHANNEL_MAX_EXCEL_ROWS", "1000000"))
MAX_ZIP_MEMBERS = 50
MAX_ZIP_RATIO = 100  # uncompressed ÷ compressed: beyond this a member is treated as a bomb
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")


class ReadError(ValueError):
    """A file that is refused or unreadable; the message says why."""


@dataclass
class RawFile:
    name: str
    frame: pd.DataFrame  # every cell as text, header row as columns
    encoding: str | None = None
    delimiter: str | None = None


def _limit(name: str, size: int) -> None:
    if size > MAX_FILE_MB * 1024 * 1024:
        raise ReadError(f"{name}: {size / 1e6:,.0f} MB is over the {MAX_FILE_MB:,.0f} MB limit")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: a BOM decides, else UTF-8, else cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def read_csv(name: str, data: bytes) -> RawFile:
    _limit(name, len(data))
    text, encoding = decode(data)
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        # pyarrow parses large files several times faster; the C engine takes what it refuses.
        frame = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            engine="pyarrow",
        )
    except Exception:  # pyarrow raises its own error types for ragged or odd files
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
            )
        except (pd.errors.ParserError, ValueError) as error:
            raise ReadError(f"{name}: cannot read as delimited text ({error})") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return RawFile(name, frame, encoding, delimiter)


def read_excel(name: str, data: bytes) -> list[RawFile]:
    _limit(name, len(data))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for broken files
        raise ReadError(f"{name}: not a readable Excel workbook ({error})") from error
    files = []
    for sheet in book.worksheets:
        if (sheet.max_row or 0) > MAX_EXCEL_ROWS:
            raise ReadError(
                f"{name}, sheet {sheet.title}: {sheet.max_row:,} rows is over the "
                f"{MAX_EXCEL_ROWS:,}-row limit"
            )
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or all(h is None for h in header):
            continue
        records = [["" if v is None else str(v) for v in row] for row in rows]
        columns = [
            str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(header)
        ]
        frame = pd.DataFrame(records, columns=columns, dtype=str)
        label = name if len(book.worksheets) == 1 else f"{name} [{sheet.title}]"
        files.append(RawFile(label, frame))
    book.close()
    return files


def read_zip(name: str, data: bytes) -> list[RawFile]:
    _limit(name, len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ReadError(f"{name}: not a readable zip file") from error
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReadError(f"{name}: {len(members)} files is over the {MAX_ZIP_MEMBERS}-file limit")
    total = sum(m.file_size for m in members)
    _limit(f"{name} (uncompressed)", total)
    files = []
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_ZIP_RATIO:
            raise ReadError(
                f"{name}: {member.filename} expands {member.file_size:,} bytes from "
                f"{member.compress_size:,}; refused as a possible zip bomb"
            )
        files += read_any(PurePath(member.filename).name, archive.read(member))
    return files


def read_any(name: str, data: bytes) -> list[RawFile]:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".zip":
        return read_zip(name, data)
    if suffix == ".xlsx":
        return read_excel(name, data)
    if suffix in SUFFIXES:
        return [read_csv(name, data)]
    raise ReadError(f"{name}: only CSV, TXT, TSV, XLSX and ZIP files are read")
