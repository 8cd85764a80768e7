"""What every chart shares: palette, screen-share styling, quarter labels, benchmark lines."""

from __future__ import annotations

import altair as alt
import pandas as pd

TIER_COLORS = {
    "Registered": "#9fb7cf",
    "Silver": "#7f8c99",
    "Gold": "#d4a017",
    "Premier": "#1f4e79",
}
ACCENT = "#1f4e79"
WARN = "#c0392b"
REFERENCE = "#6b7785"

HEALTH_COLORS = {
    "healthy": "#2e7d32",
    "watch": "#f2b134",
    "low": "#e67e22",
    "dark": "#5d6d7e",
    "onboarding": "#9fb7cf",
}


def style(chart: alt.Chart, height: int = 300) -> alt.Chart:
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=13, titleFontSize=13, grid=True, gridOpacity=0.4)
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom")
        .configure_view(strokeWidth=0)
    )


def tier_scale(order: list[str]) -> alt.Scale:
    palette = [TIER_COLORS.get(t, ACCENT) for t in order]
    return alt.Scale(domain=order, range=palette)


def quarter_labels(dates: pd.Series) -> pd.Series:
    """'Q3 2026' for a quarter's first or last day, else the date itself (a partial quarter)."""
    dates = pd.to_datetime(dates)
    periods = dates.dt.to_period("Q")
    on_edge = (dates == periods.dt.start_time.dt.normalize()) | (
        dates == periods.dt.end_time.dt.normalize()
    )
    labels = "Q" + dates.dt.quarter.astype(str) + " " + dates.dt.year.astype(str)
    return labels.where(on_edge, dates.dt.strftime("%d %b %Y"))


def reference_lines(rules: list[tuple[float, str]], axis: str = "y") -> list[alt.Chart]:
    """Dashed benchmark lines, each with its label."""
    layers = []
    for value, text in rules:
        frame = pd.DataFrame({"v": [value], "text": [text]})
        layers.append(
            alt.Chart(frame)
            .mark_rule(color=REFERENCE, strokeDash=[6, 4], strokeWidth=2)
            .encode(**{axis: "v:Q"}, tooltip=[alt.Tooltip("text:N", title="Benchmark")])
        )
        label = alt.Chart(frame).mark_text(
            align="left",
            dx=4,
            dy=-8 if axis == "y" else 0,
            color=REFERENCE,
            fontSize=12,
            baseline="bottom" if axis == "y" else "top",
            angle=0,
        )
        position = (
            {"y": "v:Q", "x": alt.value(4)} if axis == "y" else {"x": "v:Q", "y": alt.value(2)}
        )
        layers.append(label.encode(**position, text="text:N"))
    return layers
