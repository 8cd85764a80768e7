"""Portfolio health: is the channel program producing, and how mature is it?"""

import streamlit as st

from components import db, format, global_filters, kpi_tiles, maturity, tables
from components.charts import concentration, health, mix, trends
from components.charts.draw import draw

source = db.data_source()
filters = global_filters.current(source)

st.title("Portfolio health")
global_filters.show_scope(filters, source)

# The current KPIs are the ones the other pages read (one cached query); the prior window's are
# only those whose change the tiles show.
now = db.query(source, "headline_kpis_on", filters).iloc[0]
before = db.query(source, "headline_kpis_prior", filters).iloc[0]
if now.enrolled_partners == 0:
    st.warning("No enrolled partners match these filters on this date. Widen the filters.")
else:
    st.markdown(
        f"#### {format.count(now.active_partners)} of {format.count(now.enrolled_partners)} "
        f"enrolled partners registered a deal in the last {filters.window_months} months; "
        f"{format.pct(now.dark_partner_rate)} of established partners are dark "
        "(Level 4 programs stay below 20%)."
    )
kpi_tiles.render(kpi_tiles.headline_tiles(now, before, filters.window_months))

trend_col, mix_col = st.columns([3, 2])
with trend_col:
    st.subheader("Dark-partner rate by quarter")
    draw(trends.dark_rate_trend, db.query(source, "dark_rate_by_quarter", filters))
with mix_col:
    st.subheader("Tier mix against target")
    draw(mix.tier_mix, db.query(source, "tier_mix", filters))
    st.caption("Bars: share of enrolled partners. Black ticks: the program's target mix.")

st.subheader("Revenue concentration")
shares = db.query(source, "revenue_concentration", filters).iloc[0]
curve_col, stats_col = st.columns([3, 2])
with curve_col:
    draw(concentration.lorenz, db.query(source, "revenue_lorenz", filters))
with stats_col:
    a, b = st.columns(2)
    a.metric(
        "Top 5 share",
        format.pct(shares.top5_share),
        help="Share of window revenue from the five largest partners.",
    )
    b.metric(
        "Top 20% share",
        format.pct(shares.top20pct_share),
        help="Share of window revenue from the largest 20% of partners. 80/20 is the rule "
        "of thumb; practitioners often see 90/10.",
    )
    a.metric(
        "HHI",
        format.count(shares.hhi),
        help="Σ share² × 10,000. Below 1,500 is unconcentrated, above 2,500 highly so.",
    )
    b.metric(
        "Gini",
        format.number(shares.gini, 2),
        help="Over enrolled partners, zeros included: 0 = equal, 1 = one partner has all.",
    )
    top = db.query(source, "top_partners_by_revenue", filters)
    tables.show(
        top[["partner_name", "revenue", "revenue_share"]].head(5),
        {"partner_name": "Top partners"},
    )

health_col, maturity_col = st.columns([2, 3])
with health_col:
    st.subheader("Partner health")
    draw(health.health_distribution, db.query(source, "health_distribution", filters))
    st.caption("Enrolled partners by health band; the CAM portfolio page explains the score.")
with maturity_col:
    st.subheader("Program maturity")
    criteria = db.query(source, "maturity_criteria", filters, **maturity.criteria_inputs(now))
    maturity.render(criteria)
maturity.criteria_table(criteria)
