"""An independent, straightforward pandas reading of docs/metrics.md's headline KPIs.

It shares no code with the SQL views: it exists to check them on whole data sets (and, in bench/,
as the baseline a user would otherwise write).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _quarter_start(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str.upper()
    text = text.str.replace(r"^Q([1-4])[\s-]*(\d{4})$", r"\2Q\1", regex=True)
    text = text.str.replace(r"^(\d{4})[\s-]*Q([1-4])$", r"\1Q\2", regex=True)
    return text.map(lambda value: pd.Period(value, freq="Q").start_time.normalize())


def reference_kpis(
    folder: Path,
    as_of: str | None = None,
    window_months: int = 12,
    grace_days: int = 90,
    tiers: tuple[str, ...] = (),
    cams: tuple[str, ...] = (),
) -> dict[str, float | int | None]:
    partners = pd.read_csv(folder / "partners.csv", parse_dates=["enrolled_on", "terminated_on"])
    deals = pd.read_csv(
        folder / "deal_registrations.csv", parse_dates=["registered_on", "closed_on"]
    )
    when = pd.Timestamp(as_of) if as_of else max(deals.registered_on.max(), deals.closed_on.max())
    start = when - pd.DateOffset(months=window_months)

    chosen = partners
    if tiers:
        chosen = chosen[chosen.tier.isin(tiers)]
    if cams:
        chosen = chosen[chosen.cam_id.isin(cams)]
    enrolled = chosen[
        (chosen.enrolled_on <= when) & (chosen.terminated_on.isna() | (chosen.terminated_on > when))
    ]
    onboarding = enrolled[enrolled.enrolled_on > when - pd.Timedelta(days=grace_days)]
    in_window = deals[(deals.registered_on > start) & (deals.registered_on <= when)]
    active = enrolled[enrolled.partner_id.isin(in_window.partner_id)]
    recent = deals[
        (deals.registered_on > when - pd.Timedelta(days=90)) & (deals.registered_on <= when)
    ]
    at_risk = active[~active.partner_id.isin(recent.partner_id)]
    dark = enrolled[
        ~enrolled.partner_id.isin(onboarding.partner_id)
        & ~enrolled.partner_id.isin(active.partner_id)
    ]
    closed = deals[
        deals.partner_id.isin(chosen.partner_id)
        & (deals.closed_on > start)
        & (deals.closed_on <= when)
    ]
    won = closed[closed.status == "won"]
    lost = closed[closed.status == "lost"]

    established = len(enrolled) - len(onboarding)
    result: dict[str, float | int | None] = {
        "enrolled_partners": len(enrolled),
        "onboarding_partners": len(onboarding),
        "active_partners": len(active),
        "dark_partners": len(dark),
        "silent_90d_partners": len(at_risk),
        "dark_partner_rate": len(dark) / established if established else None,
        "active_partner_rate": len(active) / len(enrolled) if len(enrolled) else None,
        "partner_revenue": float(won.amount.sum()),
        "win_rate": len(won) / (len(won) + len(lost)) if len(won) + len(lost) else None,
    }

    allocations_file = folder / "mdf_allocations.csv"
    if allocations_file.exists():
        allocations = pd.read_csv(allocations_file)
        claims = pd.read_csv(folder / "mdf_claims.csv")
        allocations["quarter"] = _quarter_start(allocations.period)
        claims["quarter"] = _quarter_start(claims.period)

        def in_scope(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[
                frame.partner_id.isin(chosen.partner_id)
                & (frame.quarter > start)
                & (frame.quarter <= when)
            ]

        allocated = in_scope(allocations).allocated_amount.sum()
        claimed = in_scope(claims[claims.status.isin(["claimed", "paid"])]).claimed_amount.sum()
        result["mdf_utilization"] = claimed / allocated if allocated else None

    forecasts_file = folder / "forecasts.csv"
    if forecasts_file.exists():
        forecasts = pd.read_csv(forecasts_file, parse_dates=["submitted_on"])
        forecasts["quarter"] = _quarter_start(forecasts.period)
        quarter = (when + pd.Timedelta(days=1)).to_period("Q").start_time - pd.DateOffset(months=3)
        mine = forecasts[
            forecasts.partner_id.isin(chosen.partner_id)
            & (forecasts.quarter == quarter)
            & (forecasts.submitted_on <= quarter)
        ]
        latest = mine.sort_values("submitted_on").groupby("partner_id").tail(1)
        quarter_won = deals[
            deals.partner_id.isin(chosen.partner_id)
            & (deals.status == "won")
            & (deals.closed_on >= quarter)
            & (deals.closed_on < quarter + pd.DateOffset(months=3))
        ]
        f, a = latest.forecast_amount.sum(), quarter_won.amount.sum()
        has_data = len(latest) > 0 and a != 0
        result["forecast_accuracy"] = max(0.0, 1 - abs(f - a) / a) if has_data else None
        result["forecast_bias"] = (f - a) / a if has_data else None
    result |= _outcomes(folder, deals, chosen, when, start)
    return result


def _share(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _outcomes(
    folder: Path, deals: pd.DataFrame, chosen: pd.DataFrame, when: pd.Timestamp, start
) -> dict[str, float | int | None]:
    """Partner-sourced share, plan attainment, incentive ROI, MDF attribution and NPS."""
    result: dict[str, float | int | None] = {}
    mine = deals[deals.partner_id.isin(chosen.partner_id)]
    won = mine[(mine.status == "won") & mine.closed_on.notna()]
    in_window = won[(won.closed_on > start) & (won.closed_on <= when)]
    origin = (
        in_window.origin.astype("string").str.strip().str.lower()
        if "origin" in in_window
        else pd.Series(pd.NA, index=in_window.index, dtype="string")
    )
    known = origin.isin(["partner", "vendor", "co-sell"]).fillna(False).astype(bool)
    result["partner_sourced_share"] = _share(
        in_window.amount[origin.eq("partner").fillna(False).astype(bool)].sum(),
        in_window.amount[known].sum(),
    )

    targets_file = folder / "partner_targets.csv"
    quarter = (when + pd.Timedelta(days=1)).to_period("Q").start_time - pd.DateOffset(months=3)
    if targets_file.exists():
        targets = pd.read_csv(targets_file)
        targets["quarter"] = _quarter_start(targets.period)
        planned = (
            targets[targets.partner_id.isin(chosen.partner_id) & (targets.quarter == quarter)]
            .groupby("partner_id")
            .target_amount.sum()
        )
        in_quarter = won[
            (won.closed_on >= quarter) & (won.closed_on < quarter + pd.DateOffset(months=3))
        ]
        sold = in_quarter.groupby("partner_id").amount.sum().reindex(planned.index).fillna(0)
        result["plan_attainment"] = _share(sold.sum(), planned.sum())
        result["partners_on_plan_rate"] = _share((sold >= planned).sum(), len(planned))
    else:
        result["plan_attainment"] = result["partners_on_plan_rate"] = None

    programs_file = folder / "incentive_programs.csv"
    if programs_file.exists():
        programs = pd.read_csv(programs_file, parse_dates=["starts_on", "ends_on"])
        payments = pd.read_csv(folder / "incentive_payments.csv", parse_dates=["earned_on"])
        payments = payments[
            payments.partner_id.isin(chosen.partner_id) & (payments.earned_on <= when)
        ]
        incremental = cost = 0.0
        ending = 0
        for program in programs.itertuples():
            if not (start < program.ends_on <= when) or program.ends_on < program.starts_on:
                continue
            ending += 1
            days = pd.Timedelta(days=(program.ends_on - program.starts_on).days + 1)
            paid = payments[payments.program_id == program.program_id]
            participants = set(paid.partner_id)
            enrolled = chosen[
                (chosen.enrolled_on <= program.starts_on)
                & (chosen.terminated_on.isna() | (chosen.terminated_on > program.starts_on))
            ]
            comparison = set(enrolled.partner_id) - participants
            line = (
                won
                if pd.isna(program.product_line)
                else won[won.product_line == program.product_line]
            )

            def revenue(group: set, first, last, line=line) -> float:
                rows = line[
                    line.partner_id.isin(group)
                    & (line.closed_on >= first)
                    & (line.closed_on <= last)
                ]
                return float(rows.amount.sum())

            before = (program.starts_on - days, program.starts_on - pd.Timedelta(days=1))
            during = (program.starts_on, program.ends_on)
            base = revenue(comparison, *before)
            growth = revenue(comparison, *during) / base if base else 1.0
            incremental += revenue(participants, *during) - growth * revenue(participants, *before)
            cost += float(paid.amount.sum())
        result["incentive_incremental_revenue"] = incremental if ending else None
        result["incentive_cost"] = cost if ending else None
        result["incentive_roi"] = (incremental - cost) / cost if ending and cost else None
    else:
        result["incentive_incremental_revenue"] = None
        result["incentive_cost"] = result["incentive_roi"] = None

    claims_file = folder / "mdf_claims.csv"
    if claims_file.exists():
        claims = pd.read_csv(claims_file)
        claims["quarter"] = _quarter_start(claims.period)
        registered = mine[(mine.registered_on > start) & (mine.registered_on <= when)]
        attributed = registered[registered.mdf_claim_id.notna()]
        result["mdf_attributed_registration_rate"] = _share(len(attributed), len(registered))
        claims = claims[
            claims.partner_id.isin(chosen.partner_id)
            & (claims.quarter > start)
            & (claims.quarter <= when)
        ]
        result["cost_per_pipeline_dollar"] = _share(
            claims.paid_amount.sum(), attributed.amount.sum()
        )
    else:
        result["mdf_attributed_registration_rate"] = result["cost_per_pipeline_dollar"] = None

    surveys_file = folder / "partner_surveys.csv"
    if surveys_file.exists():
        surveys = pd.read_csv(surveys_file, parse_dates=["responded_on"])
        answered = surveys[
            surveys.partner_id.isin(chosen.partner_id)
            & (surveys.responded_on > start)
            & (surveys.responded_on <= when)
        ]
        latest = answered.sort_values(["responded_on", "score"], ascending=[True, False])
        latest = latest.groupby("partner_id").tail(1)
        promoters, detractors = (latest.score >= 9).sum(), (latest.score <= 6).sum()
        result["nps_responses"] = len(latest)
        result["partner_nps"] = (
            100 * (promoters - detractors) / len(latest) if len(latest) else None
        )
    else:
        result["nps_responses"] = result["partner_nps"] = None
    return result
