"""Generate the sample channel program: one CSV per canonical table (docs/data-contract.md).

The program is shaped like a real mid-size one rather than uniform noise: heavy-tailed partner
productivity, a dark-partner share that differs by tier, region and enrollment cohort, partners
that lapse, CAMs who sandbag or over-commit, MDF claims bunched late in the quarter, and market
potential that partners do not cover evenly. It is deterministic for a given seed and scale.

    python sample_data/generate.py                                  # the committed sample
    python sample_data/generate.py --partners 10000 --registrations 1000000 --out /tmp/m
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import outcomes
from geography import CA_PROVINCES, COUNTRIES, US_STATES

HISTORY_START = date(2023, 10, 1)
HISTORY_END = date(2026, 9, 30)
TIERS = ["Registered", "Silver", "Gold", "Premier"]
PARTNER_TYPES = {
    "Reseller": 0.30,
    "VAR": 0.22,
    "MSP": 0.16,
    "Systems Integrator": 0.10,
    "Distributor": 0.04,
    "Referral": 0.12,
    "Technology": 0.06,
}
REGIONS = ["NA East", "NA West", "EMEA", "APAC", "LATAM"]
CAMS_PER_REGION = {"NA East": 7, "NA West": 6, "EMEA": 6, "APAC": 4, "LATAM": 2}
PRODUCT_LINES = ["Platform", "Security", "Analytics", "Cloud Services", "Support"]
MDF_ACTIVITIES = {
    "Event": 0.22,
    "Digital campaign": 0.28,
    "Webinar": 0.14,
    "Trade show": 0.10,
    "Content syndication": 0.14,
    "Telemarketing": 0.12,
}
CERTIFICATIONS = [
    "Sales Foundations",
    "Technical Associate",
    "Technical Professional",
    "Solutions Architect",
    "Security Specialist",
]
FIRST_NAMES = (
    "Ana Ben Carla Dev Emma Felix Grace Hiro Ines Jonas Kira Liam Maya Noah Olga Priya Quinn Rosa "
    "Sam Tara Umar Vera Wen Xavier Yara Zoe Omar Lena Marco Aisha"
).split()
LAST_NAMES = (
    "Adler Brooks Chen Diaz Evans Fischer Garcia Hughes Ito Jensen Kowalski Lopez Murphy Nakamura "
    "Okafor Patel Rossi Silva Tanaka Ueda Varga Weber Young Zhang Moreau Novak Berg Costa Khan"
).split()
NAME_PARTS_A = (
    "Apex Blue Cedar Delta Ever Falcon Granite Harbor Iron Juniper Keystone Lumen Meridian North "
    "Orbit Pioneer Quartz Ridge Summit Tidal Union Vertex West Zenith Atlas Beacon Cobalt Drift "
    "Ember Fjord Alpine Bright Clear Core Crest Echo Fusion Helix Nova Prime Silver Stone Sky"
).split()
NAME_PARTS_B = (
    "Systems Networks Solutions Technologies Partners Digital Consulting Cloud Data Logic IT "
    "Integration Works Labs Group Services Secure Infotech Computing Advisors"
).split()
NAME_SUFFIX = ["Inc.", "LLC", "Ltd", "GmbH", "S.A.", "Pty Ltd", "B.V.", "Corp.", "AG", "SAS"]


def _days(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _to_dates(day_numbers: np.ndarray) -> pd.Series:
    return pd.Series(pd.to_datetime(day_numbers, unit="D").date)


def _nullable_dates(day_numbers: np.ndarray, keep: np.ndarray) -> pd.Series:
    dates = _to_dates(np.where(keep, day_numbers, 0))
    return dates.where(keep, None)


def _quarter_start(day_numbers: np.ndarray) -> np.ndarray:
    stamps = pd.to_datetime(day_numbers, unit="D")
    starts = pd.PeriodIndex(stamps, freq="Q").start_time
    return ((starts - pd.Timestamp("1970-01-01")).days).to_numpy()


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def make_cams(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    rows = []
    for region in REGIONS:
        for _ in range(max(1, round(CAMS_PER_REGION[region] * scale))):
            rows.append(region)
    n = len(rows)
    names = [
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7 + 3) % len(LAST_NAMES)]}"
        for i in range(n)
    ]
    cams = pd.DataFrame(
        {
            "cam_id": [f"CAM-{i + 1:03d}" for i in range(n)],
            "cam_name": names,
            "region": rows,
            "annual_cost": (rng.normal(165_000, 15_000, n) / 1000).round() * 1000,
        }
    )
    # Forecast habit of each CAM: below 1 sandbags, above 1 over-commits.
    cams["forecast_bias"] = np.clip(rng.normal(1.06, 0.16, n), 0.72, 1.4)
    return cams


def make_partners(rng: np.random.Generator, n: int, cams: pd.DataFrame) -> pd.DataFrame:
    country_codes = np.array(list(COUNTRIES))
    country_w = np.array([v[3] for v in COUNTRIES.values()])
    country = country_codes[rng.choice(len(country_codes), n, p=country_w / country_w.sum())]

    state = np.full(n, None, dtype=object)
    lat = np.array([COUNTRIES[c][1] for c in country])
    lon = np.array([COUNTRIES[c][2] for c in country])
    region = np.array([COUNTRIES[c][5] for c in country], dtype=object)
    spread = np.full(n, 1.2)

    is_us = country == "US"
    us_codes = np.array(list(US_STATES))
    us_w = np.array([v[3] for v in US_STATES.values()])
    us_pick = us_codes[rng.choice(len(us_codes), is_us.sum(), p=us_w / us_w.sum())]
    state[is_us] = us_pick
    lat[is_us] = [US_STATES[s][1] for s in us_pick]
    lon[is_us] = [US_STATES[s][2] for s in us_pick]
    region[is_us] = [US_STATES[s][5] for s in us_pick]

    is_ca = country == "CA"
    ca_codes = np.array(list(CA_PROVINCES))
    ca_w = np.array([v[3] for v in CA_PROVINCES.values()])
    ca_pick = ca_codes[rng.choice(len(ca_codes), is_ca.sum(), p=ca_w / ca_w.sum())]
    state[is_ca] = ca_pick
    lat[is_ca] = [CA_PROVINCES[s][1] for s in ca_pick]
    lon[is_ca] = [CA_PROVINCES[s][2] for s in ca_pick]
    region[is_ca] = [CA_PROVINCES[s][4] for s in ca_pick]
    spread[is_ca] = 0.4

    lat = np.round(lat + rng.normal(0, 1, n) * spread * 0.8, 4)
    lon = np.round(lon + rng.normal(0, 1, n) * spread, 4)

    # A program relaunch brought the legacy partners over in its first quarter; recruiting since.
    start, end = _days(HISTORY_START), _days(HISTORY_END)
    legacy = rng.random(n) < 0.30
    enrolled = np.where(
        legacy,
        start + rng.integers(0, 91, n),
        start + 91 + ((end - start - 91) * rng.random(n) ** 0.85).astype(int),
    )
    tenure_years = (end - enrolled) / 365.0

    # Tier follows tenure: new partners start at the bottom of the ladder.
    tier_score = rng.normal(0, 1, n) + 0.7 * np.minimum(tenure_years, 2.5)
    tier_idx = np.digitize(tier_score, [0.75, 1.75, 2.65])
    tier = np.array(TIERS)[tier_idx]
    partner_type = _pick(rng, PARTNER_TYPES, n)
    # Distributors and SIs skew up the ladder, referral partners down.
    bump = (np.isin(partner_type, ["Distributor", "Systems Integrator"])) & (tier_idx < 3)
    tier_idx = np.where(bump & (rng.random(n) < 0.4), tier_idx + 1, tier_idx)
    drop = (partner_type == "Referral") & (tier_idx > 0) & (rng.random(n) < 0.5)
    tier_idx = np.where(drop, tier_idx - 1, tier_idx)
    tier = np.array(TIERS)[tier_idx]

    cam_id = np.full(n, None, dtype=object)
    for reg in REGIONS:
        ids = cams.loc[cams.region == reg, "cam_id"].to_numpy()
        members = np.flatnonzero(region == reg)
        cam_id[members] = ids[rng.integers(0, len(ids), len(members))]
    # The long tail of Registered partners is covered digitally, without a named CAM.
    unassigned = (tier_idx == 0) & (rng.random(n) < 0.35)
    cam_id[unassigned] = None

    names = _partner_names(rng, n, country)
    return pd.DataFrame(
        {
            "partner_id": [f"P{i + 1:06d}" for i in range(n)],
            "partner_name": names,
            "tier": tier,
            "tier_idx": tier_idx,
            "enrolled_day": enrolled,
            "partner_type": partner_type,
            "region": region,
            "country": country,
            "state": state,
            "latitude": lat,
            "longitude": lon,
            "cam_id": cam_id,
        }
    )


def _partner_names(rng: np.random.Generator, n: int, country: np.ndarray) -> list[str]:
    a = rng.integers(0, len(NAME_PARTS_A), n)
    b = rng.integers(0, len(NAME_PARTS_B), n)
    s = rng.integers(0, len(NAME_SUFFIX), n)
    qualifiers = [
        "Pacific",
        "Atlantic",
        "Metro",
        "Global",
        "Digital",
        "United",
        "Northern",
        "Southern",
        "Coastal",
        "Capital",
        "Premier",
        "Direct",
        "Allied",
        "Central",
    ]
    seen: set[str] = set()
    names = []
    for i in range(n):
        base = f"{NAME_PARTS_A[a[i]]} {NAME_PARTS_B[b[i]]}"
        attempt = 0
        while base in seen:
            q = qualifiers[(i + attempt) % len(qualifiers)]
            base = f"{NAME_PARTS_A[a[i]]} {q} {NAME_PARTS_B[b[i]]}"
            if attempt >= len(qualifiers):
                base = f"{base} {country[i]}-{i}"
            attempt += 1
        seen.add(base)
        names.append(f"{base} {NAME_SUFFIX[s[i]]}")
    return names


def plan_activity(rng: np.random.Generator, partners: pd.DataFrame) -> pd.DataFrame:
    """Decide, per partner, whether and when it sells, and how much."""
    n = len(partners)
    start, end = _days(HISTORY_START), _days(HISTORY_END)
    tier_idx = partners.tier_idx.to_numpy()
    enrolled = partners.enrolled_day.to_numpy()

    never_active_p = np.array([0.44, 0.21, 0.08, 0.03])[tier_idx]
    never_active_p += np.select(
        [partners.region == "APAC", partners.region == "LATAM", partners.region == "EMEA"],
        [0.09, 0.18, 0.03],
        0.0,
    )
    never_active_p += np.where(partners.partner_type == "Referral", 0.10, 0.0)
    legacy = enrolled < start + 91
    never_active_p += np.where(legacy, 0.06, -0.02)
    never_active = rng.random(n) < never_active_p

    # Later cohorts met a structured onboarding programme and reach a first deal sooner.
    cohort_age = (end - enrolled) / 365.0
    mean_lag = np.where(legacy, 95.0, 30.0 + 25.0 * cohort_age)
    first_deal = enrolled + rng.exponential(mean_lag)
    first_deal = np.maximum(first_deal, start)

    # Some partners lapse: they sold, then went quiet (dark now, or at risk if it is recent).
    lapses = rng.random(n) < np.array([0.30, 0.20, 0.12, 0.06])[tier_idx]
    lapse_day = first_deal + rng.random(n) * (end - first_deal)
    recent_break = rng.random(n) < 0.06
    lapse_day = np.where(recent_break, end - rng.integers(45, 200, n), lapse_day)
    stop = np.where(lapses | recent_break, lapse_day, end + 1)

    terminate = (never_active & (rng.random(n) < 0.25)) | (lapses & (rng.random(n) < 0.15))
    terminate &= enrolled < end - 240
    terminated = np.where(
        terminate, enrolled + 180 + (rng.random(n) * (end - enrolled - 180)).astype(int), -1
    )
    stop = np.where(terminate, np.minimum(stop, terminated), stop)

    productivity = rng.lognormal(mean=np.array([-1.1, -0.5, 0.1, 0.6])[tier_idx], sigma=0.7)
    deal_size = rng.lognormal(mean=np.array([9.5, 9.8, 10.1, 10.4])[tier_idx], sigma=0.3)
    win_rate = np.clip(rng.normal(0.42, 0.12, n), 0.08, 0.8)
    active_span = np.where(never_active, 0, np.maximum(stop - first_deal, 0))
    return pd.DataFrame(
        {
            "first_deal_day": first_deal,
            "stop_day": stop,
            "terminated_day": terminated,
            "active_span": active_span,
            "productivity": productivity,
            "deal_size": deal_size,
            "win_rate": win_rate,
        }
    )


def plan_drift(rng: np.random.Generator, plan: pd.DataFrame) -> pd.DataFrame:
    """How partners fade: most that go quiet drift first, and some that recover hit a slow patch.

    A drifting partner registers less and smaller deals over its last 3 to 10 months, until it
    stops; a quarter of those that stop do so abruptly. A slow patch (one selling partner in
    five, 2 to 7 months) looks the same from outside, then the partner picks up again: the early
    warning's false alarms.
    """
    n = len(plan)
    selling = (plan.active_span > 0).to_numpy()
    stop = plan.stop_day.to_numpy().astype(float)
    drifts = selling & (stop <= _days(HISTORY_END)) & (rng.random(n) < 0.75)
    drift_start = np.where(drifts, stop - rng.uniform(90, 300, n), np.inf)
    slow = selling & (rng.random(n) < 0.20)
    slow_start = plan.first_deal_day.to_numpy() + rng.random(n) * plan.active_span.to_numpy()
    slow_start = np.where(slow, slow_start, np.inf)
    return pd.DataFrame(
        {
            "drift_start": drift_start,
            "stop_day": stop,
            "slow_start": slow_start,
            "slow_end": slow_start + rng.uniform(60, 210, n),
        }
    )


def apply_drift(
    rng: np.random.Generator, registrations: pd.DataFrame, drift: pd.DataFrame
) -> pd.DataFrame:
    """Thin out and shrink the registrations of drifting partners and of slow patches."""
    owner = registrations.owner.to_numpy()
    day = registrations.registered_day.to_numpy()
    start = drift.drift_start.to_numpy()[owner]
    stop = drift.stop_day.to_numpy()[owner]
    fading = np.isfinite(start) & (day >= start)
    progress = np.where(fading, (day - np.where(fading, start, 0)) / np.maximum(stop - start, 1), 0)
    progress = np.clip(progress, 0, 1)
    keep_p = 1 - 0.8 * progress
    size = 1 - 0.5 * progress
    slow = (day >= drift.slow_start.to_numpy()[owner]) & (day < drift.slow_end.to_numpy()[owner])
    keep_p = np.where(slow, 0.2 * keep_p, keep_p)
    size = np.where(slow, 0.6 * size, size)
    # A partner's first and last registrations stay: the drift changes how it gets to the day it
    # stops (and whether it is dark on any date before), not that day.
    is_first = np.r_[True, owner[1:] != owner[:-1]]
    is_last = day == registrations.groupby("owner").registered_day.transform("max").to_numpy()
    keep = is_first | is_last | (rng.random(len(owner)) < keep_p)
    out = registrations.assign(amount=np.maximum(np.round(registrations.amount * size, -2), 500.0))
    return out[keep].reset_index(drop=True)  # deal ids keep their gaps, as in a real CRM


def make_registrations(
    rng: np.random.Generator,
    partners: pd.DataFrame,
    plan: pd.DataFrame,
    target: int,
) -> pd.DataFrame:
    end = _days(HISTORY_END)
    expected = plan.productivity * plan.active_span
    rate_scale = target / max(expected.sum(), 1.0)
    counts = rng.poisson(expected.to_numpy() * rate_scale)
    # Every partner that activates registers at least its first deal.
    counts = np.where(plan.active_span > 0, np.maximum(counts, 1), 0)
    owner = np.repeat(np.arange(len(partners)), counts)
    m = len(owner)

    first = plan.first_deal_day.to_numpy()[owner]
    span = plan.active_span.to_numpy()[owner]
    offsets = rng.random(m) * span
    is_first = np.r_[True, owner[1:] != owner[:-1]]
    registered = np.floor(np.where(is_first, first, first + offsets)).astype(int)
    registered = np.minimum(registered, end)

    amount = np.round(rng.lognormal(np.log(plan.deal_size.to_numpy()[owner]), 0.7), -2)
    amount = np.maximum(amount, 500.0)

    age = end - registered
    approved_after = rng.integers(1, 12, m)
    decision = rng.random(m)
    rejected = decision < 0.08
    pending = (age < approved_after) & ~rejected
    approved_on = registered + approved_after
    cycle = rng.gamma(2.0, 38.0, m).astype(int) + 10
    close_day = approved_on + cycle
    outcome = rng.random(m)
    win_p = plan.win_rate.to_numpy()[owner]
    expired = outcome < 0.10
    won = ~expired & (outcome < 0.10 + 0.90 * win_p)
    still_open = close_day > end

    status = np.where(won, "won", np.where(expired, "expired", "lost")).astype(object)
    status[still_open] = "approved"
    status[pending] = "submitted"
    status[rejected] = "rejected"
    has_approval = ~pending & ~rejected
    closed = np.isin(status, ["won", "lost", "expired"])

    customer_country, customer_state, customer_name = _customers(rng, partners, owner)
    expected_close = approved_on + (cycle * rng.uniform(0.7, 1.2, m)).astype(int)
    return pd.DataFrame(
        {
            "deal_id": [f"DR-{i + 1:07d}" for i in range(m)],
            "partner_id": partners.partner_id.to_numpy()[owner],
            "registered_on": _to_dates(registered),
            "status": status,
            "amount": amount,
            "approved_on": _nullable_dates(approved_on, has_approval),
            "expected_close_on": _nullable_dates(expected_close, ~pending & ~rejected),
            "closed_on": _nullable_dates(close_day, closed),
            "customer_name": customer_name,
            "customer_country": customer_country,
            "customer_state": customer_state,
            "product_line": _pick(
                rng, dict(zip(PRODUCT_LINES, [0.35, 0.22, 0.18, 0.15, 0.10], strict=True)), m
            ),
            "registered_day": registered,
            "owner": owner,
        }
    )


def _customers(
    rng: np.random.Generator, partners: pd.DataFrame, owner: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = len(owner)
    country = partners.country.to_numpy()[owner].astype(object)
    state = partners.state.to_numpy()[owner].astype(object)
    # A partner now and then sells across the border; customers mostly sit near the partner.
    abroad = rng.random(m) < 0.05
    codes = np.array(list(COUNTRIES))
    demand = np.array([v[4] for v in COUNTRIES.values()])
    country[abroad] = codes[rng.choice(len(codes), abroad.sum(), p=demand / demand.sum())]
    state[abroad] = None
    # Customers are a finite market: the bigger accounts are courted by several partners,
    # which is where channel conflict comes from.
    pool = max(50, m)
    enterprise = rng.random(m) < 0.04
    account = np.where(enterprise, rng.integers(0, 300, m), rng.integers(0, pool, m))
    first = np.array(NAME_PARTS_A)
    industry = np.array(
        [
            "Foods",
            "Health",
            "Bank",
            "Retail",
            "Motors",
            "Energy",
            "Logistics",
            "Media",
            "Pharma",
            "Insurance",
            "Telecom",
            "Chemicals",
            "Airlines",
            "Hotels",
            "Mining",
            "Textiles",
        ]
    )
    kind = np.array(
        [
            "Group",
            "Holdings",
            "Co",
            "International",
            "Industries",
            "Partners",
            "Systems",
            "Global",
            "Labs",
            "Enterprises",
            "Services",
            "Trust",
        ]
    )
    place = np.array(["", " East", " West", " Europe", " Americas", " Asia"])
    k1 = account % len(first)
    k2 = (account // len(first)) % len(industry)
    k3 = (account // (len(first) * len(industry))) % len(kind)
    k4 = (account // (len(first) * len(industry) * len(kind))) % len(place)
    names = np.char.add(np.char.add(first[k1], " "), industry[k2])
    names = np.char.add(np.char.add(np.char.add(names, " "), kind[k3]), place[k4]).astype(object)
    # CRM data entry is inconsistent: the same account arrives in different cases.
    upper = rng.random(m) < 0.1
    names[upper] = np.char.upper(names[upper].astype(str))
    return country, state, names


def make_forecasts(
    rng: np.random.Generator,
    partners: pd.DataFrame,
    cams: pd.DataFrame,
    registrations: pd.DataFrame,
) -> pd.DataFrame:
    won = registrations[registrations.status == "won"].copy()
    won["quarter"] = _quarter_start(
        (pd.to_datetime(won.closed_on) - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    )
    actual = won.groupby(["partner_id", "quarter"], as_index=False).amount.sum()

    forecasting = partners[(partners.tier_idx >= 1) & partners.cam_id.notna()]
    quarters = _quarter_start(
        np.arange(_days(HISTORY_START) + 95, _days(HISTORY_END), 91, dtype=int)
    )
    grid = forecasting[["partner_id", "cam_id", "enrolled_day"]].merge(
        pd.DataFrame({"quarter": np.unique(quarters)}), how="cross"
    )
    grid = grid[grid.enrolled_day < grid.quarter - 30]
    grid = grid.merge(actual, on=["partner_id", "quarter"], how="left").fillna({"amount": 0.0})
    grid = grid.merge(cams[["cam_id", "forecast_bias"]], on="cam_id")
    # Partners with nothing in the quarter mostly skip the forecast; some still call a number.
    submits = (grid.amount > 0) | (rng.random(len(grid)) < 0.25)
    grid = grid[submits].reset_index(drop=True)
    n = len(grid)
    baseline = np.where(grid.amount > 0, grid.amount, rng.lognormal(10.0, 0.8, n))
    # The whole channel misreads some quarters together (a market swing nobody called).
    quarter_mood = dict(
        zip(np.unique(quarters), rng.lognormal(0, 0.07, len(np.unique(quarters))), strict=True)
    )
    mood = grid.quarter.map(quarter_mood).to_numpy()
    first_call = baseline * grid.forecast_bias * mood * rng.lognormal(0, 0.22, n)
    first_day = grid.quarter.to_numpy() - rng.integers(3, 20, n)
    rows = [
        pd.DataFrame(
            {
                "partner_id": grid.partner_id,
                "quarter": grid.quarter,
                "amount": first_call,
                "submitted": first_day,
            }
        )
    ]
    # A share of partners revise before the quarter starts, and some again once it is under way.
    revise = rng.random(n) < 0.35
    rows.append(
        pd.DataFrame(
            {
                "partner_id": grid.partner_id[revise],
                "quarter": grid.quarter[revise],
                "amount": first_call[revise] * rng.lognormal(0, 0.12, revise.sum()),
                "submitted": first_day[revise] + rng.integers(1, 3, revise.sum()),
            }
        )
    )
    late = rng.random(n) < 0.25
    rows.append(
        pd.DataFrame(
            {
                "partner_id": grid.partner_id[late],
                "quarter": grid.quarter[late],
                "amount": (0.5 * first_call + 0.5 * baseline)[late],
                "submitted": grid.quarter[late] + rng.integers(10, 45, late.sum()),
            }
        )
    )
    out = pd.concat(rows, ignore_index=True)
    out = out[out.submitted <= _days(HISTORY_END)]
    out = out.sort_values(["partner_id", "quarter", "submitted"], kind="stable")
    return pd.DataFrame(
        {
            "partner_id": out.partner_id.to_numpy(),
            "period": [_period_label(d) for d in out.quarter.to_numpy()],
            "forecast_amount": np.round(out.amount.to_numpy(), -3),
            "submitted_on": _to_dates(out.submitted.to_numpy()),
        }
    )


def _period_label(day: int) -> str:
    d = pd.Timestamp(day, unit="D")
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def make_mdf(
    rng: np.random.Generator, partners: pd.DataFrame, plan: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    quarters = np.unique(
        _quarter_start(np.arange(_days(HISTORY_START), _days(HISTORY_END), 30, dtype=int))
    )
    eligible = partners[partners.tier_idx >= 1][["partner_id", "tier_idx", "enrolled_day"]]
    eligible = eligible.join(plan[["terminated_day", "stop_day", "active_span"]])
    grid = eligible.merge(pd.DataFrame({"quarter": quarters}), how="cross")
    alive = (grid.enrolled_day < grid.quarter) & (
        (grid.terminated_day < 0) | (grid.terminated_day > grid.quarter + 90)
    )
    silver_skip = (grid.tier_idx == 1) & (rng.random(len(grid)) < 0.45)
    grid = grid[alive & ~silver_skip].reset_index(drop=True)
    n = len(grid)
    base = np.array([0, 5_000, 15_000, 40_000])[grid.tier_idx]
    allocated = np.round(base * rng.uniform(0.7, 1.3, n), -2)
    allocations = pd.DataFrame(
        {
            "partner_id": grid.partner_id,
            "period": [_period_label(q) for q in grid.quarter],
            "allocated_amount": allocated,
        }
    )

    selling = (grid.active_span > 0) & (grid.stop_day > grid.quarter)
    request_p = np.where(selling, np.array([0, 0.88, 0.95, 0.98])[grid.tier_idx], 0.25)
    requests = rng.random(n) < request_p
    # Two claims for part of the requesting partners: one early, one in the quarter-end rush.
    parts = np.where(requests, 1 + (rng.random(n) < 0.45), 0)
    idx = np.repeat(np.arange(n), parts)
    k = len(idx)
    share = rng.uniform(0.8, 1.0, n)[idx] / parts[idx]
    requested_amount = np.round(allocated[idx] * share, -2)
    q_start = grid.quarter.to_numpy()[idx]
    # The quarter-end rush: a large share of requests lands in the last two weeks.
    rush = rng.random(k) < 0.4
    requested_on = q_start + np.where(
        rush, 77 + rng.integers(0, 13, k), (rng.beta(2.0, 1.5, k) * 76).astype(int)
    )
    end = _days(HISTORY_END)
    decision = rng.random(k)
    approved_on = requested_on + rng.integers(2, 14, k)
    approved_amount = np.round(requested_amount * np.where(decision < 0.1, 0.8, 1.0), -2)
    claimed_on = approved_on + rng.integers(3, 21, k)
    claimed_amount = np.round(approved_amount * rng.uniform(0.9, 1.0, k), -2)
    paid_on = claimed_on + rng.integers(7, 45, k)
    rejected = decision > 0.95
    never_claimed = (decision > 0.90) & ~rejected

    status = np.full(k, "paid", dtype=object)
    status[paid_on > end] = "claimed"
    status[(claimed_on > end) | never_claimed] = "approved"
    status[approved_on > end] = "requested"
    status[rejected & (approved_on <= end)] = "rejected"
    is_approved = np.isin(status, ["approved", "claimed", "paid"])
    is_claimed = np.isin(status, ["claimed", "paid"])
    is_paid = status == "paid"
    claims = pd.DataFrame(
        {
            "claim_id": [f"MDF-{i + 1:06d}" for i in range(k)],
            "partner_id": grid.partner_id.to_numpy()[idx],
            "period": [_period_label(q) for q in q_start],
            "status": status,
            "requested_amount": requested_amount,
            "approved_amount": np.where(is_approved, approved_amount, np.nan),
            "claimed_amount": np.where(is_claimed, claimed_amount, np.nan),
            "paid_amount": np.where(is_paid, claimed_amount, np.nan),
            "activity_type": _pick(rng, MDF_ACTIVITIES, k),
            "requested_on": _to_dates(requested_on),
            "approved_on": _nullable_dates(approved_on, is_approved | (status == "rejected")),
            "paid_on": _nullable_dates(paid_on, is_paid),
        }
    )
    return allocations, claims


def link_mdf(
    rng: np.random.Generator, registrations: pd.DataFrame, claims: pd.DataFrame
) -> pd.Series:
    """Attribute part of each funded partner's registrations to its claimed MDF activity."""
    funded = claims[claims.status.isin(["claimed", "paid"])][["claim_id", "partner_id", "period"]]
    funded = funded.drop_duplicates(["partner_id", "period"])
    regs = registrations[["deal_id", "partner_id", "registered_day"]].copy()
    regs["period"] = [_period_label(q) for q in _quarter_start(regs.registered_day.to_numpy())]
    linked = regs.merge(funded, on=["partner_id", "period"], how="left")
    keep = linked.claim_id.notna() & (rng.random(len(linked)) < 0.07)
    return linked.claim_id.where(keep, None)


