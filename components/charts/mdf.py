"""MDF: the allocated → paid funnel."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components import format
from components.charts.style import ACCENT, money_axis, style


def funnel(stages: pd.DataFrame) -> alt.Chart:
    """The MDF funnel: one bar per stage, labelled with the amount and its share of allocation."""
    order = list(stages.sort_values("stage_order").stage)
    frame = stages.assign(
        text=[
            format.money(a) if format.is_missing(s) else f"{format.money(a)} · {format.pct(s)}"
            for a, s in zip(stages.amount, stages.share_of_allocation, strict=True)
        ]
    )
    base = alt.Chart(frame).encode(y=alt.Y("stage:N", sort=order, title=None))
    bars = base.mark_bar(color=ACCENT, cornerRadiusEnd=3, size=34).encode(
        x=alt.X("amount:Q", axis=money_axis("Amount")),
        opacity=alt.Opacity("stage_order:O", legend=None, scale=alt.Scale(range=[1.0, 0.55])),
        tooltip=[
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("amount:Q", title="Amount", format="$,.0f"),
            alt.Tooltip("share_of_allocation:Q", title="Of allocation", format=".1%"),
        ],
    )
    text = base.mark_text(align="left", dx=6, fontSize=13, color="#222").encode(
        x="amount:Q", text="text:N"
    )
    return style(alt.layer(bars, text), height=260)
