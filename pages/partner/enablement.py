"""Enablement & compliance: do certifications pay, who is out of compliance, do QBRs happen,
and how many partners does the program keep?"""

import streamlit as st

from components import controls, db, format, global_filters, program, tables
from components.charts import segments, trends
from components.charts.draw import draw
from components.tables import Column

DIMENSIONS = {"tier": "Tier", "partner_type": "Partner type", "region": "Region"}

source = db.data_source()
filters = global_filters.current(source)

st.title("Enablement & compliance")
matched = global_filters.show_scope(filters, source)

kpis = db.query(source, "headline_kpis_on", filters).iloc[0]
has_certifications = not program.missing(source, "certifications")
has_qbrs = not program.missing(source, "qbrs")
has_requirements = not program.missing(source, "program_tiers")
below = db.query(source, "tier_compliance", filters)
headline = [
    f"{format.pct(kpis.certified_partner_rate)} of enrolled partners hold a current certification"
    if has_certifications
    else "No certifications are loaded",
    f"{format.plural(len(below), 'partner')} {'is' if len(below) == 1 else 'are'} below "
    "their tier's requirements"
    if has_requirements
    else "no tier requirements are loaded",
    (
        "no partner was due a QBR last quarter"
        if format.is_missing(kpis.qbr_completion_rate)
        else f"{format.pct(kpis.qbr_completion_rate)} of due QBRs were held last quarter"
    )
    if has_qbrs
    else "no QBRs are loaded",
]
if matched and kpis.enrolled_partners:  # the scope's warning speaks for an empty selection
    st.markdown("#### " + "; ".join(headline) + ".")
a, b, c, d = st.columns(4)
a.metric(
    "Certified partner rate",
    format.pct(kpis.certified_partner_rate),
    help="Enrolled partners with at least one current certification ÷ enrolled partners, "
    "on the as-of date.",
)
b.metric("Below tier requirements", format.count(len(below) if has_requirements else None))
c.metric(
    "QBR completion",
    format.pct(kpis.qbr_completion_rate),
    help="Partners with a QBR held in the last complete quarter ÷ partners due one.",
)
d.metric(
    "Partner retention",
    format.pct(kpis.partner_retention_rate),
    help="Enrolled at the window's start and still enrolled on the as-of date ÷ enrolled "
    "at the window's start.",
)

st.subheader("Certification")


def certification() -> None:
    rate_col, expiring_col = st.columns(2)
    with rate_col:
        dimension = controls.breakdown(
            "Certified partner rate by", DIMENSIONS, "cert_dimension", "tier"
        )
        rates = db.query(source, "certified_rate_by_segment", filters, dimension=dimension)
        draw(
            segments.ranked_bars,
            rates,
            "segment_label",
            "certified_partner_rate",
            "Certified partner rate",
            color="#2e7d32",
        )
    with expiring_col:
        expiring = db.query(source, "certifications_expiring", filters)
        st.markdown(
            f"**{format.plural(len(expiring), 'certification')} expiring in the next 90 days**"
        )
        tables.show_top(
            expiring, what="certifications", file_name="certifications_expiring.csv", height=320
        )


if has_certifications:
    certification()
else:
    st.info("No data: this program loaded no certifications.")

st.subheader("Tier compliance")


def compliance() -> None:
    by_tier = db.query(source, "tier_compliance_by_tier", filters)
    tables.show(by_tier)
    # The tier table above holds each tier's requirements; a partner's row says what it lacks.
    tables.show_top(
        below,
        {"lacks": Column("What it lacks", width="large")},
        what="partners",
        file_name="partners_below_tier_requirements.csv",
        columns=["partner_name", "tier", "cam", "current_certifications", "revenue", "lacks"],
    )


if has_requirements:
    compliance()
else:
    st.info("No data: this program loaded no tier settings, so no tier requirement applies.")

st.subheader("Does enablement pay?")


def impact() -> None:
    impact = db.query(source, "certification_impact", filters).set_index("certification_group")
    before_after = db.query(source, "certification_before_after", filters).iloc[0]
    columns = st.columns(2)
    for column, group in zip(columns, ["certified", "uncertified"], strict=True):
        row = impact.loc[group] if group in impact.index else None
        with column.container(border=True):
            partners = row.partners if row is not None else 0
            st.markdown(f"**{group.title()} partners** ({format.count(partners)})")
            if row is not None:
                st.markdown(
                    f"Revenue per partner {format.money(row.revenue_per_partner)} · win rate "
                    f"{format.pct(row.win_rate)} · active {format.pct(row.active_partner_rate)} · "
                    f"median {format.days(row.median_days_to_first_deal)} days to first deal"
                )
    st.caption(
        f"Before and after a first certification ({format.count(before_after.partners)} partners "
        "certified at least 180 days after enrolling and 180 days before the as-of date): won "
        f"revenue per partner {format.money(before_after.revenue_before_per_partner)} in the "
        f"180 days before, {format.money(before_after.revenue_after_per_partner)} in the 180 "
        f"days after ({format.pct(before_after.change, signed=True)}). These are associations, "
        "not causes: partners who certify may already be the ones investing in the relationship."
    )


if has_certifications:
    impact()
else:
    st.info(
        "No data: without certifications, certified and uncertified partners cannot be compared."
    )

st.subheader("QBR cadence")


def qbr_cadence() -> None:
    trend_col, cam_col = st.columns(2)
    with trend_col:
        by_quarter = db.query(source, "qbr_completion_by_quarter", filters)
        draw(
            trends.quarter_line,
            by_quarter,
            "quarter_start",
            "qbr_completion_rate",
            "QBR completion",
            color="#1f4e79",
        )
    with cam_col:
        draw(
            segments.ranked_bars,
            db.query(source, "qbr_completion_by_cam", filters),
            "segment_label",
            "qbr_completion_rate",
            "QBR completion, last quarter",
            color="#1f4e79",
        )
    overdue = db.query(source, "qbr_overdue", filters)
    st.markdown(f"**{format.plural(len(overdue), 'partner')} overdue a QBR**")
    tables.show_top(overdue, what="partners", file_name="qbrs_overdue.csv", height=260)


if has_qbrs:
    qbr_cadence()
else:
    st.info("No data: this program loaded no QBRs.")

st.subheader("Retention")
tier_col, cohort_col = st.columns(2)
for column, dimension, title in (
    (tier_col, "tier", "Churn by tier"),
    (cohort_col, "cohort", "Churn by enrollment year"),
):
    churn = db.query(source, "retention_by", filters, dimension=dimension)
    draw(segments.ranked_bars, churn, "segment", "churn_rate", title, where=column)
churned = db.query(source, "churned_partners", filters)
st.caption(
    f"{format.plural(len(churned), 'partner')} left in the window; in their last twelve "
    f"months they brought {format.money(churned.revenue_last_12_months.sum())} of revenue."
)
tables.show_top(
    churned.drop(columns=["partner_id"]),
    what="partners",
    file_name="partners_who_left.csv",
    height=220,
)
