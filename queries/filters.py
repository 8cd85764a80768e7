"""The one value every query is keyed by: the global filters (CAM, region, tier, type, period).

A signed-in CAM's filters also carry their scope: the CAM ids whose partners they may see. The
scope narrows the CAM filter on construction, so no choice (sidebar, URL, or a page's own
`replace(filters, cams=())`) can widen it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Filters:
    """Reporting date, activity window and portfolio selection. Empty tuples mean "all"."""

    as_of: date | None = None
    window_months: int = 12
    grace_days: int = 90
    forecast_lead_days: int = 0
    tiers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    cams: tuple[str, ...] = ()
    partner_types: tuple[str, ...] = ()
    scope: tuple[str, ...] | None = None  # None: every partner; else the viewer's CAM ids

    def __post_init__(self) -> None:
        if not 1 <= self.window_months <= 60:
            raise ValueError("window_months must be between 1 and 60")
        if not 0 <= self.grace_days <= 730:
            raise ValueError("grace_days must be between 0 and 730")
        if not 0 <= self.forecast_lead_days <= 90:
            raise ValueError("forecast_lead_days must be between 0 and 90")
        for name in ("tiers", "regions", "cams", "partner_types"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))
        if self.scope is not None:
            scope = tuple(sorted(set(self.scope)))
            if not scope:
                raise ValueError("a scope names at least one CAM (an empty list means all)")
            # Picking nothing, or only CAMs outside the scope, shows the whole scope: never more.
            inside = tuple(c for c in self.cams if c in scope)
            object.__setattr__(self, "scope", scope)
            object.__setattr__(self, "cams", inside or scope)

    def with_as_of(self, as_of: date) -> Filters:
        return replace(self, as_of=as_of)

    def params(self) -> dict[str, object]:
        """Bound parameters for the SQL files; `as_of` must have been resolved."""
        if self.as_of is None:
            raise ValueError("resolve as_of before querying")
        return {
            "as_of": self.as_of,
            "window_months": self.window_months,
            "grace_days": self.grace_days,
            "lead_days": self.forecast_lead_days,
            "tiers": list(self.tiers),
            "regions": list(self.regions),
            "cams": list(self.cams),
            "partner_types": list(self.partner_types),
            "scope_cams": list(self.scope or ()),
        }

    @property
    def is_filtered(self) -> bool:
        """True when the selection is narrower than everything the viewer may see."""
        cams = self.cams if self.scope is None else tuple(set(self.scope) - set(self.cams))
        return bool(self.tiers or self.regions or cams or self.partner_types)
