"""Shared fixtures: tiny hand-made channel programs written as canonical CSV folders."""

from __future__ import annotations

import csv
import shutil
from functools import cache
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner

from components.charts import draw
from queries.contract import TABLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"

# Every new AppTest scans the metadata of every installed package for Streamlit components
# (a second or more per AppTest on a busy machine); the packages do not change during a run.
manifest_scanner.scan_component_manifests = cache(manifest_scanner.scan_component_manifests)

# Every chart a test draws is checked against the Vega-Lite schema (pages skip the check).
draw.VALIDATE = True


# Order of the modules: the sweep (the longest, all in-process work), then the browser tests
# (mostly waiting on a server and Chromium), then the rest. scripts/test.sh hands whole modules
# to two pytest-xdist workers in this order (--no-loadscope-reorder): one worker takes the sweep
# while the other works through the browser tests beside it, instead of those running last.
def _module_rank(item: pytest.Item) -> int:
    path = item.path.relative_to(ROOT).as_posix()
    if path == "tests/test_sweep.py":
        return 0
    return 1 if path.startswith("tests/browser/") else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_module_rank)  # stable: each module keeps its tests together and in order


def write_program(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """Write each table as `<name>.csv` with the contract's columns (missing values blank)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = TABLES[name].column_names
        extra = [k for row in rows for k in row if k not in columns]
        with (folder / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns + sorted(set(extra)))
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
    return folder


def partner(pid: str, enrolled_on: str, tier: str = "Gold", **extra: str) -> dict:
    row = {
        "partner_id": pid,
        "partner_name": f"Partner {pid}",
        "tier": tier,
        "enrolled_on": enrolled_on,
        "region": "EMEA",
        "partner_type": "Reseller",
        "cam_id": "C1",
    }
    row.update(extra)
    return row


def deal(
    did: str,
    pid: str,
    registered_on: str,
    status: str,
    amount: float,
    closed_on: str = "",
    **extra: str,
) -> dict:
    row = {
        "deal_id": did,
        "partner_id": pid,
        "registered_on": registered_on,
        "status": status,
        "amount": amount,
        "closed_on": closed_on,
    }
    row.update(extra)
    return row


# The hand-made program most tests use; expected values are worked out in test_kpis.py.
AS_OF = "2026-06-30"


def small_program() -> dict[str, list[dict]]:
    return {
        "partners": [
            partner("P1", "2024-01-01"),
            partner("P2", "2024-01-01"),
            partner("P3", "2024-01-01", tier="Silver"),
            partner("P4", "2024-01-01", tier="Silver", region="APAC", cam_id="C2"),
            partner("P5", "2026-06-29", tier="Registered"),  # enrolled yesterday
            partner("P6", "2024-01-01", terminated_on="2026-03-01"),  # left before as_of
            partner("P7", "2024-01-01", tier="Silver", terminated_on="2026-07-15"),  # leaves later
            partner("P8", "2026-07-01", tier="Silver"),  # not yet enrolled
            partner("P9", "2026-06-30", tier="Premier"),  # enrolled on as_of, already selling
            partner(
                "P10", "2024-01-01", tier="Silver", terminated_on="2026-06-30"
            ),  # left on as_of
        ],
        "cams": [
            {"cam_id": "C1", "cam_name": "Ana Diaz", "region": "EMEA", "annual_cost": 150000},
            {"cam_id": "C2", "cam_name": "Ben Ito", "region": "APAC", "annual_cost": 140000},
        ],
        "deal_registrations": [
            deal("D1", "P1", "2026-05-01", "won", 1000, "2026-06-30"),  # closes on as_of
            deal("D2", "P6", "2025-11-01", "won", 500, "2025-12-15"),  # terminated partner's
            deal("D3", "P2", "2025-04-01", "won", 2000, "2025-06-30"),  # on the window's edge
            deal("D4", "P2", "2026-01-15", "lost", 300, "2026-01-20"),
            deal("D5", "P4", "2025-07-01", "won", 700, "2025-07-01"),  # first day in window
            deal("D6", "P1", "2026-03-01", "approved", 5000),
            deal("D7", "P3", "2025-06-30", "rejected", 100),  # registered on the edge: outside
            deal("D8", "P9", "2026-06-30", "submitted", 50),
            deal("D9", "P6", "2026-02-01", "submitted", 80),
        ],
        "mdf_allocations": [
            {"partner_id": "P1", "period": "2026-Q1", "allocated_amount": 1000},
            {"partner_id": "P2", "period": "Q2 2026", "allocated_amount": 1000},
            {"partner_id": "P1", "period": "2025-04-15", "allocated_amount": 5000},
        ],
        "mdf_claims": [
            {
                "claim_id": "M1",
                "partner_id": "P1",
                "period": "2026Q1",
                "status": "paid",
                "requested_amount": 700,
                "approved_amount": 600,
                "claimed_amount": 600,
                "paid_amount": 600,
            },
            {
                "claim_id": "M2",
                "partner_id": "P2",
                "period": "2026-Q2",
                "status": "approved",
                "requested_amount": 800,
                "approved_amount": 800,
            },
            {
                "claim_id": "M3",
                "partner_id": "P2",
                "period": "2026-Q2",
                "status": "rejected",
                "requested_amount": 400,
                "claimed_amount": 400,
            },
            {
                "claim_id": "M4",
                "partner_id": "P1",
                "period": "2025-Q2",
                "status": "paid",
                "requested_amount": 5000,
                "approved_amount": 5000,
                "claimed_amount": 5000,
                "paid_amount": 5000,
            },
        ],
        "forecasts": [
            {
                "partner_id": "P1",
                "period": "2026-Q2",
                "forecast_amount": 800,
                "submitted_on": "2026-03-20",
            },
            {
                "partner_id": "P1",
                "period": "2026-Q2",
                "forecast_amount": 900,
                "submitted_on": "2026-03-28",
            },
            {
                "partner_id": "P1",
                "period": "2026-Q2",
                "forecast_amount": 950,
                "submitted_on": "2026-04-01",
            },
            {
                "partner_id": "P1",
                "period": "2026-Q2",
                "forecast_amount": 2000,
                "submitted_on": "2026-04-10",
            },
            {
                "partner_id": "P4",
                "period": "2026-Q2",
                "forecast_amount": 100,
                "submitted_on": "2026-03-01",
            },
            {
                "partner_id": "P1",
                "period": "2026-Q1",
                "forecast_amount": 300,
                "submitted_on": "2025-12-20",
            },
        ],
        "program_tiers": [
            {"tier": "Registered", "rank": 1, "target_share": 0.4},
            {"tier": "Silver", "rank": 2, "target_share": 0.3},
            {"tier": "Gold", "rank": 3, "target_share": 0.2},
            {"tier": "Premier", "rank": 4, "target_share": 0.1},
        ],
    }


@pytest.fixture
def small_program_dir(tmp_path: Path) -> Path:
    return write_program(tmp_path / "program", small_program())


def loaded_file(folder: Path) -> Path:
    """The program in `folder` loaded once into a DuckDB file beside it (what load_folder builds
    in memory, written to disk)."""
    from queries.loader import load_folder

    db = folder.with_suffix(".duckdb")
    load_folder(folder, db).close()
    return db


def copy_of_loaded(db: Path, where: Path) -> duckdb.DuckDBPyConnection:
    """A connection to a copy of a loaded file: a test's queries write their partner snapshots
    into its own copy, so no test reads what another one computed (the snapshot cache is bounded
    and a query for an unprepared date must not find it filled), at the cost of a file copy
    instead of a load."""
    where.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(shutil.copy(db, where / db.name)))


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches(request, monkeypatch, tmp_path):
    # A module marked shared_caches reads only data that never changes, through cached
    # functions keyed by the data source and the filters: it clears once, when it starts.
    if request.node.get_closest_marker("shared_caches") is None:
        st.cache_data.clear()
    # Loads and saved state go to files of the test's own, never to the project's .state/.
    monkeypatch.setenv("CHANNEL_WORKING_DB", str(tmp_path / "working.duckdb"))
    monkeypatch.setenv("CHANNEL_STATE_DB", str(tmp_path / "state.duckdb"))
    # The built-in sample is the source unless a test names another.
    monkeypatch.delenv("CHANNEL_DB", raising=False)
    monkeypatch.delenv("CHANNEL_DATA", raising=False)
    yield


@pytest.fixture(scope="module", autouse=True)
def _caches_of_this_module(request):
    if request.node.get_closest_marker("shared_caches") is not None:
        st.cache_data.clear()


@pytest.fixture(scope="session")
def sample_con():
    """The sample program loaded once, to compute what the pages should show."""
    from queries.loader import load_folder

    return load_folder(SAMPLE_DIR)


def metric(at, label: str) -> str:
    """The value of the AppTest metric with this label."""
    return next(m.value for m in at.metric if m.label == label)
