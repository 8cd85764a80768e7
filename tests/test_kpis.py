"""Headline KPIs against values worked out by hand from the rows in conftest.small_program.

As of 2026-06-30, window 12 months → (2025-06-30, 2026-06-30], grace 90 days → onboarding if
enrolled after 2026-04-01.
  enrolled: P1 P2 P3 P4 P5 P7 P9 = 7 (P6 and P10 left on or before as_of, P8 joins later)
  onboarding: P5 (yesterday), P9 (today) = 2
  active: P1 (05-01), P2 (01-15), P4 (2025-07-01), P9 (06-30) = 4; P3's only registration is on
          2025-06-30, the excluded edge of the window
  dark: P3, P7 = 2 → dark-partner rate 2 ÷ (7 − 2) = 0.4; active rate 4 ÷ 7
  at risk: P2 and P4 (last registration on or before 2026-04-01) = 2
  revenue: D1 1000 (closes on as_of) + D2 500 (terminated P6) + D5 700 = 2200; D3 (2000) closed
           on the window's edge and falls in the prior window
  win rate: 3 won ÷ (3 won + 1 lost) = 0.75
  MDF: quarters starting in the window are 2025-Q3..2026-Q2: allocated 1000 + 1000, claimed 600
       (M3 was rejected, M4 is in 2025-Q2) → 0.3
  forecast: last complete quarter 2026-Q2, cut-off 2026-04-01: P1's latest is 950 (the 2000 came
            after), P4 100 → F 1050 against A 1000 → accuracy 0.95, bias +0.05
"""

from __future__ import annotations

from datetime import date

import pytest

from queries import sql
from queries.cli import headline_kpis
from queries.filters import Filters
from tests.conftest import copy_of_loaded, loaded_file, small_program, write_program

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def small_program_db(tmp_path_factory):
    return loaded_file(write_program(tmp_path_factory.mktemp("kpis") / "small", small_program()))


@pytest.fixture
def con(small_program_db, tmp_path):
    con = copy_of_loaded(small_program_db, tmp_path)
    # The marts read partners on a date from the snapshot cache that sql.fetch fills; direct
    # macro calls below need it filled first.
    sql.prepare_snapshots(con, AS_OF, 12, 90)
    yield con
    con.close()


def kpis(con, **filters):
    return headline_kpis(con, Filters(as_of=filters.pop("as_of", AS_OF), **filters))


def test_partner_status_counts(con):
    result = kpis(con)
    assert result["enrolled_partners"] == 7
    assert result["onboarding_partners"] == 2
    assert result["active_partners"] == 4
    assert result["dark_partners"] == 2
    assert result["silent_90d_partners"] == 2
    assert result["dark_partner_rate"] == pytest.approx(0.4)
    assert result["active_partner_rate"] == pytest.approx(4 / 7)


def test_partner_status_labels(con):
    rows = con.execute(
        "select partner_id, partner_status from partner_status($as_of, 12, 90) order by 1",
        {"as_of": AS_OF},
    ).fetchall()
    assert dict(rows) == {
        "P1": "active",
        "P2": "silent 90+ days",
        "P3": "dark",
        "P4": "silent 90+ days",
        "P5": "onboarding",
        "P6": "terminated",
        "P7": "dark",
        "P8": "not yet enrolled",
        "P9": "active",
        "P10": "terminated",
    }


def test_revenue_and_win_rate(con):
    result = kpis(con)
    assert result["partner_revenue"] == 2200
    assert result["win_rate"] == pytest.approx(0.75)


def test_prior_window_revenue(con):
    prior = con.execute(
        "select prior_partner_revenue from headline_kpis($as_of, 12, 90, 0, [], [], [], [])",
        {"as_of": AS_OF},
    ).fetchone()[0]
    assert prior == 2000


def test_mdf_utilization_over_window_quarters(con):
    result = kpis(con)
    assert result["mdf_allocated"] == 2000
    assert result["mdf_claimed"] == 600
    assert result["mdf_utilization"] == pytest.approx(0.3)


def test_forecast_uses_latest_submission_by_cutoff(con):
    result = kpis(con)
    assert result["forecast_quarter"] == "2026-04-01"
    assert result["forecast_amount"] == 1050
    assert result["actual_amount"] == 1000
    assert result["forecast_accuracy"] == pytest.approx(0.95)
    assert result["forecast_bias"] == pytest.approx(0.05)


def test_forecast_lead_moves_the_cutoff(con):
    # Cut-off 2026-04-11 takes P1's 2000: F 2100 against A 1000, accuracy floors at 0.
    result = kpis(con, forecast_lead_days=10)
    assert result["forecast_amount"] == 2100
    assert result["forecast_accuracy"] == 0
    assert result["forecast_bias"] == pytest.approx(1.1)


def test_forecast_quarter_without_actuals_is_no_data(con):
    # On 2026-03-31 the last complete quarter is 2026-Q1: P1 forecast 300, nothing won.
    result = kpis(con, as_of=date(2026, 3, 31))
    assert result["forecast_quarter"] == "2026-01-01"
    assert result["forecast_amount"] == 300
    assert result["forecast_accuracy"] is None
    assert result["forecast_bias"] is None


def test_tier_filter_narrows_every_kpi(con):
    result = kpis(con, tiers=("Gold",))
    # Gold: P1, P2 enrolled and active; P6 left but its 500 still counts as window revenue.
    assert result["enrolled_partners"] == 2
    assert result["active_partners"] == 2
    assert result["dark_partner_rate"] == 0
    assert result["partner_revenue"] == 1500
    assert result["win_rate"] == pytest.approx(2 / 3)
    assert result["mdf_utilization"] == pytest.approx(0.3)


