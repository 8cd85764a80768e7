"""How numbers read on screen: one place for percentages, money, counts, dates and "no data".

Every figure a page shows in text (headlines, tiles, captions) goes through these helpers; tables
get the same rules through components/tables.py. Negative numbers carry a true minus sign before
the currency sign ("−$73,545"), zero is never signed, and a change that rounds to nothing gives
None so that no chip is drawn.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

NO_DATA = "no data"
MINUS = "−"
# st.metric reads a change chip's direction (arrow, colour) from a leading ASCII hyphen, so the
# chip helpers (points, change, difference) sign with it; everything else uses the true minus.
CHIP_MINUS = "-"


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a value the data does not have."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


def _sign(value: float, signed: bool, minus: str = MINUS) -> str:
    if value < 0:
        return minus
    return "+" if signed and value > 0 else ""


def _rounded(value: float, digits: int) -> float:
    """Round half away from zero, and never leave a negative zero."""
    factor = 10**digits
    scaled = math.floor(abs(value) * factor + 0.5) / factor
    return math.copysign(scaled, value) if scaled else 0.0


def pct(value: float | None, digits: int = 0, signed: bool = False) -> str:
    """A fraction as a percentage: 0.4645 → "46%", −0.032 → "−3.2%" with digits=1."""
    if is_missing(value):
        return NO_DATA
    shown = _rounded(value * 100, digits)
    return f"{_sign(shown, signed)}{abs(shown):,.{digits}f}%"


SUFFIXES = ((1e3, "K"), (1e6, "M"), (1e9, "B"))


def money(value: float | None, signed: bool = False) -> str:
    """Money in three figures at most: $950, $42.1K, −$4.4M, $123M, $1.2B."""
    if is_missing(value):
        return NO_DATA
    size = abs(value)
    if _rounded(size, 0) < 1000:
        shown = _rounded(size, 0)
        return f"{_sign(value if shown else 0.0, signed)}${shown:,.0f}"
    index = max([0] + [i for i, (threshold, _) in enumerate(SUFFIXES) if size >= threshold])
    while True:
        threshold, suffix = SUFFIXES[index]
        digits = 0 if size / threshold >= 99.95 else 1  # $123M, $42.1M
        shown = _rounded(size / threshold, digits)
        if shown >= 1000 and index + 1 < len(SUFFIXES):
            index += 1  # $999,960 reads $1.0M, not $1,000K
            continue
        return f"{_sign(value, signed)}${shown:,.{digits}f}{suffix}"


def money_cents(value: float | None) -> str:
    """A small amount to the cent, as a cost per dollar reads: "$0.05", "$1.20"."""
    if is_missing(value):
        return NO_DATA
    shown = _rounded(value, 2)
    return f"{_sign(shown, False)}${abs(shown):,.2f}"


def money_exact(value: float | None, signed: bool = False) -> str:
    """Money to the dollar with thousands separators: "$150,000", "−$73,545"."""
    if is_missing(value):
        return NO_DATA
    shown = _rounded(value, 0)
    return f"{_sign(shown, signed)}${abs(shown):,.0f}"


def count(value: float | None, signed: bool = False) -> str:
    """A whole number with thousands separators: 1,234; −5; +188 with signed=True."""
    if is_missing(value):
        return NO_DATA
    shown = _rounded(float(value), 0)
    return f"{_sign(shown, signed)}{abs(shown):,.0f}"


def number(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A decimal with thousands separators: 12.3 CAMs, −0.5."""
    if is_missing(value):
        return NO_DATA
    shown = _rounded(float(value), digits)
    return f"{_sign(shown, signed)}{abs(shown):,.{digits}f}"


def multiple(value: float | None, digits: int = 1) -> str:
    """A ratio read as "times": 1.7×."""
    return NO_DATA if is_missing(value) else f"{number(value, digits)}×"


def points(delta: float | None) -> str | None:
    """A change of a rate, in percentage points; None when it rounds to nothing."""
    if is_missing(delta):
        return None
    shown = _rounded(delta * 100, 1)
    return None if shown == 0 else f"{_sign(shown, True, CHIP_MINUS)}{abs(shown):.1f} pts"


def change(current: float | None, prior: float | None) -> str | None:
    """A relative change; None when the prior value is missing or zero, or nothing changed."""
    if is_missing(current) or is_missing(prior) or prior == 0:
        return None
    shown = _rounded((current - prior) / abs(prior) * 100, 0)
    return None if shown == 0 else f"{_sign(shown, True, CHIP_MINUS)}{abs(shown):,.0f}%"


def difference(current: float | None, prior: float | None, digits: int = 0) -> str | None:
    """current − prior as a signed number ("+188", "−2.5"); None when nothing changed."""
    if is_missing(current) or is_missing(prior):
        return None
    shown = _rounded(float(current) - float(prior), digits)
    return None if shown == 0 else f"{_sign(shown, True, CHIP_MINUS)}{abs(shown):,.{digits}f}"


def plural(value: float, noun: str, plural_noun: str | None = None) -> str:
    """ "1 certification", "3 certifications", "1,200 partners"."""
    word = noun if value == 1 else (plural_noun or noun + "s")
    return f"{count(value)} {word}"


def days(value: float | None) -> str:
    """A number of days; a median of an even count can end in .5 and keeps it."""
    if is_missing(value):
        return NO_DATA
    return number(value, 0 if float(value).is_integer() else 1)


def day(value: date | datetime | str | None) -> str:
    """A date without its time: "30 Sep 2026"."""
    if is_missing(value):
        return NO_DATA
    return f"{pd.Timestamp(value):%d %b %Y}"


def quarter(value: date | datetime | str | None) -> str:
    """The quarter that holds a date: "Q3 2026"."""
    if is_missing(value):
        return NO_DATA
    stamp = pd.Timestamp(value)
    return f"Q{stamp.quarter} {stamp.year}"


def slug(text: str) -> str:
    """A name made safe for a widget key or a URL parameter ("Gold Plus" → "gold_plus")."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower())
