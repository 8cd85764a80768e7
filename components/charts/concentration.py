"""Revenue concentration: the Lorenz curve."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts.style import ACCENT, REFERENCE, style


def lorenz(curve: pd.DataFrame) -> alt.Chart:
    """Lorenz curve of partner revenue against the line of equal shares."""
    equality = pd.DataFrame({"partner_share": [0.0, 1.0], "revenue_share": [0.0, 1.0]})
    axes = {
        "x": alt.X(
            "partner_share:Q", title="Share of partners (smallest first)", axis=alt.Axis(format="%")
        ),
        "y": alt.Y("revenue_share:Q", title="Share of revenue", axis=alt.Axis(format="%")),
    }
    line = alt.Chart(equality).mark_line(color=REFERENCE, strokeDash=[6, 4]).encode(**axes)
    area = (
        alt.Chart(curve)
        .mark_area(line={"color": ACCENT, "strokeWidth": 3}, color=ACCENT, opacity=0.15)
        .encode(
            **axes,
            tooltip=[
                alt.Tooltip("partner_share:Q", title="Partners", format=".0%"),
                alt.Tooltip("revenue_share:Q", title="Revenue", format=".1%"),
            ],
        )
    )
    return style(area + line, height=300)
