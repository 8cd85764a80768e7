"""Headline KPI tiles: value, change against the prior window, benchmark band."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import benchmarks, format
from components.benchmarks import Benchmark


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    delta: str | None
    benchmark: Benchmark | None
    help: str
    delta_color: str = "normal"
    note: str | None = None  # a caption under the value, where a benchmark would sit


def headline_tiles(current: pd.Series, prior: pd.Series, window_months: int) -> list[Tile]:
    """Tiles for the Portfolio health page from the current and prior-window KPI rows."""
    window = f"the {window_months} months to {pd.Timestamp(current.as_of):%d %b %Y}"
    return [
        Tile(
            "Enrolled partners",
            format.count(current.enrolled_partners),
            format.difference(current.enrolled_partners, prior.enrolled_partners),
            benchmarks.ENROLLED,
            f"Enrolled on the as-of date: joined, not terminated. "
            f"{format.count(current.onboarding_partners)} are still onboarding.",
            "off",
        ),
        Tile(
            "Active partners",
            f"{format.count(current.active_partners)} · {format.pct(current.active_partner_rate)}",
            format.points(_diff(current.active_partner_rate, prior.active_partner_rate)),
            benchmarks.ACTIVE_PARTNER_RATE,
            f"Enrolled partners with at least one deal registration in {window}; the rate is "
            "active ÷ enrolled.",
        ),
        Tile(
            "Dark-partner rate",
            format.pct(current.dark_partner_rate),
            format.points(_diff(current.dark_partner_rate, prior.dark_partner_rate)),
            benchmarks.DARK_PARTNER_RATE,
            f"{format.count(current.dark_partners)} enrolled partners past onboarding with no "
            f"registration in {window}, ÷ enrolled minus onboarding.",
            "inverse",
        ),
        Tile(
            "Partner revenue",
            format.money(current.partner_revenue),
            format.change(current.partner_revenue, prior.partner_revenue),
            benchmarks.PARTNER_REVENUE,
            f"Won deals closed in {window}, terminated partners included. Win rate "
            f"{format.pct(current.win_rate)}.",
        ),
        Tile(
            "MDF utilization",
            format.pct(current.mdf_utilization),
            format.points(_diff(current.mdf_utilization, prior.mdf_utilization)),
            benchmarks.MDF_UTILIZATION,
            f"Claimed (claimed or paid) ÷ allocated over the quarters starting in {window}: "
            f"{format.money(current.mdf_claimed)} of {format.money(current.mdf_allocated)}.",
        ),
        Tile(
            "Forecast accuracy",
            format.pct(current.forecast_accuracy),
            format.points(_diff(current.forecast_accuracy, prior.forecast_accuracy)),
            benchmarks.FORECAST_ACCURACY,
            _forecast_help(current),
        ),
        sourced_share_tile(current, prior, window),
        plan_attainment_tile(current, prior),
    ]


def sourced_share_tile(current: pd.Series, prior: pd.Series | None, window: str) -> Tile:
    return Tile(
        "Partner-sourced share",
        format.pct(current.partner_sourced_share),
        None
        if prior is None
        else format.points(_diff(current.partner_sourced_share, prior.partner_sourced_share)),
        None,
        f"Won revenue the partner found ÷ won revenue whose origin is known, deals closed in "
        f"{window}. No known origin: no data.",
    )


def plan_attainment_tile(current: pd.Series, prior: pd.Series | None) -> Tile:
    quarter = format.quarter(current.plan_quarter)
    on_plan = format.pct(current.partners_on_plan_rate)
    return Tile(
        "Plan attainment",
        format.pct(current.plan_attainment),
        None
        if prior is None
        else format.points(_diff(current.plan_attainment, prior.plan_attainment)),
        None,
        f"Last complete quarter, {quarter}: won ÷ target of the partners with a target for it. "
        f"{on_plan} of them reached their own target.",
        note=None
        if format.is_missing(current.plan_attainment)
        else f"{quarter} · {on_plan} on plan",
    )


def outcome_tiles(current: pd.Series, window_months: int) -> list[Tile]:
    """Tiles for the Incentives & outcomes page: each outcome over the selected partners."""
    window = f"the {window_months} months to {pd.Timestamp(current.as_of):%d %b %Y}"
    return [
        Tile(
            "Incentive ROI",
            format.pct(current.incentive_roi, signed=True),
            None,
            None,
            f"(incremental revenue − cost) ÷ cost, summed over the programs that ended in "
            f"{window}: {format.money(current.incentive_incremental_revenue)} incremental for "
            f"{format.money(current.incentive_cost)} paid.",
            note=None
            if format.is_missing(current.incentive_cost) or not current.incentive_cost
            else f"{format.money(current.incentive_incremental_revenue, signed=True)} for "
            f"{format.money(current.incentive_cost)}",
        ),
        plan_attainment_tile(current, None),
        sourced_share_tile(current, None, window),
        Tile(
            "Partner NPS",
            format.number(current.partner_nps, 0, signed=True),
            None,
            None,
            f"100 × (promoters 9–10 − detractors 0–6) ÷ responses: each partner's latest "
            f"response in {window}.",
            note=None
            if format.is_missing(current.partner_nps)
            else format.plural(current.nps_responses, "response"),
        ),
        Tile(
            "MDF-attributed registrations",
            format.pct(current.mdf_attributed_registration_rate),
            None,
            None,
            f"Registrations in {window} carrying an MDF claim ÷ all registrations in it.",
        ),
        Tile(
            "Cost per pipeline dollar",
            format.money_cents(current.cost_per_pipeline_dollar),
            None,
            None,
            f"MDF paid on claims of the quarters starting in {window} ÷ the amount of the "
            "window's registrations that carry an MDF claim.",
        ),
    ]


def _forecast_help(row: pd.Series) -> str:
    if format.is_missing(row.forecast_quarter):
        return "No complete quarter before the as-of date."
    quarter = pd.Timestamp(row.forecast_quarter)
    label = f"Q{(quarter.month - 1) // 3 + 1} {quarter.year}"
    return (
        f"Last complete quarter, {label}: forecast {format.money(row.forecast_amount)} against "
        f"{format.money(row.actual_amount)} won (bias {format.pct(row.forecast_bias, 1)}). "
        "Accuracy = max(0, 1 − |F − A| ÷ A)."
    )


def _diff(current: float | None, prior: float | None) -> float | None:
    if format.is_missing(current) or format.is_missing(prior):
        return None
    return current - prior


def render(tiles: list[Tile], per_row: int = 3) -> None:
    """Tiles in rows of `per_row`: wide enough for their labels on a 13-inch screen-share."""
    for start in range(0, len(tiles), per_row):
        _row(tiles[start : start + per_row], per_row)


def _row(tiles: list[Tile], per_row: int) -> None:
    for column, tile in zip(st.columns(per_row), tiles, strict=False):
        with column.container(border=True):
            st.metric(
                tile.label,
                tile.value,
                delta=tile.delta,
                delta_color=tile.delta_color,
                help=tile.help,
            )
            if tile.benchmark is not None:
                st.caption(tile.benchmark.band, help=tile.benchmark.source)
            if tile.note:
                st.caption(tile.note)


def comparison_tiles(
    portfolio: pd.Series, channel: pd.Series, compare: bool, whole: str = "channel"
) -> list[Tile]:
    """A selection's figures, each with its difference from the whole channel when `compare`.

    `whole` names what the comparison is with: for a signed-in CAM it is their own book.
    """

    def versus(delta: str | None) -> str | None:
        return None if delta is None or not compare else f"{delta} vs {whole}"

    return [
        Tile(
            "Enrolled partners",
            format.count(portfolio.enrolled_partners),
            None,
            None,
            f"The {whole} has {format.count(channel.enrolled_partners)} enrolled partners.",
        ),
        Tile(
            "Dark-partner rate",
            format.pct(portfolio.dark_partner_rate),
            versus(format.points(_diff(portfolio.dark_partner_rate, channel.dark_partner_rate))),
            benchmarks.DARK_PARTNER_RATE,
            f"{whole.capitalize()}: {format.pct(channel.dark_partner_rate)}.",
            "inverse",
        ),
        Tile(
            "Average health",
            format.count(portfolio.average_health_score),
            versus(format.difference(portfolio.average_health_score, channel.average_health_score)),
            None,
            f"Mean health score of enrolled partners; {whole} "
            f"{format.count(channel.average_health_score)}.",
        ),
        Tile(
            "Revenue / active partner",
            format.money(portfolio.revenue_per_active_partner),
            versus(
                format.change(
                    portfolio.revenue_per_active_partner, channel.revenue_per_active_partner
                )
            ),
            None,
            f"Window revenue ÷ active partners; {whole} "
            f"{format.money(channel.revenue_per_active_partner)}.",
        ),
        Tile(
            "MDF utilization",
            format.pct(portfolio.mdf_utilization),
            versus(format.points(_diff(portfolio.mdf_utilization, channel.mdf_utilization))),
            benchmarks.MDF_UTILIZATION,
            f"{whole.capitalize()}: {format.pct(channel.mdf_utilization)}.",
        ),
        Tile(
            "Early warning",
            format.count(portfolio.early_warning_partners),
            None,
            None,
            "Active partners with no registration in 90 days, a broken rhythm, or revenue halved "
            "against the prior window.",
        ),
    ]
