"""Partner NPS: the latest response of each partner, by score."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import style

NPS_COLORS = {"detractor": "#c0392b", "passive": "#9aa5b1", "promoter": "#2e7d32"}
SCORES = list(range(11))


def score_distribution(responses: pd.DataFrame) -> alt.Chart:
    """Partners per score 0–10, coloured detractor (0–6), passive (7–8), promoter (9–10)."""
    return style(
        alt.Chart(responses)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X(
                "score:O",
                title="Score (likelihood to recommend, 0–10)",
                scale=alt.Scale(domain=SCORES),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("count():Q", title="Partners", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "nps_group:N",
                title=None,
                scale=alt.Scale(domain=list(NPS_COLORS), range=list(NPS_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("score:O", title="Score"),
                alt.Tooltip("nps_group:N", title="Group"),
                alt.Tooltip("count():Q", title="Partners"),
            ],
        ),
        height=260,
    )
