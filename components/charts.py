"""Altair chart builders: a DataFrame in, a chart out. Sized and labelled for a screen-share."""

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


def _style(chart: alt.Chart, height: int = 300) -> alt.Chart:
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=13, titleFontSize=13, grid=True, gridOpacity=0.4)
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom")
        .configure_view(strokeWidth=0)
    )


def dark_rate_trend(statuses: pd.DataFrame, target: float = 0.20) -> alt.Chart:
    """Dark-partner rate at each quarter end (and on as_of), with the Level 4 line."""
    dates = pd.to_datetime(statuses.snapshot_on)
    quarter_end = dates == dates.dt.to_period("Q").dt.end_time.dt.normalize()
    labels = "Q" + dates.dt.quarter.astype(str) + " " + dates.dt.year.astype(str)
    data = statuses.assign(label=labels.where(quarter_end, dates.dt.strftime("%d %b %Y")))
    base = alt.Chart(data).encode(
        x=alt.X("label:N", title=None, sort=list(data.label), axis=alt.Axis(labelAngle=0)),
    )
    line = base.mark_line(color=WARN, strokeWidth=3, point=alt.OverlayMarkDef(size=70)).encode(
        y=alt.Y(
            "dark_partner_rate:Q",
            title="Dark-partner rate",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, max(0.5, float(data.dark_partner_rate.max() or 0) + 0.05)]),
        ),
        tooltip=[
            alt.Tooltip("snapshot_on:T", title="As of", format="%d %b %Y"),
            alt.Tooltip("dark_partner_rate:Q", title="Dark-partner rate", format=".1%"),
            alt.Tooltip("dark_partners:Q", title="Dark partners", format=","),
            alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
            alt.Tooltip("onboarding_partners:Q", title="Onboarding", format=","),
        ],
    )
    rule = (
        alt.Chart(pd.DataFrame({"y": [target]}))
        .mark_rule(color=REFERENCE, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="y:Q")
    )
    label = (
        alt.Chart(pd.DataFrame({"y": [target], "text": ["Level 4: below 20%"]}))
        .mark_text(align="left", dx=4, dy=-8, color=REFERENCE, fontSize=12)
        .encode(y="y:Q", text="text:N", x=alt.value(4))
    )
    return _style(line + rule + label)


def tier_mix(mix: pd.DataFrame) -> alt.Chart:
    """Share of enrolled partners per tier as bars, the program's target share as a tick."""
    data = mix.dropna(subset=["tier"])
    order = list(data.sort_values("tier_rank").tier)
    bars = (
        alt.Chart(data)
        .mark_bar(size=38, cornerRadiusEnd=3)
        .encode(
            y=alt.Y("tier:N", sort=order, title=None),
            x=alt.X(
                "partner_share:Q", title="Share of enrolled partners", axis=alt.Axis(format="%")
            ),
            color=alt.Color("tier:N", scale=_tier_scale(order), legend=None),
            tooltip=[
                alt.Tooltip("tier:N", title="Tier"),
                alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
                alt.Tooltip("partner_share:Q", title="Share", format=".1%"),
                alt.Tooltip("target_share:Q", title="Target share", format=".0%"),
                alt.Tooltip("revenue_share:Q", title="Share of revenue", format=".1%"),
            ],
        )
    )
    target = (
        alt.Chart(data.dropna(subset=["target_share"]))
        .mark_tick(color="#111", thickness=3, size=50)
        .encode(
            y=alt.Y("tier:N", sort=order),
            x="target_share:Q",
            tooltip=[alt.Tooltip("target_share:Q", title="Target share", format=".0%")],
        )
    )
    return _style(bars + target, height=240)


def _tier_scale(order: list[str]) -> alt.Scale:
    palette = [TIER_COLORS.get(t, ACCENT) for t in order]
    return alt.Scale(domain=order, range=palette)


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
    return _style(area + line, height=300)


