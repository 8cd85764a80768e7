"""Deal registration volume and rates per quarter."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, WARN, quarter_labels, style


def registrations_per_quarter(quarters: pd.DataFrame) -> alt.Chart:
    """Deal registrations per quarter of registration."""
    frame = quarters.assign(label=quarter_labels(quarters.quarter_start).to_numpy())
    return style(
        alt.Chart(frame)
        .mark_bar(color=ACCENT, size=36)
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("registrations:Q", title="Registrations"),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip("registrations:Q", title="Registrations", format=","),
                alt.Tooltip("registered_amount:Q", title="Registered amount", format="$,.0f"),
                alt.Tooltip("conflicts:Q", title="Channel conflicts", format=","),
            ],
        ),
        height=280,
    )


def rates_per_quarter(quarters: pd.DataFrame, rates: dict[str, str]) -> alt.Chart:
    """Several rates per quarter as lines ({column: label})."""
    frame = quarters.assign(label=quarter_labels(quarters.quarter_start).to_numpy())
    long = frame.melt(id_vars=["label"], value_vars=list(rates), var_name="rate", value_name="v")
    long["rate"] = long.rate.map(rates)
    return style(
        alt.Chart(long)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("v:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "rate:N",
                title=None,
                scale=alt.Scale(
                    domain=list(rates.values()),
                    range=[ACCENT, "#2e7d32", WARN, "#f2b134"][: len(rates)],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip("rate:N", title="Rate"),
                alt.Tooltip("v:Q", title="Value", format=".1%"),
            ],
        ),
        height=280,
    )
