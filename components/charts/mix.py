"""The tier mix against the program's target mix."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import style, tier_scale


def tier_mix(mix: pd.DataFrame) -> alt.Chart:
    """Share of enrolled partners per tier as bars, the program's target share as a tick."""
    data = mix.dropna(subset=["tier"])
    order = list(data.sort_values("tier_rank").tier)
    bars = (
        alt.Chart(data)
        .mark_bar(size=38, cornerRadiusEnd=3)
        .encode(
            y=alt.Y("tier:N", sort=order, title=None),
            x=alt.X(
                "partner_share:Q", title="Share of enrolled partners", axis=alt.Axis(format="%")
            ),
            color=alt.Color("tier:N", scale=tier_scale(order), legend=None),
            tooltip=[
                alt.Tooltip("tier:N", title="Tier"),
                alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
                alt.Tooltip("partner_share:Q", title="Share", format=".1%"),
                alt.Tooltip("target_share:Q", title="Target share", format=".0%"),
                alt.Tooltip("revenue_share:Q", title="Share of revenue", format=".1%"),
            ],
        )
    )
    target = (
        alt.Chart(data.dropna(subset=["target_share"]))
        .mark_tick(color="#111", thickness=3, size=50)
        .encode(
            y=alt.Y("tier:N", sort=order),
            x="target_share:Q",
            tooltip=[alt.Tooltip("target_share:Q", title="Target share", format=".0%")],
        )
    )
    return style(bars + target, height=240)
