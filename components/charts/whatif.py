"""What-if models: the vendor-net waterfall and side-by-side bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, WARN, money_axis, style


def waterfall(steps: list[tuple[str, float, str]], title: str = "") -> alt.Chart:
    """Bars from a start total through signed changes to an end total.

    `steps` are (label, value, kind) with kind "total" (drawn from zero) or "change".
    """
    rows, level = [], 0.0
    for order, (label, value, kind) in enumerate(steps):
        if kind == "total":
            start, end, level = 0.0, value, value
        else:
            start, end = level, level + value
            level = end
        color = "total" if kind == "total" else ("increase" if value >= 0 else "decrease")
        rows.append(
            {
                "order": order,
                "label": label,
                "start": start,
                "end": end,
                "value": value,
                "color": color,
            }
        )
    frame = pd.DataFrame(rows)
    low = min(frame[["start", "end"]].min().min(), 0)
    high = frame[["start", "end"]].max().max()
    padding = (high - low) * 0.05 or 1
    scale_low = max(0.0, frame[frame.color == "total"].end.min() * 0.8) if len(frame) else 0
    return style(
        alt.Chart(frame)
        .mark_bar(size=60)
        .encode(
            x=alt.X("label:N", sort=list(frame.label), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "start:Q",
                axis=money_axis(title, 3),
                scale=alt.Scale(domain=[min(scale_low, low), high + padding], zero=False),
            ),
            y2="end:Q",
            color=alt.Color(
                "color:N",
                scale=alt.Scale(
                    domain=["total", "increase", "decrease"], range=[ACCENT, "#2e7d32", WARN]
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Step"),
                alt.Tooltip("value:Q", title="Amount", format="$,.0f"),
            ],
        ),
        height=320,
    )


def grouped_bars(
    frame: pd.DataFrame, category: str, series: dict[str, str], title: str
) -> alt.Chart:
    """Side-by-side bars per category for a few series ({column: label})."""
    long = frame.melt(
        id_vars=[category], value_vars=list(series), var_name="series", value_name="value"
    )
    long["series"] = long.series.map(series)
    return style(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(f"{category}:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset="series:N",
            y=alt.Y("value:Q", title=title),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=list(series.values()), range=[ACCENT, "#f2b134", WARN][: len(series)]
                ),
            ),
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("value:Q", title="Value", format=",.1f"),
            ],
        ),
        height=300,
    )
