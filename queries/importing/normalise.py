"""Turn the text of an export into canonical values: dates, quarters, amounts, statuses.

Each parser returns the parsed values and a mask of the cells it could not read (a cell that is
missing is not "unreadable"). Date formats are chosen per column: the one that reads the most
cells wins, so 03/07/26 is read the way the rest of its column is.
"""

from __future__ import annotations

import re

import pandas as pd

from queries.importing.synonyms import MISSING_TOKENS, STAGE_MAP

DATE_FORMATS = (
    "ISO8601",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%b %d, %Y",
)


def missing(values: pd.Series) -> pd.Series:
    """True where a cell is blank or one of the tokens exports use for nothing."""
    text = values.astype("string").str.strip().str.lower()
    return text.isna() | text.isin(MISSING_TOKENS)


def _clean(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().mask(missing(values))


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _clean(values)
    # Salesforce writes 2024-01-22T16:14:25.000+0000: make the offset ISO (+00:00).
    text = text.str.replace(r"([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
    # Every format's reading; the column's most successful format decides first, and the
    # others fill only the cells it could not read (a hand-typed 06/30/2026 among ISO dates).
    attempts = []
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=fmt == "ISO8601")
        if fmt == "ISO8601":
            parsed = parsed.dt.tz_localize(None)
        attempts.append(parsed)
        if int(parsed.notna().sum()) == int(text.notna().sum()):
            break
    attempts.sort(key=lambda p: -int(p.notna().sum()))
    best = attempts[0]
    for other in attempts[1:]:
        best = best.fillna(other)
    dates = best.dt.date.where(best.notna(), None)
    return dates, text.notna() & best.isna()


_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*Q?([1-4])|Q([1-4])\s*-?\s*(\d{4}))$", re.IGNORECASE)


def parse_quarters(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Quarter spellings (2026-Q1, 2026Q1, Q1 2026, 2026 1) or a date inside the quarter."""
    text = _clean(values)

    def one(value: str | None):
        if value is None or value is pd.NA:
            return None
        match = _QUARTER.match(value)
        if match:
            year = int(match.group(1) or match.group(4))
            quarter = int(match.group(2) or match.group(3))
            return pd.Timestamp(year=year, month=3 * quarter - 2, day=1).date()
        return None

    unique = text.dropna().unique()
    lookup = {v: one(v) for v in unique}
    parsed = text.map(lambda v: lookup.get(v) if v is not None and v is not pd.NA else None)
    unresolved = text.notna() & parsed.isna()
    if unresolved.any():
        dates, _ = parse_dates(text.where(unresolved))
        starts = pd.to_datetime(dates, errors="coerce").dt.to_period("Q").dt.start_time.dt.date
        parsed = parsed.where(~unresolved, starts.where(starts.notna(), None))
    return parsed, text.notna() & parsed.isna()


def parse_amounts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """$1,234.50, 1.234,50, (300), 12,5 %, € 99 → numbers; the last separator is the decimal."""
    text = _clean(values)

    def one(value: str) -> float | None:
        negative = (value.startswith("(") and value.endswith(")")) or value.startswith("-")
        digits = re.sub(r"[^\d.,]", "", value)
        if not digits or not re.search(r"\d", digits):
            return None
        if "," in digits and "." in digits:
            decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        elif "," in digits:
            decimal = "." if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else ","
        else:
            decimal = "."
        thousands = "," if decimal == "." else "."
        normal = digits.replace(thousands, "").replace(decimal, ".")
        try:
            number = float(normal)
        except ValueError:
            return None
        return -number if negative else number

    unique = text.dropna().unique()
    lookup = {v: one(v) for v in unique}
    parsed = text.map(lambda v: lookup.get(v) if isinstance(v, str) else None).astype("Float64")
    return parsed, text.notna() & parsed.isna()


def parse_statuses(
    values: pd.Series, stage_map: dict[str, str], vocabulary: tuple[str, ...]
) -> tuple[pd.Series, pd.Series]:
    text = _clean(values).str.lower()
    mapping = {**STAGE_MAP, **{k.lower(): v for k, v in stage_map.items()}}
    parsed = text.map(
        lambda v: v if v in vocabulary else mapping.get(v) if isinstance(v, str) else None
    )
    parsed = parsed.where(parsed.isin(vocabulary), None)
    return parsed, text.notna() & parsed.isna()


def parse_text(values: pd.Series) -> pd.Series:
    return _clean(values)