def make_certifications(
    rng: np.random.Generator, partners: pd.DataFrame, plan: pd.DataFrame, drift: pd.DataFrame
) -> pd.DataFrame:
    end = _days(HISTORY_END)
    engaged = (plan.active_span > 0).to_numpy()
    mean = np.array([0.5, 1.6, 3.2, 5.5])[partners.tier_idx] * np.where(engaged, 1.0, 0.35)
    counts = rng.poisson(mean)
    owner = np.repeat(np.arange(len(partners)), counts)
    k = len(owner)
    enrolled = partners.enrolled_day.to_numpy()[owner]
    completed = enrolled + (rng.random(k) ** 1.5 * (end + 1 - enrolled)).astype(int)
    level = np.minimum(rng.poisson(0.9, k) + partners.tier_idx.to_numpy()[owner] // 2, 4)
    people = [
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i // 3) % len(LAST_NAMES)]}"
        for i in rng.integers(0, 900, k)
    ]
    certified = pd.DataFrame(
        {
            "partner_id": partners.partner_id.to_numpy()[owner],
            "certification": np.array(CERTIFICATIONS)[level],
            "completed_on": _to_dates(completed),
            "expires_on": _to_dates(completed + 730),
            "person": people,
        }
    )
    # A drifting partner stops training: its certifications lapse and are not renewed.
    return certified[completed < drift.drift_start.to_numpy()[owner]].reset_index(drop=True)


def make_qbrs(rng: np.random.Generator, partners: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    quarters = np.unique(
        _quarter_start(np.arange(_days(HISTORY_START), _days(HISTORY_END), 30, dtype=int))
    )
    managed = partners[partners.cam_id.notna() & (partners.tier_idx >= 1)]
    grid = managed[["partner_id", "tier_idx", "enrolled_day"]].join(plan[["terminated_day"]])
    grid = grid.merge(pd.DataFrame({"quarter": quarters}), how="cross")
    alive = (grid.enrolled_day < grid.quarter) & (
        (grid.terminated_day < 0) | (grid.terminated_day > grid.quarter + 90)
    )
    grid = grid[alive].reset_index(drop=True)
    # Premier and Gold are reviewed every quarter, Silver every other quarter.
    due = (grid.tier_idx >= 2) | ((grid.quarter // 91) % 2 == 0)
    held = due & (rng.random(len(grid)) < np.array([0, 0.55, 0.70, 0.88])[grid.tier_idx])
    grid = grid[held]
    held_on = grid.quarter.to_numpy() + rng.integers(15, 88, len(grid))
    grid = grid[held_on <= _days(HISTORY_END)]
    held_on = held_on[held_on <= _days(HISTORY_END)]
    return pd.DataFrame(
        {
            "partner_id": grid.partner_id.to_numpy(),
            "period": [_period_label(q) for q in grid.quarter],
            "held_on": _to_dates(held_on),
        }
    )


def make_market_potential() -> pd.DataFrame:
    rows = [("state", code, round(v[4] * 1_000_000)) for code, v in US_STATES.items()]
    rows += [("country", code, round(v[4] * 25_000_000)) for code, v in COUNTRIES.items()]
    return pd.DataFrame(rows, columns=["geo_level", "geo_code", "potential"])


def make_program_tiers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tier": TIERS,
            "rank": [1, 2, 3, 4],
            "discount_pct": [0.0, 20.0, 25.0, 30.0],
            "target_share": [0.40, 0.30, 0.20, 0.10],
            "revenue_threshold": [0, 150_000, 600_000, 2_000_000],
            "min_certifications": [0, 1, 2, 4],
            "qbr_every_quarters": [0, 2, 1, 1],
        }
    )


def generate(partners: int, registrations: int, seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    cams = make_cams(rng, max(partners / 800, 0.2))
    partner_frame = make_partners(rng, partners, cams)
    plan = plan_activity(rng, partner_frame)
    regs = make_registrations(rng, partner_frame, plan, registrations)
    forecasts = make_forecasts(rng, partner_frame, cams, regs)
    allocations, claims = make_mdf(rng, partner_frame, plan)
    regs["mdf_claim_id"] = link_mdf(rng, regs, claims).to_numpy()
    # The drift comes last and from a stream of its own, so every other table draws the numbers
    # it drew before; forecasts, called on a partner's usual business, miss the drift as CAMs do.
    drift_rng = np.random.default_rng([seed, 1])
    drift = plan_drift(drift_rng, plan)
    regs = apply_drift(drift_rng, regs, drift)

    partner_frame["enrolled_on"] = _to_dates(partner_frame.enrolled_day.to_numpy())
    terminated = plan.terminated_day.to_numpy()
    partner_frame["terminated_on"] = _nullable_dates(terminated, terminated >= 0)
    certifications = make_certifications(rng, partner_frame, plan, drift)
    qbrs = make_qbrs(rng, partner_frame, plan)
    # The outcome tables come from a stream of their own, after all the others are drawn.
    outcome_rng = np.random.default_rng([seed, 2])
    regs["origin"] = outcomes.deal_origins(outcome_rng, regs, partner_frame).to_numpy()
    drifting = np.isfinite(drift.drift_start.to_numpy())
    return {
        "partners": partner_frame[
            [
                "partner_id",
                "partner_name",
                "tier",
                "enrolled_on",
                "partner_type",
                "region",
                "country",
                "state",
                "latitude",
                "longitude",
                "terminated_on",
                "cam_id",
            ]
        ],
        "cams": cams[["cam_id", "cam_name", "region", "annual_cost"]],
        "deal_registrations": regs.drop(columns=["registered_day", "owner"]),
        "forecasts": forecasts,
        "mdf_allocations": allocations,
        "mdf_claims": claims,
        "certifications": certifications,
        "qbrs": qbrs,
        "market_potential": make_market_potential(),
        "program_tiers": make_program_tiers(),
        "partner_targets": outcomes.partner_targets(outcome_rng, regs, partner_frame, HISTORY_END),
        "incentive_programs": outcomes.incentive_programs(),
        "incentive_payments": outcomes.incentive_payments(
            outcome_rng, regs, partner_frame, HISTORY_END
        ),
        "partner_surveys": outcomes.partner_surveys(outcome_rng, partner_frame, drifting),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=800)
    parser.add_argument(
        "--registrations",
        type=int,
        default=None,
        help="target number of deal registrations (default: 28 per partner)",
    )
    parser.add_argument("--seed", type=int, default=20260930)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args(argv)
    target = args.registrations or args.partners * 28
    tables = generate(args.partners, target, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(args.out / f"{name}.csv", index=False, float_format="%.2f")
        print(f"{name}: {len(frame):,} rows")


if __name__ == "__main__":
    main()
