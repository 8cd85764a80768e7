"""Incentives: each program's participants against its comparison group, before and during."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, REFERENCE, money_axis, style

GROUPS = {"participants": "Participants", "comparison": "Comparison group"}
# Above the plot, one entry a line: three charts abreast leave no room for "Comparison group"
# beside the plot or beside "Participants".
LEGEND = alt.Legend(orient="top", direction="vertical", labelLimit=0, symbolType="stroke")


def before_and_during(months: pd.DataFrame, program: pd.Series) -> alt.Chart:
    """Won revenue per partner by month for one program: the participants against the partners
    that did not take part, the program's own months shaded."""
    frame = months.assign(
        group_label=months["partner_group"].map(GROUPS),
        month_start=pd.to_datetime(months.month_start),
    )
    period = pd.DataFrame(
        {"starts_on": [pd.Timestamp(program.starts_on)], "ends_on": [pd.Timestamp(program.ends_on)]}
    )
    shade = (
        alt.Chart(period)
        .mark_rect(color="#f2b134", opacity=0.15)
        .encode(x="starts_on:T", x2="ends_on:T")
    )
    lines = (
        alt.Chart(frame)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=45))
        .encode(
            x=alt.X("month_start:T", title=None, axis=alt.Axis(format="%b %y", tickCount=6)),
            y=alt.Y("revenue_per_partner:Q", axis=money_axis("Won per partner, month")),
            color=alt.Color(
                "group_label:N",
                title=None,
                scale=alt.Scale(domain=list(GROUPS.values()), range=[ACCENT, REFERENCE]),
                legend=LEGEND,
            ),
            strokeDash=alt.StrokeDash(
                "group_label:N",
                title=None,
                scale=alt.Scale(domain=list(GROUPS.values()), range=[[1, 0], [5, 3]]),
                legend=LEGEND,
            ),
            tooltip=[
                alt.Tooltip("group_label:N", title="Group"),
                alt.Tooltip("month_start:T", title="Month", format="%b %Y"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("revenue_per_partner:Q", title="Won per partner", format="$,.0f"),
                alt.Tooltip("won_amount:Q", title="Won", format="$,.0f"),
                alt.Tooltip("partners:Q", title="Partners", format=","),
            ],
        )
    )
    return style(alt.layer(shade, lines), height=240)
