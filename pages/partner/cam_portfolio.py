"""CAM portfolio: my partners' health, who to call this week, and how I compare."""

from dataclasses import replace

import streamlit as st

from components import db, format, global_filters, kpi_tiles, links, qbr_pack, tables, text
from components.access import audited_export
from components.charts import health
from components.charts.draw import draw
from components.tables import Column

source = db.data_source()
filters = global_filters.current(source)

st.title("CAM portfolio")
global_filters.show_scope(filters, source)
if not filters.cams:
    st.info(
        "Pick yourself in the **CAM** filter in the sidebar to see your own portfolio; "
        "this view shows every partner in the selection."
    )

comparison = db.query(source, "portfolio_vs_channel", filters).set_index("scope")
portfolio, channel = comparison.loc["portfolio"], comparison.loc["channel"]
headline = [
    format.plural(portfolio.enrolled_partners, "partner"),
    f"{format.count(portfolio.early_warning_partners)} with an early warning",
]
if not format.is_missing(portfolio.qbrs_due):
    headline.append(format.plural(portfolio.qbrs_due, "QBR") + " due")
if not format.is_missing(portfolio.certifications_expiring_90d):
    headline.append(
        format.plural(portfolio.certifications_expiring_90d, "certification")
        + " expiring within 90 days"
    )
st.markdown("#### " + ", ".join(headline) + ".")
whole = "channel" if filters.scope is None else "whole book"  # a CAM sees only their book
kpi_tiles.render(kpi_tiles.comparison_tiles(portfolio, channel, filters.is_filtered, whole))
qbrs = db.query(source, "headline_kpis_on", filters).iloc[0]
everyone = replace(filters, tiers=(), regions=(), cams=(), partner_types=())
channel_qbrs = db.query(source, "headline_kpis_on", everyone).iloc[0]
enablement = []
if not format.is_missing(qbrs.qbr_completion_rate):
    enablement.append(
        f"QBR completion last quarter: {format.pct(qbrs.qbr_completion_rate)} of the QBRs due "
        f"were held ({whole} {format.pct(channel_qbrs.qbr_completion_rate)})"
    )
if not format.is_missing(qbrs.certified_partner_rate):
    enablement.append(f"certified partner rate {format.pct(qbrs.certified_partner_rate)}")
if enablement:
    st.caption("; ".join(enablement) + ".")

st.subheader("Worth a call this week")
calls = db.query(source, "calls_this_week", filters)
if calls.empty:
    st.success("Nobody needs a call for risk, MDF, certifications or QBRs this week.")
for call in calls.itertuples():
    with st.container(border=True):
        st.markdown(
            f"**{text.literal(call.partner_name)}** · {text.literal(call.tier)} · "
            f"health {format.count(call.health_score)} · "
            f"{format.money(call.revenue_at_stake)} revenue at stake"
        )
        st.caption(text.literal(call.why))

health_col, weights_col = st.columns([2, 3])
with health_col:
    st.subheader("Health")
    draw(health.health_distribution, db.query(source, "health_distribution", filters))
with weights_col:
    st.subheader("How the score is built")
    for weight in db.query(source, "health_weights", filters).itertuples():
        st.markdown(
            f"- **{tables.label(weight.component)}** ({format.pct(weight.weight)}): "
            f"{weight.description}"
        )

st.subheader("Partners")
partner_options = db.plain_query(source, "partner_options")
portfolio_table = db.query(source, "cam_portfolio", filters)
tables.show_top(
    portfolio_table,
    {"revenue": "Revenue", "warning_reason": Column("Early warning", width="large")},
    what="partners",
    file_name="cam_portfolio_partners.csv",
    decorate=lambda top: links.with_scorecard_links(top, partner_options),
    columns=[
        "partner_name",
        "scorecard",
        "tier",
        *([] if len(filters.cams) == 1 else ["cam"]),
        "health_score",
        "revenue",
        "quarter_mdf_unspent",
        "qbr_due",
        "warning_reason",
    ],
)
st.caption(
    f"Revenue over the {filters.window_months}-month window. The portfolio QBR pack below "
    "also carries each partner's last registration, days silent, prior-window revenue, "
    "certifications expiring and last QBR."
)


def build_portfolio_pack() -> bytes:
    title = global_filters.describe(filters, source).split(" · ")[-1]
    summary = [
        ", ".join(headline) + ".",  # the page's own headline: missing data stays unsaid
        f"Dark-partner rate {format.pct(portfolio.dark_partner_rate)} ({whole} "
        f"{format.pct(channel.dark_partner_rate)}); MDF utilization "
        f"{format.pct(portfolio.mdf_utilization)}.",
    ]
    return qbr_pack.portfolio_pack(
        title[:1].upper() + title[1:], portfolio_table, calls, summary, filters.as_of
    )


st.download_button(
    "Download the portfolio QBR pack (Excel)",
    audited_export(build_portfolio_pack, global_filters.describe(filters, source)),
    key="portfolio_pack",
    file_name="QBR pack - portfolio.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
