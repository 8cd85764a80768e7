"""Incentives & outcomes: what the channel budget bought, in the numbers a channel chief defends
it with (incentive ROI, plan attainment, partner-sourced revenue, NPS, MDF attribution)."""

import pandas as pd
import streamlit as st

from components import db, format, global_filters, kpi_tiles, outcomes, program, tables, text
from components.charts import incentives, nps, plan, sourcing, trends
from components.charts.draw import draw
from components.tables import Column

MIN_GROUP = 5  # partners on each side before a program's own ROI is shown

# Nine columns in the main column at 1280 px: the counts and rates take little room.
INCENTIVE_COLUMNS = {
    "program": Column("Program · product line"),
    "ends_on": Column("Ends", "date"),
    "participants": Column("Paid", "count", "small", help="Selected partners paid by it"),
    "comparison_partners": Column(
        "Others", "count", "small", help="Partners in the comparison group"
    ),
    "cost": Column("Cost", "money"),
    "incremental_revenue": Column(
        "Incremental",
        "money",
        help="Participants' won revenue during − comparison growth × theirs before",
    ),
    "incentive_roi": Column("ROI", "rate", "small", help="(incremental − cost) ÷ cost"),
    "payout_lag_days": Column(
        "Days to pay", "days", "small", help="Median days from earned to paid"
    ),
}

source = db.data_source()
filters = global_filters.current(source)

st.title("Incentives & outcomes")
matched = global_filters.show_scope(filters, source)

has = db.plain_query(source, "program_has").iloc[0]
kpis = db.query(source, "headline_kpis_on", filters).iloc[0]
as_of = db.resolved_as_of(source, filters)
if matched:  # with nobody selected the sentence would only read zeros
    st.markdown(f"#### {text.literal(outcomes.headline(kpis, has, filters.window_months))}")
kpi_tiles.render(kpi_tiles.outcome_tiles(kpis, filters.window_months))


def no_data(tables_needed: str, question: str) -> None:
    st.info(
        f"This program has no {tables_needed} loaded, so {question} cannot be answered here. "
        "Load them on the Data page."
    )


def incentive_programs() -> None:
    st.subheader("Incentive programs")
    if program.missing(source, "incentive_programs", "incentive_payments"):
        no_data("incentive programs or payments", "what rebates and SPIFFs bought")
        return
    results = db.query(source, "incentive_results", filters)
    if results.empty:
        st.info(f"No incentive program started on or before {as_of:%d %b %Y}.")
        return
    st.caption(
        "Participants: selected partners paid by the program. Comparison group: the other "
        "selected partners enrolled when it started. A program still running is measured up "
        "to the as-of date."
    )
    line = results.product_line.fillna(outcomes.ALL_LINES)
    # A program nobody selected took part in bought nothing to measure; one with a handful of
    # participants or comparison partners swings its ROI by thousands of percent on one deal.
    nobody = results.participants == 0
    few = (results.participants < MIN_GROUP) | (results.comparison_partners < MIN_GROUP)
    shown = results.assign(
        product_line=line,
        program=results["name"] + " · " + line,
        incremental_revenue=results.incremental_revenue.mask(nobody),
        incentive_roi=results.incentive_roi.mask(few),
    )
    tables.show(shown[list(INCENTIVE_COLUMNS)], INCENTIVE_COLUMNS)
    if (few & ~nobody).any():
        st.caption(
            f"ROI is left blank where fewer than {MIN_GROUP} selected partners took part or "
            "were compared: too few to tell the program from chance. The headline adds up "
            "every program that ended in the window."
        )
    months = db.query(source, "incentive_revenue_by_month", filters)
    st.markdown("**Won revenue per partner by month: participants against the comparison group**")
    st.caption("The shaded months are the program's own; before them, as many days again.")
    taken_up = results[results.participants > 0]
    for start in range(0, len(taken_up), 3):
        row_programs = taken_up.iloc[start : start + 3]
        for column, (_, row) in zip(st.columns(3), row_programs.iterrows(), strict=False):
            with column:
                st.markdown(f"**{text.literal(outcomes.program_label(row))}**")
                mine = months[months.program_id == row.program_id]
                if mine.empty:
                    st.caption("No won revenue on its line before or during it.")
                else:
                    draw(incentives.before_and_during, mine, row)
                st.caption(text.literal(outcomes.program_verdict(row, as_of)))
    if len(taken_up) < len(results):
        names = ", ".join(results[results.participants == 0].name)
        st.caption(text.literal(f"No partner of this selection took part in {names}."))


