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


def quarter_line(
    data: pd.DataFrame,
    date_column: str,
    value: str,
    title: str,
    rules: list[tuple[float, str]] = (),
    tooltip: list[alt.Tooltip] = (),
    color: str = WARN,
    percent: bool = True,
) -> alt.Chart:
    """One value per quarter as a line, with benchmark lines."""
    frame = data.assign(label=quarter_labels(data[date_column]).to_numpy())
    highest = frame[value].max()  # NaN when every quarter is "no data"
    top = max([0.0 if pd.isna(highest) else float(highest) * 1.15, *[r[0] * 1.15 for r in rules]])
    top = max(top, 0.01)
    line = (
        alt.Chart(frame)
        .mark_line(color=color, strokeWidth=3, point=alt.OverlayMarkDef(size=70, color=color))
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                f"{value}:Q",
                title=title,
                axis=alt.Axis(format="%" if percent else ",.0f"),
                scale=alt.Scale(domain=[0, min(top, 1.0) if percent else top]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip(f"{value}:Q", title=title, format=".1%" if percent else ",.0f"),
                *tooltip,
            ],
        )
    )
    return _style(alt.layer(line, *reference_lines(list(rules))))


def dark_rate_trend(statuses: pd.DataFrame, target: float = 0.20) -> alt.Chart:
    """Dark-partner rate at each quarter end (and on as_of), with the Level 4 line."""
    return quarter_line(
        statuses,
        "snapshot_on",
        "dark_partner_rate",
        "Dark-partner rate",
        rules=[(target, "Level 4: below 20%")],
        tooltip=[
            alt.Tooltip("dark_partners:Q", title="Dark partners", format=","),
            alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
            alt.Tooltip("onboarding_partners:Q", title="Onboarding", format=","),
        ],
    )


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
    "low": "#e67e22",
    "dark": "#5d6d7e",
    "onboarding": "#9fb7cf",
}


def ranked_bars(
    data: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    rules: list[tuple[float, str]] = (),
    tooltip: list[alt.Tooltip] = (),
    color: str = WARN,
    value_format: str = "%",
) -> alt.Chart:
    """One bar per segment, longest first, with benchmark lines across."""
    frame = data.dropna(subset=[value])
    tip_format = ".1%" if value_format == "%" else value_format
    bars = (
        alt.Chart(frame)
        .mark_bar(color=color, opacity=0.85, cornerRadiusEnd=3)
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=value_format)),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="Segment"),
                alt.Tooltip(f"{value}:Q", title=title, format=tip_format),
                *tooltip,
            ],
        )
    )
    layers = [bars, *reference_lines(list(rules), axis="x")]
    return _style(alt.layer(*layers), height=max(200, 34 * len(frame)))


def segment_rates(rates: pd.DataFrame, reference: float | None) -> alt.Chart:
    """Dark-partner rate per segment, with the whole selection's rate as a reference line."""
    rules = [] if reference is None or pd.isna(reference) else [(reference, "all")]
    return ranked_bars(
        rates,
        "segment_label",
        "dark_partner_rate",
        "Dark-partner rate",
        rules=rules,
        tooltip=[
            alt.Tooltip("dark_partners:Q", title="Dark", format=","),
            alt.Tooltip("enrolled_partners:Q", title="Enrolled", format=","),
        ],
    )


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


def funnel(stages: pd.DataFrame) -> alt.Chart:
    """The MDF funnel: one bar per stage, labelled with the amount and its share of allocation."""
    order = list(stages.sort_values("stage_order").stage)
    frame = stages.assign(
        text=[
            f"${a / 1e6:,.1f}M · {s:.0%}" if pd.notna(s) else f"${a / 1e6:,.1f}M"
            for a, s in zip(stages.amount, stages.share_of_allocation, strict=True)
        ]
    )
    base = alt.Chart(frame).encode(y=alt.Y("stage:N", sort=order, title=None))
    bars = base.mark_bar(color=ACCENT, cornerRadiusEnd=3, size=34).encode(
        x=alt.X("amount:Q", title="Amount", axis=alt.Axis(format="$,.2s")),
        opacity=alt.Opacity("stage_order:O", legend=None, scale=alt.Scale(range=[1.0, 0.55])),
        tooltip=[
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("amount:Q", title="Amount", format="$,.0f"),
            alt.Tooltip("share_of_allocation:Q", title="Of allocation", format=".1%"),
        ],
    )
    text = base.mark_text(align="left", dx=6, fontSize=13, color="#222").encode(
        x="amount:Q", text="text:N"
    )
    return _style(alt.layer(bars, text), height=260)


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
            y=alt.Y(
                "actual_amount:Q", title="Won revenue / forecast", axis=alt.Axis(format="$,.2s")
            ),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(frame)
        .mark_line(color=WARN, strokeWidth=3, point=alt.OverlayMarkDef(size=80, color=WARN))
        .encode(x=x, y="forecast_amount:Q", tooltip=tooltip)
    )
    return _style(alt.layer(bars, line), height=320)


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
    return _style(alt.layer(band, bars), height=max(200, 26 * len(frame)))


