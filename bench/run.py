"""Benchmark the dashboard at three scales and against a straightforward pandas baseline.

    .venv/bin/python bench/run.py                 # S and M (a few minutes)
    .venv/bin/python bench/run.py --scales S M L  # adds L: 100,000 partners, 10M registrations

For each scale it generates the sample program, then measures (medians of repeated runs):
loading the CSV folder into DuckDB; each page's server-side script time, cold (empty caches)
and warm; a global filter change on each page; a what-if slider move; and, in the same run, the
headline KPIs computed by DuckDB against the same KPIs computed by a plain pandas script (the
baseline a user would otherwise write, tests/reference_kpis.py). Results go to
bench/results.json and bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from components import qbr_pack, story  # noqa: E402
from queries import db, sql  # noqa: E402
from queries.cli import headline_kpis  # noqa: E402
from queries.filters import Filters  # noqa: E402
from queries.loader import load_folder  # noqa: E402
from tests.reference_kpis import reference_kpis  # noqa: E402

SCALES = {"S": (1_000, 100_000), "M": (10_000, 1_000_000), "L": (100_000, 10_000_000)}
PAGES = {
    "Portfolio health": "pages/overview/portfolio_health.py",
    "Dark partners": "pages/overview/dark_partners.py",
    "MDF": "pages/pipeline/mdf.py",
    "Pipeline & forecast": "pages/pipeline/forecast.py",
    "Coverage gaps": "pages/planning/coverage.py",
    "What-if: discounts": "pages/planning/whatif_discounts.py",
    "What-if: coverage": "pages/planning/whatif_coverage.py",
    "CAM portfolio": "pages/partner/cam_portfolio.py",
}
TARGETS = {"M": {"warm": 1.0, "filter": 0.5, "slider": 0.2, "load": 10.0}, "L": {"warm": 2.0}}


def timed(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generate(scale: str, out: Path) -> Path:
    partners, registrations = SCALES[scale]
    folder = out / scale
    if not (folder / "deal_registrations.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "sample_data" / "generate.py"),
                "--partners",
                str(partners),
                "--registrations",
                str(registrations),
                "--out",
                str(folder),
            ],
            check=True,
            capture_output=True,
        )
    return folder


def empty_caches(source: str) -> None:
    """Cold: no cached results, partner snapshots or backtest history (the loaded data stays)."""
    st.cache_data.clear()
    db.connection(source).execute("delete from partner_snapshots")
    db.connection(source).execute("delete from early_warning_snapshots")


def run_page(page: str, **widgets) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=300)
    at.run()
    for key, value in widgets.items():
        at.session_state[key] = value
    if widgets:
        at.run()
    assert not at.exception, at.exception
    return at


def page_times(source: str, repeat: int) -> dict[str, dict[str, float]]:
    results = {}
    for name, page in PAGES.items():

        def cold(page=page):
            empty_caches(source)
            run_page(page)

        cold_time = timed(cold, max(1, repeat // 2))
        run_page(page)
        warm_time = timed(lambda page=page: run_page(page), repeat)
        # A filter change: the same page with a tier chosen in the global filters; its first
        # run after the change pays for the new queries (the snapshot for the date is cached).
        tiers = iter(["Gold", "Silver", "Premier", "Registered"] * repeat)

        def filtered(page=page, tiers=tiers):
            at = AppTest.from_file(str(ROOT / page), default_timeout=300)
            at.session_state["tier"] = [next(tiers)]
            at.run()

        st.cache_data.clear()
        run_page(page)
        filter_time = timed(filtered, min(repeat, 4))
        results[name] = {"cold": cold_time, "warm": warm_time, "filter": filter_time}
        print(f"  {name}: cold {cold_time:.3f}s warm {warm_time:.3f}s filter {filter_time:.3f}s")
    return results


def slider_time(repeat: int) -> float:
    at = AppTest.from_file(str(ROOT / PAGES["What-if: discounts"]), default_timeout=300).run()
    values = iter([22, 27, 23, 28, 24, 29, 21, 26] * repeat)

    def move():
        at.slider(key="d_gold").set_value(next(values)).run()

    move()
    return timed(move, repeat)


# Each control a leader drags on the CAM coverage page, and the values it is dragged to.
COVERAGE_MOVES = {
    "p_dedicated": [6, 10, 7, 12],
    "p_named": [20, 30, 22, 35],
    "p_scaled": [60, 100, 70, 120],
    "cost": [140_000, 180_000, 150_000, 200_000],
    "cap": [10, 20, 15, 5],
}


def coverage_slider_times(repeat: int) -> dict[str, float]:
    """Each CAM coverage slider moved on its own: the page's rerun, median of `repeat` moves."""
    at = AppTest.from_file(str(ROOT / PAGES["What-if: coverage"]), default_timeout=300).run()
    times = {}
    for key, values in COVERAGE_MOVES.items():
        positions = iter(values * repeat)

        def move(key=key, positions=positions):
            at.slider(key=key).set_value(next(positions)).run()
            assert not at.exception, at.exception

        move()
        times[key] = timed(move, repeat)
    return times


