"""What if each tier were covered differently? CAMs required, cost, and who loses coverage.

Each tier gets a coverage model with a partner-per-CAM limit P and hours per partner a year H.
A partner under CAM coverage needs FTE = max(1 / P, H / A) of a CAM, where A is the selling hours
a CAM has in a year (2,000 by default): a CAM holds at most P relationships and has A hours.
Platform self-service needs no CAM.

    CAMs required (region, total) = Σ FTE of the partners covered
    cost                         = CAMs required × annual cost of a CAM
    cost per covered revenue $   = cost ÷ window revenue of the partners under CAM coverage
    headcount cap K              : partners keep coverage from the highest revenue down while
                                   Σ FTE ≤ K; the rest lose it (lowest value first), and their
                                   revenue is the revenue at risk.

Assumptions: revenue is the partner's won revenue in the window; coverage needs do not depend on
region; fractions of a CAM are shared within the whole program.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ANNUAL_HOURS = 2000.0


@dataclass(frozen=True)
class CoverageModel:
    name: str
    partners_per_cam: float | None  # None: no CAM (platform self-service)
    hours_per_partner: float


MODELS = {
    "dedicated": CoverageModel("Dedicated CAM", 8, 220),
    "named": CoverageModel("Named CAM", 25, 70),
    "scaled": CoverageModel("Scaled digital", 80, 20),
    "platform": CoverageModel("Platform self-service", None, 0),
}


def fte_per_partner(model: CoverageModel, annual_hours: float = ANNUAL_HOURS) -> float:
    if model.partners_per_cam is None:
        return 0.0
    return max(1 / model.partners_per_cam, model.hours_per_partner / annual_hours)


def assign(
    partners: pd.DataFrame,
    tier_models: dict[str, CoverageModel],
    annual_hours: float = ANNUAL_HOURS,
) -> pd.DataFrame:
    """Each partner (partner_id, tier, region, revenue) with its coverage model and FTE need."""
    # Per tier, then spread to partners by position: a slider move recomputes this at 10,000
    # partners, and mapping strings row by row costs more than the whole model.
    codes, tiers = pd.factorize(partners.tier, use_na_sentinel=False)
    models = [tier_models[tier] for tier in tiers]
    fte = np.array([fte_per_partner(model, annual_hours) for model in models])
    names = list(dict.fromkeys(model.name for model in models))
    name_codes = np.array([names.index(model.name) for model in models], dtype=int)
    frame = partners.copy()
    frame["coverage"] = pd.Categorical.from_codes(name_codes[codes], categories=names)
    frame["fte"] = fte[codes]
    frame["covered"] = frame.fte > 0
    return frame


def required_by_region(assigned: pd.DataFrame, headcount: pd.Series) -> pd.DataFrame:
    """CAMs required per region against today's headcount (`headcount` indexed by region)."""
    need = assigned.groupby("region").fte.sum().rename("cams_required")
    out = pd.concat([need, headcount.rename("cams_today")], axis=1).fillna(0)
    out["gap"] = out.cams_required - out.cams_today
    return out.reset_index(names="region")


def summary(assigned: pd.DataFrame, annual_cost: float) -> dict[str, float | None]:
    cams = float(assigned.fte.sum())
    covered_revenue = float(assigned.loc[assigned.covered, "revenue"].sum())
    cost = cams * annual_cost
    return {
        "cams_required": cams,
        "cost": cost,
        "covered_revenue": covered_revenue,
        "cost_per_covered_revenue": cost / covered_revenue if covered_revenue else None,
    }


def revenue_by_model(assigned: pd.DataFrame) -> pd.DataFrame:
    return (
        assigned.groupby("coverage", observed=True)
        .agg(partners=("partner_id", "count"), revenue=("revenue", "sum"), cams=("fte", "sum"))
        .reset_index()
    )


def apply_cap(assigned: pd.DataFrame, cap: float) -> pd.DataFrame:
    """Partners that lose CAM coverage under a headcount cap: the lowest revenue go first."""
    covered = assigned[assigned.covered]
    ids = pd.factorize(covered.partner_id, sort=True)[0]
    revenue = covered.revenue.to_numpy()
    order = np.lexsort((ids, -revenue))  # highest revenue first, then partner_id
    keeps = np.cumsum(covered.fte.to_numpy()[order]) <= cap + 1e-9
    lost = order[~keeps]
    return covered.iloc[lost[np.lexsort((ids[lost], revenue[lost]))]]
