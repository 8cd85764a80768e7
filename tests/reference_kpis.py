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
    return result