def plan_attainment() -> None:
    st.subheader("Plan attainment")
    if program.missing(source, "partner_targets"):
        no_data("partner targets", "how partners stand against their plans")
        return
    quarters = db.query(source, "plan_attainment_by_quarter", filters)
    if quarters.empty:
        st.info("No partner of this selection has a target in the last eight quarters.")
        return
    chart_col, behind_col = st.columns([2, 3])
    with chart_col:
        draw(plan.attainment_by_quarter, quarters)
        st.caption(
            "Bars: won ÷ target of the partners with a target. Red line: the share of them "
            "at or above their own target. The pale bar is the quarter in progress."
        )
    latest = quarters.iloc[-1]
    behind = db.query(
        source, "plan_attainment_partners", filters, quarter_start=latest.quarter_start
    )
    behind = behind[behind.gap_amount > 0]
    with behind_col:
        quarter = format.quarter(latest.quarter_start)
        progress = "to date" if not latest.is_complete else "(complete)"
        st.markdown(f"**Furthest behind plan, {quarter} {progress}**")
        if behind.empty:
            st.caption(f"Every partner with a target for {quarter} has reached it.")
        else:
            tables.show(
                behind.head(10),
                {
                    "attainment": Column("Won ÷ target", "rate"),
                    "gap_amount": Column("Short by", "money"),
                },
                columns=["partner_name", "cam_name", "attainment", "gap_amount"],
            )


def partner_sourced() -> None:
    st.subheader("Partner-sourced revenue")
    if not has.partner_origin:
        st.info(
            "This program's deal registrations carry no origin (partner, vendor, co-sell), so "
            "who found the revenue cannot be answered. Load deals with an origin on the Data page."
        )
        return
    shares = db.query(source, "partner_sourced_share_by", filters)
    whole = shares[shares.dimension == "all"]
    if whole.partner_sourced_share.isna().all():
        st.info("No won deal of these partners in the last eight quarters carries its origin.")
        return
    st.caption(
        "Share of won revenue whose origin is known that the partner found; deals of unknown "
        "origin are left out. Black: all selected partners."
    )
    tier_col, type_col = st.columns(2)
    for column, dimension, title in (
        (tier_col, "tier", "Tier"),
        (type_col, "partner_type", "Partner type"),
    ):
        with column:
            st.markdown(f"**By {title.lower()}**")
            frame = pd.concat([shares[shares.dimension == dimension], whole])
            draw(sourcing.sourced_share_by_quarter, frame, title)


def partner_nps() -> None:
    st.subheader("Partner NPS")
    if program.missing(source, "partner_surveys"):
        no_data("partner surveys", "whether partners recommend the program")
        return
    responses = db.query(source, "partner_nps_responses", filters)
    if responses.empty:
        window = filters.window_months
        st.info(f"No partner of this selection answered the survey in the last {window} months.")
        return
    chart_col, names_col = st.columns([2, 3])
    with chart_col:
        draw(nps.score_distribution, responses)
        st.caption(
            f"NPS {outcomes.nps(kpis.partner_nps)}: each selected partner's latest answer in the "
            f"last {filters.window_months} months ({format.plural(len(responses), 'partner')} "
            "answered)."
        )
    detractors = responses[responses.nps_group == "detractor"]
    with names_col:
        st.markdown(f"**Detractors ({format.count(len(detractors))}): whom to call**")
        if detractors.empty:
            st.caption("No partner of this selection scored 6 or less.")
        else:
            tables.show_top(
                detractors,
                {"responded_on": Column("Answered", "date"), "score": Column("Score", "count")},
                what="detractors",
                file_name="detractors.csv",
                columns=["partner_name", "cam_name", "responded_on", "score"],
            )


def mdf_attribution() -> None:
    st.subheader("MDF attribution")
    if program.missing(source, "mdf_claims"):
        no_data("MDF claims", "how much pipeline the marketing money attributes")
        return
    quarters = db.query(source, "mdf_attribution_by_quarter", filters)
    rate_col, table_col = st.columns([2, 3])
    with rate_col:
        draw(
            trends.quarter_line,
            quarters,
            "quarter_start",
            "mdf_attributed_registration_rate",
            "Registrations with an MDF claim",
            color="#1f4e79",
        )
    with table_col:
        tables.show(
            quarters,
            {
                "registrations": Column("Registrations", "count"),
                "mdf_attributed_registration_rate": Column("Attributed", "rate"),
                "mdf_pipeline": Column("Attributed pipeline", "money"),
                "mdf_paid": Column("MDF paid", "money"),
                "cost_per_pipeline_dollar": Column(
                    "Cost per pipeline $", "cents", help="MDF paid ÷ attributed pipeline"
                ),
            },
            columns=[
                "quarter_start",
                "mdf_attributed_registration_rate",
                "mdf_pipeline",
                "mdf_paid",
                "cost_per_pipeline_dollar",
            ],
        )
    st.caption(
        "The MDF page shows where the funds go; this is what they buy in registrations. Cost "
        "per pipeline dollar: MDF paid for the quarter's claims ÷ the pipeline of its "
        "registrations that carry a claim."
    )


incentive_programs()
plan_attainment()
partner_sourced()
partner_nps()
mdf_attribution()
