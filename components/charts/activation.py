"""Activation of enrollment cohorts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, WARN, quarter_labels, style


def cohort_activation(cohorts: pd.DataFrame) -> alt.Chart:
    """Activation rate per enrollment quarter (bars) and median days to first deal (line)."""
    data = cohorts.assign(
        cohort=quarter_labels(cohorts.cohort_quarter).to_numpy(),
        state=cohorts.is_maturing.map({True: "still within 90 days", False: "complete"}),
    )
    x = alt.X(
        "cohort:N",
        title="Enrollment quarter",
        sort=list(data.cohort),
        axis=alt.Axis(labelAngle=0),
    )
    tooltip = [
        alt.Tooltip("cohort:N", title="Cohort"),
        alt.Tooltip("cohort_partners:Q", title="Partners", format=","),
        alt.Tooltip("activation_rate:Q", title="Activated within 90 days", format=".0%"),
        alt.Tooltip("median_days_to_first_deal:Q", title="Median days to first deal"),
        alt.Tooltip("state:N", title="Cohort"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=ACCENT, size=34)
        .encode(
            x=x,
            y=alt.Y(
                "activation_rate:Q",
                title="Activated within 90 days",
                axis=alt.Axis(format="%", titleColor=ACCENT),
                scale=alt.Scale(domain=[0, 1]),
            ),
            opacity=alt.Opacity(
                "state:N",
                scale=alt.Scale(domain=["complete", "still within 90 days"], range=[0.85, 0.35]),
                legend=alt.Legend(title=None),
            ),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(color=WARN, strokeWidth=3, point=alt.OverlayMarkDef(size=60, color=WARN))
        .encode(
            x=x,
            y=alt.Y(
                "median_days_to_first_deal:Q",
                title="Median days to first deal",
                axis=alt.Axis(titleColor=WARN),
            ),
            tooltip=tooltip,
        )
    )
    return style(alt.layer(bars, line).resolve_scale(y="independent"), height=320)
