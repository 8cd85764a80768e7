"""Turn the text of an export into canonical values: dates, quarters, amounts, statuses.

Each parser returns the parsed values and a mask of the cells it could not read (a cell that is
missing is not "unreadable"); the `_explained` forms give the reason instead of the mask. Nothing
is guessed: a value that reads two ways is read the way its column's other values settle, and
refused when they settle nothing or both ways.

- Dates: the format that reads the most cells wins and the others fill what it cannot read;
  whether 03/07/26 is day-first or month-first is settled by the column's unambiguous dates
  (a 25/07 or a 07/25); with neither, month-first, as US exports write.
- Amounts: digits with one kind of thousands grouping (1,234 1.234 1 234 1'234) and one
  decimal mark; a currency sign or ISO code before or after; a minus sign or parentheses for a
  negative; a trailing percent sign; scientific notation (1.5E+06). 1,234 and 1.234 follow the
  column's decimal mark (a 12,5 or a 1.234,50 makes it a comma); alone, the US way.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pycountry

from queries.importing.synonyms import MISSING_TOKENS, ORIGIN_MAP, STAGE_MAP

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


MONTH_FIRST = {"%m/%d/%Y", "%m/%d/%y", "%m/%d/%y %I:%M %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M"}
DAY_FIRST = {"%d/%m/%Y", "%d/%m/%y"}


def _combined(attempts: dict[str, pd.Series], formats: set[str]) -> pd.Series:
    readings = [attempts[f] for f in DATE_FORMATS if f in formats and f in attempts]
    combined = readings[0]
    for other in readings[1:]:
        combined = combined.fillna(other)
    return combined


def parse_dates_explained(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates, and for each cell that cannot be read the reason (None elsewhere)."""
    text = _clean(values)
    # Salesforce writes 2024-01-22T16:14:25.000+0000: make the offset ISO (+00:00).
    text = text.str.replace(r"([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
    present = int(text.notna().sum())
    attempts: dict[str, pd.Series] = {}
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=fmt == "ISO8601")
        if fmt == "ISO8601":
            parsed = parsed.dt.tz_localize(None)
        attempts[fmt] = parsed
        if int(parsed.notna().sum()) == present:
            break
    reasons = pd.Series(None, index=text.index, dtype=object)
    if len(attempts) == len(DATE_FORMATS):
        # No one format reads every cell: settle day-first against month-first on the
        # cells only one of them reads (25/07/2026, 07/25/2026).
        month_first = _combined(attempts, MONTH_FIRST)
        day_first = _combined(attempts, DAY_FIRST)
        says_month = (month_first.notna() & day_first.isna()).any()
        says_day = (day_first.notna() & month_first.isna()).any()
        if says_month and says_day:
            ambiguous = month_first.notna() & day_first.notna() & (month_first != day_first)
            reasons[ambiguous] = (
                "ambiguous date (the column has both day-first and month-first dates)"
            )
            for fmt in MONTH_FIRST | DAY_FIRST:
                if fmt in attempts:
                    attempts[fmt] = attempts[fmt].mask(ambiguous)
        else:
            for fmt in MONTH_FIRST if says_day else DAY_FIRST:
                attempts.pop(fmt, None)
    # The column's most successful format decides first, and the others fill only the cells
    # it could not read (a hand-typed 06/30/2026 among ISO dates).
    ordered = sorted(attempts.values(), key=lambda p: -int(p.notna().sum()))
    best = ordered[0]
    for other in ordered[1:]:
        best = best.fillna(other)
    dates = best.dt.date.where(best.notna(), None)
    unread = text.notna() & best.isna() & reasons.isna()
    reasons[unread] = "bad date"
    return dates, reasons.where(reasons.notna(), None)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    dates, reasons = parse_dates_explained(values)
    return dates, reasons.notna()


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


