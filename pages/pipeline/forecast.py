"""Pipeline & forecast accuracy: how much the channel registers, wins, and how well it calls it."""

from dataclasses import replace

import streamlit as st

from components import benchmarks, controls, db, format, global_filters, program, tables
from components.charts import forecast, registrations
from components.charts.draw import draw

BREAKDOWNS = {"cam": "CAM", "region": "Region", "tier": "Tier"}

source = db.data_source()
st.title("Pipeline & forecast accuracy")
lead = st.slider(
    "Forecast cut-off: days after the quarter starts",
    0,
    45,
    0,
    step=5,
    width=420,
    key="lead",
    bind="query-params",
    help="0 reads each partner's latest forecast submitted by the quarter's first "
    "day; later cut-offs let late revisions count.",
)
# The cut-off moves the forecast figures alone: every other query of the page reads the global
# filters as they are, so a slider step reruns three queries and shares the rest with other pages.
shared = global_filters.current(source)
filters = replace(shared, forecast_lead_days=lead)
matched = global_filters.show_scope(shared, source)

headline = db.query(source, "headline_kpis_on", shared).iloc[0]
called = db.query(source, "headline_forecast", filters).iloc[0]
quarters = db.query(source, "forecast_by_quarter", filters)
scored = quarters.dropna(subset=["within_10_pct"])
within = scored.within_10_pct.mean() if len(scored) else None
has_forecasts = not program.missing(source, "forecasts")
won = "nothing" if format.is_missing(called.actual_amount) else format.money(called.actual_amount)
if not has_forecasts:
    answer = f"Last complete quarter: {won} won. No partner forecasts are loaded."
elif format.is_missing(called.forecast_amount):
    answer = f"Last complete quarter: {won} won; no partner forecast was submitted by the cut-off."
else:
    answer = (
        f"Last complete quarter: forecast {format.money(called.forecast_amount)} against "
        f"{won} won, accuracy {format.pct(called.forecast_accuracy)}"
    )
    if len(scored):
        answer += (
            f"; {format.pct(within)} of the last {format.plural(len(scored), 'quarter')} "
            "landed within ±10%"
        )
    answer += "."
if matched:  # the scope's warning speaks for an empty selection
    st.markdown(f"#### {answer}")
a, b, c, d, e = st.columns(5)
a.metric(
    "Forecast accuracy",
    format.pct(called.forecast_accuracy),
    help="max(0, 1 − |F − A| ÷ A) for the last complete quarter.",
)
a.caption(benchmarks.FORECAST_ACCURACY.band, help=benchmarks.FORECAST_ACCURACY.source)
b.metric(
    "Forecast bias",
    format.pct(called.forecast_bias, 1),
    help="(F − A) ÷ A: positive over-commits, negative sandbags.",
)
c.metric("Win rate", format.pct(headline.win_rate), help="Won ÷ (won + lost), closed in window.")
d.metric(
    "Approval rate",
    format.pct(headline.approval_rate),
    help="Registrations approved (or later won, lost, expired) ÷ those plus rejected, "
    "registered in the window.",
)
e.metric(
    "Channel conflicts",
    format.pct(headline.conflict_rate, 1),
    help="Registrations whose customer another partner registered in the 90 days before.",
)


def forecast_sections() -> None:
    st.subheader("Forecast against won revenue")
    draw(forecast.forecast_vs_actual, quarters)
    st.caption(
        "Bars: won revenue closed in the quarter. Line: the sum of partners' latest forecasts "
        "at the cut-off."
    )

    st.subheader("Who sandbags, who over-commits")
    dimension = controls.breakdown("Break down by", BREAKDOWNS, "forecast_dimension", "cam")
    segments = db.query(source, "forecast_by_segment", filters, dimension=dimension)
    shown = forecast.most_biased(segments)
    draw(forecast.bias_by_segment, shown)
    with_bias = int(segments.forecast_bias.notna().sum())
    ends = (
        f" The {forecast.MOST_BIASED} lowest and {forecast.MOST_BIASED} highest biases of "
        f"{with_bias:,} {BREAKDOWNS[dimension]}s; the table lists them all."
        if len(shown) < with_bias
        else ""
    )
    st.caption(
        f"Summed over the complete quarters of the {filters.window_months}-month window; the "
        f"green band is ±10%.{ends}"
    )
    tables.show(
        segments[
            [
                "segment_label",
                "habit",
                "forecast_accuracy",
                "forecast_bias",
                "share_within_10_pct",
                "quarters_with_data",
                "forecast_amount",
                "actual_amount",
            ]
        ],
        {"segment_label": BREAKDOWNS[dimension]},
    )


if has_forecasts:
    forecast_sections()
else:
    st.info("No data: this program loaded no partner forecasts to measure forecast accuracy by.")

st.subheader("Deal registration")
volume = db.query(source, "registrations_by_quarter", shared)
volume_col, rates_col = st.columns(2)
with volume_col:
    draw(registrations.registrations_per_quarter, volume)
with rates_col:
    draw(
        registrations.rates_per_quarter,
        volume,
        {
            "approval_rate": "Approval rate",
            "win_rate": "Win rate",
            "conflict_rate": "Conflict rate",
        },
    )
latest = volume.dropna(subset=["median_days_to_approve"])
st.caption(
    "Median days to approve a registration, latest quarter: "
    + (format.days(latest.median_days_to_approve.iloc[-1]) if len(latest) else format.NO_DATA)
)
unvalued = int(volume.registrations_without_amount.sum())
if unvalued:
    st.caption(
        f"{format.plural(unvalued, 'open registration')} in these quarters "
        f"{'carries' if unvalued == 1 else 'carry'} no amount: counted in the volume, "
        "of unknown value in the pipeline."
    )

st.subheader("Channel conflicts in the window")
conflicts = db.query(source, "channel_conflicts", shared)
if len(conflicts):
    st.caption(
        f"{format.plural(conflicts.conflicts_in_window.iloc[0], 'conflicting registration')} in "
        f"the window; the latest {format.count(len(conflicts))} are listed."
    )
tables.show(
    conflicts,
    columns=[
        "registered_on",
        "customer_name",
        "partner_name",
        "earlier_partner_name",
        "days_apart",
        "amount",
    ],
)
