"""What a page puts on screen, as text, and which partner or customer names are in it.

Shared by the AppTest sweep and the browser tests of presentation mode: both collect every string
a page sends (Markdown, labels, help, options, chart specs, and every cell of the Arrow tables that
st.dataframe and the charts draw from) and look for the program's names in it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
from google.protobuf.message import Message

WORD = re.compile(r"\w+")


def program_names(folder: Path) -> tuple[dict[str, str], set[str]]:
    """The partners (id → name) and the customer names of a canonical folder."""
    with (folder / "partners.csv").open(newline="") as handle:
        partners = {row["partner_id"]: row["partner_name"] for row in csv.DictReader(handle)}
    with (folder / "deal_registrations.csv").open(newline="") as handle:
        customers = {row["customer_name"] for row in csv.DictReader(handle)} - {""}
    return partners, customers


class NameFinder:
    """Finds which of many names occur in a text, in one pass over the text's words.

    Each name is indexed by its first word; a word of the text that starts some names is checked
    against just those, so thousands of names cost no more than a dictionary lookup per word.
    """

    def __init__(self, names: Iterable[str]):
        self._by_first_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._wordless: list[str] = []
        for name in names:
            first = WORD.search(name)
            if first is None:
                self._wordless.append(name)
            else:
                self._by_first_word[first.group()].append((first.start(), name))

    def found_in(self, text: str) -> set[str]:
        found = {name for name in self._wordless if name in text}
        for word in WORD.finditer(text):
            for offset, name in self._by_first_word.get(word.group(), ()):
                start = word.start() - offset
                if start >= 0 and text.startswith(name, start):
                    found.add(name)
        return found


def arrow_strings(data: bytes) -> Iterator[str]:
    """Every text cell and column name of an Arrow IPC stream."""
    if not data:
        return
    table = pa.ipc.open_stream(pa.BufferReader(data)).read_all()
    yield from table.column_names
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            yield from (value for value in column.to_pylist() if value is not None)
        elif pa.types.is_dictionary(column.type):
            yield from (str(value) for value in column.to_pylist() if value is not None)


def proto_strings(message: Message) -> Iterator[str]:
    """Every string of a Streamlit message, its Arrow tables (st.dataframe's and the charts'
    data) decoded into their cells."""
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from proto_strings(item)
            elif isinstance(item, str):
                yield item
            elif isinstance(item, bytes) and message.DESCRIPTOR.name.startswith("Arrow"):
                yield from arrow_strings(item)


def element_text(node) -> Iterator[str]:
    """Every string of an AppTest element tree (a page's whole output)."""
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message):
        yield from proto_strings(proto)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from element_text(child)


def download_text(payload: bytes, file_name: str) -> str:
    """The text of a download: CSV as it is, an Excel workbook cell by cell."""
    if file_name.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(payload), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return payload.decode("utf-8", errors="replace")
