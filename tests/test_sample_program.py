"""The built-in sample looks like a real mid-size channel program (issue 2's ranges)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from queries import sql
from queries.cli import headline_kpis
from queries.contract import TABLES
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import ROOT, SAMPLE_DIR


@pytest.fixture(scope="module")
def con():
    con = load_folder(SAMPLE_DIR)
    sql.prepare_snapshots(con, date(2026, 9, 30), 12, 90)
    return con


@pytest.fixture(scope="module")
def kpis(con):
    return headline_kpis(con, Filters())


def test_every_canonical_table_is_committed_and_small():
    files = [SAMPLE_DIR / f"{name}.csv" for name in TABLES]
    assert all(f.exists() for f in files)
    assert sum(f.stat().st_size for f in files) < 10 * 1024 * 1024


def test_generator_is_deterministic(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "sample_data" / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in TABLES:
        assert filecmp.cmp(tmp_path / f"{name}.csv", SAMPLE_DIR / f"{name}.csv", shallow=False), (
            name
        )


def test_shape_of_the_program(con):
    partners = con.execute("select * from stg_partners").df()
    assert 750 <= len(partners) <= 850
    assert partners.tier.nunique() == 4
    assert partners.partner_type.nunique() >= 6
    assert 4 <= partners.region.nunique() <= 5
    assert 25 <= partners.country.nunique() <= 35
    assert partners[partners.country == "US"].state.nunique() >= 30
    assert partners.latitude.notna().all() and partners.longitude.notna().all()
    assert partners.terminated_on.notna().sum() >= 20
    cams = con.execute("select count(*) from stg_cams").fetchone()[0]
    assert 20 <= cams <= 30
    extent = con.execute("select * from data_extent").df().iloc[0]
    assert extent.default_as_of.date() == date(2026, 9, 30)
    assert (extent.default_as_of - extent.first_activity_on).days >= 3 * 365 - 30


def test_headline_kpis_in_realistic_ranges(kpis):
    assert 0.30 <= kpis["dark_partner_rate"] <= 0.40
    assert 0.55 <= kpis["mdf_utilization"] <= 0.65
    assert 0.25 <= kpis["win_rate"] <= 0.60


def test_revenue_is_heavy_tailed(con):
    row = (
        con.execute(
            "select * from revenue_concentration(date '2026-09-30', 12, 90, [], [], [], [])"
        )
        .df()
        .iloc[0]
    )
    assert 0.75 <= row.top20pct_share <= 0.85


def test_dark_rate_differs_by_tier_and_region(con):
    for dimension in ("tier", "region"):
        rates = con.execute(
            "select segment, dark_partner_rate from partner_status_rollup("
            "date '2026-09-30', date '2026-09-30', 12, 90, [], [], [], [], $d)",
            {"d": dimension},
        ).df()
        assert rates.dark_partner_rate.max() - rates.dark_partner_rate.min() >= 0.08, dimension


def test_enrollment_cohorts_activate_differently(con):
    cohorts = con.execute(
        """
        select date_trunc('quarter', p.enrolled_on) as cohort,
               avg(case when f.first_on <= p.enrolled_on + 90 then 1 else 0 end) as activation
        from stg_partners p
        left join (select partner_id, min(registered_on) as first_on
                   from stg_deal_registrations group by 1) f using (partner_id)
        where p.enrolled_on <= date '2026-06-30'
        group by 1 having count(*) >= 20
        """
    ).df()
    assert cohorts.activation.max() - cohorts.activation.min() >= 0.15


def test_cams_forecast_with_their_own_bias(con):
    bias = con.execute(
        """
        select p.cam_id, forecast_bias(sum(f.forecast_amount), sum(f.actual_amount)) as bias
        from forecast_vs_actual(0) f join stg_partners p using (partner_id)
        where f.forecast_amount is not null
        group by 1 having sum(f.actual_amount) > 0
        """
    ).df()
    assert (bias.bias < -0.05).any(), "no CAM sandbags"
    assert (bias.bias > 0.10).any(), "no CAM over-commits"


def test_mdf_claims_bunch_late_in_the_quarter(con):
    late = con.execute(
        "select avg(case when requested_on > quarter_end(quarter_start) - 14 then 1 else 0 end) "
        "from stg_mdf_claims"
    ).fetchone()[0]
    assert late >= 0.25  # two weeks are 15% of a quarter


def test_market_potential_leaves_coverage_gaps(con):
    gaps = con.execute(
        """
        with demand as (
            select geo_code, potential / sum(potential) over () as demand_share
            from stg_market_potential where geo_level = 'state'
        ),
        coverage as (
            select state as geo_code, count(*) / sum(count(*)) over () as coverage_share
            from partner_status(date '2026-09-30', 12, 90)
            where is_active and country = 'US' group by 1
        )
        select geo_code, demand_share - coalesce(coverage_share, 0) as gap
        from demand left join coverage using (geo_code)
        """
    ).df()
    assert (gaps.gap > 0.02).sum() >= 2


def test_dates_are_iso_in_the_files():
    regs = pd.read_csv(SAMPLE_DIR / "deal_registrations.csv", nrows=50)
    assert regs.registered_on.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
