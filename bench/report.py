"""bench/results.md and README's speed and concurrency figures, written from the bench's output.

    .venv/bin/python bench/report.py     # rewrite both from bench/results.json, concurrency.json

README carries the figures between marker comments; tests/test_docs.py checks that what is
there is what this module writes from the committed results, so no figure is typed by hand.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parent
README = BENCH.parent / "README.md"
MARKERS = {
    "speed": ("<!-- bench:speed -->", "<!-- /bench:speed -->"),
    "concurrency": ("<!-- bench:concurrency -->", "<!-- /bench:concurrency -->"),
}
GOAL_SCALE = "M"
LARGE_SCALE = "L"


def seconds(figure: dict | None, digits: int = 2) -> str:
    return "–" if figure is None else f"{figure['median']:.{digits}f}"


def spread(figure: dict | None, digits: int = 2) -> str:
    """Median with its range: 2.35 (2.10–2.90)."""
    if figure is None:
        return "–"
    return f"{figure['median']:.{digits}f} ({figure['min']:.{digits}f}–{figure['max']:.{digits}f})"


def ratio(ours: dict | None, floor: dict | None) -> float | None:
    if ours is None or floor is None or not floor["median"]:
        return None
    return ours["median"] / floor["median"]


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def plus(ours: dict | None, floor: dict | None) -> str:
    if ours is None or floor is None:
        return "–"
    return f"{ours['median'] - floor['median']:+.2f}"


def _pages(scale: dict) -> dict:
    return {k: v for k, v in scale["browser"]["pages"].items() if k != "floor"}


# --- the goals of issue 14, as the bench checks them -------------------------------------------


def goals(results: dict) -> list[tuple[str, str, bool | None]]:
    """(goal, what was measured, met) for each goal the bench can check."""
    rows: list[tuple[str, str, bool | None]] = []
    scales = results["scales"]
    if GOAL_SCALE in scales:
        m = scales[GOAL_SCALE]
        browser = m["browser"]
        floor = browser["pages"]["floor"]["warm"]
        worst = max(
            (ratio(page["warm"]["first_number"], floor["first_number"]) or math.inf, name)
            for name, page in _pages(m).items()
        )
        rows.append(
            (
                "M: every page's first number within 1.5× the floor's",
                f"slowest {worst[1]}: {times(worst[0])}",
                worst[0] <= 1.5,
            )
        )
        floor_change = browser["filter_change"]["floor"]["settled"]
        changes = [
            (page["settled"]["median"] - floor_change["median"], name)
            for name, page in browser["filter_change"].items()
            if name != "floor" and page["settled"]
        ]
        slowest = max(changes)
        rows.append(
            (
                "M: a filter change settled within the floor's rerun + 0.3 s",
                f"slowest {slowest[1]}: floor {slowest[0]:+.2f} s",
                slowest[0] <= 0.3,
            )
        )
        first = browser["first_request"]
        gap = first["app"]["first_number"]["median"] - first["floor"]["first_number"]["median"]
        rows.append(
            (
                "M: first request after a server start within the floor + 2 s",
                f"first number floor {gap:+.2f} s",
                gap <= 2,
            )
        )
        cli = m["cli"]
        to_sql = ratio(cli["kpis_data"]["wall"], cli["plain_sql"]["wall"])
        to_sql_cpu = ratio(cli["kpis_data"]["cpu"], cli["plain_sql"]["cpu"])
        rows.append(
            (
                "M: `kpis --data` within 1.5× plain DuckDB SQL",
                f"{times(to_sql)} (CPU time {times(to_sql_cpu)})",
                to_sql <= 1.5,
            )
        )
        to_pandas = ratio(cli["pandas"]["wall"], cli["kpis_data"]["wall"])
        rows.append(
            (
                "M: `kpis --data` at least 3× faster than pandas",
                f"{times(to_pandas)} faster",
                to_pandas >= 3,
            )
        )
        db = cli["kpis_db"]["wall"]["median"]
        rows.append(("M: `kpis --db` ≤ 0.5 s", f"{db:.2f} s", db <= 0.5))
    sample = results["sample"]["wall"]["median"]
    rows.append(("`kpis --data sample_data` ≤ 1 s", f"{sample:.2f} s", sample <= 1))
    if LARGE_SCALE in scales:
        large = scales[LARGE_SCALE]
        load = large["load"]["wall"]["median"]
        rows.append(("L: load of 10M registrations ≤ 30 s", f"{load:.1f} s", load <= 30))
        first_views = {name: page["first_visit"]["server"] for name, page in _pages(large).items()}
        name, slowest = max(first_views.items(), key=lambda item: item[1] or 0)
        rows.append(
            (
                "L: every page's server time on a first view ≤ 2 s",
                f"slowest {name}: {slowest:.2f} s",
                slowest <= 2,
            )
        )
        changes = {
            name: page["server"]["median"]
            for name, page in large["browser"]["filter_change"].items()
            if name != "floor" and page["server"]
        }
        name, slowest = max(changes.items(), key=lambda item: item[1])
        rows.append(
            (
                "L: every page's server time on a filter change ≤ 1 s",
                f"slowest {name}: {slowest:.2f} s",
                slowest <= 1,
            )
        )
    return rows


# --- bench/results.md --------------------------------------------------------------------------


def results_markdown(results: dict, concurrency: dict | None) -> str:
    machine = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py` (what each figure measures is in its docstring); "
        "`bench/report.py` renders this page and README's figures from `results.json`.",
        "",
        f"Run of {results['started']}, {results['minutes']:.0f} minutes, on "
        f"{machine['cpus']} cores (load average {machine['load_average']:.1f} at the start, "
        f"{machine['load_average_end']:.1f} at the end); Python {machine['python']}, "
        f"{machine['chromium']}. The machine was shared with other work: read the absolute "
        "figures loosely and the ratios to the floor, measured in the same rounds, closely.",
        "",
        "Seconds, median (range) of the repeated runs. *Floor*: a bare Streamlit page (a title, "
        "three st.metric, one Altair chart, one st.dataframe; `bench/bare_page.py`) served and "
        "measured the same way. *First number*: navigation to the first st.metric value shown. "
        "*Settled*: to the last change of the page once every script run has finished. "
        "*Server*: the first script run's start to the last one's end, in the server's own "
        "clock (its run log). *Seen*: the same span as the browser sees it on the WebSocket, "
        "which reads those messages only when its main thread is free, so it adds the time "
        "the browser spends drawing what came before (a map, a chart). *Sent*: "
        "what the page received over the WebSocket (elements, data, chart specs).",
        "",
        "## Goals",
        "",
        "| goal | measured | met |",
        "| --- | --- | --- |",
    ]
    for goal, measured, met in goals(results):
        lines.append(f"| {goal} | {measured} | {_met(met)} |")
    for name, scale in results["scales"].items():
        lines += _scale_markdown(name, scale)
    if concurrency:
        lines += [
            "## Twenty sessions at once",
            "",
            concurrency_sentence(concurrency),
            "",
            f"Navigation → first number per session: {spread(concurrency['first_number'])} s; "
            f"→ settled: {spread(concurrency['settled'])} s (`bench/concurrency.json`).",
            "",
        ]
    return "\n".join(lines)


def _met(met: bool | None) -> str:
    return "–" if met is None else ("yes" if met else "**no**")


SERVED = {"folder": "the CSV folder", "db": "the DuckDB file loaded from it"}


def _measured(scale: dict) -> list[str]:
    """When the scale was measured, in how many rounds and how busy the machine was."""
    if "measured" not in scale:
        return []
    m = scale["measured"]
    return [
        f"Measured {m['started']}, {m['repeat']} round{'s' if m['repeat'] != 1 else ''}, "
        f"load average {m['load_average']:.1f} at the start and {m['load_average_end']:.1f} "
        "at the end.",
        f"The app server read {SERVED[m.get('served_from', 'folder')]}.",
        "",
    ]


def _scale_markdown(name: str, scale: dict) -> list[str]:
    browser = scale["browser"]
    floor = browser["pages"]["floor"]["warm"]
    lines = [
        "",
        f"## {name}: {scale['partners']:,} partners, {scale['registrations']:,} registrations",
        "",
        *_measured(scale),
        "### Pages in a fresh tab of a warm server",
        "",
        "| page | first number | × floor | settled | × floor | server | sent, KiB "
        "| first visit after a start: first number / settled / server / seen |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| *floor* | {spread(floor['first_number'])} | | {spread(floor['settled'])} | | "
        f"{spread(floor['server'])} | {seconds(floor.get('kib'), 0)} | |",
    ]
    for page, figures in _pages(scale).items():
        warm, first = figures["warm"], figures["first_visit"]
        first_text = " / ".join(
            "–" if first.get(k) is None else f"{first[k]:.2f}"
            for k in ("first_number", "settled", "server", "seen")
        )
        lines.append(
            f"| {page} | {spread(warm['first_number'])} | "
            f"{times(ratio(warm['first_number'], floor['first_number']))} | "
            f"{spread(warm['settled'])} | {times(ratio(warm['settled'], floor['settled']))} | "
            f"{spread(warm['server'])} | {seconds(warm.get('kib'), 0)} | {first_text} |"
        )
    changes = browser["filter_change"]
    lines += [
        "",
        "### A global filter change (a tier picked in the sidebar, one not picked before)",
        "",
        "| page | settled | − floor | server | seen |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| *floor* | {spread(changes['floor']['settled'])} | | "
        f"{spread(changes['floor']['server'])} | {spread(changes['floor'].get('seen'))} |",
    ]
    for page, figures in changes.items():
        if page != "floor":
            lines.append(
                f"| {page} | {spread(figures['settled'])} | "
                f"{plus(figures['settled'], changes['floor']['settled'])} | "
                f"{spread(figures['server'])} | {spread(figures.get('seen'))} |"
            )
    sliders = browser["slider"]
    (floor_slider,) = sliders["floor"].values()
    lines += [
        "",
        "### A slider moved one step (every slider of every page, each from a settled page)",
        "",
        "| page | slider | settled | × floor | server | seen |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for page, moved in sliders.items():
        for label, figures in moved.items():
            shown = "*floor*" if page == "floor" else page
            to_floor = (
                "" if page == "floor" else times(ratio(figures["settled"], floor_slider["settled"]))
            )
            lines.append(
                f"| {shown} | {label} | {spread(figures['settled'])} | {to_floor} | "
                f"{spread(figures['server'])} | {spread(figures.get('seen'))} |"
            )
    if any(f["server"] is None for moved in sliders.values() for f in moved.values()):
        lines += [
            "",
            "Server –: the slider reran a fragment alone, and the measured checkout's fragments "
            "did not log their runs yet; *seen* times them from the browser.",
        ]
    first = browser["first_request"]
    lines += [
        "",
        "### The first request after a server start (landing page, fresh tab, at once)",
        "",
        "| | start → healthy | first number | settled | server |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, label in (("floor", "*floor*"), ("app", "dashboard")):
        f = first[kind]
        lines.append(
            f"| {label} | {spread(f['start'])} | {spread(f['first_number'])} | "
            f"{spread(f['settled'])} | {spread(f['server'])} |"
        )
    cli = scale["cli"]
    lines += [
        "",
        "### The command line against plain SQL and pandas, same files, same rounds",
        "",
        "| | wall | CPU (all threads) | wall ÷ `kpis --data` |",
        "| --- | ---: | ---: | ---: |",
    ]
    labels = {
        "kpis_data": "`python -m queries kpis --data DIR`",
        "plain_sql": "plain DuckDB SQL (`bench/kpis_sql.py`)",
        "pandas": "pandas (`bench/kpis_pandas.py`)",
        "kpis_db": "`python -m queries kpis --db FILE`",
    }
    for key, label in labels.items():
        lines.append(
            f"| {label} | {spread(cli[key]['wall'])} | {spread(cli[key]['cpu'])} | "
            f"{times(ratio(cli[key]['wall'], cli['kpis_data']['wall']))} |"
        )
    agreement = (
        "prints the same figures as the command line"
        if not cli["differs_from_plain_sql"]
        else "differs from the command line in " + ", ".join(cli["differs_from_plain_sql"])
    )
    pandas_agreement = (
        "agree with it"
        if not cli["differs_from_pandas"]
        else "differ in " + ", ".join(cli["differs_from_pandas"])
    )
    memory = browser["memory"]
    lines += [
        "",
        f"Plain SQL {agreement}; the pandas script's twelve fields {pandas_agreement}.",
        "",
        f"Load of the folder into DuckDB (validation, typed tables, derived tables, default "
        f"snapshots): {spread(scale['load']['wall'])} s wall, "
        f"{spread(scale['load']['cpu'])} s CPU.",
        "",
        f"Server memory: {memory['idle_mib']:.0f} MiB resident when it starts serving, "
        f"{memory['peak_mib']:.0f} MiB at its peak over the run, "
        f"{memory['mib_per_session']:+.1f} MiB per extra session "
        f"({memory['sessions']} more sessions: {memory['rss_before_mib']:.0f} → "
        f"{memory['rss_after_mib']:.0f} MiB).",
        "",
    ]
    return lines


# --- README ------------------------------------------------------------------------------------


def speed_section(results: dict) -> str:
    """README's speed table: per scale, the dashboard against the floor and the command line."""
    lines = [
        "| scale | load | first number ÷ floor | filter change − floor | slider ÷ floor "
        "| first request − floor | `kpis --data` ÷ plain SQL | pandas ÷ `kpis --data` "
        "| `kpis --db` |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, scale in results["scales"].items():
        browser = scale["browser"]
        floor = browser["pages"]["floor"]["warm"]["first_number"]
        first_numbers = [
            ratio(page["warm"]["first_number"], floor) for page in _pages(scale).values()
        ]
        first_numbers = [r for r in first_numbers if r is not None]
        changes = browser["filter_change"]
        deltas = [
            changes[p]["settled"]["median"] - changes["floor"]["settled"]["median"]
            for p in changes
            if p != "floor" and changes[p]["settled"]
        ]
        sliders = browser["slider"]
        (floor_slider,) = sliders["floor"].values()
        slider_ratios = [
            ratio(figures["settled"], floor_slider["settled"])
            for page, moved in sliders.items()
            if page != "floor"
            for figures in moved.values()
        ]
        first = browser["first_request"]
        cli = scale["cli"]
        lines.append(
            f"| {name}: {scale['partners']:,} partners, {scale['registrations']:,} "
            f"registrations | {seconds(scale['load']['wall'], 1)} s "
            f"| {_range(first_numbers, '×')} | {_range(deltas, ' s', signed=True)} "
            f"| {_range(slider_ratios, '×')} "
            f"| {plus(first['app']['first_number'], first['floor']['first_number'])} s "
            f"| {times(ratio(cli['kpis_data']['wall'], cli['plain_sql']['wall']))} "
            f"| {times(ratio(cli['pandas']['wall'], cli['kpis_data']['wall']))} "
            f"| {seconds(cli['kpis_db']['wall'])} s |"
        )
    return "\n".join(lines)


def _range(values: list[float], unit: str, signed: bool = False) -> str:
    if not values:
        return "–"
    form = "{:+.2f}" if signed else "{:.2f}"
    low, high = form.format(min(values)), form.format(max(values))
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def concurrency_sentence(figures: dict) -> str:
    per_session = figures["mib_per_session"]
    if per_session < 1:
        # Resident memory can fall while sessions open: the allocator hands back what the
        # warm-up used. Then the sessions' own cost is below what two readings can show.
        cost = (
            "**under 1 MiB per session**, less than two readings of resident memory resolve "
            "(the server returns and reuses memory between them)"
        )
    else:
        cost = f"**{per_session:+.1f} MiB per session**"
    return (
        f"The server's resident memory went from {figures['rss_before_mib']:.0f} to "
        f"{figures['rss_after_mib']:.0f} MiB with the {figures['sessions']} sessions open: "
        f"{cost}, on the sample program; each session's "
        f"first number came {spread(figures['first_number'], 0)} s after it opened, all twenty "
        f"opened together on {figures['cpus']} cores (`bench/concurrency.json`)."
    )


def readme_blocks(results: dict, concurrency: dict) -> dict[str, str]:
    return {"speed": speed_section(results), "concurrency": concurrency_sentence(concurrency)}


def with_blocks(readme: str, blocks: dict[str, str]) -> str:
    for name, text in blocks.items():
        start, end = MARKERS[name]
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(readme):
            raise ValueError(f"README has no {start} … {end} block")
        block = f"{start}\n{text}\n{end}"
        readme = pattern.sub(lambda _, block=block: block, readme)
    return readme


def blocks_in(readme: str) -> dict[str, str]:
    found = {}
    for name, (start, end) in MARKERS.items():
        match = re.search(re.escape(start) + r"\n(.*?)\n" + re.escape(end), readme, re.DOTALL)
        found[name] = match.group(1) if match else None
    return found


def load(bench: Path = BENCH) -> tuple[dict, dict]:
    results = json.loads((bench / "results.json").read_text())
    concurrency = json.loads((bench / "concurrency.json").read_text())
    return results, concurrency


def write(bench: Path = BENCH) -> None:
    results, concurrency = load(bench)
    (bench / "results.md").write_text(results_markdown(results, concurrency))
    README.write_text(with_blocks(README.read_text(), readme_blocks(results, concurrency)))


if __name__ == "__main__":
    write()
