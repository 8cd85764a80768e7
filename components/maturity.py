"""The maturity level (1–4) and what it would take to reach the next one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import format, text

LEVEL_NAMES = {1: "Reactive", 2: "Operational", 3: "Systematic", 4: "Optimizing"}


def level_of(criteria: pd.DataFrame) -> int:
    """The highest level whose criteria, and those of all lower levels, are met."""
    unmet = criteria.loc[~criteria.is_met, "maturity_level"]
    return int(unmet.min()) - 1 if len(unmet) else 4


def render(criteria: pd.DataFrame) -> None:
    level = level_of(criteria)
    st.metric(
        "Maturity level",
        f"Level {level} · {LEVEL_NAMES[level]}",
        help="Read off the seed's maturity model; thresholds and sources in the table.",
    )
    upcoming = criteria[(criteria.maturity_level == level + 1) & ~criteria.is_met]
    if len(upcoming):
        st.markdown(f"**To reach Level {level + 1} · {LEVEL_NAMES[level + 1]}:**")
        for row in upcoming.itertuples():
            st.markdown(f"- {text.literal(row.requirement)} — now **{format.pct(row.value)}**")
    else:
        st.markdown("Every criterion of the maturity model is met.")
    table = criteria.assign(
        level=criteria.maturity_level.map(lambda n: f"Level {n}"),
        now=criteria.value.map(format.pct),
        status=criteria.is_met.map({True: "✓ met", False: "✗ not yet"}),
    )[["level", "requirement", "now", "status", "source"]]
    st.dataframe(table, hide_index=True, width="stretch")
