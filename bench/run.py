"""Benchmark what a user of the dashboard waits for, beside a bare Streamlit page, at S, M and L.

    .venv/bin/python bench/run.py                  # S and M
    .venv/bin/python bench/run.py --scales S M L   # L: 100,000 partners, 10M registrations
    .venv/bin/python bench/run.py --scales L --repeat 1 --serve db --add   # L apart
    .venv/bin/python bench/run.py --root CHECKOUT --output /tmp/before.json   # another version

For each scale it generates the program (sample_data/generate.py) and measures, in one run:

- in Chromium (bench/browser.py), for every page of the navigation: navigation → first number
  and → settled in a fresh tab of a warm server, and on the first visit after a start; a global
  filter change (a tier picked in the sidebar); a step of every slider of every page; the first
  request after a server start; and all of it for the floor, a bare Streamlit page
  (bench/bare_page.py) served the same way, in the same rounds;
- the command line: `kpis --data` against plain DuckDB SQL (bench/kpis_sql.py, checked to print
  the same figures) and pandas (bench/kpis_pandas.py) on the same files, and `kpis --db`;
- the load of the folder into DuckDB, and the server's memory, idle, at its peak and per extra
  session.

Then twenty sessions at once on the sample program (bench/concurrency.json). Every figure is a
median of repeated runs with its range. Results go to bench/results.json and bench/results.md,
and README's speed section is rewritten from them (bench/report.py): no figure is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench import report  # noqa: E402
from bench.browser import Server, Tab  # noqa: E402

# The Chromium the browser tests drive, launched the same way.
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, outside_hosts  # noqa: E402

SCALES = {"S": (1_000, 100_000), "M": (10_000, 1_000_000), "L": (100_000, 10_000_000)}
# Every page of the navigation and the link that opens it (the scorecard names its partner).
PAGES = {
    "Portfolio health": "/",
    "Dark partners & activation": "/dark-partners",
    "MDF": "/mdf",
    "Pipeline & forecast accuracy": "/forecast",
    "Incentives & outcomes": "/incentives",
    "Coverage gaps": "/coverage",
    "What-if: tier discounts": "/whatif-discounts",
    "What-if: CAM coverage": "/whatif-coverage",
    "CAM portfolio": "/cam-portfolio",
    "Partner scorecard": "/scorecard?partner={partner}",
    "Enablement & compliance": "/enablement",
    "Data": "/data",
}
TIERS = ("Gold", "Silver", "Premier", "Registered")  # each filter change picks one not seen
CONCURRENT_SESSIONS = 20


def summary(values: list[float | None]) -> dict | None:
    """Median and range of the measured values (None where nothing was measured)."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def log(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


# --- command line ----------------------------------------------------------------------------


