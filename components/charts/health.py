"""Partner health: enrolled partners per health band."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import HEALTH_COLORS, style


def health_distribution(bands: pd.DataFrame) -> alt.Chart:
    """Enrolled partners per health band."""
    order = list(bands.health_band)
    return style(
        alt.Chart(bands)
        .mark_bar(cornerRadiusEnd=3, size=30)
        .encode(
            y=alt.Y("health_band:N", sort=order, title=None),
            x=alt.X("partners:Q", title="Enrolled partners"),
            color=alt.Color(
                "health_band:N",
                scale=alt.Scale(domain=list(HEALTH_COLORS), range=list(HEALTH_COLORS.values())),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("health_band:N", title="Band"),
                alt.Tooltip("partners:Q", title="Partners", format=","),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
                alt.Tooltip("revenue:Q", title="Window revenue", format="$,.0f"),
            ],
        ),
        height=220,
    )
