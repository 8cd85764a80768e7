"""The early-warning backtest against flags worked out by hand on a tiny program.

Window 6 months, grace 90 days, as of 2026-03-31. The data begins in Q4 2024 (first registration
2024-10-05), so the first quarter end with a whole 6-month window behind it is Q1 = 2025-03-31;
the last whose outcome (two quarter ends later) is known is Q3 = 2025-09-30. Quarter ends:
Q1 2025-03-31, Q2 2025-06-30, Q3 2025-09-30, Q4 2025-12-31, Q5 2026-03-31. Three backtest
quarters: the latest third (Q3) is unseen, Q1 (outcome known on Q3) trains, Q2 is between.

A Gold: registers every 10 days 2024-10-05 … 2025-06-12, once more 2025-08-10, then stops.
  Q3: silent 51 days, usual gap 10 → rhythm broke (not silent 60+); dark on Q5: caught, lead
  Q5 − Q3 = 182 days.
B Silver: 2024-10-10, 2024-11-20 (won 5,000, closed 2024-12-01), 2025-01-15, 2025-06-20,
  2025-09-10, 2025-12-01; terminated 2026-01-15 — between the flag at Q3 and the outcome at Q5,
  which its registrations alone would not have made dark. Revenue fell to 0 against 5,000 on Q2
  and Q3: one alarm from Q2, lead Q5 − Q2 = 274 days. Silent 75 days on Q1 (only a 60-day rule
  fires).
C Gold, enrolled 2025-05-01 (after Q1: not in Q1's backtest): 2025-05-10, 06-01, 08-15; dark on
  Q5, never flagged: missed at Q3.
D Gold: registers on the 15th of every month; never flagged, never dark.
E Gold: 2024-10-20, 12-20, 2025-02-20, then a slow patch to 07-20, 10-01, 12-01, 2026-02-01;
  silent 130 days on Q2 (a false alarm of silent 90+ days), 72 on Q3 (only a 60-day rule).
F Gold: registers on the 5th of every month; won 10,000 closed 2024-11-01 and 3,000 closed
  2025-05-01: revenue fell to 30% on Q2 and Q3 (false alarms) and to 0 on as_of.
G Gold: every 5 days 2025-01-30 … 03-01 (silent 30 on Q1: rhythm broke), silent 121 on Q2; dark
  on Q3, back on 2025-11-01. Caught at Q1 (dark on Q3; alarm Q1–Q2, lead 183); a false alarm
  at Q2 (active again on Q4).
H Gold: 2024-10-25, 12-10 (silent 111 on Q1: a false alarm of silent 90+), then regular.

Active partners: Q1 A B D E F G H (7; G went dark), Q2 A…H (8; nobody went dark), Q3 A B C D E F
H (7; A, B, C went dark): 22 partner-quarters, 4 went dark.

Default rule (silent 90+, 3× the usual gap, revenue down to 50%), flags by quarter:
  early warning Q1 G H; Q2 E G B F; Q3 A B F → flagged 9, caught 3 (G, A, B): precision 1/3,
  recall 3/4, base rate 4/22, lift 22/12; lead times 183 (G), 182 (A), 274 (B) → median 183.
  silent 90+ (baseline) Q1 H; Q2 E G → 3 flagged, none caught.
  rhythm Q1 G; Q2 G; Q3 A → 3, caught 2 (lead 183, 182 → 182.5).
  revenue Q2 B F; Q3 B F → 4, caught 1 (lead 274).
Tuning on Q1 (G went dark): 120 days flags G alone (F1 1), 90 days G and H (F1 2/3), 60 days G,
  H and B (F1 1/2); every gap multiple and revenue share flag G alike, so the tie goes to the
  fewest flags, then the strictest thresholds: 120 days, 4×, 40%. On Q3 it flags A (51 ≥ 4 × 10),
  B and F (0 and 3,000 ≤ 40% of 10,000): 3 flagged, 2 caught of 3 → F1 2/3; the baseline flags
  nobody on Q3 → F1 0: the tuned rule beats it.
Flagged now (as_of, default rule): G (silent 150 days, rhythm broke; best part rhythm, 2 of 3
  past flags went dark) and F (revenue; 1 of 4).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from queries import backtest, scenarios, sql
from queries.cli import backtest_report, main
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import deal, partner, write_program

AS_OF = date(2026, 3, 31)
FILTERS = Filters(as_of=AS_OF, window_months=6, grace_days=90)
DEFAULT = {"silent_days": 90, "gap_multiple": 3.0, "revenue_share": 0.5}
Q1, Q2, Q3, Q4, Q5 = (
    date(2025, 3, 31),
    date(2025, 6, 30),
    date(2025, 9, 30),
    date(2025, 12, 31),
    date(2026, 3, 31),
)


def _every(start: date, step: int, last: date) -> list[date]:
    days = []
    while start <= last:
        days.append(start)
        start += timedelta(days=step)
    return days


def _monthly(day: int) -> list[date]:
    return [date(2024 + (9 + m) // 12, (9 + m) % 12 + 1, day) for m in range(18)]


def backtest_program() -> dict[str, list[dict]]:
    plain = {
        "A": [*_every(date(2024, 10, 5), 10, date(2025, 6, 21)), date(2025, 8, 10)],
        "B": [
            date(2024, 10, 10),
            date(2025, 1, 15),
            date(2025, 6, 20),
            date(2025, 9, 10),
            date(2025, 12, 1),
        ],
        "C": [date(2025, 5, 10), date(2025, 6, 1), date(2025, 8, 15)],
        "D": _monthly(15),
        "E": [
            date(2024, 10, 20),
            date(2024, 12, 20),
            date(2025, 2, 20),
            date(2025, 7, 20),
            date(2025, 10, 1),
            date(2025, 12, 1),
            date(2026, 2, 1),
        ],
        "F": [d for d in _monthly(5) if d not in (date(2024, 10, 5), date(2025, 4, 5))],
        "G": [*_every(date(2025, 1, 30), 5, date(2025, 3, 1)), date(2025, 11, 1)],
        "H": [
            date(2024, 10, 25),
            date(2024, 12, 10),
            date(2025, 4, 20),
            date(2025, 7, 1),
            date(2025, 9, 20),
            date(2025, 12, 10),
            date(2026, 3, 1),
        ],
    }
    deals = [
        deal(f"{pid}{i}", pid, str(day), "submitted", 100)
        for pid, days in plain.items()
        for i, day in enumerate(days)
    ]
    deals += [
        deal("BW", "B", "2024-11-20", "won", 5000, "2024-12-01"),
        deal("FW1", "F", "2024-10-05", "won", 10000, "2024-11-01"),
        deal("FW2", "F", "2025-04-05", "won", 3000, "2025-05-01"),
    ]
    return {
        "partners": [
            partner("A", "2024-01-01"),
            partner("B", "2024-01-01", tier="Silver", terminated_on="2026-01-15"),
            partner("C", "2025-05-01"),
            partner("D", "2024-01-01"),
            partner("E", "2024-01-01"),
            partner("F", "2024-01-01"),
            partner("G", "2024-01-01"),
            partner("H", "2024-01-01"),
        ],
        "deal_registrations": deals,
    }


@pytest.fixture(scope="module")
def program_dir(tmp_path_factory):
    return write_program(tmp_path_factory.mktemp("backtest"), backtest_program())


@pytest.fixture(scope="module")
def con(program_dir):
    return load_folder(program_dir)


@pytest.fixture(scope="module")
def history(con):
    sql.prepare_early_warning_history(con, AS_OF, 6, 90)
    return con.execute("select * from early_warning_snapshot($as_of, 6, 90)", {"as_of": AS_OF}).df()


@pytest.fixture(scope="module")
def figures(con):
    frame = sql.fetch_for(con, "early_warning_backtest", FILTERS, **DEFAULT)
    frame["quarter_end_on"] = pd.to_datetime(frame.quarter_end_on).dt.date
    return frame


def _row(figures: pd.DataFrame, level: str, rule: str, **where: object) -> pd.Series:
    rows = figures[(figures.level == level) & (figures.rule == rule)]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, (level, rule, where)
    return rows.iloc[0]


def test_partners_active_at_each_quarter_end(history):
    active = history.groupby("quarter_end_on").partner_id.apply(lambda s: "".join(sorted(s)))
    assert {pd.Timestamp(k).date(): v for k, v in active.items()} == {
        Q1: "ABDEFGH",  # C enrolled after Q1
        Q2: "ABCDEFGH",
        Q3: "ABCDEFH",  # G was dark on Q3
    }


def test_split_of_the_quarters(history):
    splits = history.drop_duplicates("quarter_end_on").set_index("quarter_end_on").split
    assert {pd.Timestamp(k).date(): v for k, v in splits.items()} == {
        Q1: "training",
        Q2: "between",
        Q3: "unseen",
    }


def test_who_went_dark_and_when(history):
    dark = history[history.went_dark]
    got = {
        (pd.Timestamp(r.quarter_end_on).date(), r.partner_id): r.dark_on for r in dark.itertuples()
    }
    assert {k: pd.Timestamp(v).date() for k, v in got.items()} == {
        (Q1, "G"): Q3,
        (Q3, "A"): Q5,
        (Q3, "B"): Q5,  # terminated on 2026-01-15, between the flag and the outcome
        (Q3, "C"): Q5,
    }


def test_a_quarter_with_no_one_going_dark(figures):
    q2 = _row(figures, "quarter", "early_warning", quarter_end_on=Q2)
    assert (q2.active_partners, q2.went_dark, q2.flagged, q2.caught) == (8, 0, 4, 0)
    assert q2.precision == 0
    assert pd.isna(q2.recall) and pd.isna(q2.median_lead_days)


def test_signals_on_a_quarter_end_match_partner_health(con, history):
    """The backtest reads each partner on t exactly as the early warning reads it on as_of."""
    for quarter in (Q1, Q2, Q3):
        health = con.execute(
            "select partner_id, early_warning from partner_health($t, 6, 90) where is_active",
            {"t": quarter},
        ).df()
        con.register("quarter_rows", history[history.quarter_end_on.dt.date == quarter])
        fires = con.execute(
            "select partner_id, early_warning_fires('early_warning', 90, 3, 0.5, is_active, "
            "days_silent, usual_gap_days, gaps_seen, revenue, prior_revenue) as early_warning "
            "from quarter_rows"
        ).df()
        con.unregister("quarter_rows")
        assert dict(zip(fires.partner_id, fires.early_warning, strict=True)) == dict(
            zip(health.partner_id, health.early_warning, strict=True)
        ), quarter


def test_every_rule_over_all_quarters(figures):
    expected = {
        # rule: flagged, caught, precision, recall, median lead days
        "early_warning": (9, 3, 1 / 3, 3 / 4, 183),
        "silent": (3, 0, 0, 0, None),
        "rhythm": (3, 2, 2 / 3, 2 / 4, 182.5),
        "revenue": (4, 1, 1 / 4, 1 / 4, 274),
        "baseline": (3, 0, 0, 0, None),
    }
    for rule, (flagged, caught, precision, recall, lead) in expected.items():
        row = _row(figures, "all", rule)
        assert (row.active_partners, row.went_dark) == (22, 4)
        assert (row.flagged, row.caught) == (flagged, caught), rule
        assert row.precision == pytest.approx(precision), rule
        assert row.recall == pytest.approx(recall), rule
        assert row.base_rate == pytest.approx(4 / 22)
        if lead is None:
            assert pd.isna(row.median_lead_days), rule
        else:
            assert row.median_lead_days == lead, rule
    assert _row(figures, "all", "early_warning").lift == pytest.approx((1 / 3) / (4 / 22))


def test_early_warning_by_quarter(figures):
    q1 = _row(figures, "quarter", "early_warning", quarter_end_on=Q1)
    assert (q1.active_partners, q1.went_dark, q1.flagged, q1.caught) == (7, 1, 2, 1)
    assert (q1.precision, q1.recall, q1.median_lead_days) == (0.5, 1, 183)
    q3 = _row(figures, "quarter", "early_warning", quarter_end_on=Q3)
    assert (q3.active_partners, q3.went_dark, q3.flagged, q3.caught) == (7, 3, 3, 2)
    assert q3.precision == pytest.approx(2 / 3) and q3.recall == pytest.approx(2 / 3)
    assert q3.median_lead_days == (182 + 274) / 2


def test_early_warning_by_tier(figures):
    silver = _row(figures, "tier", "early_warning", tier="Silver")
    assert (silver.active_partners, silver.went_dark, silver.flagged, silver.caught) == (3, 1, 2, 1)
    assert silver.median_lead_days == 274
    gold = _row(figures, "tier", "early_warning", tier="Gold")
    assert (gold.active_partners, gold.went_dark, gold.flagged, gold.caught) == (19, 3, 7, 2)


def test_filters_narrow_the_backtest(con):
    silver = sql.fetch_for(
        con, "early_warning_backtest", replace(FILTERS, tiers=("Silver",)), **DEFAULT
    )
    row = _row(silver, "all", "early_warning")
    assert (row.active_partners, row.went_dark, row.flagged, row.caught) == (3, 1, 2, 1)


@pytest.fixture(scope="module")
def tuning(con):
    return sql.fetch_for(con, "early_warning_tuning", FILTERS)


def test_thresholds_chosen_on_the_training_quarter(tuning):
    first = tuning.iloc[0]
    assert (first.training_quarters, first.unseen_quarters, first.backtest_quarters) == (1, 1, 3)
    assert backtest.can_tune(tuning)
    assert backtest.tuned_thresholds(tuning) == backtest.Thresholds(120, 4.0, 0.4)
    assert backtest.default_thresholds(tuning) == backtest.Thresholds(90, 3.0, 0.5)
    by_silence = tuning[(tuning.rule == "early_warning") & (tuning.gap_multiple == 3.0)]
    by_silence = by_silence[by_silence.revenue_share == 0.5].set_index("silent_days")
    assert by_silence.training_f1.to_dict() == pytest.approx({60: 1 / 2, 90: 2 / 3, 120: 1})


def test_tuned_thresholds_judged_on_the_unseen_quarter(tuning):
    tuned = tuning[(tuning.rule == "early_warning") & tuning.is_chosen].iloc[0]
    assert (tuned.unseen_flagged, tuned.unseen_caught, tuned.unseen_went_dark) == (3, 2, 3)
    judged = backtest.verdict(tuning)
    assert judged.tuned_f1 == pytest.approx(2 / 3)
    assert judged.baseline_f1 == 0
    assert judged.tuned_beats_baseline is True


def test_too_little_history(con):
    # On 2025-06-30 no quarter end has both a whole window behind it and a known outcome.
    early = sql.fetch_for(con, "early_warning_tuning", Filters(as_of=Q2, window_months=6))
    assert early.iloc[0].backtest_quarters == 0
    assert not backtest.can_tune(early)
    assert backtest.tuned_thresholds(early) == backtest.default_thresholds(early)
    # On 2025-12-31 two quarters, Q1 and Q2: the newer is unseen, none trains.
    two = sql.fetch_for(con, "early_warning_tuning", Filters(as_of=Q4, window_months=6))
    assert (two.iloc[0].backtest_quarters, two.iloc[0].training_quarters) == (2, 0)
    assert not backtest.can_tune(two)


def test_partners_flagged_now_with_the_hit_rate_of_their_rule(con):
    now = sql.fetch_for(con, "early_warning_flagged_now", FILTERS, **DEFAULT)
    assert list(now.partner_id) == ["G", "F"]
    g, f = now.iloc[0], now.iloc[1]
    assert g.flagged_by == "Silent 3× the usual gap"
    assert (g.hit_rate, g.went_dark_before, g.flagged_before) == (pytest.approx(2 / 3), 2, 3)
    assert g.warning_reason == "no registration for 150 days"
    assert f.flagged_by == "Revenue down to 50% or less"
    assert (f.hit_rate, f.went_dark_before, f.flagged_before) == (0.25, 1, 4)
    assert f.warning_reason == "revenue down 100% on the prior window"
    health = sql.fetch_for(con, "headline_kpis", FILTERS)
    assert health.iloc[0].early_warning_partners == len(now)


def test_the_rule_in_force_is_saved_like_a_scenario(tuning):
    assert backtest.rule_in_force(tuning) == ("default", backtest.Thresholds(90, 3.0, 0.5))
    backtest.save_rule("tuned", backtest.Thresholds(120, 4.0, 0.4))
    assert backtest.rule_in_force(tuning) == ("tuned", backtest.Thresholds(120, 4.0, 0.4))
    assert scenarios.names(backtest.SCENARIO_KIND) == [backtest.SCENARIO_NAME]
    scenarios.save(backtest.SCENARIO_KIND, backtest.SCENARIO_NAME, {"silent_days": "soon"})
    assert backtest.rule_in_force(tuning) == ("default", backtest.Thresholds(90, 3.0, 0.5))


def test_cli_prints_the_page_figures(program_dir, capsys):
    code = main(
        ["backtest", "--data", str(program_dir), "--as-of", "2026-03-31", "--window-months", "6"]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    rules = {r["rule"]: r for r in report["default"]["rules"]}
    assert (rules["early_warning"]["flagged"], rules["early_warning"]["caught"]) == (9, 3)
    assert rules["baseline"]["recall"] == 0
    assert rules["silent"]["median_lead_days"] is None
    assert report["tuning"]["tuned_beats_baseline"] is True
    assert report["tuned"]["thresholds"] == {
        "silent_days": 120,
        "gap_multiple": 4.0,
        "revenue_share": 0.4,
    }
    assert [p["partner_id"] for p in report["flagged_now"]] == ["G", "F"]
    assert report["rule_in_force"]["choice"] == "default"


def test_cli_flags_and_their_errors(program_dir, capsys):
    code = main(
        [
            "backtest",
            "--data",
            str(program_dir),
            "--as-of",
            "2026-03-31",
            "--window-months",
            "6",
            "--tier",
            "silver",
            "--rule",
            "tuned",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    rules = {r["rule"]: r for r in report["default"]["rules"]}
    assert (rules["early_warning"]["active_partners"], rules["early_warning"]["caught"]) == (3, 1)
    assert report["rule_in_force"]["choice"] == "tuned"
    assert main(["backtest", "--data", str(program_dir), "--tier", "Platinum"]) == 2
    assert "--tier 'Platinum' matches nothing" in capsys.readouterr().err


def test_report_on_an_empty_selection_has_no_figures(con):
    report = backtest_report(con, replace(FILTERS, cams=("nobody",)))
    assert report["default"]["rules"] == []
    assert report["flagged_now"] == []
    assert report["tuning"]["can_tune"] is False
