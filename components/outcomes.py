"""The outcomes that justify the channel budget, in words: written from the marts' numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd

from components import format

ALL_LINES = "All product lines"


def nps(value: float | None) -> str:
    """An NPS reads as a signed whole number from −100 to +100: "+32", "−8", "0"."""
    return format.number(value, 0, signed=True)


def headline(kpis: pd.Series, has: pd.Series, window_months: int) -> str:
    """One sentence over the outcomes this program's data can answer, in the page's order."""
    clauses = []
    if has.incentives:
        if format.is_missing(kpis.incentive_cost):
            clauses.append(f"no incentive program ended in the last {window_months} months")
        elif not kpis.incentive_cost:
            clauses.append(
                f"no incentive that ended in the last {window_months} months paid these partners"
            )
        else:
            clauses.append(
                f"incentives that ended in the last {window_months} months brought "
                f"{format.money(kpis.incentive_incremental_revenue, signed=True)} of revenue "
                f"against the comparison group for {format.money(kpis.incentive_cost)} paid "
                f"(ROI {format.pct(kpis.incentive_roi, signed=True)})"
            )
    if has.partner_targets:
        quarter = format.quarter(kpis.plan_quarter)
        if format.is_missing(kpis.plan_attainment):
            clauses.append(f"no partner had a plan for {quarter}")
        else:
            clauses.append(
                f"partners with a plan reached {format.pct(kpis.plan_attainment)} of it in "
                f"{quarter}"
            )
    if has.partner_origin:
        if format.is_missing(kpis.partner_sourced_share):
            clauses.append("no won deal of the window carries its origin")
        else:
            clauses.append(
                f"partners found {format.pct(kpis.partner_sourced_share)} of the won revenue "
                "whose origin is known"
            )
    if has.partner_surveys:
        if format.is_missing(kpis.partner_nps):
            clauses.append("no partner answered the survey in the window")
        else:
            clauses.append(
                f"partner NPS is {nps(kpis.partner_nps)} "
                f"({format.plural(kpis.nps_responses, 'response')})"
            )
    if not clauses:
        return (
            "This program holds none of the outcome data yet: no deal origins, partner "
            "targets, incentive programs or partner surveys."
        )
    sentence = "; ".join(clauses) + "."
    return sentence[0].upper() + sentence[1:]


def program_label(program: pd.Series) -> str:
    """ "Q3 storage SPIFF · SPIFF on Storage", "Gold rebate · rebate on all product lines"."""
    line = program.product_line if not format.is_missing(program.product_line) else None
    kind = "SPIFF" if str(program.kind).lower() == "spiff" else str(program.kind)
    return f"{program['name']} · {kind} on {line or ALL_LINES.lower()}"


def program_verdict(program: pd.Series, as_of: date) -> str:
    """What a program bought, in one line under its chart."""
    period = f"{format.day(program.starts_on)} to {format.day(program.ends_on)}"
    if pd.Timestamp(program.ends_on) > pd.Timestamp(as_of):
        period += f" (running; measured to {format.day(as_of)})"
    if not program.participants:
        return f"{period}: no selected partner took part."
    if not program.comparison_partners:
        return (
            f"{period}: {format.plural(program.participants, 'participant')} and no "
            "comparison group, so its return cannot be measured."
        )
    return (
        f"{period}: {format.plural(program.participants, 'participant')} against "
        f"{format.plural(program.comparison_partners, 'partner')}; "
        f"{format.money(program.incremental_revenue, signed=True)} incremental for "
        f"{format.money(program.cost)}, ROI {format.pct(program.incentive_roi, signed=True)}."
    )