def kpi_comparison(folder: Path, repeat: int) -> dict[str, float]:
    con = load_folder(folder)
    ours = timed(lambda: headline_kpis(con, Filters()), 1)  # includes the snapshot build
    filtered = timed(lambda: headline_kpis(con, Filters(tiers=("Gold",))), repeat)
    baseline = timed(lambda: reference_kpis(folder), max(1, repeat // 2))
    baseline_filtered = timed(lambda: reference_kpis(folder, tiers=("Gold",)), max(1, repeat // 2))
    return {
        "duckdb_first": ours,
        "duckdb_filter_change": filtered,
        "pandas": baseline,
        "pandas_filter_change": baseline_filtered,
    }


def pack_time(source: str, repeat: int) -> float:
    """Export the QBR pack of the largest partner (queries cached, workbook built each time)."""
    con = db.connection(source)
    filters = sql.resolve(con, Filters())
    top = sql.fetch_for(con, "top_partners_by_revenue", filters)
    partner_id = (
        sql.fetch(con, "partner_options")
        .set_index("label")
        .loc[top.partner_name.iloc[0], "partner_id"]
    )

    def export() -> None:
        profile = sql.fetch_for(con, "partner_profile", filters, partner_id=partner_id).iloc[0]
        card = sql.fetch_for(con, "partner_scorecard", filters, partner_id=partner_id)
        quarters = sql.fetch_for(con, "partner_quarters", filters, partner_id=partner_id)
        deals = sql.fetch_for(con, "partner_open_deals", filters, partner_id=partner_id)
        median = card.set_index("row_kind").loc["tier median"]
        qbr_pack.partner_pack(
            profile, card, quarters, deals, story.partner_story(profile, median, 12), filters.as_of
        )

    return timed(export, repeat)


def bench_scale(scale: str, out: Path, repeat: int) -> dict:
    print(f"{scale}: generating {SCALES[scale][0]:,} partners, {SCALES[scale][1]:,} registrations")
    folder = generate(scale, out)
    load_time = timed(lambda: load_folder(folder).close(), max(1, repeat // 3))
    print(f"  load {load_time:.2f}s")
    os.environ["CHANNEL_DATA"] = str(folder)
    os.environ.pop("CHANNEL_DB", None)
    os.environ["CHANNEL_STATE_DB"] = str(out / "scenarios.duckdb")
    st.cache_resource.clear()
    st.cache_data.clear()
    source = db.data_source()
    db.connection(source)
    pages = page_times(source, repeat)
    slider = slider_time(repeat)
    print(f"  slider {slider:.3f}s")
    coverage = coverage_slider_times(repeat)
    print("  coverage sliders " + ", ".join(f"{k} {t * 1000:.0f} ms" for k, t in coverage.items()))
    pack = pack_time(source, repeat)
    print(f"  QBR pack {pack:.3f}s")
    kpis = kpi_comparison(folder, repeat)
    print(f"  KPIs: duckdb {kpis['duckdb_filter_change']:.3f}s vs pandas {kpis['pandas']:.3f}s")
    st.cache_resource.clear()
    return {
        "load": load_time,
        "pages": pages,
        "slider": slider,
        "coverage_sliders": coverage,
        "qbr_pack": pack,
        "kpis": kpis,
    }


def coverage_lines(times: dict[str, float] | None) -> list[str]:
    """The CAM coverage what-if's slider moves, one figure per control, against the target."""
    if not times:
        return []
    moves = ", ".join(f"{key} {t * 1000:.0f} ms" for key, t in times.items())
    return [
        f"CAM coverage what-if, one slider move each ({moves}): slowest "
        f"**{max(times.values()) * 1000:.0f} ms** (target ≤ 200 ms at M).",
        "",
    ]


def report(results: dict, path: Path) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}. Medians of "
        "repeated runs, server-side script time (AppTest), seconds. Targets at M: pages "
        "≤ 1 s warm, filter change ≤ 0.5 s, slider ≤ 0.2 s, load ≤ 10 s; at L pages ≤ 2 s.",
        "",
    ]
    for scale, r in results.items():
        partners, registrations = SCALES[scale]
        lines += [
            f"## {scale}: {partners:,} partners, {registrations:,} registrations",
            "",
            f"Load the CSV folder into DuckDB: **{r['load']:.2f} s**. What-if slider move: "
            f"**{r['slider'] * 1000:.0f} ms**. QBR pack export (queries and workbook): "
            + (f"**{r['qbr_pack']:.2f} s**." if "qbr_pack" in r else "not measured."),
            "",
            *coverage_lines(r.get("coverage_sliders")),
            "| page | cold | warm | filter change |",
            "| --- | ---: | ---: | ---: |",
        ]
        for page, t in r["pages"].items():
            lines.append(f"| {page} | {t['cold']:.3f} | {t['warm']:.3f} | {t['filter']:.3f} |")
        k = r["kpis"]
        lines += [
            "",
            "Headline KPIs (the same figures, checked equal in tests/test_cli.py):",
            "",
            "| | DuckDB views | pandas baseline | ratio |",
            "| --- | ---: | ---: | ---: |",
            f"| first query on a date | {k['duckdb_first']:.3f} | {k['pandas']:.3f} | "
            f"{k['pandas'] / k['duckdb_first']:.1f}× |",
            f"| filter change | {k['duckdb_filter_change']:.3f} | "
            f"{k['pandas_filter_change']:.3f} | "
            f"{k['pandas_filter_change'] / k['duckdb_filter_change']:.1f}× |",
            "",
        ]
    text = "\n".join(lines)
    path.write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["S", "M"], choices=list(SCALES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/channel-bench"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    # Scales not measured in this run keep their last results.
    stored = ROOT / "bench" / "results.json"
    results = json.loads(stored.read_text()) if stored.exists() else {}
    results.update({scale: bench_scale(scale, args.out, args.repeat) for scale in args.scales})
    results = {scale: results[scale] for scale in SCALES if scale in results}
    stored.write_text(json.dumps(results, indent=2))
    print(report(results, ROOT / "bench" / "results.md"))


if __name__ == "__main__":
    main()
