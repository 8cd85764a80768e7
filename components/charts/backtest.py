"""The early warning's backtest per quarter: share caught and hit rate, against the baseline."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, REFERENCE, style

RULE_COLORS = {"early_warning": ACCENT, "baseline": REFERENCE}
MEASURES = {"recall": "Caught", "precision": "Hit rate"}
UNSEEN_SHADE = "#f2b134"
HALF_QUARTER = pd.Timedelta(days=45)


def by_quarter(quarters: pd.DataFrame) -> alt.Chart:
    """Share caught (solid) and hit rate (dashed) at each quarter end, the rule in force against
    the baseline; the quarters the tuning never saw are shaded.

    `quarters` holds the backtest's quarter rows (level 'quarter') with rule, rule_label,
    quarter_end_on, split, flagged, caught, went_dark, precision and recall.
    """
    frame = quarters[quarters.rule.isin(list(RULE_COLORS))].copy()
    # Plotted at the quarter's first day, in UTC, so that the axis names the quarter.
    frame["quarter"] = pd.to_datetime(frame.quarter_end_on).dt.to_period("Q").dt.start_time
    long = frame.melt(
        id_vars=["quarter", "split", "rule", "rule_label", "flagged", "caught", "went_dark"],
        value_vars=list(MEASURES),
        var_name="measure",
        value_name="share",
    ).dropna(subset=["share"])
    long["measure"] = long.measure.map(MEASURES)
    labels = frame.drop_duplicates("rule").set_index("rule").rule_label
    rules = [r for r in RULE_COLORS if r in labels]
    starts = sorted(frame.quarter.unique())
    x = alt.X(
        "quarter:T",
        title=None,
        scale=alt.Scale(type="utc", domain=_span(starts)),
        axis=alt.Axis(
            values=[alt.DateTime(year=d.year, month=d.month, date=1, utc=True) for d in starts],
            labelExpr="['Q' + utcquarter(datum.value), '' + utcyear(datum.value)]",
            labelAngle=0,
            grid=False,
        ),
    )
    layers = []
    unseen = sorted(frame[frame.split == "unseen"].quarter.unique())
    if unseen:
        span = pd.DataFrame(
            {"start": [unseen[0] - HALF_QUARTER], "end": [unseen[-1] + HALF_QUARTER]}
        )
        layers.append(
            alt.Chart(span)
            .mark_rect(color=UNSEEN_SHADE, opacity=0.15)
            .encode(x=alt.X("start:T", scale=alt.Scale(type="utc")), x2="end:T")
        )
    layers.append(
        alt.Chart(long)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=60))
        .encode(
            x=x,
            y=alt.Y(
                "share:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color(
                "rule_label:N",
                title=None,
                scale=alt.Scale(
                    domain=[labels[r] for r in rules], range=[RULE_COLORS[r] for r in rules]
                ),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=700),
            ),
            strokeDash=alt.StrokeDash(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=list(MEASURES.values()), range=[[1, 0], [6, 4]]),
                legend=None,  # the caption says it: solid caught, dashed hit rate
            ),
            tooltip=[
                alt.Tooltip("quarter:T", title="Quarter", format="Q%q %Y", formatType="utc"),
                alt.Tooltip("rule_label:N", title="Rule"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
                alt.Tooltip("flagged:Q", title="Flagged", format=","),
                alt.Tooltip("caught:Q", title="Flagged who went dark", format=","),
                alt.Tooltip("went_dark:Q", title="Went dark of all active", format=","),
            ],
        )
    )
    return style(alt.layer(*layers), height=300)


def _span(starts: list[pd.Timestamp]) -> list[alt.DateTime]:
    """The axis from half a quarter before the first point to half a quarter after the last."""
    ends = (starts[0] - HALF_QUARTER, starts[-1] + HALF_QUARTER)
    return [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in ends]
