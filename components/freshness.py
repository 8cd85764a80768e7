"""How fresh the data is, and how the last refresh from the system of record ended (sidebar)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from queries import audit
from queries.access import Identity
from queries.importing import store
from queries.scenarios import state_stamp


@st.cache_data(show_spinner=False)
def _loaded(source: str) -> tuple[int, pd.Timestamp] | None:
    """The version on show and when it was loaded; the source string changes with every load."""
    kind, _, location = source.partition(":")
    if kind != "db":
        return None
    path, _, version = location.rsplit("@", 2)  # queries/db.py: db:<path>@<stamp>@v<version>
    shown = int(version.removeprefix("v"))
    try:
        history = store.history(Path(path))
    except duckdb.Error:
        return None
    row = history[history.version == shown]
    return None if row.empty else (shown, pd.Timestamp(row.loaded_at.iloc[0]))


@st.cache_data(show_spinner=False, max_entries=8)
def _last_refresh(stamp: tuple) -> tuple[pd.Timestamp, str] | None:
    """The last refresh in the audit trail of the state file `stamp` names, as it stands."""
    event = audit.last("refresh")
    return None if event is None else (pd.Timestamp(event.recorded_at), str(event.detail))


def describe(source: str, identity: Identity) -> list[str]:
    """One line on the data on show, and one on the last refresh when there was one."""
    loaded = _loaded(source)
    if loaded is not None:
        lines = [f"Data: version {loaded[0]}, loaded {loaded[1]:%d %b %Y %H:%M} UTC."]
    elif source.startswith("data:") and source.endswith("sample_data"):
        lines = ["Data: the built-in sample program."]
    else:
        lines = ["Data: read from files at start."]
    refresh = _last_refresh(state_stamp())
    if refresh is not None:
        at, detail = refresh
        # Only analysts see where the data comes from and why a refresh failed.
        shown = detail if identity.can_manage_data else detail.split(" from ")[0].split(":")[0]
        lines.append(f"Last refresh {at:%d %b %Y %H:%M} UTC: {shown}.")
    return lines


def render(source: str, identity: Identity) -> None:
    with st.sidebar:
        for line in describe(source, identity):
            st.caption(line)
