"""One bar per segment (tier, region, CAM, activity…), longest first."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components import format
from components.charts.style import LEGEND_HEIGHT, WARN, reference_lines, style


def ranked_bars(
    data: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    rules: list[tuple[float, str]] = (),
    tooltip: list[alt.Tooltip] = (),
    color: str = WARN,
    value_format: str = "%",
) -> alt.Chart:
    """One bar per segment, longest first, with benchmark lines across."""
    frame = data.dropna(subset=[value])
    tip_format = ".1%" if value_format == "%" else value_format
    bars = (
        alt.Chart(frame)
        .mark_bar(color=color, opacity=0.85, cornerRadiusEnd=3)
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=value_format)),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="Segment"),
                alt.Tooltip(f"{value}:Q", title=title, format=tip_format),
                *tooltip,
            ],
        )
    )
    layers = [bars, *reference_lines(list(rules), axis="x")]
    legend = LEGEND_HEIGHT if rules else 0  # the benchmarks' legend takes room below the axis
    return style(alt.layer(*layers), height=max(200, 30 * len(frame) + 100) + legend)


def segment_rates(rates: pd.DataFrame, reference: float | None) -> alt.Chart:
    """Dark-partner rate per segment, with the whole selection's rate as a reference line."""
    rules = (
        []
        if format.is_missing(reference)
        else [(reference, f"All selected: {format.pct(reference)}")]
    )
    return ranked_bars(
        rates,
        "segment_label",
        "dark_partner_rate",
        "Dark-partner rate",
        rules=rules,
        tooltip=[
            alt.Tooltip("dark_partners:Q", title="Dark", format=","),
            alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
        ],
    )
