"""Benchmark bands shown beside the headline numbers, each with its source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    band: str
    source: str


DARK_PARTNER_RATE = Benchmark(
    band="Level 4 programs: below 20%",
    source="Seed maturity model (Level 4); IDC: about 69% of enrolled partners inactive at large "
    "IT vendors (dated)",
)
ACTIVE_PARTNER_RATE = Benchmark(
    band="IDC: ~31% active at large vendors",
    source="IDC (large IT vendors, dated): about 69% of enrolled partners inactive",
)
ENROLLED = Benchmark(
    band="Scaling wall: 50–150 active partners",
    source="Seed: manual programs hit a scaling wall between 50 and 150 active partners",
)
PARTNER_REVENUE = Benchmark(
    band="80/20 rule; often 90/10",
    source="Revenue concentration rule of thumb; practitioners often see 90/10",
)
MDF_UTILIZATION = Benchmark(
    band="Median 54% · top quartile 78% · Level 3 > 70%",
    source="MDF benchmark (median 54%, top quartile above 78%); seed maturity model Level 3 above "
    "70%; PartnerPath: over 25% of MDF unused each year; Forrester: up to 60% unspent",
)
FORECAST_ACCURACY = Benchmark(
    band="Level 4: within 10% · 20% of leaders within ±5%",
    source="Seed maturity model (Level 4: within 10% of actual); Xactly 2024: four in five sales "
    "leaders missed at least one quarterly forecast, 20% were within ±5%",
)