def timed_command(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, all threads) of one run, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def command_times(commands: dict[str, list[str]], root: Path, repeat: int) -> dict:
    """Each command `repeat` times, interleaved so a busy spell hits them all alike."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, str] = {}
    for _ in range(repeat):
        for name, command in commands.items():
            wall, cpu, outputs[name] = timed_command(command, root)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: {"wall": summary(walls[name]), "cpu": summary(cpus[name]), "output": outputs[name]}
        for name in commands
    }


def agree(ours: dict, theirs: dict) -> list[str]:
    """Fields where two KPI objects differ (numbers compared to nine significant digits)."""
    differ = []
    for name, value in theirs.items():
        mine = ours.get(name)
        if isinstance(value, int | float) and isinstance(mine, int | float):
            if not math.isclose(value, mine, rel_tol=1e-9, abs_tol=1e-9):
                differ.append(name)
        elif value != mine:
            differ.append(name)
    return differ


def _built_by(db_file: Path, root: Path) -> bool:
    """Whether the checkout at `root` loaded this file (its views built the stored tables)."""
    check = (
        "import sys, duckdb; from queries.loader import views_current; "
        "sys.exit(0 if views_current(duckdb.connect(sys.argv[1], read_only=True)) else 1)"
    )
    return subprocess.run([sys.executable, "-c", check, str(db_file)], cwd=root).returncode == 0


def cli_figures(folder: Path, root: Path, repeat: int) -> dict:
    python = sys.executable
    db_file = folder / "program.duckdb"
    if db_file.exists() and not _built_by(db_file, root):
        db_file.unlink()  # loaded by another version: `kpis --db` would build its views again
    if not db_file.exists():
        subprocess.run(
            [python, "-c", "import sys; from queries.loader import load_folder; "
             "load_folder(sys.argv[1], sys.argv[2]).close()", str(folder), str(db_file)],
            cwd=root,
            check=True,
        )  # fmt: skip
    times = command_times(
        {
            "kpis_data": [python, "-m", "queries", "kpis", "--data", str(folder)],
            "plain_sql": [python, str(BENCH / "kpis_sql.py"), str(folder)],
            "pandas": [python, str(BENCH / "kpis_pandas.py"), str(folder)],
            "kpis_db": [python, "-m", "queries", "kpis", "--db", str(db_file)],
        },
        root,
        repeat,
    )
    ours = json.loads(times["kpis_data"].pop("output"))
    plain = json.loads(times["plain_sql"].pop("output"))
    pandas = json.loads(times["pandas"].pop("output"))
    times["kpis_db"].pop("output")
    times["differs_from_plain_sql"] = agree(ours, plain)
    times["differs_from_pandas"] = agree(ours, pandas)
    return times


def load_figures(folder: Path, root: Path, repeat: int) -> dict:
    command = [
        sys.executable,
        "-c",
        "import sys; from queries.loader import load_folder; load_folder(sys.argv[1]).close()",
        str(folder),
    ]
    figures = command_times({"load": command}, root, repeat)["load"]
    figures.pop("output")
    return figures


# --- browser ---------------------------------------------------------------------------------


def scorecard_partner(folder: Path) -> str:
    """The label the scorecard's link names the program's largest partner by."""
    import duckdb

    con = duckdb.connect()
    name = con.execute(
        "select partner_name from read_csv($partners, all_varchar = true) as p "
        "join read_csv($deals, all_varchar = true) as d using (partner_id) "
        "where d.status = 'won' group by all order by sum(cast(amount as double)) desc limit 1",
        {
            "partners": str(folder / "partners.csv"),
            "deals": str(folder / "deal_registrations.csv"),
        },
    ).fetchone()[0]
    return name


def open_tab(browser, server: Server, path: str = "") -> tuple[Tab, dict]:
    tab = Tab(browser, server)
    return tab, tab.open(path)


def first_requests(browser, env: dict, root: Path, repeat: int) -> dict:
    """A fresh server, then at once a fresh tab on its landing page; the floor likewise."""
    rows: dict[str, list[dict]] = {"app": [], "floor": []}
    for _ in range(repeat):
        for kind in ("floor", "app"):
            server = Server.bare() if kind == "floor" else Server.app(env, root)
            try:
                tab, opened = open_tab(browser, server)
                tab.close()
                rows[kind].append(opened | {"start": server.healthy - server.spawned})
            finally:
                server.stop()
    return {
        kind: {key: summary([r[key] for r in found]) for key in found[0]}
        for kind, found in rows.items()
    }


def page_urls(folder: Path) -> dict[str, str]:
    partner = scorecard_partner(folder).replace(" ", "%20")
    return {name: path.format(partner=partner) for name, path in PAGES.items()}


def tour(browser, app: Server, bare: Server, urls: dict[str, str], repeat: int) -> dict:
    """First visits after a start, then `repeat` rounds of fresh tabs: floor, every page."""
    pages: dict[str, dict] = {name: {"first_visit": None, "sliders": []} for name in urls}
    for name, path in urls.items():
        tab, opened = open_tab(browser, app, path)
        pages[name]["first_visit"] = opened
        pages[name]["sliders"] = tab.sliders()
        pages[name]["errors"] = tab.page.locator('[data-testid="stException"]').count()
        tab.close()
        log(f"  first visit {name}: {_brief(opened)}")
    warm: dict[str, list[dict]] = {name: [] for name in ["floor", *urls]}
    for _ in range(repeat):
        tab, opened = open_tab(browser, bare)
        tab.close()
        warm["floor"].append(opened)
        for name, path in urls.items():
            tab, opened = open_tab(browser, app, path)
            tab.close()
            warm[name].append(opened)
    result = {"floor": {"warm": _collect(warm["floor"])}}
    log(f"  warm floor: {_brief(result['floor']['warm'])}")
    for name in urls:
        result[name] = pages[name] | {"warm": _collect(warm[name])}
        log(f"  warm {name}: {_brief(result[name]['warm'])}")
    return result


def _collect(rows: list[dict]) -> dict:
    return {key: summary([row[key] for row in rows]) for key in rows[0]}


def _brief(figures: dict) -> str:
    def value(x):
        if isinstance(x, dict):
            x = x["median"]
        return "–" if x is None else f"{x:.2f}s"

    return " ".join(
        f"{key} {value(x)}" for key, x in figures.items() if x is None or not isinstance(x, str)
    )


def filter_changes(browser, app: Server, bare: Server, urls: dict[str, str], repeat: int) -> dict:
    """A tier picked in the sidebar, on a settled fresh tab; each round a tier not picked yet."""
    rows: dict[str, list[dict]] = {name: [] for name in ["floor", *urls]}
    for tier in TIERS[: max(1, min(repeat, len(TIERS)))]:
        for name, server, path in [("floor", bare, ""), *((n, app, p) for n, p in urls.items())]:
            tab, _ = open_tab(browser, server, path)
            try:
                rows[name].append(tab.change_filter("Tier", tier))
            finally:
                tab.close()
    result = {name: _collect(found) for name, found in rows.items()}
    for name, figures in result.items():
        log(f"  filter change {name}: {_brief(figures)}")
    return result


def slider_moves(
    browser, app: Server, bare: Server, urls: dict[str, str], pages: dict, repeat: int
) -> dict:
    """Every slider of every page moved one step, each from a settled page: one fresh tab per
    page and round, the sliders moved in turn (the floor's one slider likewise)."""
    targets = [("floor", bare, "", ["Share of revenue"])]
    targets += [(n, app, urls[n], pages[n]["sliders"]) for n in urls if pages[n]["sliders"]]
    result = {}
    for name, server, path, labels in targets:
        # A slider without a label, or two of one label (a threshold under each tier's
        # discount), is told apart by its place on the page.
        labels = [
            f"{label} (slider {i + 1})" if not label or labels.count(label) > 1 else label
            for i, label in enumerate(labels)
        ]
        rows: dict[str, list[dict]] = {label: [] for label in labels}
        for _ in range(repeat):
            tab, _ = open_tab(browser, server, path)
            try:
                for index, label in enumerate(labels):
                    rows[label].append(tab.move_slider(index))
            finally:
                tab.close()
        result[name] = {label: _collect(found) for label, found in rows.items()}
        for label, figures in result[name].items():
            log(f"  slider {name} / {label}: {_brief(figures)}")
    return result


def cam_links(folder: Path, count: int) -> list[str]:
    """Landing-page links filtered to one CAM each, by name as a shared link carries it."""
    import csv

    with (folder / "cams.csv").open(newline="") as handle:
        names = [row["cam_name"] for row in csv.DictReader(handle)][:count]
    return [f"/?cam={name.replace(' ', '%20')}" for name in names]


def memory_per_session(browser, app: Server, folder: Path, sessions: int = 5) -> dict:
    """Resident memory with `sessions` more tabs open on the landing page (each its own CAM)."""
    before = app.memory_mib()
    tabs = []
    for link in cam_links(folder, sessions):
        tab, _ = open_tab(browser, app, link)
        tabs.append(tab)
    after = app.memory_mib()
    for tab in tabs:
        tab.close()
    return {
        "sessions": sessions,
        "rss_before_mib": before["rss"],
        "rss_after_mib": after["rss"],
        "mib_per_session": (after["rss"] - before["rss"]) / sessions,
    }


def browser_figures(folder: Path, root: Path, repeat: int, serve: str = "folder") -> dict:
    from playwright.sync_api import sync_playwright

    # A deployment of a large program restarts from the DuckDB file its loads wrote, not from
    # the CSV folder (which a start would read and validate again).
    source = (
        {"CHANNEL_DB": str(folder / "program.duckdb")}
        if serve == "db"
        else {"CHANNEL_DATA": str(folder)}
    )
    env = {**source, "CHANNEL_STATE_DB": tempfile.mktemp(suffix=".duckdb")}
    urls = page_urls(folder)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            log("  first request after a start")
            first = first_requests(browser, env, root, max(1, repeat // 2 + 1))
            log(f"  first request: app {_brief(first['app'])}; floor {_brief(first['floor'])}")
            app, bare = Server.app(env, root), Server.bare()
            try:
                idle = app.memory_mib()
                pages = tour(browser, app, bare, urls, repeat)
                log("  filter changes")
                filters = filter_changes(browser, app, bare, urls, repeat)
                sliders = slider_moves(browser, app, bare, urls, pages, repeat)
                memory = {"idle_mib": idle["rss"]} | memory_per_session(browser, app, folder)
                memory["peak_mib"] = app.memory_mib()["peak"]
            finally:
                app.stop()
                bare.stop()
        finally:
            browser.close()
    return {
        "first_request": first,
        "pages": pages,
        "filter_change": filters,
        "slider": sliders,
        "memory": memory,
    }


def enrolled_by_cam(root: Path, links: list[str]) -> list[str]:
    """Each link's CAM's enrolled partners as the landing page shows them, from the command
    line of the checkout under test."""
    shown = []
    for link in links:
        cam = link.removeprefix("/?cam=").replace("%20", " ")
        printed = subprocess.run(
            [sys.executable, "-m", "queries", "kpis", "--data", "sample_data", "--cam", cam],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        shown.append(f"{json.loads(printed)['enrolled_partners']:,}")
    return shown


def concurrency(root: Path) -> dict:
    """Twenty sessions opened at once on the sample program, each filtered to its own CAM.

    Each must show its CAM's own number, no error and no request beyond the machine
    (tests/browser/test_concurrency.py checks the same on a few sessions at every test run).
    """
    from playwright.sync_api import sync_playwright

    env = {"CHANNEL_STATE_DB": tempfile.mktemp(suffix=".duckdb")}
    links = cam_links(root / "sample_data", CONCURRENT_SESSIONS)
    expected = enrolled_by_cam(root, links)
    assert len(set(expected)) > 1, "the sessions must be told apart by their numbers"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        app = Server.app(env, root)
        try:
            tab, _ = open_tab(browser, app)  # the server's own warm-up, then one session
            tab.close()
            before = app.memory_mib()
            tabs = [Tab(browser, app, 1400, 1000) for _ in range(CONCURRENT_SESSIONS)]
            for tab, link in zip(tabs, links, strict=True):
                tab.page.goto(app.url + link, wait_until="commit")
            opened, wrong = [], []
            for tab, link, want in zip(tabs, links, expected, strict=True):
                tab.settle(runs_before=0)
                tile = tab.page.locator("[data-testid=stMetric]").filter(
                    has_text="Enrolled partners"
                )
                shown = tile.first.locator("[data-testid=stMetricValue]").inner_text().strip()
                errors = tab.page.locator("[data-testid=stException]").count()
                outside = outside_hosts(tab.requests)
                if shown != want or errors or outside:
                    wrong.append(f"{link}: {shown} (want {want}), {errors} errors, {outside}")
                opened.append(
                    {
                        "first_number": tab.page.evaluate("() => window.__bench.firstNumber")
                        / 1000,
                        "settled": tab.page.evaluate("() => window.__bench.lastChange") / 1000,
                    }
                )
            after = app.memory_mib()
            for tab in tabs:
                tab.close()
        finally:
            app.stop()
            browser.close()
    if wrong:
        raise RuntimeError("sessions at once went wrong:\n" + "\n".join(wrong))
    return {
        "sessions": CONCURRENT_SESSIONS,
        "cpus": os.cpu_count(),
        "first_number": summary([o["first_number"] for o in opened]),
        "settled": summary([o["settled"] for o in opened]),
        "rss_before_mib": before["rss"],
        "rss_after_mib": after["rss"],
        "mib_per_session": (after["rss"] - before["rss"]) / CONCURRENT_SESSIONS,
    }


# --- the run ---------------------------------------------------------------------------------


def generate(scale: str, out: Path, root: Path) -> Path:
    partners, registrations = SCALES[scale]
    folder = out / scale
    if not (folder / "deal_registrations.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(root / "sample_data" / "generate.py"),
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


def bench_scale(scale: str, out: Path, root: Path, repeat: int, serve: str = "folder") -> dict:
    log(f"{scale}: {SCALES[scale][0]:,} partners, {SCALES[scale][1]:,} registrations")
    measured = {
        "started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "repeat": repeat,
        "load_average": os.getloadavg()[0],
        "served_from": serve,
    }
    folder = generate(scale, out, root)
    load = load_figures(folder, root, max(1, repeat // 2))
    log(f"  load {load['wall']['median']:.2f}s")
    cli = cli_figures(folder, root, repeat)
    log(
        "  kpis --data {:.2f}s, plain SQL {:.2f}s, pandas {:.2f}s, kpis --db {:.2f}s".format(
            *(cli[k]["wall"]["median"] for k in ("kpis_data", "plain_sql", "pandas", "kpis_db"))
        )
    )
    browser = browser_figures(folder, root, repeat, serve)
    return {
        "partners": SCALES[scale][0],
        "registrations": SCALES[scale][1],
        "measured": measured | {"load_average_end": os.getloadavg()[0]},
        "load": load,
        "cli": cli,
        "browser": browser,
    }


def machine() -> dict:
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "chromium": chromium.strip(),
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["S", "M"], choices=list(SCALES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/channel-bench"))
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the checkout to measure")
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    parser.add_argument("--no-concurrency", action="store_true")
    parser.add_argument(
        "--serve",
        choices=["folder", "db"],
        default="folder",
        help="the app server reads the CSV folder (default) or the DuckDB file loaded from it",
    )
    parser.add_argument(
        "--add",
        action="store_true",
        help="keep the other scales of --output and replace only those measured now "
        "(L measured apart, with fewer rounds)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    root = args.root.resolve()
    started = datetime.now(UTC)
    results = {"machine": machine(), "started": f"{started:%Y-%m-%d %H:%M} UTC"}
    results["sample"] = command_times(
        {"kpis_data": [sys.executable, "-m", "queries", "kpis", "--data", "sample_data"]},
        root,
        args.repeat,
    )["kpis_data"]
    results["sample"].pop("output")
    results["scales"] = {}
    if args.add and args.output.exists():
        results["scales"] = json.loads(args.output.read_text())["scales"]
    for scale in args.scales:
        results["scales"][scale] = bench_scale(scale, args.out, root, args.repeat, args.serve)
        results["scales"] = {k: results["scales"][k] for k in SCALES if k in results["scales"]}
        results["machine"]["load_average_end"] = os.getloadavg()[0]
        results["minutes"] = (datetime.now(UTC) - started).total_seconds() / 60
        # Written after every scale, so a long run that stops still leaves what it measured.
        args.output.write_text(json.dumps(results, indent=2) + "\n")
    if args.output.resolve() == (BENCH / "results.json").resolve():
        if not args.no_concurrency:
            log("twenty sessions at once")
            figures = concurrency(root)
            (BENCH / "concurrency.json").write_text(json.dumps(figures, indent=2) + "\n")
        report.write(BENCH)
    log(f"done in {results['minutes']:.0f} minutes")


if __name__ == "__main__":
    main()
