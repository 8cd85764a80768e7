"""The early-warning backtest as charts: a DataFrame in, an Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

RULE_COLORS = {"early_warning": "#1f4e79", "baseline": "#8a96a3"}
MEASURES = {"precision": "Hit rate: flagged who went dark", "recall": "Caught: who went dark"}
UNSEEN_SHADE = "#f2b134"


def quarter_label(quarter_end_on: pd.Series) -> pd.Series:
    """'Q3 2025' for a quarter end."""
    dates = pd.to_datetime(quarter_end_on)
    return "Q" + dates.dt.quarter.astype(str) + " " + dates.dt.year.astype(str)


def hit_rate_by_quarter(by_quarter: pd.DataFrame) -> alt.HConcatChart:
    """Per backtest quarter, the hit rate and the share caught of the early warning against the
    baseline, side by side; quarters the tuning never saw are shaded.

    `by_quarter` holds the backtest's quarter rows (level 'quarter') of the rules early_warning
    and baseline, with rule_label, quarter_end_on, split, precision, recall, flagged, caught and
    went_dark.
    """
    frame = by_quarter[by_quarter.rule.isin(list(RULE_COLORS))].copy()
    frame["quarter"] = quarter_label(frame.quarter_end_on).to_numpy()
    order = list(dict.fromkeys(frame.sort_values("quarter_end_on").quarter))
    labels = frame.drop_duplicates("rule").set_index("rule").rule_label
    domain = [labels[r] for r in RULE_COLORS if r in labels]
    colors = [RULE_COLORS[r] for r in RULE_COLORS if r in labels]
    unseen = pd.DataFrame({"quarter": list(dict.fromkeys(frame[frame.split == "unseen"].quarter))})
    x = alt.X("quarter:N", title=None, sort=order, axis=alt.Axis(labelAngle=0, labelOverlap=False))
    panels = []
    for measure, title in MEASURES.items():
        points = frame.dropna(subset=[measure])
        line = (
            alt.Chart(points)
            .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=70))
            .encode(
                x=x,
                y=alt.Y(
                    f"{measure}:Q",
                    title=title,
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                color=alt.Color(
                    "rule_label:N",
                    title=None,
                    scale=alt.Scale(domain=domain, range=colors),
                    legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=600),
                ),
                tooltip=[
                    alt.Tooltip("quarter:N", title="Quarter end"),
                    alt.Tooltip("rule_label:N", title="Rule"),
                    alt.Tooltip(f"{measure}:Q", title=title, format=".0%"),
                    alt.Tooltip("flagged:Q", title="Flagged", format=","),
                    alt.Tooltip("caught:Q", title="Went dark of those flagged", format=","),
                    alt.Tooltip("went_dark:Q", title="Went dark of all active", format=","),
                ],
            )
        )
        shade = (
            alt.Chart(unseen)
            .mark_rect(color=UNSEEN_SHADE, opacity=0.15)
            .encode(x=x, tooltip=[alt.Tooltip("quarter:N", title="Unseen by the tuning")])
        )
        panels.append(alt.layer(shade, line).properties(height=260, width=470))
    return (
        alt.hconcat(*panels)
        .resolve_scale(color="shared")
        .configure_axis(labelFontSize=13, titleFontSize=13, grid=True, gridOpacity=0.4)
        .configure_legend(labelFontSize=13)
        .configure_view(strokeWidth=0)
    )
