"""The outcome data of the sample program: who found each deal, joint business plans, rebates
and SPIFFs, and partner surveys (the optional tables of docs/data-contract.md).

They draw from a random stream of their own, after every other table is made, so adding them
changed no number the other tables held.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

# Share of deals the partner found itself, by partner type; the tier moves it (below).
PARTNER_SOURCED = {
    "Reseller": 0.45,
    "VAR": 0.50,
    "MSP": 0.58,
    "Systems Integrator": 0.40,
    "Distributor": 0.25,
    "Referral": 0.72,
    "Technology": 0.35,
}
TIER_SHIFT = np.array([-0.18, -0.06, 0.06, 0.14])  # Registered, Silver, Gold, Premier
CO_SELL = {"Systems Integrator": 0.22, "Technology": 0.25}  # others: 0.08
# The PRM gained the origin field in spring 2024: many older registrations never got one.
ORIGIN_FIELD_ADDED = date(2024, 4, 1)

# (program_id, name, kind, product_line or "" for all lines, starts_on, ends_on, how it pays)
PROGRAMS = [
    ("INC-R1", "Platform volume rebate H1 2025", "rebate", "Platform", "2025-01-01", "2025-06-30"),
    ("INC-S1", "Security attach SPIFF", "spiff", "Security", "2025-04-01", "2025-05-31"),
    ("INC-S2", "Analytics registration SPIFF", "spiff", "Analytics", "2025-10-01", "2025-11-30"),
    ("INC-R2", "Growth rebate H1 2026", "rebate", "", "2026-01-01", "2026-06-30"),
    ("INC-S3", "Cloud migration SPIFF", "spiff", "Cloud Services", "2026-04-01", "2026-06-30"),
    ("INC-S4", "Support renewal SPIFF", "spiff", "Support", "2026-08-01", "2026-10-31"),
]
# A SPIFF pays a flat amount per won deal on its line closed in the program; the Analytics one
# paid per registration instead, won or not, and bought little.
SPIFF_PER_DEAL = {"INC-S1": 2_500, "INC-S2": 1_500, "INC-S3": 3_000, "INC-S4": 2_000}
PAID_PER_REGISTRATION = {"INC-S2"}
# A rebate pays a share of a partner's won revenue on its line in each quarter of the program,
# once that revenue reaches the threshold.
REBATE = {"INC-R1": (0.03, 40_000), "INC-R2": (0.01, 100_000)}
# Share of each tier (Registered, Silver, Gold, Premier) that signs up for a rebate or a SPIFF.
OPT_IN = {"rebate": np.array([0.0, 0.0, 0.55, 0.7]), "spiff": np.array([0.05, 0.3, 0.4, 0.45])}
# Surveys go out twice a year; Premier partners answer far more often, and like the program more.
SURVEY_WAVES = ["2024-11-04", "2025-05-05", "2025-11-03", "2026-05-04"]
RESPONSE_RATE = np.array([0.04, 0.12, 0.26, 0.45])
SCORE_MEAN = np.array([6.0, 7.0, 7.8, 8.4])


def _day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def deal_origins(
    rng: np.random.Generator, deals: pd.DataFrame, partners: pd.DataFrame
) -> pd.Series:
    """partner, vendor, co-sell, or empty (unknown) for each deal."""
    by_id = partners.set_index("partner_id")
    kind = by_id.partner_type.reindex(deals.partner_id).to_numpy()
    tier = by_id.tier_idx.reindex(deals.partner_id).to_numpy()
    p_partner = np.clip(np.array([PARTNER_SOURCED[k] for k in kind]) + TIER_SHIFT[tier], 0.05, 0.9)
    p_co_sell = np.array([CO_SELL.get(k, 0.08) for k in kind])
    draw = rng.random(len(deals))
    origin = np.where(
        draw < p_partner, "partner", np.where(draw < p_partner + p_co_sell, "co-sell", "vendor")
    ).astype(object)
    registered = pd.to_datetime(deals.registered_on).to_numpy().astype("datetime64[D]")
    old = registered < np.datetime64(ORIGIN_FIELD_ADDED)
    unknown = (old & (rng.random(len(deals)) < 0.6)) | (rng.random(len(deals)) < 0.04)
    origin[unknown] = None
    return pd.Series(origin, index=deals.index, name="origin")


def _won(deals: pd.DataFrame) -> pd.DataFrame:
    won = deals[deals.status == "won"].copy()
    won["closed"] = pd.to_datetime(won.closed_on)
    won["quarter"] = won.closed.dt.to_period("Q").dt.start_time
    return won


def partner_targets(
    rng: np.random.Generator, deals: pd.DataFrame, partners: pd.DataFrame, history_end: date
) -> pd.DataFrame:
    """Quarterly targets of the Gold and Premier partners enrolled in each quarter: last
    year's pace plus the growth the plan asks for, which many partners do not reach."""
    won = _won(deals)
    quarters = pd.period_range("2024Q1", pd.Period(history_end, "Q"), freq="Q").start_time
    planned = partners[partners.tier_idx >= 2]
    revenue = {
        partner_id: rows.set_index("quarter").amount
        for partner_id, rows in won.groupby(["partner_id", "quarter"])
        .amount.sum()
        .reset_index()
        .groupby("partner_id")
    }
    none = pd.Series(dtype=float, index=pd.DatetimeIndex([]))
    rows = []
    for partner in planned.itertuples():
        enrolled = pd.Timestamp(partner.enrolled_on)
        left = pd.Timestamp(partner.terminated_on) if pd.notna(partner.terminated_on) else None
        history = revenue.get(partner.partner_id, none)
        ambition = rng.lognormal(0.12, 0.2)
        for quarter in quarters:
            if enrolled > quarter or (
                left is not None and left < quarter + pd.DateOffset(months=3)
            ):
                continue
            trailing = history[
                (history.index < quarter) & (history.index >= quarter - pd.DateOffset(years=1))
            ]
            pace = trailing.sum() / 4 if len(trailing) else 0.0
            floor = 25_000 if partner.tier_idx == 2 else 60_000
            target = max(pace * ambition * rng.lognormal(0, 0.1), floor)
            rows.append(
                (partner.partner_id, f"{quarter.year}-Q{quarter.quarter}", round(target, -3))
            )
    return pd.DataFrame(rows, columns=["partner_id", "period", "target_amount"])


