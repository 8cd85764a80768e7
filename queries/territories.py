"""Names and codes of countries and US states, so territories resolve however they are spelled.

Built from pycountry (ISO 3166) plus the spellings CRM exports use that ISO does not list. The
table is loaded into DuckDB as `territory_aliases`; the SQL joins on its normalised alias.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pycountry

if TYPE_CHECKING:
    import pandas as pd

# Everyday spellings that are not ISO names.
EXTRA_COUNTRY_ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales"],
    "KR": ["South Korea", "Korea", "Republic of Korea"],
    "RU": ["Russia"],
    "VN": ["Vietnam"],
    "CZ": ["Czech Republic"],
    "AE": ["UAE", "Emirates"],
    "NL": ["Holland", "The Netherlands"],
    "TW": ["Taiwan"],
    "IR": ["Iran"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "SY": ["Syria"],
    "MD": ["Moldova"],
    "LA": ["Laos"],
    "XK": ["Kosovo"],
    "CI": ["Ivory Coast"],
    "TR": ["Turkey"],
}


def normalise(value: str) -> str:
    """The form aliases are compared in; the SQL macro `territory_key` does the same."""
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def _rows() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        names = {code, country.alpha_3, country.name}
        for attribute in ("official_name", "common_name"):
            if hasattr(country, attribute):
                names.add(getattr(country, attribute))
        names.update(EXTRA_COUNTRY_ALIASES.get(code, []))
        label = getattr(country, "common_name", country.name)
        rows += [("country", normalise(n), code, label) for n in names]
    rows.append(("country", "xk", "XK", "Kosovo"))
    rows.append(("country", "kosovo", "XK", "Kosovo"))
    for state in pycountry.subdivisions.get(country_code="US"):
        code = state.code.split("-")[1]
        for alias in (code, state.name, state.code):
            rows.append(("state", normalise(alias), code, state.name))
    rows.append(("state", normalise("Washington DC"), "DC", "District of Columbia"))
    rows.append(("state", normalise("Washington D.C."), "DC", "District of Columbia"))
    return rows


def alias_rows() -> list[tuple[str, str, str, str]]:
    """(geo_level, alias, geo_code, geo_name): the first row for each level and alias."""
    first: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for row in _rows():
        first.setdefault(row[:2], row)
    return list(first.values())


def territory_aliases() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(alias_rows(), columns=["geo_level", "alias", "geo_code", "geo_name"])
