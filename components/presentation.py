"""Presentation mode: no sidebar or controls, larger numbers, and, with a partner in the room,
every other partner's and every customer's name masked.

Like the global filters, this reads session state: the toggle and the audience live in the
entrypoint (and the URL). The masking decision is made here, once, for every frame the pages' data
access (components/db.py) returns; the tables, charts, tooltips, sentences and downloads a page
builds from those frames are masked without the page asking. queries/ never sees the audience.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from queries import access
from queries import db as store

PARTNER_KEY = "partner"  # the scorecard's partner, bound to ?partner=
_ALIASES = "masked_aliases"

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stSegmentedControl"], [data-testid="stSlider"], [data-testid="stTextInput"],
[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stNumberInput"],
[data-testid="stDownloadButton"], [data-testid="stExpander"] { display: none !important; }
[data-testid="stMetricValue"] { font-size: 3.2rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem !important; }
[data-testid="stMarkdownContainer"] h4 { font-size: 1.9rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; max-width: 100% !important; }
</style>
"""


def is_on() -> bool:
    return bool(st.session_state.get("present"))


def masked_audience() -> bool:
    """True when presenting to a partner: every other partner's name must be hidden."""
    return is_on() and st.session_state.get("audience") == "partner"


def apply_style() -> None:
    if is_on():
        st.html(PRESENTATION_CSS)


@dataclass(frozen=True)
class ProgramNames:
    """The names a partner audience must not see, and how to find the presented partner's."""

    partners: frozenset[str]
    customers: frozenset[str]
    partner_by_id: dict[str, str]
    id_by_label: dict[str, str]  # the scorecard's option labels ("Name" or "Name (id)")


def program_names(source: str) -> ProgramNames:
    """The names this session's viewer may be shown, hence must mask (a CAM's: their book's)."""
    return _program_names(source, access.session_scope())


@st.cache_resource(show_spinner=False, max_entries=32)
def _program_names(source: str, scope: tuple[str, ...] | None) -> ProgramNames:
    """Built once per data source and viewer scope, and shared read-only by the sessions."""
    names = store.plain_query(source, "presentation_names")
    partners = names[names.kind == "partner"]
    options = store.plain_query(source, "partner_options")
    return ProgramNames(
        partners=frozenset(partners.name),
        customers=frozenset(names.name[names.kind == "customer"]),
        partner_by_id=dict(zip(partners.partner_id, partners.name, strict=True)),
        id_by_label=dict(zip(options.label, options.partner_id, strict=True)),
    )


def presented_partner(names: ProgramNames) -> str | None:
    """The name of the partner in the room: the one chosen on the scorecard, if any.

    The scorecard's widget holds it (on a deep link's first run, before the widget exists, only
    the URL's ?partner= does). To present to another partner, open that partner's scorecard.
    """
    chosen = st.session_state.get(PARTNER_KEY) or names.id_by_label.get(
        st.query_params.get(PARTNER_KEY, "")
    )
    return names.partner_by_id.get(chosen)


def _kind_of(name: str, names: ProgramNames) -> str | None:
    if name in names.partners:
        return "partner"
    return "customer" if name in names.customers else None


@dataclass
class Aliases:
    """Stand-ins handed out in one session: the first partner masked is "Partner 1" and stays so
    in every table, chart and sentence after, on every page."""

    given: dict[tuple[str, str], str] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)

    def of(self, kind: str, name: str, names: ProgramNames) -> str:
        if (kind, name) not in self.given:
            number = self.last.get(kind, 0) + 1
            # Never an alias that is some real partner's or customer's name.
            while _kind_of(f"{kind.title()} {number}", names) is not None:
                number += 1
            self.last[kind] = number
            self.given[kind, name] = f"{kind.title()} {number}"
        return self.given[kind, name]


def mask_names(
    frame: pd.DataFrame, names: ProgramNames, keep: str | None, aliases: Aliases
) -> pd.DataFrame:
    """Replace every text cell that is a partner's or customer's name, other than `keep`, by its
    alias.

    A cell matches as a whole value, or as the scorecard's "Name (id)" label of a name; the column
    it sits in does not matter, so the names of a new query are masked too. A frame with nothing
    to mask is returned as it is (callers must not mutate either).
    """
    masked = frame
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        stand_ins = {}
        for value in values.dropna().unique().tolist():  # in order of first appearance
            if not isinstance(value, str) or value == keep:
                continue
            name, kind = value, _kind_of(value, names)
            if kind is None and value.endswith(")") and " (" in value:
                name = value.rsplit(" (", 1)[0]
                kind = _kind_of(name, names) if name != keep else None
            if kind is not None:
                stand_ins[value] = aliases.of(kind, name, names)
        if stand_ins:
            masked = masked.copy() if masked is frame else masked
            masked[column] = values.map(lambda v, s=stand_ins: s.get(v, v), na_action="ignore")
    return masked


def for_audience(source: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the people in the room may see it: masked while presenting to a partner."""
    if not masked_audience():
        return frame
    names = program_names(source)
    aliases = st.session_state.setdefault(_ALIASES, Aliases())
    return mask_names(frame, names, presented_partner(names), aliases)