def registrations_per_quarter(quarters: pd.DataFrame) -> alt.Chart:
    """Deal registrations per quarter of registration."""
    frame = quarters.assign(label=quarter_labels(quarters.quarter_start).to_numpy())
    return _style(
        alt.Chart(frame)
        .mark_bar(color=ACCENT, size=36)
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("registrations:Q", title="Registrations"),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip("registrations:Q", title="Registrations", format=","),
                alt.Tooltip("registered_amount:Q", title="Registered amount", format="$,.0f"),
                alt.Tooltip("conflicts:Q", title="Channel conflicts", format=","),
            ],
        ),
        height=280,
    )


def rates_per_quarter(quarters: pd.DataFrame, rates: dict[str, str]) -> alt.Chart:
    """Several rates per quarter as lines ({column: label})."""
    frame = quarters.assign(label=quarter_labels(quarters.quarter_start).to_numpy())
    long = frame.melt(id_vars=["label"], value_vars=list(rates), var_name="rate", value_name="v")
    long["rate"] = long.rate.map(rates)
    return _style(
        alt.Chart(long)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("label:N", title=None, sort=list(frame.label), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("v:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "rate:N",
                title=None,
                scale=alt.Scale(
                    domain=list(rates.values()),
                    range=[ACCENT, "#2e7d32", WARN, "#f2b134"][: len(rates)],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Quarter"),
                alt.Tooltip("rate:N", title="Rate"),
                alt.Tooltip("v:Q", title="Value", format=".1%"),
            ],
        ),
        height=280,
    )


def waterfall(steps: list[tuple[str, float, str]], title: str = "") -> alt.Chart:
    """Bars from a start total through signed changes to an end total.

    `steps` are (label, value, kind) with kind "total" (drawn from zero) or "change".
    """
    rows, level = [], 0.0
    for order, (label, value, kind) in enumerate(steps):
        if kind == "total":
            start, end, level = 0.0, value, value
        else:
            start, end = level, level + value
            level = end
        color = "total" if kind == "total" else ("increase" if value >= 0 else "decrease")
        rows.append(
            {
                "order": order,
                "label": label,
                "start": start,
                "end": end,
                "value": value,
                "color": color,
            }
        )
    frame = pd.DataFrame(rows)
    low = min(frame[["start", "end"]].min().min(), 0)
    high = frame[["start", "end"]].max().max()
    padding = (high - low) * 0.05 or 1
    scale_low = max(0.0, frame[frame.color == "total"].end.min() * 0.8) if len(frame) else 0
    return _style(
        alt.Chart(frame)
        .mark_bar(size=60)
        .encode(
            x=alt.X("label:N", sort=list(frame.label), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "start:Q",
                title=title,
                axis=alt.Axis(format="$,.3s"),
                scale=alt.Scale(domain=[min(scale_low, low), high + padding], zero=False),
            ),
            y2="end:Q",
            color=alt.Color(
                "color:N",
                scale=alt.Scale(
                    domain=["total", "increase", "decrease"], range=[ACCENT, "#2e7d32", WARN]
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Step"),
                alt.Tooltip("value:Q", title="Amount", format="$,.0f"),
            ],
        ),
        height=320,
    )


def grouped_bars(
    frame: pd.DataFrame, category: str, series: dict[str, str], title: str
) -> alt.Chart:
    """Side-by-side bars per category for a few series ({column: label})."""
    long = frame.melt(
        id_vars=[category], value_vars=list(series), var_name="series", value_name="value"
    )
    long["series"] = long.series.map(series)
    return _style(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(f"{category}:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset="series:N",
            y=alt.Y("value:Q", title=title),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=list(series.values()), range=[ACCENT, "#f2b134", WARN][: len(series)]
                ),
            ),
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("value:Q", title="Value", format=",.1f"),
            ],
        ),
        height=300,
    )
