"""The scorecard's partner picker: every partner when they are few, a server-side search when many.

A selectbox sends each of its options to the browser: at 100,000 partners that is megabytes per
view. Above PICKER_OPTIONS partners a search box finds them on the server and the picker holds
the first PICKER_OPTIONS matches; the partner already chosen (by the picker, or a link's
?partner=) is always among them, so a deep link opens its scorecard.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import format, presentation

PICKER_OPTIONS = 1000


def pick(options: pd.DataFrame) -> str | None:
    """The chosen partner_id (None until one is picked); `options` has partner_id and label."""
    labels = dict(zip(options.partner_id, options.label, strict=True))
    choices = list(labels)
    if len(choices) > PICKER_OPTIONS:
        choices = _matches(options, labels)
    return st.selectbox(
        "Partner",
        choices,
        index=None,
        format_func=labels.get,
        key=presentation.PARTNER_KEY,
        bind="query-params",
        placeholder="Search a partner",
    )


def _matches(options: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    by_label = {label: pid for pid, label in labels.items()}
    chosen = st.session_state.get(presentation.PARTNER_KEY) or by_label.get(
        st.query_params.get(presentation.PARTNER_KEY, "")
    )
    search = st.text_input(
        "Find a partner",
        key="partner_search",
        placeholder=f"Part of a name or ID, among {format.count(len(labels))} partners",
    )
    found = options.partner_id
    if search:
        found = found[options.label.str.contains(search, case=False, regex=False)]
    if len(found) > PICKER_OPTIONS:
        st.caption(
            f"{format.count(len(found))} partners match; the list holds the first "
            f"{format.count(PICKER_OPTIONS)}. Type more of a name to narrow it."
        )
    shown = list(found[:PICKER_OPTIONS])
    return ([chosen] if chosen in labels and chosen not in shown else []) + shown
