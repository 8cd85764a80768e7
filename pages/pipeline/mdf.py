"""MDF: is the marketing money used, and does it produce pipeline?"""

import altair as alt
import streamlit as st

from components import benchmarks, controls, db, export, format, global_filters, program, tables
from components.charts import mdf, segments, trends
from components.charts.draw import draw

BREAKDOWNS = {
    "tier": "Tier",
    "region": "Region",
    "cam": "CAM",
    "partner_type": "Partner type",
    "partner": "Partner",
}
MDF_RULES = [(0.70, "Level 3: 70%"), (0.54, "Median 54%"), (0.78, "Top quartile 78%")]


def _days_left_phrase(days: int | None) -> str:
    if days is None:
        return ""
    return ", and the quarter ends today" if days == 0 else f", with {days} days left"


source = db.data_source()
filters = global_filters.current(source)

st.title("MDF")
global_filters.show_scope(filters, source)
program.require(source, "mdf_allocations", question="how the marketing money is used")

funnel = db.query(source, "mdf_funnel", filters).set_index("stage")
allocated, claimed = funnel.amount["Allocated"], funnel.amount["Claimed"]
has_allocation = not format.is_missing(allocated) and allocated > 0
utilization = funnel.share_of_allocation["Claimed"] if has_allocation else None
current = db.query(source, "mdf_current_quarter", filters)
unrequested = current.unrequested_amount.sum()
days_left = int(current.days_left.iloc[0]) if len(current) else None
if has_allocation:
    st.markdown(
        f"#### {format.pct(utilization)} of {format.money(allocated)} allocated over the "
        f"window's quarters was claimed; {format.money(unrequested)} of this quarter's funds "
        f"is not yet requested{_days_left_phrase(days_left)}."
    )
else:
    st.markdown("#### No MDF was allocated to this selection in the window's quarters.")
    by_quarter = db.query(source, "mdf_utilization_by_quarter", filters)
    if not (by_quarter.allocated_amount > 0).any():
        st.info(
            "The last eight quarters allocated no MDF to these partners either: there is "
            "no use of funds to show. Widen the selection or move the as-of date."
        )
        st.stop()
a, b, c, d = st.columns(4)
a.metric(
    "MDF utilization",
    format.pct(utilization),
    help="Σ claimed (claimed or paid) ÷ Σ allocated, quarters starting in the window.",
)
a.caption(benchmarks.MDF_UTILIZATION.band, help=benchmarks.MDF_UTILIZATION.source)
b.metric("Claimed", format.money(claimed if has_allocation else None))
yield_ = db.query(source, "mdf_yield", filters)
overall = yield_[yield_.activity_type == "All activities"].iloc[0]
c.metric(
    "Pipeline per MDF dollar",
    format.multiple(overall.pipeline_per_mdf_dollar),
    help="Σ amount of registrations attributed to a claim ÷ Σ paid on those claims.",
)
c.caption("Benchmark: 1.6× pipeline per MDF dollar")
d.metric(
    "Unrequested this quarter",
    format.money(unrequested),
    help="Allocated minus requested in the quarter that holds the as-of date.",
)

funnel_col, trend_col = st.columns(2)
with funnel_col:
    st.subheader("Allocated → paid")
    draw(mdf.funnel, db.query(source, "mdf_funnel", filters))
with trend_col:
    st.subheader("Utilization by quarter")
    by_quarter = db.query(source, "mdf_utilization_by_quarter", filters)
    draw(
        trends.quarter_line,
        by_quarter,
        "quarter_start",
        "mdf_utilization",
        "MDF utilization",
        rules=[MDF_RULES[0]],
        color="#1f4e79",
    )
    st.caption("The latest quarter is still open: claims follow the activity.")

st.subheader("Who uses their funds")
dimension = controls.breakdown("Break down by", BREAKDOWNS, "mdf_dimension", "tier")
by_segment = db.query(source, "mdf_utilization_by", filters, dimension=dimension)
if dimension == "partner":
    by_segment = by_segment.nsmallest(15, "mdf_utilization")
    st.caption("The fifteen partners with the lowest utilization.")
draw(
    segments.ranked_bars,
    by_segment,
    "segment_label",
    "mdf_utilization",
    "MDF utilization",
    rules=MDF_RULES,
    color="#1f4e79",
)

activity_col, yield_col = st.columns(2)
with activity_col:
    st.subheader("Claimed by activity type")
    activity = db.query(source, "mdf_by_activity", filters)
    draw(
        segments.ranked_bars,
        activity,
        "activity_type",
        "share_of_allocation",
        "Share of all allocated funds",
        color="#1f4e79",
    )
with yield_col:
    st.subheader("Pipeline per MDF dollar")
    draw(
        segments.ranked_bars,
        yield_[yield_.activity_type != "All activities"],
        "activity_type",
        "pipeline_per_mdf_dollar",
        "Pipeline per paid MDF dollar",
        rules=[(1.6, "Benchmark 1.6×")],
        color="#2e7d32",
        value_format=".1f",
        tooltip=[alt.Tooltip("won_per_mdf_dollar:Q", title="Won per MDF dollar", format=".2f")],
    )

timing_col, speed_col = st.columns(2)
timing = db.query(source, "mdf_claim_timing", filters)
with timing_col:
    st.subheader("The quarter-end rush")
    draw(
        trends.quarter_line,
        timing,
        "quarter_start",
        "share_requested_in_last_two_weeks",
        "Requested in the last two weeks",
        rules=[(14 / 91, "Even pace: 15%")],
    )
with speed_col:
    st.subheader("Days to approve and to pay")
    latest = timing.iloc[-1] if len(timing) else None
    e, f = st.columns(2)
    e.metric(
        "Median days to approve",
        format.days(latest.median_days_to_approve) if latest is not None else format.NO_DATA,
    )
    f.metric(
        "Median days to pay",
        format.days(latest.median_days_to_pay) if latest is not None else format.NO_DATA,
        help="From approval to payment, claims of the latest quarter with payments.",
    )
    tables.show(timing.drop(columns=["requests"]))

st.subheader("Most to lose this quarter")
tables.show(current.head(15).drop(columns=["partner_id", "days_left"]))

st.subheader("Allocated, never requested")
idle = db.query(source, "mdf_no_request", filters)
idle_labels = {"allocated_amount": "Allocated in the window"}
tables.show_top(
    idle,
    idle_labels,
    what="partners",
    file_name="mdf_allocated_never_requested.csv",
    columns=[c for c in idle.columns if c != "partner_id"],
)
if len(idle) <= tables.TOP_ROWS:  # a longer list has its download under the table
    st.download_button(
        "Download (CSV)",
        lambda: export.csv_bytes(tables.labelled(idle, idle_labels)),
        file_name="mdf_allocated_never_requested.csv",
        mime="text/csv",
        on_click="ignore",
    )
