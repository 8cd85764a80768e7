"""Partner NPS: the latest response of each partner, by score."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import style

NPS_COLORS = {"detractor": "#c0392b", "passive": "#9aa5b1", "promoter": "#2e7d32"}
SCORES = list(range(11))


def score_distribution(responses: pd.DataFrame) -> alt.Chart:
    """Partners per score 0–10, coloured detractor (0–6), passive (7–8), promoter (9–10).

    Counted here: the browser gets a row per score, not every partner's answer (10,000 partners
    sent 250 KiB for eleven bars, and Vega counted them again on every rerun).
    """
    partners = (
        responses.groupby(["score", "nps_group"], as_index=False, observed=True)
        .size()
        .rename(columns={"size": "partners"})
    )
    return style(
        alt.Chart(partners)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X(
                "score:O",
                title="Score (likelihood to recommend, 0–10)",
                scale=alt.Scale(domain=SCORES),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("partners:Q", title="Partners", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "nps_group:N",
                title=None,
                scale=alt.Scale(domain=list(NPS_COLORS), range=list(NPS_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("score:O", title="Score"),
                alt.Tooltip("nps_group:N", title="Group"),
                alt.Tooltip("partners:Q", title="Partners"),
            ],
        ),
        height=260,
    )
