"""The early-warning backtest as a program reads it: thresholds, the verdict, the rule in force.

The figures are computed in SQL (queries/views/44_mart_early_warning_backtest.sql and the three
early_warning_* queries); this module reads the tuning's rows and keeps the operator's choice of
rule, saved like a what-if scenario (queries/scenarios.py) so that it survives a restart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from queries import scenarios

SCENARIO_KIND = "early_warning"
SCENARIO_NAME = "rule in force"
CHOICES = ("default", "tuned")
PARTS = ("silent", "rhythm", "revenue")


@dataclass(frozen=True)
class Thresholds:
    """The three thresholds of the early warning (docs/metrics.md, early-warning backtest)."""

    silent_days: int
    gap_multiple: float
    revenue_share: float

    def __post_init__(self) -> None:
        if not 1 <= self.silent_days <= 730:
            raise ValueError("silent_days must be between 1 and 730")
        if not 1 <= self.gap_multiple <= 20:
            raise ValueError("gap_multiple must be between 1 and 20")
        if not 0 < self.revenue_share < 1:
            raise ValueError("revenue_share must be between 0 and 1")

    def params(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: pd.Series) -> Thresholds:
        return cls(int(row.silent_days), float(row.gap_multiple), float(row.revenue_share))


def _early_warning_row(tuning: pd.DataFrame, column: str) -> pd.Series:
    rows = tuning[(tuning.rule == "early_warning") & tuning[column]]
    return rows.iloc[0]


def default_thresholds(tuning: pd.DataFrame) -> Thresholds:
    """The thresholds partner_health applies (view early_warning_defaults)."""
    return Thresholds.from_row(_early_warning_row(tuning, "is_default"))


def tuned_thresholds(tuning: pd.DataFrame) -> Thresholds:
    """The early warning's thresholds that scored best on the training quarters."""
    return Thresholds.from_row(_early_warning_row(tuning, "is_chosen"))


def can_tune(tuning: pd.DataFrame) -> bool:
    """Tuning needs someone going dark in the training quarters and quarters it never saw."""
    first = tuning.iloc[0]
    return bool(first.training_went_dark > 0 and first.unseen_quarters > 0)


@dataclass(frozen=True)
class Verdict:
    """The tuned early warning against the baseline on the quarters the tuning never saw."""

    tuned_f1: float | None
    baseline_f1: float | None

    @property
    def judged(self) -> bool:
        return self.tuned_f1 is not None and self.baseline_f1 is not None

    @property
    def tuned_beats_baseline(self) -> bool | None:
        return self.tuned_f1 > self.baseline_f1 if self.judged else None


def _value(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


def verdict(tuning: pd.DataFrame) -> Verdict:
    tuned = _early_warning_row(tuning, "is_chosen")
    baseline = tuning[tuning.rule == "baseline"].iloc[0]
    return Verdict(_value(tuned.unseen_f1), _value(baseline.unseen_f1))


def saved_rule() -> tuple[str, Thresholds] | None:
    """The rule in force as saved (its choice and thresholds), or None when none was saved."""
    if SCENARIO_NAME not in scenarios.names(SCENARIO_KIND):
        return None
    saved = scenarios.load(SCENARIO_KIND, SCENARIO_NAME)
    try:
        choice = saved["choice"] if saved.get("choice") in CHOICES else "saved"
        return choice, Thresholds(
            int(saved["silent_days"]), float(saved["gap_multiple"]), float(saved["revenue_share"])
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # an unreadable save: the default rule stays in force


def save_rule(choice: str, thresholds: Thresholds, by: str = "") -> None:
    scenarios.save(
        SCENARIO_KIND,
        SCENARIO_NAME,
        {"choice": choice, **thresholds.params()},
        by=by,
        shared=True,  # the rule in force is the team's, not one person's
    )


def rule_in_force(tuning: pd.DataFrame) -> tuple[str, Thresholds]:
    """The saved rule, or the default when nothing was saved."""
    return saved_rule() or ("default", default_thresholds(tuning))
