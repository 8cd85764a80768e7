"""The quarter's story of one partner, written from its numbers (no numbers of its own)."""

from __future__ import annotations

import pandas as pd

from components import format


def partner_story(profile: pd.Series, median: pd.Series, window_months: int) -> list[str]:
    """A few plain sentences: revenue and its trend, standing in the tier, health, what to do."""
    name = profile.partner_name
    sentences = []
    revenue, prior = profile.revenue, profile.prior_revenue
    if revenue == 0 and prior == 0:
        sentences.append(f"{name} has won no revenue in the last {window_months * 2} months.")
    else:
        trend = format.change(revenue, prior)
        against = (
            f", {trend} on the {window_months} months before"
            if trend
            else (", its first revenue in two windows" if prior == 0 else "")
        )
        sentences.append(
            f"{name} won {format.money(revenue)} in the last {window_months} months{against}."
        )
    if not format.is_missing(median.revenue) and median.revenue > 0:
        ratio = revenue / median.revenue
        typical = f"the median {profile.tier} partner ({format.money(median.revenue)})"
        sentences.append(
            f"That is {format.multiple(ratio)} {typical}."
            if ratio >= 1
            else f"That is {format.pct(ratio)} of {typical}."
        )
    sentences.append(
        f"It registered {format.plural(profile.registrations, 'deal')} (win rate "
        f"{format.pct(profile.win_rate)}) and has {format.money(profile.open_pipeline)} of open "
        "pipeline."
    )
    band = profile.health_band or "not enrolled"
    health = (
        "no score"
        if format.is_missing(profile.health_score)
        else format.count(profile.health_score)
    )
    line = f"Health {health} ({band})"
    if profile.warning_reason:
        line += f": {profile.warning_reason}"
    sentences.append(line + ".")
    actions = []
    if (
        not format.is_missing(profile.mdf_allocated)
        and profile.mdf_allocated > 0
        and not format.is_missing(profile.mdf_utilization)
        and (profile.mdf_utilization < 0.7)
    ):
        actions.append(f"use more of its MDF ({format.pct(profile.mdf_utilization)} claimed)")
    if (
        not format.is_missing(profile.current_certifications)
        and profile.current_certifications < profile.required_certifications
    ):
        missing = profile.required_certifications - profile.current_certifications
        actions.append(f"earn {format.plural(missing, 'more certification')} for its tier")
    if profile.qbr_due:
        actions.append("hold its QBR")
    if actions:
        sentences.append("Next: " + "; ".join(actions) + ".")
    return sentences


def outcome_sentences(outcome: pd.Series, window_months: int) -> list[str]:
    """What the partner achieved against its plan, earned in incentives and told the survey;
    a sentence only for what the data holds."""
    sentences = []
    if not format.is_missing(outcome.plan_attainment):
        sentences.append(
            f"It reached {format.pct(outcome.plan_attainment)} of its "
            f"{format.quarter(outcome.plan_quarter)} plan."
        )
    if not format.is_missing(outcome.incentives_earned) and outcome.incentives_earned > 0:
        sentences.append(
            f"It earned {format.money(outcome.incentives_earned)} in rebates and SPIFFs in the "
            f"last {window_months} months."
        )
    if not format.is_missing(outcome.latest_nps_score):
        sentences.append(
            f"Its latest survey answer ({format.day(outcome.latest_nps_on)}) scored "
            f"{format.count(outcome.latest_nps_score)} out of 10."
        )
    return sentences


def with_outcomes(sentences: list[str], outcome: pd.Series, window_months: int) -> list[str]:
    """The story with the outcome sentences placed before its closing "Next:" line, if any."""
    closing = [s for s in sentences if s.startswith("Next:")]
    body = [s for s in sentences if not s.startswith("Next:")]
    return body + outcome_sentences(outcome, window_months) + closing