def incentive_programs() -> pd.DataFrame:
    return pd.DataFrame(
        PROGRAMS, columns=["program_id", "name", "kind", "product_line", "starts_on", "ends_on"]
    )


def incentive_payments(
    rng: np.random.Generator, deals: pd.DataFrame, partners: pd.DataFrame, history_end: date
) -> pd.DataFrame:
    """What each program paid whom, when it was earned and when (if yet) it was paid."""
    end = pd.Timestamp(history_end)
    tier = partners.tier_idx.to_numpy()
    won = _won(deals)
    rows = []
    for program_id, _, kind, line, starts, ends in PROGRAMS:
        # Partners sign up for a program; those who do not are the comparison it is judged by.
        signed_up = rng.random(len(partners)) < OPT_IN[kind][tier]
        eligible = set(partners.partner_id[signed_up])
        start, stop = pd.Timestamp(starts), min(pd.Timestamp(ends), end)
        on_line = won if not line else won[won.product_line == line]
        if program_id in PAID_PER_REGISTRATION:
            registered = deals.assign(day=pd.to_datetime(deals.registered_on))
            registered = registered[registered.product_line == line]
            qualifying = registered[registered.day.between(start, stop)]
            earned = pd.DataFrame(
                {
                    "partner_id": qualifying.partner_id,
                    "earned": qualifying.day,
                    "amount": float(SPIFF_PER_DEAL[program_id]),
                }
            )
        elif kind == "spiff":
            qualifying = on_line[on_line.closed.between(start, stop)]
            earned = pd.DataFrame(
                {
                    "partner_id": qualifying.partner_id,
                    "earned": qualifying.closed,
                    "amount": float(SPIFF_PER_DEAL[program_id]),
                }
            )
        else:
            share, threshold = REBATE[program_id]
            inside = on_line[on_line.closed.between(start, stop)]
            by_quarter = inside.groupby(["partner_id", "quarter"]).amount.sum().reset_index()
            by_quarter = by_quarter[by_quarter.amount >= threshold]
            earned = pd.DataFrame(
                {
                    "partner_id": by_quarter.partner_id,
                    "earned": by_quarter.quarter + pd.DateOffset(months=3) - pd.Timedelta(days=1),
                    "amount": (by_quarter.amount * share).round(2),
                }
            )
        earned = earned[earned.partner_id.isin(eligible)].sort_values(["earned", "partner_id"])
        lag = rng.gamma(3.0, 12.0 if kind == "spiff" else 18.0, len(earned)).astype(int) + 7
        paid = earned.earned + pd.to_timedelta(lag, unit="D")
        for (partner_id, when, amount), paid_on in zip(
            earned[["partner_id", "earned", "amount"]].itertuples(index=False), paid, strict=True
        ):
            rows.append(
                (
                    program_id,
                    partner_id,
                    when.date(),
                    amount,
                    paid_on.date() if paid_on <= end else None,
                )
            )
    frame = pd.DataFrame(
        rows, columns=["program_id", "partner_id", "earned_on", "amount", "paid_on"]
    )
    frame.insert(0, "payment_id", [f"PAY-{i + 1:05d}" for i in range(len(frame))])
    return frame


def partner_surveys(
    rng: np.random.Generator, partners: pd.DataFrame, drifting: np.ndarray
) -> pd.DataFrame:
    """Sparse answers to a twice-yearly survey: Premier partners answer and like it most; a
    partner drifting away scores lower."""
    rows = []
    for wave in SURVEY_WAVES:
        sent = pd.Timestamp(wave)
        enrolled = (pd.to_datetime(partners.enrolled_on) < sent) & (
            partners.terminated_on.isna() | (pd.to_datetime(partners.terminated_on) > sent)
        )
        tier = partners.tier_idx.to_numpy()
        answers = enrolled.to_numpy() & (rng.random(len(partners)) < RESPONSE_RATE[tier])
        mean = SCORE_MEAN[tier] - 1.8 * drifting
        scores = np.clip(np.round(rng.normal(mean, 1.7)), 0, 10).astype(int)
        days = rng.integers(0, 21, len(partners))
        for i in np.flatnonzero(answers):
            rows.append(
                (
                    partners.partner_id.iat[i],
                    (sent + pd.Timedelta(days=int(days[i]))).date(),
                    scores[i],
                )
            )
    return pd.DataFrame(rows, columns=["partner_id", "responded_on", "score"])
