"""One CAM's numbers are the same on every page and in `kpis --cam NAME`."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from components import format
from queries.cli import main
from tests.conftest import SAMPLE_DIR
from tests.sweep import run_page

CAM_ID = "CAM-003"


@pytest.fixture(scope="module")
def cam_kpis() -> dict:
    name = pd.read_csv(SAMPLE_DIR / "cams.csv").set_index("cam_id").loc[CAM_ID, "cam_name"]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["kpis", "--data", str(SAMPLE_DIR), "--cam", name]) == 0
    return json.loads(out.getvalue())


def tiles(page: str) -> dict[str, str]:
    at = run_page(page, {"cam": [CAM_ID]})
    assert not at.exception
    return {m.label: m.value for m in at.metric} | {"_text": " ".join(m.value for m in at.markdown)}


def test_portfolio_health_agrees_with_kpis(cam_kpis):
    shown = tiles("pages/overview/portfolio_health.py")
    assert shown["Enrolled partners"] == format.count(cam_kpis["enrolled_partners"])
    assert shown["Dark-partner rate"] == format.pct(cam_kpis["dark_partner_rate"])
    assert shown["Partner revenue"] == format.money(cam_kpis["partner_revenue"])
    assert shown["MDF utilization"] == format.pct(cam_kpis["mdf_utilization"])


def test_dark_partners_page_agrees_with_kpis(cam_kpis):
    shown = tiles("pages/overview/dark_partners.py")
    assert shown["Dark partners"] == format.count(cam_kpis["dark_partners"])
    assert shown["Early warning"] == format.count(cam_kpis["early_warning_partners"])
    assert shown["Median days to first deal"] == format.days(cam_kpis["median_days_to_first_deal"])
    assert f"{cam_kpis['silent_90d_partners']} of them silent 90+ days" in shown["_text"]


def test_cam_portfolio_agrees_with_kpis(cam_kpis):
    shown = tiles("pages/partner/cam_portfolio.py")
    assert shown["Enrolled partners"] == format.count(cam_kpis["enrolled_partners"])
    assert shown["Dark-partner rate"] == format.pct(cam_kpis["dark_partner_rate"])
    assert shown["Early warning"] == format.count(cam_kpis["early_warning_partners"])
    assert shown["MDF utilization"] == format.pct(cam_kpis["mdf_utilization"])
    expiring = format.plural(cam_kpis["certifications_expiring_90d"], "certification")
    assert f"{expiring} expiring within 90 days" in shown["_text"]


def test_enablement_agrees_with_kpis(cam_kpis):
    shown = tiles("pages/partner/enablement.py")
    assert shown["Certified partner rate"] == format.pct(cam_kpis["certified_partner_rate"])
    listed = re.search(r"(\d[\d,]*) certifications? expiring in the next 90 days", shown["_text"])
    assert (
        listed and int(listed.group(1).replace(",", "")) == cam_kpis["certifications_expiring_90d"]
    )