def test_region_and_cam_filters(con):
    assert kpis(con, regions=("APAC",))["enrolled_partners"] == 1
    assert kpis(con, cams=("C2",))["partner_revenue"] == 700
    assert kpis(con, cams=("C1",), regions=("APAC",))["enrolled_partners"] == 0


def test_filter_matching_nothing_gives_zeros_and_no_data(con):
    result = kpis(con, tiers=("Diamond",))
    assert result["enrolled_partners"] == 0
    assert result["dark_partner_rate"] is None
    assert result["active_partner_rate"] is None
    assert result["partner_revenue"] == 0
    assert result["win_rate"] is None
    assert result["mdf_utilization"] is None
    assert result["forecast_accuracy"] is None


def test_all_onboarding_is_a_zero_denominator(con):
    # Registered holds only P5, enrolled yesterday: no established partner to be dark.
    result = kpis(con, tiers=("Registered",))
    assert result["enrolled_partners"] == 1
    assert result["onboarding_partners"] == 1
    assert result["dark_partner_rate"] is None
    assert result["active_partner_rate"] == 0


def test_window_boundary_uses_calendar_months(con):
    # 2020-05-31 − 12 months is 2019-05-31; a leap day steps back to 28 February.
    assert con.execute("select window_start(date '2020-05-31', 12)").fetchone()[0] == date(
        2019, 5, 31
    )
    assert con.execute("select window_start(date '2024-02-29', 12)").fetchone()[0] == date(
        2023, 2, 28
    )


def test_shorter_window_and_grace(con):
    # 3-month window (2026-03-30, 2026-06-30]: active P1, P9; grace 0: nobody onboarding.
    result = kpis(con, window_months=3, grace_days=0)
    assert result["active_partners"] == 2
    assert result["onboarding_partners"] == 0
    assert result["dark_partners"] == 5
    assert result["dark_partner_rate"] == pytest.approx(5 / 7)


def test_quarterly_history_matches_point_in_time(con):
    history = con.execute(
        "select snapshot_on, enrolled_partners, dark_partners from partner_status_rollup("
        "date '2025-10-01', $as_of, 12, 90, [], [], [], [], 'all') order by 1",
        {"as_of": AS_OF},
    ).fetchall()
    assert [row[0] for row in history] == [date(2025, 12, 31), date(2026, 3, 31), AS_OF]
    on_march_31 = kpis(con, as_of=date(2026, 3, 31))
    assert history[1][1:] == (on_march_31["enrolled_partners"], on_march_31["dark_partners"])


def test_revenue_concentration(con):
    row = (
        con.execute(
            "select * from revenue_concentration($as_of, 12, 90, [], [], [], [])", {"as_of": AS_OF}
        )
        .df()
        .iloc[0]
    )
    # Population: the 7 enrolled partners (zeros included) plus P6, which left after selling.
    assert row.partners == 8
    assert row.top5_share == pytest.approx(1.0)
    assert row.top20pct_share == pytest.approx(1700 / 2200)
    assert row.hhi == pytest.approx((1000**2 + 700**2 + 500**2) / 2200**2 * 10_000)
    assert row.gini == pytest.approx(2 * (6 * 500 + 7 * 700 + 8 * 1000) / (8 * 2200) - 9 / 8)


def test_lorenz_curve_runs_from_zero_to_one(con):
    curve = con.execute(
        "select * from revenue_lorenz($as_of, 12, 90, [], [], [], [])", {"as_of": AS_OF}
    ).df()
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
    assert curve.revenue_share.is_monotonic_increasing


def test_tier_mix_against_target(con):
    mix = con.execute(
        "select tier, enrolled_partners, partner_share, target_share "
        "from tier_mix($as_of, 12, 90, [], [], [], [])",
        {"as_of": AS_OF},
    ).fetchall()
    assert mix == [
        ("Registered", 1, pytest.approx(1 / 7), 0.4),
        ("Silver", 3, pytest.approx(3 / 7), 0.3),
        ("Gold", 2, pytest.approx(2 / 7), 0.2),
        ("Premier", 1, pytest.approx(1 / 7), 0.1),
    ]


def test_maturity_level(con):
    criteria = con.execute(
        "select maturity_level, metric, is_met from maturity_criteria("
        "$as_of, 12, 90, 0, [], [], [], []) order by 1, 2",
        {"as_of": AS_OF},
    ).fetchall()
    # Dark 40% (< 50% met, < 20% not), MDF 30% (neither), forecast 95% (met). No incentive
    # programs, and no registration carries an origin or a claim id: not measurable (None).
    assert criteria == [
        (2, "dark_partner_rate", True),
        (3, "mdf_utilization", False),
        (4, "attributed_registration_share", None),
        (4, "dark_partner_rate", False),
        (4, "forecast_accuracy", True),
        (4, "incentives_measured_share", None),
        (4, "mdf_utilization", False),
    ]
    level = con.execute(
        "select * from maturity_level($as_of, 12, 90, 0, [], [], [], [])", {"as_of": AS_OF}
    ).fetchone()[0]
    assert level == 2


def test_default_as_of_is_latest_registration_or_close(con):
    result = headline_kpis(con, Filters())
    assert result["as_of"] == "2026-06-30"


def test_period_spellings_become_quarter_starts(con):
    values = con.execute(
        "select parse_quarter(x) from (values ('2026-Q1'), ('2026Q1'), ('Q1 2026'), "
        "('q1-2026'), ('2026-02-17'), ('2026 Q1'), ('nonsense')) t(x)"
    ).fetchall()
    assert [v[0] for v in values] == [date(2026, 1, 1)] * 6 + [None]
