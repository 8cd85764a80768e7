"""Joint business plans: attainment by quarter against the 100% line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, WARN, quarter_labels, reference_lines, style


def attainment_by_quarter(quarters: pd.DataFrame) -> alt.Chart:
    """Won ÷ target per quarter as bars (the quarter in progress paler), and the share of
    partners on plan as a line."""
    frame = quarters.assign(
        label=quarter_labels(quarters.quarter_start).to_numpy(),
        state=quarters.is_complete.map({True: "complete", False: "in progress"}),
    )
    x = alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("label:N", title="Quarter"),
        alt.Tooltip("state:N", title="Quarter is"),
        alt.Tooltip("plan_attainment:Q", title="Plan attainment", format=".1%"),
        alt.Tooltip("target_amount:Q", title="Target", format="$,.0f"),
        alt.Tooltip("won_amount:Q", title="Won", format="$,.0f"),
        alt.Tooltip("partners_with_target:Q", title="Partners with a target", format=","),
        alt.Tooltip("partners_on_plan_rate:Q", title="Partners on plan", format=".0%"),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(color=ACCENT, cornerRadiusEnd=3)
        .encode(
            x=x,
            y=alt.Y("plan_attainment:Q", title="Won ÷ target", axis=alt.Axis(format="%")),
            opacity=alt.Opacity(
                "state:N",
                title=None,
                scale=alt.Scale(domain=["complete", "in progress"], range=[0.9, 0.35]),
                legend=None,  # the caption says which bar is the quarter in progress
            ),
            tooltip=tooltip,
        )
    )
    on_plan = (
        alt.Chart(frame)
        .mark_line(color=WARN, strokeWidth=2, point=alt.OverlayMarkDef(size=60, color=WARN))
        .encode(x=x, y="partners_on_plan_rate:Q", tooltip=tooltip)
    )
    rules = reference_lines([(1.0, "Plan: 100%")])
    return style(alt.layer(bars, on_plan, *rules), height=320)