HEALTH_COLORS = {
    "healthy": "#2e7d32",
    "watch": "#f2b134",
    "at risk": "#e67e22",
    "dark": "#5d6d7e",
    "onboarding": "#9fb7cf",
}


def segment_rates(
    rates: pd.DataFrame, reference: float | None, title: str = "Dark-partner rate"
) -> alt.Chart:
    """One bar per segment, sorted, with the whole selection's rate as a reference line."""
    data = rates.dropna(subset=["dark_partner_rate"])
    bars = (
        alt.Chart(data)
        .mark_bar(color=WARN, opacity=0.85, cornerRadiusEnd=3)
        .encode(
            y=alt.Y("segment_label:N", sort="-x", title=None),
            x=alt.X("dark_partner_rate:Q", title=title, axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("segment_label:N", title="Segment"),
                alt.Tooltip("dark_partner_rate:Q", title=title, format=".1%"),
                alt.Tooltip("dark_partners:Q", title="Dark", format=","),
                alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
            ],
        )
    )
    layers = [bars]
    if reference is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [reference]}))
            .mark_rule(color="#111", strokeDash=[6, 4], strokeWidth=2)
            .encode(x="x:Q", tooltip=[alt.Tooltip("x:Q", title="Portfolio rate", format=".1%")])
        )
    return _style(alt.layer(*layers), height=max(200, 34 * len(data)))


def cohort_activation(cohorts: pd.DataFrame) -> alt.Chart:
    """Activation rate per enrollment quarter (bars) and median days to first deal (line)."""
    data = cohorts.assign(
        cohort=pd.to_datetime(cohorts.cohort_quarter).dt.to_period("Q").astype(str),
        state=cohorts.is_maturing.map({True: "still within 90 days", False: "complete"}),
    )
    x = alt.X("cohort:N", title="Enrollment quarter", axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("cohort:N", title="Cohort"),
        alt.Tooltip("cohort_partners:Q", title="Partners", format=","),
        alt.Tooltip("activation_rate:Q", title="Activated within 90 days", format=".0%"),
        alt.Tooltip("median_days_to_first_deal:Q", title="Median days to first deal"),
        alt.Tooltip("state:N", title="Cohort"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=ACCENT, size=34)
        .encode(
            x=x,
            y=alt.Y(
                "activation_rate:Q",
                title="Activated within 90 days",
                axis=alt.Axis(format="%", titleColor=ACCENT),
                scale=alt.Scale(domain=[0, 1]),
            ),
            opacity=alt.Opacity(
                "state:N",
                scale=alt.Scale(domain=["complete", "still within 90 days"], range=[0.85, 0.35]),
                legend=alt.Legend(title=None),
            ),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(color=WARN, strokeWidth=3, point=alt.OverlayMarkDef(size=60, color=WARN))
        .encode(
            x=x,
            y=alt.Y(
                "median_days_to_first_deal:Q",
                title="Median days to first deal",
                axis=alt.Axis(titleColor=WARN),
            ),
            tooltip=tooltip,
        )
    )
    return _style(alt.layer(bars, line).resolve_scale(y="independent"), height=320)


def health_distribution(bands: pd.DataFrame) -> alt.Chart:
    """Enrolled partners per health band."""
    order = list(bands.health_band)
    return _style(
        alt.Chart(bands)
        .mark_bar(cornerRadiusEnd=3, size=30)
        .encode(
            y=alt.Y("health_band:N", sort=order, title=None),
            x=alt.X("partners:Q", title="Enrolled partners"),
            color=alt.Color(
                "health_band:N",
                scale=alt.Scale(domain=list(HEALTH_COLORS), range=list(HEALTH_COLORS.values())),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("health_band:N", title="Band"),
                alt.Tooltip("partners:Q", title="Partners", format=","),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
                alt.Tooltip("revenue:Q", title="Window revenue", format="$,.0f"),
            ],
        ),
        height=220,
    )
