"""Save, reload and compare what-if scenarios.

Like the global filters, this touches session state: a scenario *is* the values of the page's
widgets (which are also bound to the URL, so a scenario travels in a link). Loading one writes
those values into the widgets' keys before they are drawn.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import access, text
from queries import scenarios


@st.cache_data(show_spinner=False, max_entries=16)
def _saved_names(kind: str, stamp: tuple) -> list[str]:
    return scenarios.names(kind)


def _load(kind: str, name: str) -> None:
    for key, value in scenarios.load(kind, name).items():
        st.session_state[key] = value


def _save(kind: str, keys: list[str], name_key: str, by: str) -> None:
    name = st.session_state.get(name_key, "")
    params = {k: st.session_state[k] for k in keys if k in st.session_state}
    try:
        scenarios.save(kind, name, params, by=by)
        st.session_state[f"{kind}_saved"] = name.strip()
    except ValueError as error:
        st.session_state[f"{kind}_saved"] = f"!{error}"


def render(
    kind: str,
    keys: list[str],
    compare: Callable[[dict], dict[str, float]],
    baseline: dict[str, float],
    labels: dict[str, str],
) -> None:
    """Save the current values, load a saved scenario, compare up to three with the baseline."""
    st.subheader("Scenarios")
    save_col, load_col = st.columns(2)
    with save_col:
        st.text_input(
            "Scenario name",
            key=f"{kind}_name",
            max_chars=scenarios.MAX_NAME,
            placeholder="e.g. Gold +3 points",
        )
        st.button(
            "Save scenario",
            key=f"{kind}_save",
            on_click=_save,
            args=(kind, keys, f"{kind}_name", access.current_user()),
            help="Everyone sees the scenarios saved here. A name a colleague saved first stays "
            "theirs; saving your own again replaces it.",
        )
        message = st.session_state.pop(f"{kind}_saved", None)
        if message and message.startswith("!"):
            st.error(text.literal(message[1:]))
        elif message:
            st.success(
                f"Saved “{text.literal(message)}”. The link in the address bar also carries it."
            )
    saved = _saved_names(kind, scenarios.state_stamp())
    with load_col:
        choice = st.selectbox(
            "Saved scenarios",
            saved,
            index=None,
            key=f"{kind}_choice",
            placeholder="Pick one to load" if saved else "None saved yet",
        )
        st.button(
            "Load", key=f"{kind}_load", disabled=choice is None, on_click=_load, args=(kind, choice)
        )
    picked = st.multiselect(
        "Compare with the baseline (up to three)", saved, max_selections=3, key=f"{kind}_compare"
    )
    if picked:
        columns = {"Baseline": baseline}
        columns.update({name: compare(scenarios.load(kind, name)) for name in picked})
        table = pd.DataFrame(columns).rename(index=labels)
        st.dataframe(
            table,
            width="stretch",
            column_config={
                c: st.column_config.NumberColumn(format="dollar", step=1) for c in table.columns
            },
            placeholder="",
        )
