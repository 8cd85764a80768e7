"""What if the tier discounts changed? Vendor net revenue, partner margin, discount cost.

For each tier t with partner revenue R (list value sold through partners in the window), current
discount d and proposed discount d' (fractions), and a volume response of e (revenue change per
point of discount, as a fraction of revenue) from a share s of partners:

    uplift          u  = s · e · 100 · (d' − d)           revenue change as a fraction of R
    projected rev.  R' = R · (1 + u)                      (a cut in discount loses volume)
    vendor net      N  = R · (1 − d),   N' = R' · (1 − d')
    partner margin  M  = R · d,         M' = R' · d'       (what partners keep)
    discount cost   C' − C = M' − M                        the vendor's extra spend on discount
    waterfall       N' − N = −R · (d' − d)  [price]  +  R · u · (1 − d')  [volume]
    break-even e*   the response at which N' = N: e* = ((1 − d)/(1 − d') − 1) / (s · 100 · (d' − d))

Assumptions: the response is linear in the discount change and applies to the responding share
only; it is the same in every tier; revenue outside the window is not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# The typical ladder (Registered / Silver / Gold / Premier at 0 / 20 / 25 / 30%, a benchmark),
# the starting point when a program loaded no tier settings; a tier of another name starts at 20%.
TYPICAL_LADDER = {"registered": 0.0, "silver": 0.20, "gold": 0.25, "premier": 0.30}
TYPICAL_OTHER = 0.20


def typical_discount(tier: str) -> float:
    return TYPICAL_LADDER.get(str(tier).strip().lower(), TYPICAL_OTHER)


def with_typical_ladder(tiers: pd.DataFrame) -> pd.DataFrame:
    """`tiers` with every unknown discount taken from the typical ladder."""
    typical = tiers.tier.map(typical_discount)
    return tiers.assign(discount=tiers.discount.astype(float).fillna(typical))


@dataclass(frozen=True)
class VolumeResponse:
    revenue_per_point: float  # e: 0.02 = +2% of revenue per extra point of discount
    responding_share: float  # s: share of partners who react (0..1)


def project(
    tiers: pd.DataFrame, proposed: dict[str, float], response: VolumeResponse
) -> pd.DataFrame:
    """Per tier: baseline and projected revenue, vendor net, partner margin, discount cost.

    `tiers` has tier, revenue, discount (fraction); `proposed` maps tier → new discount.
    """
    frame = tiers[["tier", "revenue", "discount"]].copy()
    frame["proposed_discount"] = [
        proposed.get(t, d) for t, d in zip(frame.tier, frame.discount, strict=True)
    ]
    change_points = 100 * (frame.proposed_discount - frame.discount)
    frame["uplift"] = response.responding_share * response.revenue_per_point * change_points
    frame["projected_revenue"] = frame.revenue * (1 + frame.uplift)
    frame["vendor_net"] = frame.revenue * (1 - frame.discount)
    frame["projected_vendor_net"] = frame.projected_revenue * (1 - frame.proposed_discount)
    frame["partner_margin"] = frame.revenue * frame.discount
    frame["projected_partner_margin"] = frame.projected_revenue * frame.proposed_discount
    frame["discount_cost_change"] = frame.projected_partner_margin - frame.partner_margin
    frame["price_effect"] = -frame.revenue * (frame.proposed_discount - frame.discount)
    frame["volume_effect"] = frame.revenue * frame.uplift * (1 - frame.proposed_discount)
    frame["break_even_response"] = pd.to_numeric(
        pd.Series(
            [
                break_even(d, p, response.responding_share)
                for d, p in zip(frame.discount, frame.proposed_discount, strict=True)
            ],
            index=frame.index,
            dtype=object,
        ),
        errors="coerce",
    )
    return frame


def break_even(discount: float, proposed: float, responding_share: float) -> float | None:
    """Revenue per point of discount at which vendor net revenue is unchanged (None: no change)."""
    change_points = 100 * (proposed - discount)
    if change_points == 0 or responding_share == 0 or proposed >= 1:
        return None
    return ((1 - discount) / (1 - proposed) - 1) / (responding_share * change_points)


def total_break_even(projection: pd.DataFrame, responding_share: float) -> float | None:
    """The one response, common to every tier, that keeps total vendor net revenue unchanged."""
    change = 100 * (projection.proposed_discount - projection.discount)
    denominator = (
        responding_share * (projection.revenue * change * (1 - projection.proposed_discount)).sum()
    )
    if denominator == 0:
        return None
    price = (projection.revenue * (projection.proposed_discount - projection.discount)).sum()
    return float(price / denominator)


def totals(projection: pd.DataFrame) -> pd.Series:
    columns = [
        "revenue",
        "projected_revenue",
        "vendor_net",
        "projected_vendor_net",
        "partner_margin",
        "projected_partner_margin",
        "discount_cost_change",
        "price_effect",
        "volume_effect",
    ]
    return projection[columns].sum()


def retier(
    partners: pd.DataFrame, thresholds: dict[str, float], ranks: dict[str, int]
) -> pd.DataFrame:
    """Place each partner in the highest tier whose revenue threshold it meets.

    `partners` has partner_id, partner_name, tier, revenue; returns those whose tier would change,
    with the direction.
    """
    ladder = sorted(thresholds, key=lambda t: ranks[t])
    floors = np.array([thresholds[t] for t in ladder], dtype=float)
    # The highest tier whose threshold the revenue reaches (the lowest tier at worst).
    index = np.searchsorted(floors, partners.revenue.to_numpy(dtype=float), side="right") - 1
    new_tier = np.array(ladder, dtype=object)[np.clip(index, 0, len(ladder) - 1)]
    moved = partners.assign(new_tier=new_tier)
    moved = moved[moved.new_tier != moved.tier].copy()
    moved["direction"] = np.where(moved.new_tier.map(ranks) > moved.tier.map(ranks), "up", "down")
    return moved


def retier_cost(moved: pd.DataFrame, discounts: dict[str, float]) -> pd.DataFrame:
    """What the moves cost in discount on the partners' current revenue (positive: vendor pays)."""
    cost = moved.revenue * (moved.new_tier.map(discounts) - moved.tier.map(discounts))
    return moved.assign(discount_cost_change=cost)
