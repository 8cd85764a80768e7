"""One value per quarter as a line: dark-partner rate, MDF utilization, QBR completion."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import LEGEND_HEIGHT, WARN, quarter_labels, reference_lines, style


def quarter_line(
    data: pd.DataFrame,
    date_column: str,
    value: str,
    title: str,
    rules: list[tuple[float, str]] = (),
    tooltip: list[alt.Tooltip] = (),
    color: str = WARN,
    percent: bool = True,
) -> alt.Chart:
    """One value per quarter as a line, with benchmark lines."""
    frame = data.assign(label=quarter_labels(data[date_column]).to_numpy())
    highest = frame[value].max()  # NaN when every quarter is "no data"
    top = max([0.0 if pd.isna(highest) else float(highest) * 1.15, *[r[0] * 1.15 for r in rules]])
    top = max(top, 0.01)
    line = (
        alt.Chart(frame)
        .mark_line(color=color, strokeWidth=3, point=alt.OverlayMarkDef(size=70, color=color))
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                f"{value}:Q",
                title=title,
                axis=alt.Axis(format="%" if percent else ",.0f"),
                scale=alt.Scale(domain=[0, min(top, 1.0) if percent else top]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip(f"{value}:Q", title=title, format=".1%" if percent else ",.0f"),
                *tooltip,
            ],
        )
    )
    height = 300 + (LEGEND_HEIGHT if rules else 0)  # the benchmarks' legend sits below
    return style(alt.layer(line, *reference_lines(list(rules))), height=height)


def dark_rate_trend(statuses: pd.DataFrame, target: float = 0.20) -> alt.Chart:
    """Dark-partner rate at each quarter end (and on as_of), with the Level 4 line."""
    return quarter_line(
        statuses,
        "snapshot_on",
        "dark_partner_rate",
        "Dark-partner rate",
        rules=[(target, "Level 4: below 20%")],
        tooltip=[
            alt.Tooltip("dark_partners:Q", title="Dark partners", format=","),
            alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
            alt.Tooltip("onboarding_partners:Q", title="Onboarding", format=","),
        ],
    )
