"""The maturity level (1–4) and what it would take to reach the next one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import format, tables, text
from components.tables import Column

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


def criteria_table(criteria: pd.DataFrame) -> None:
    """Every criterion with its level, today's value, whether it is met, and its source."""
    table = criteria.assign(
        maturity_level=criteria.maturity_level.map(lambda n: f"Level {n}"),
        status=criteria.is_met.map({True: "✓ met", False: "✗ not yet"}),
    )[["maturity_level", "requirement", "value", "status", "source"]]
    tables.show(table, {"value": Column("Now", "rate")})
