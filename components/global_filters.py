"""The global filters: drawn once in the app's sidebar, bound to the URL, read by every page.

This is the one component that touches session state: the widgets live in the entrypoint and are
bound to the URL, and pages read their values by key. A page run on its own (as in AppTest) finds
no keys and gets the defaults.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import text
from queries import access, db
from queries.filters import Filters

WINDOW_CHOICES = (3, 6, 12, 18, 24)
SEEN_KEY = "filters_data_seen"  # the source and default as-of this session last showed
KEYS = {
    "as_of": "as_of",
    "window": "window",
    "grace": "grace",
    "tiers": "tier",
    "regions": "region",
    "cams": "cam",
    "partner_types": "type",
}


def render(source: str) -> None:
    """Draw the filters in the sidebar, each bound to a query parameter of the URL."""
    options = db.plain_query(source, "filter_options")
    default_as_of = db.default_as_of(source)
    _follow_new_data(source, default_as_of)
    cam_names = _labels(options, "cam")
    scoped = access.session_scope() is not None
    with st.sidebar:
        st.header("Filters")
        if problem := db.source_problem():
            st.warning(f"{problem}: showing the built-in sample program.")
        st.multiselect(
            "CAM",
            list(cam_names),
            key=KEYS["cams"],
            bind="query-params",
            format_func=lambda cam_id: cam_names.get(cam_id, cam_id),
            placeholder="All my partners" if scoped else "All CAMs",
        )
        st.multiselect(
            "Region",
            list(_labels(options, "region")),
            key=KEYS["regions"],
            bind="query-params",
            placeholder="All regions",
        )
        st.multiselect(
            "Tier",
            list(_labels(options, "tier")),
            key=KEYS["tiers"],
            bind="query-params",
            placeholder="All tiers",
        )
        st.multiselect(
            "Partner type",
            list(_labels(options, "partner_type")),
            key=KEYS["partner_types"],
            bind="query-params",
            placeholder="All types",
        )
        st.date_input(
            "As of",
            value=default_as_of,
            key=KEYS["as_of"],
            bind="query-params",
            help="Reporting date. Defaults to the latest registration or close in the data.",
        )
        st.selectbox(
            "Activity window (months)",
            WINDOW_CHOICES,
            index=WINDOW_CHOICES.index(12),
            key=KEYS["window"],
            bind="query-params",
            help="A partner is active with a deal registration in the window "
            "(as-of date − window, as-of date].",
        )
        st.number_input(
            "Onboarding grace (days)",
            min_value=0,
            max_value=730,
            value=90,
            step=15,
            key=KEYS["grace"],
            bind="query-params",
            help="Partners enrolled more recently than this are onboarding, not dark.",
        )


def as_of_after_new_data(
    chosen: date | None, old_default: date | None, first: date | None, new_default: date | None
) -> date | None:
    """The as-of date a session shows once new data arrives.

    A date the user picked (not the old data's default) is kept when it lies within the new
    data's activity; anything else moves to the new data's default.
    """
    picked = chosen is not None and chosen != old_default
    if picked and first is not None and new_default is not None and first <= chosen <= new_default:
        return chosen
    return new_default


def _follow_new_data(source: str, default_as_of: date | None) -> None:
    """After a load or rollback, move this session's as-of to the new data and say so."""
    state = st.session_state
    seen = state.get(SEEN_KEY)
    state[SEEN_KEY] = (source, default_as_of)
    if seen is None or seen[0] == source:
        return
    chosen = state.get(KEYS["as_of"])
    first = db.plain_query(source, "data_extent").first_activity_on.iloc[0]
    first = None if pd.isna(first) else pd.Timestamp(first).date()
    as_of = as_of_after_new_data(chosen, seen[1], first, default_as_of)
    if as_of is None:
        return
    if as_of != chosen:
        state[KEYS["as_of"]] = as_of
    kept = as_of == chosen and chosen != seen[1]
    why = "the date you picked lies within it" if kept else "its latest activity"
    st.toast(f"New data loaded. As of {as_of:%d %b %Y}: {why}.")


def _labels(options: pd.DataFrame, name: str) -> dict[str, str]:
    rows = options[options["filter"] == name]
    return dict(zip(rows["value"], rows["label"], strict=True))


def current(source: str) -> Filters:
    """The filters as the user set them, within what the user may see.

    The data's default as_of applies when none is set. A signed-in CAM's filters carry their
    scope, so whatever the sidebar or the URL holds, the selection stays inside their book.
    """
    state = st.session_state
    as_of = state.get(KEYS["as_of"]) or db.default_as_of(source)
    return Filters(
        as_of=as_of if isinstance(as_of, date) else None,
        window_months=int(state.get(KEYS["window"], 12)),
        grace_days=int(state.get(KEYS["grace"], 90)),
        tiers=tuple(state.get(KEYS["tiers"], ())),
        regions=tuple(state.get(KEYS["regions"], ())),
        cams=tuple(state.get(KEYS["cams"], ())),
        partner_types=tuple(state.get(KEYS["partner_types"], ())),
        scope=access.session_scope(),
    )


def show_scope(filters: Filters, source: str, note: str = "") -> bool:
    """The caption naming the slice, and a warning in words when it holds no partner.

    Returns whether any partner matches, for a page whose summary would read as zeros."""
    st.caption(text.literal(describe(filters, source)) + (f" · {note}" if note else ""))
    size = db.query(source, "selection_size", filters).iloc[0]
    if size.partners == 0:
        st.warning("No partner matches this selection. Widen the filters in the sidebar.")
    elif size.enrolled_partners == 0:
        as_of = db.resolved_as_of(source, filters)
        st.warning(f"No partner of this selection was enrolled on {as_of:%d %b %Y}.")
    return bool(size.partners)


def describe(filters: Filters, source: str) -> str:
    """One line that says which slice of the program the page shows."""
    parts = []
    if filters.cams:
        names = _labels(db.plain_query(source, "filter_options"), "cam")
        parts.append("CAM " + ", ".join(names.get(c, c) for c in filters.cams))
    for label, values in (
        ("region", filters.regions),
        ("tier", filters.tiers),
        ("type", filters.partner_types),
    ):
        if values:
            parts.append(f"{label} " + ", ".join(values))
    scope = "; ".join(parts) if parts else "all partners"
    as_of = f"{filters.as_of:%d %b %Y}" if filters.as_of else "latest data"
    return f"As of {as_of} · {filters.window_months}-month window · {scope}"
