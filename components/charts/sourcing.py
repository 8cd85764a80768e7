"""Partner-sourced share of won revenue over time, by segment."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import TIER_COLORS, quarter_labels, style

WHOLE = "All selected partners"


def sourced_share_by_quarter(shares: pd.DataFrame, title: str) -> alt.Chart:
    """One line per segment (tier or partner type), the whole selection in black."""
    frame = shares.dropna(subset=["partner_sourced_share"])
    frame = frame.assign(label=quarter_labels(frame.quarter_start).to_numpy())
    segments = sorted(set(frame.segment) - {WHOLE})
    order = [*segments, WHOLE]
    palette = [
        TIER_COLORS.get(s, _CATEGORY[i % len(_CATEGORY)]) for i, s in enumerate(segments)
    ] + ["#111111"]
    quarters = list(dict.fromkeys(frame.sort_values("quarter_start").label))
    return style(
        alt.Chart(frame)
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=50))
        .encode(
            x=alt.X("label:N", title=None, sort=quarters, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "partner_sourced_share:Q",
                title="Partner-sourced share",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "segment:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=palette),
                legend=alt.Legend(columns=3, labelLimit=120),
            ),
            strokeWidth=alt.condition(
                alt.datum.segment == WHOLE, alt.value(4), alt.value(2), legend=None
            ),
            tooltip=[
                alt.Tooltip("segment:N", title=title),
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip("partner_sourced_share:Q", title="Partner-sourced", format=".1%"),
                alt.Tooltip(
                    "partner_sourced_amount:Q", title="Partner-sourced won", format="$,.0f"
                ),
                alt.Tooltip("known_origin_amount:Q", title="Won, origin known", format="$,.0f"),
            ],
        ),
        height=300,
    )


_CATEGORY = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
