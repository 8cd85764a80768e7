"""How numbers read on screen: one place for percentages, money and "no data"."""

from __future__ import annotations

import math
import re

NO_DATA = "no data"


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


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
