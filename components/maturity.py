"""The maturity level (1–4) and what it would take to reach the next one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import format, tables, text
from components.tables import Column

LEVEL_NAMES = {1: "Reactive", 2: "Operational", 3: "Systematic", 4: "Optimizing"}
NOT_MEASURABLE = "not measurable with this data"


def criteria_inputs(headline: pd.Series) -> dict[str, float | None]:
    """The headline KPIs the maturity criteria read, as query parameters (no data: None)."""
    return {
        name: None if pd.isna(headline[name]) else float(headline[name])
        for name in ("dark_partner_rate", "mdf_utilization", "forecast_accuracy")
    }


def _measurable(criteria: pd.DataFrame) -> pd.Series:
    """Criteria the program's data can measure; the others are neither met nor failed."""
    return criteria.is_met.notna()


def level_of(criteria: pd.DataFrame) -> int:
    """The highest level whose measurable criteria, and those of all lower levels, are met."""
    measured = criteria[_measurable(criteria)]
    unmet = measured.loc[~measured.is_met.astype(bool), "maturity_level"]
    return int(unmet.min()) - 1 if len(unmet) else 4


def render(criteria: pd.DataFrame) -> None:
    level = level_of(criteria)
    st.metric(
        "Maturity level",
        f"Level {level} · {LEVEL_NAMES[level]}",
        help="Read off the seed's maturity model; thresholds and sources in the table.",
    )
    measured = criteria[_measurable(criteria)]
    upcoming = measured[(measured.maturity_level == level + 1) & ~measured.is_met.astype(bool)]
    if len(upcoming):
        st.markdown(f"**To reach Level {level + 1} · {LEVEL_NAMES[level + 1]}:**")
        for row in upcoming.itertuples():
            st.markdown(f"- {text.literal(row.requirement)} — now **{format.pct(row.value)}**")
    else:
        st.markdown("Every criterion the data can measure is met.")
    unknown = criteria[~_measurable(criteria)]
    if len(unknown):
        st.caption(
            "Not measurable with this data, so not counted: "
            + "; ".join(text.literal(r) for r in unknown.requirement)
            + "."
        )


def criteria_table(criteria: pd.DataFrame) -> None:
    """Every criterion with its level, today's value, whether it is met, and its source."""
    measurable = _measurable(criteria)
    table = criteria.assign(
        maturity_level=criteria.maturity_level.map(lambda n: f"Level {n}"),
        value=criteria.value.where(measurable),
        status=[
            ("✓ met" if met else "✗ not yet") if known else NOT_MEASURABLE
            for met, known in zip(criteria.is_met, measurable, strict=True)
        ],
    )[["maturity_level", "requirement", "value", "status", "source"]]
    tables.show(table, {"value": Column("Now", "rate")})
