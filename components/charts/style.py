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
    """The chart at its height; the shared axis and legend styling is added when it is drawn
    (components/charts/draw.py SCREEN_CONFIG), once for the spec instead of a copy per setting."""
    return chart.properties(height=height)


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


LEGEND_HEIGHT = 60
RULE_COLORS = (REFERENCE, "#8e44ad", "#b9770e", "#117864")
RULE_DASHES = ([6, 4], [2, 3], [10, 3, 2, 3], [1, 1])


def reference_lines(rules: list[tuple[float, str]], axis: str = "y") -> list[alt.Chart]:
    """Dashed benchmark lines named in the legend, so no label is drawn over a mark."""
    if not rules:
        return []
    ordered = sorted(rules)  # the legend reads from the lowest line to the highest
    frame = pd.DataFrame({"v": [r[0] for r in ordered], "benchmark": [r[1] for r in ordered]})
    names = list(frame.benchmark)
    return [
        alt.Chart(frame)
        .mark_rule(strokeWidth=2)
        .encode(
            **{axis: "v:Q"},
            color=alt.Color(
                "benchmark:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=list(RULE_COLORS[: len(names)])),
                legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2, symbolSize=400),
            ),
            strokeDash=alt.StrokeDash(
                "benchmark:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=list(RULE_DASHES[: len(names)])),
            ),
            tooltip=[alt.Tooltip("benchmark:N", title="Benchmark")],
        )
    ]


def money_axis(title: str | None = None, digits: int = 2) -> alt.Axis:
    """A money axis in SI steps, K/M/B as in the text: $0, $800K, $2.5M, $1.2B; −$2M."""
    return alt.Axis(
        title=title,
        format=f"$.{digits}~s",
        labelExpr="replace(replace(datum.label, 'G', 'B'), 'k', 'K')",
    )
