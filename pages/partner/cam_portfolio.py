"""CAM portfolio: my partners' health, who to call this week, and how I compare."""

from dataclasses import replace

import streamlit as st

from components import db, format, global_filters, kpi_tiles, links, qbr_pack, text
from components.charts import health

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
    f"{format.count(portfolio.enrolled_partners)} partners",
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
kpi_tiles.render(kpi_tiles.comparison_tiles(portfolio, channel, filters.is_filtered))
qbrs = db.query(source, "headline_kpis", filters).set_index("period").loc["current"]
everyone = replace(filters, tiers=(), regions=(), cams=(), partner_types=())
channel_qbrs = db.query(source, "headline_kpis", everyone).set_index("period").loc["current"]
enablement = []
if not format.is_missing(qbrs.qbr_completion_rate):
    enablement.append(
        f"QBR completion last quarter: {format.pct(qbrs.qbr_completion_rate)} of the QBRs due "
        f"were held (channel {format.pct(channel_qbrs.qbr_completion_rate)})"
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
            f"health {call.health_score:.0f} · "
            f"{format.money(call.revenue_at_stake)} revenue at stake"
        )
        st.caption(text.literal(call.why))

health_col, table_col = st.columns([1, 3])
with health_col:
    st.subheader("Health")
    st.altair_chart(
        health.health_distribution(db.query(source, "health_distribution", filters)),
        width="stretch",
    )
    with st.expander("How the score is built"):
        st.dataframe(
            db.query(source, "health_weights", filters),
            hide_index=True,
            column_config={"weight": st.column_config.NumberColumn(format="percent")},
        )
with table_col:
    st.subheader("Partners")
    labels = db.plain_query(source, "partner_options").set_index("partner_id").label.to_dict()
    portfolio_table = db.query(source, "cam_portfolio", filters)
    st.dataframe(
        links.with_scorecard_links(portfolio_table, labels).drop(columns=["partner_id"]),
        hide_index=True,
        width="stretch",
        column_config={
            "partner_name": "Partner",
            "tier": "Tier",
            "health_score": st.column_config.ProgressColumn(
                "Health", min_value=0, max_value=100, format="%.0f"
            ),
            "health_band": "Band",
            "last_registered_on": st.column_config.DateColumn("Last registration"),
            "days_silent": "Days silent",
            "revenue": st.column_config.NumberColumn("Revenue (window)", format="$%,.0f"),
            "prior_revenue": st.column_config.NumberColumn("Prior window", format="$%,.0f"),
            "quarter_mdf_unspent": st.column_config.NumberColumn(
                "MDF unrequested this quarter", format="$%,.0f"
            ),
            "certifications_expiring_90d": "Certs expiring ≤ 90 days",
            "qbr_due": st.column_config.CheckboxColumn("QBR due"),
            "last_qbr_on": st.column_config.DateColumn("Last QBR"),
            "warning_reason": "Early warning",
            "cam": "CAM",
            "scorecard": links.SCORECARD_COLUMN,
        },
    )


def build_portfolio_pack() -> bytes:
    title = global_filters.describe(filters, source).split(" · ")[-1]
    summary = [
        f"{format.count(portfolio.enrolled_partners)} enrolled partners, "
        f"{format.count(portfolio.early_warning_partners)} with an early warning.",
        f"Dark-partner rate {format.pct(portfolio.dark_partner_rate)} (channel "
        f"{format.pct(channel.dark_partner_rate)}); MDF utilization "
        f"{format.pct(portfolio.mdf_utilization)}.",
        f"{format.count(portfolio.qbrs_due)} QBRs due; "
        f"{format.count(portfolio.certifications_expiring_90d)} certifications expiring within "
        "90 days.",
    ]
    return qbr_pack.portfolio_pack(
        title[:1].upper() + title[1:], portfolio_table, calls, summary, filters.as_of
    )


st.download_button(
    "Download the portfolio QBR pack (Excel)",
    build_portfolio_pack,
    key="portfolio_pack",
    file_name="QBR pack - portfolio.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
