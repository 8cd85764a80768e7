"""Forecast accuracy: forecast against won revenue, bias by segment."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import WARN, money_axis, quarter_labels, style


def forecast_vs_actual(quarters: pd.DataFrame) -> alt.Chart:
    """Won revenue per quarter as bars, the forecast read at the cut-off as a line."""
    frame = quarters.assign(label=quarter_labels(quarters.quarter_start).to_numpy())
    x = alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("label:N", title="Quarter"),
        alt.Tooltip("forecast_amount:Q", title="Forecast", format="$,.0f"),
        alt.Tooltip("actual_amount:Q", title="Won", format="$,.0f"),
        alt.Tooltip("forecast_accuracy:Q", title="Accuracy", format=".1%"),
        alt.Tooltip("forecast_bias:Q", title="Bias", format="+.1%"),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#9fb7cf", size=40)
        .encode(
            x=x,
            y=alt.Y("actual_amount:Q", axis=money_axis("Won revenue / forecast")),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(frame)
        .mark_line(color=WARN, strokeWidth=3, point=alt.OverlayMarkDef(size=80, color=WARN))
        .encode(x=x, y="forecast_amount:Q", tooltip=tooltip)
    )
    return style(alt.layer(bars, line), height=320)


MOST_BIASED = 15  # a bar per segment reads at up to thirty; 3,000 CAMs made a 78,000-pixel chart


def most_biased(segments: pd.DataFrame, each: int | None = None) -> pd.DataFrame:
    """The segments with a bias, cut to the `each` lowest and the `each` highest when there are
    more (MOST_BIASED unless told): the two ends are the sandbaggers and over-committers a leader
    calls."""
    each = MOST_BIASED if each is None else each
    scored = segments.dropna(subset=["forecast_bias"]).sort_values(
        ["forecast_bias", "segment_label"]
    )
    if len(scored) <= 2 * each:
        return scored
    return pd.concat([scored.head(each), scored.tail(each)])


def bias_by_segment(segments: pd.DataFrame) -> alt.Chart:
    """Forecast bias per segment: left sandbags, right over-commits; the band is ±10%."""
    frame = segments.dropna(subset=["forecast_bias"])
    band = (
        alt.Chart(pd.DataFrame({"x": [-0.1], "x2": [0.1]}))
        .mark_rect(color="#2e7d32", opacity=0.12)
        .encode(x="x:Q", x2="x2:Q")
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2)
        .encode(
            y=alt.Y("segment_label:N", sort="x", title=None),
            x=alt.X(
                "forecast_bias:Q",
                title="Forecast bias (forecast − won) ÷ won",
                axis=alt.Axis(format="+%"),
            ),
            color=alt.Color(
                "habit:N",
                scale=alt.Scale(
                    domain=["sandbags", "calls it", "over-commits"],
                    range=["#2b6cb0", "#2e7d32", WARN],
                ),
                legend=alt.Legend(title=None),
            ),
            tooltip=[
                alt.Tooltip("segment_label:N", title="Segment"),
                alt.Tooltip("forecast_bias:Q", title="Bias", format="+.1%"),
                alt.Tooltip("forecast_accuracy:Q", title="Accuracy", format=".1%"),
                alt.Tooltip("share_within_10_pct:Q", title="Quarters within ±10%", format=".0%"),
                alt.Tooltip("quarters_with_data:Q", title="Quarters"),
            ],
        )
    )
    return style(alt.layer(band, bars), height=max(200, 26 * len(frame)))
