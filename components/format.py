"""How numbers read on screen: one place for percentages, money and "no data"."""

from __future__ import annotations

import re

import pandas as pd

NO_DATA = "no data"


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a value the data does not have."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


def pct(value: float | None, digits: int = 0) -> str:
    return NO_DATA if is_missing(value) else f"{value * 100:.{digits}f}%"


def money(value: float | None) -> str:
    if is_missing(value):
        return NO_DATA
    sign, size = ("−" if value < 0 else ""), abs(value)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= threshold:
            scaled = size / threshold
            digits = 0 if scaled >= 100 else 1  # $123M, $42.1M: three figures at most
            return f"{sign}${scaled:,.{digits}f}{suffix}"
    return f"{sign}${size:,.0f}"


def count(value: float | None) -> str:
    return NO_DATA if is_missing(value) else f"{int(value):,}"


def plural(value: float, noun: str, plural_noun: str | None = None) -> str:
    """ "1 certification", "3 certifications", with thousands separators."""
    word = noun if value == 1 else (plural_noun or noun + "s")
    return f"{count(value)} {word}"


def days(value: float | None) -> str:
    """A number of days; a median of an even count can end in .5 and keeps it."""
    if is_missing(value):
        return NO_DATA
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def points(delta: float | None) -> str | None:
    """A change of a rate, in percentage points."""
    return None if is_missing(delta) else f"{delta * 100:+.1f} pts"


def change(current: float | None, prior: float | None) -> str | None:
    """A relative change; None when the prior value is missing or zero."""
    if is_missing(current) or is_missing(prior) or prior == 0:
        return None
    return f"{(current - prior) / abs(prior) * 100:+.0f}%"


def slug(text: str) -> str:
    """A name made safe for a widget key or a URL parameter ("Gold Plus" → "gold_plus")."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower())
