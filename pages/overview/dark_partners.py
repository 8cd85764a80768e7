"""Dark partners & activation: who produces nothing, since when, whose are they, who is next."""

import streamlit as st

from components import backtest_panel, controls, db, export, format, global_filters, links, tables
from components.charts import activation, segments, trends
from components.charts.draw import draw

DIMENSIONS = {"tier": "Tier", "region": "Region", "cam": "CAM", "partner_type": "Partner type"}

source = db.data_source()
filters = global_filters.current(source)

st.title("Dark partners & activation")
matched = global_filters.show_scope(filters, source)

headline = db.query(source, "headline_kpis_on", filters).iloc[0]
summary = db.query(source, "portfolio_vs_channel", filters).set_index("scope").loc["portfolio"]
# With nobody selected the scope's warning speaks; the sentence would only read zeros.
if matched and format.is_missing(headline.dark_partner_rate):
    st.markdown(
        f"#### No partner of this selection has been enrolled for {filters.grace_days} days or "
        "more yet, so none is counted dark."
    )
elif matched:
    st.markdown(
        f"#### {format.count(headline.dark_partners)} established partners "
        f"({format.pct(headline.dark_partner_rate)}) registered nothing in "
        f"{filters.window_months} months; {format.count(summary.early_warning_partners)} active "
        "partners carry an early warning of joining them, "
        f"{format.count(headline.silent_90d_partners)} of them silent 90+ days."
    )
a, b, c, d = st.columns(4)
a.metric(
    "Dark-partner rate",
    format.pct(headline.dark_partner_rate),
    help="Dark ÷ (enrolled − onboarding). Level 4 programs stay below 20%.",
)
b.metric("Dark partners", format.count(headline.dark_partners))
c.metric(
    "Early warning",
    format.count(summary.early_warning_partners),
    help="Active, but silent 90+ days, silent three times their usual gap, or revenue "
    "halved against the prior window.",
)
d.metric(
    "Median days to first deal",
    format.days(headline.median_days_to_first_deal),
    help="Enrolled partners with a first registration on or before the as-of date.",
)

trend_col, segment_col = st.columns(2)
with trend_col:
    st.subheader("Dark-partner rate by quarter")
    draw(trends.dark_rate_trend, db.query(source, "dark_rate_by_quarter", filters))
with segment_col:
    st.subheader("Where the dark partners are")
    dimension = controls.breakdown("Break down by", DIMENSIONS, "dark_dimension", "tier")
    rates = db.query(source, "dark_rate_by_segment", filters, dimension=dimension)
    draw(segments.segment_rates, rates, headline.dark_partner_rate)
    st.caption("Dashed line: the rate of the whole selection.")

st.subheader("Dark and at-risk partners")
partners = db.query(source, "dark_partner_list", filters)
search = st.text_input("Search partners", placeholder="Partner, CAM or tier", key="dark_search")
shown = partners
if search:
    text = partners.partner_name + " " + partners.cam + " " + partners.tier
    shown = partners[text.str.contains(search, case=False, regex=False)]
partner_options = db.plain_query(source, "partner_options")
tables.show_top(
    shown,
    what="partners",
    file_name="dark_and_at_risk_partners.csv",
    decorate=lambda top: links.with_scorecard_links(top, partner_options),
    columns=[
        "partner_name",
        "scorecard",
        "tier",
        *([] if len(filters.cams) == 1 else ["cam"]),
        "status",
        "days_silent",
        "lifetime_revenue",
        "warning_reason",
    ],
)
st.caption("The download adds each partner's region, enrollment and last registration dates.")
if len(shown) <= tables.TOP_ROWS:  # a longer list has its download under the table
    st.download_button(
        "Download the list (CSV)",
        lambda: export.csv_bytes(tables.labelled(shown)),
        file_name="dark_and_at_risk_partners.csv",
        mime="text/csv",
        on_click="ignore",
    )

backtest_panel.render(source, filters)

st.subheader("Activation by enrollment cohort")
cohorts = db.query(source, "cohort_activation", filters)
draw(activation.cohort_activation, cohorts)
st.caption(
    "Bars: share of the cohort with a first deal registration within 90 days of "
    "enrolling (faded: the cohort's 90 days are not over). Line: median days to first "
    "deal of those who have one."
)
