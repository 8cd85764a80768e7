"""Pages opened in Chromium while `python -m queries load` writes the file the app shows."""

from __future__ import annotations

import subprocess
import sys

import pytest

from queries import cli
from tests.browser.conftest import Server
from tests.conftest import ROOT, small_program, write_program

pytestmark = pytest.mark.browser

GENERATOR = ROOT / "sample_data" / "generate.py"


def shown(page, label: str) -> str:
    tile = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    tile.wait_for(timeout=60_000)
    return tile.locator("[data-testid=stMetricValue]").inner_text().strip()


def test_every_page_view_during_a_load_shows_one_whole_version(browser, tmp_path):
    larger = tmp_path / "larger"
    size = ("--partners", "1000", "--registrations", "40000", "--seed", "3")
    subprocess.run(
        [sys.executable, str(GENERATOR), *size, "--out", str(larger)],
        check=True,
        capture_output=True,
    )
    rows = sum(1 for _ in (larger / "deal_registrations.csv").open()) - 1
    db = tmp_path / "channel.duckdb"
    program = write_program(tmp_path / "small", small_program())
    assert cli.main(["load", "--data", str(program), "--db", str(db)]) == 0
    server = Server(env={"CHANNEL_DB": str(db)})
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/data")
        assert shown(page, "Deal registrations") == "9"
        replace = ("--mode", "replace", "--yes")
        load = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "queries",
                "load",
                "--data",
                str(larger),
                "--db",
                str(db),
                *replace,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        views, errors = [], 0
        while load.poll() is None:
            for path, label in (("/data", "Deal registrations"), ("/", "Enrolled partners")):
                page.goto(server.url + path)
                value = shown(page, label)
                errors += page.locator("[data-testid=stException]").count()
                if label == "Deal registrations":
                    views.append(value)
        assert load.returncode == 0, load.stderr.read()
        page.goto(f"{server.url}/data")
        assert shown(page, "Deal registrations") == f"{rows:,}"
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()
        server.stop()
    assert errors == 0
    assert views and set(views) <= {"9", f"{rows:,}"}
    print(f"{2 * len(views)} page views during the load, {errors} errors", file=sys.stderr)
