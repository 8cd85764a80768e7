"""Presentation mode: no sidebar or controls, larger numbers, other partners' names masked.

Like the global filters, this reads session state: the toggle and the audience live in the
entrypoint (and the URL); pages ask whether names must be masked.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

NAME_COLUMNS = ("partner_name", "earlier_partner_name")

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


def mask_partners(frame: pd.DataFrame, keep: str | None = None) -> pd.DataFrame:
    """Replace every partner name but `keep` with "Partner 1", "Partner 2"… when masking is on."""
    if not masked_audience():
        return frame
    masked = frame.copy()
    for column in NAME_COLUMNS:
        if column in masked.columns:
            names = [n for n in pd.unique(masked[column]) if n != keep]
            aliases = {n: f"Partner {i + 1}" for i, n in enumerate(names)}
            masked[column] = masked[column].map(lambda n, aliases=aliases: aliases.get(n, n))
    return masked