_SIGNS = "$€£¥₹₩₽"
_AMOUNT = re.compile(
    r"""(?P<open>\()?\s*
    (?P<sign>[-+\u2212])?\s*
    (?P<before>[A-Za-z]{3}|[$€£¥₹₩₽])?\s*
    (?P<sign2>[-+\u2212])?\s*
    (?P<number>[\d.,'\u00a0\u202f ]*?[\d.,]\d*(?:[eE][-+]?\d+)?)\s*
    (?P<after>[A-Za-z]{3}|[$€£¥₹₩₽])?\s*
    (?P<percent>%)?\s*
    (?P<close>\))?""",
    re.VERBOSE,
)
_PLAIN = re.compile(r"(?P<int>\d*)(?:(?P<mark>[.,])(?P<frac>\d+))?")
_GROUPED = re.compile(
    r"\d{1,3}(?P<group>[,.'\u00a0\u202f ])\d{3}(?:(?P=group)\d{3})*(?:(?P<mark>[.,])\d+)?"
)
_SCIENTIFIC = re.compile(r"(?P<mantissa>\d+(?:[.,]\d+)?|[.,]\d+)[eE](?P<exponent>[-+]?\d+)")


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _read_number(number: str) -> tuple[float | None, float | None, str | None]:
    """(the value read with a decimal point, the value read with a decimal comma, or None
    where that reading is impossible; the decimal mark the value proves, if any)."""
    number = number.strip()
    if match := _SCIENTIFIC.fullmatch(number):
        value = float(f"{match['mantissa'].replace(',', '.')}e{match['exponent']}")
        return value, value, None
    if match := _GROUPED.fullmatch(number):
        group, mark = match["group"], match["mark"]
        if mark == group:
            return None, None, None
        digits = number.replace(group, "")
        if mark:  # 1,234.50 or 1.234,50: the mark is the decimal
            value = float(digits.replace(mark, "."))
            return (value, None, ".") if mark == "." else (None, value, ",")
        if group in ",." and number.count(group) == 1:  # 1,234 or 1.234: either reading
            grouped, decimal = float(digits), float(number.replace(group, "."))
            return (grouped, decimal, None) if group == "," else (decimal, grouped, None)
        value = float(digits)  # 1,234,567 or 1 234: the group is not the decimal
        if group == ",":
            return value, None, "."
        if group == ".":
            return None, value, ","
        return value, value, None
    if (match := _PLAIN.fullmatch(number)) and (match["int"] or match["frac"]):
        if not match["mark"]:
            value = float(match["int"])
            return value, value, None
        value = float(f"{match['int'] or 0}.{match['frac']}")
        return (value, None, ".") if match["mark"] == "." else (None, value, ",")
    return None, None, None


def _read_amount(value: str) -> tuple[float | None, float | None, str | None, str | None]:
    """(point reading, comma reading, proven decimal mark, currency) of one cell."""
    match = _AMOUNT.fullmatch(value)
    if not match or bool(match["open"]) != bool(match["close"]):
        return None, None, None, None
    if (match["sign"] and match["sign2"]) or (match["before"] and match["after"]):
        return None, None, None, None
    currency = match["before"] or match["after"]
    if currency and currency not in _SIGNS and currency.upper() not in _currency_codes():
        return None, None, None, None
    point, comma, mark = _read_number(match["number"])
    negative = bool(match["open"]) or (match["sign"] or match["sign2"] or "+") in "-\u2212"
    if negative:
        point = -point if point is not None else None
        comma = -comma if comma is not None else None
    return point, comma, mark, currency.upper() if currency else None


# Plain numbers that read one way only (no grouping to mistake for a decimal mark): most of a
# large file, read at once instead of one by one.
_PLAIN_POINT = r"^[-+]?(?:\d+|\d+\.\d{1,2}|\d+\.\d{4,}|\d{4,}\.\d+)$"


def read_amounts(values: pd.Series) -> tuple[pd.Series, pd.Series, set[str]]:
    """Numbers; for each cell that cannot be read exactly the reason (None elsewhere); and the
    currency signs and codes the cells carry."""
    text = _clean(values)
    plain = text.str.fullmatch(_PLAIN_POINT).fillna(False).astype(bool)
    parsed = pd.to_numeric(text.where(plain), errors="coerce").astype("Float64")
    marks = {"."} if text[plain].str.contains(".", regex=False).any() else set()
    readings = {v: _read_amount(v) for v in text[~plain].dropna().unique()}
    marks |= {mark for _, _, mark, _ in readings.values() if mark}
    numbers: dict[str, float | None] = {}
    problems: dict[str, str] = {}
    for cell, (point, comma, _, _) in readings.items():
        if point is None and comma is None:
            problems[cell] = "not a number"
        elif point is not None and comma is not None and point != comma and marks == {".", ","}:
            problems[cell] = (
                "ambiguous number (the column has both decimal points and decimal commas)"
            )
        else:
            numbers[cell] = comma if marks == {","} or point is None else point
    rest = text.where(~plain)
    if numbers:
        parsed = parsed.fillna(rest.map(numbers).astype("Float64"))
    reasons = rest.map(problems).astype(object)
    currencies = {c for _, _, _, c in readings.values() if c}
    return parsed, reasons.where(reasons.notna(), None), currencies


def parse_amounts_explained(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers, and for each cell that cannot be read exactly the reason (None elsewhere)."""
    parsed, reasons, _ = read_amounts(values)
    return parsed, reasons


def parse_amounts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    parsed, reasons, _ = read_amounts(values)
    return parsed, reasons.notna()


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


def parse_origins(values: pd.Series) -> tuple[pd.Series, list[str]]:
    """Deal origins in the contract's words, and the values no map knows (they become unknown).

    Matching ignores case, spacing, hyphens and underscores ("Partner-Sourced", "co_sell").
    """
    text = _clean(values)
    spelled = text.str.lower().str.replace(r"[\s_\-/]+", " ", regex=True).str.strip()
    parsed = spelled.map(lambda v: ORIGIN_MAP.get(v) if isinstance(v, str) else None)
    unknown = text[spelled.notna() & parsed.isna()].dropna().unique().tolist()
    return parsed.astype(object).where(parsed.notna(), None), sorted(unknown)


def parse_text(values: pd.Series) -> pd.Series:
    return _clean(values)
