"""Command line for analysts and scripts: build, refresh or roll back a DuckDB file; print the
headline KPIs and the early-warning backtest.

`kpis` pays only for what it prints: it imports neither pandas nor the import pipeline, asks
for the as-of date alone (no prior window), reads a DuckDB file in place, and from a folder
stores only the intermediate the KPIs read more than once. The other commands import what they
use when they run.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from queries import selection, sql
from queries.filters import Filters
from queries.loader import (
    LoadError,
    database_problem,
    keep_window_registrations,
    load_folder,
    open_database,
    read_in_place,
    views_current,
)

if TYPE_CHECKING:
    import pandas as pd

# What the KPIs read more than once (partner status, first deals and rhythm all read it); the
# other intermediates are read once, so a view costs less than a stored table.
KPI_DERIVED_TABLES = ("int_registration_days",)

KPI_FIELDS = (
    "as_of",
    "enrolled_partners",
    "onboarding_partners",
    "active_partners",
    "dark_partners",
    "silent_90d_partners",
    "early_warning_partners",
    "dark_partner_rate",
    "active_partner_rate",
    "partner_revenue",
    "win_rate",
    "median_days_to_first_deal",
    "approval_rate",
    "conflict_rate",
    "certified_partner_rate",
    "certifications_expiring_90d",
    "qbr_completion_rate",
    "partner_retention_rate",
    "mdf_allocated",
    "mdf_claimed",
    "mdf_utilization",
    "forecast_quarter",
    "forecast_amount",
    "actual_amount",
    "forecast_accuracy",
    "forecast_bias",
    "partner_sourced_share",
    "plan_quarter",
    "plan_attainment",
    "partners_on_plan_rate",
    "incentive_incremental_revenue",
    "incentive_cost",
    "incentive_roi",
    "mdf_attributed_registration_rate",
    "cost_per_pipeline_dollar",
    "partner_nps",
    "nps_responses",
)


def _json_value(value: object) -> object:
    pandas = sys.modules.get("pandas")  # a pandas value only where pandas was needed
    if value is None or (pandas and (value is pandas.NA or value is pandas.NaT)):
        return None
    if hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def headline_kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, object]:
    """The headline KPIs on as_of, as plain JSON-ready values (rates as fractions or None)."""
    params = sql.resolve(con, filters).params()
    # On the connection itself: a database file's snapshots live in its temporary table.
    row = sql.fetch_row(con, "headline_kpis_on", params, own_cursor=False)
    return {name: _json_value(row[name]) for name in KPI_FIELDS}


def _snapshot_in_place(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """Read the file's stored partner snapshot for the filters' date, window and grace where it
    is (the default date's is stored at load); for any other, copy the stored ones to temporary
    tables of this connection, which shadow the file's in every query and take the one computed.
    """
    stored = con.execute(
        "select count(*) > 0 from main.partner_snapshot_keys where snapshot_as_of = $as_of "
        "and snapshot_window_months = $w and snapshot_grace_days = $g",
        {"as_of": filters.as_of, "w": filters.window_months, "g": filters.grace_days},
    ).fetchone()[0]
    if not stored:
        for table in ("partner_snapshots", "partner_snapshot_keys"):
            con.execute(f"create temp table {table} as select * from main.{table}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


BACKTEST_FIGURES = [
    "active_partners",
    "went_dark",
    "flagged",
    "caught",
    "precision",
    "recall",
    "base_rate",
    "lift",
    "median_lead_days",
]
TUNING_FIGURES = [
    "silent_days",
    "gap_multiple",
    "revenue_share",
    "training_flagged",
    "training_caught",
    "training_went_dark",
    "training_precision",
    "training_recall",
    "training_f1",
    "unseen_flagged",
    "unseen_caught",
    "unseen_went_dark",
    "unseen_precision",
    "unseen_recall",
    "unseen_f1",
]
FLAGGED_NOW_FIELDS = [
    "partner_id",
    "partner_name",
    "tier",
    "cam",
    "days_silent",
    "warning_reason",
    "flagged_by",
    "hit_rate",
    "went_dark_before",
    "flagged_before",
]


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    return [{c: _json_value(row[c]) for c in columns} for _, row in frame.iterrows()]


def backtest_report(
    con: duckdb.DuckDBPyConnection, filters: Filters, rule: str = "in-force"
) -> dict[str, object]:
    """The early-warning backtest the Dark partners page shows, as JSON-ready values.

    `rule` picks the rule whose flags are listed now: the one saved in force (the default rule
    when none was saved), the default, or the tuned one.
    """
    from queries import backtest

    filters = sql.resolve(con, filters)
    tuning = sql.fetch_for(con, "early_warning_tuning", filters)
    rules = {
        "default": backtest.default_thresholds(tuning),
        "tuned": backtest.tuned_thresholds(tuning),
    }
    choice, in_force = backtest.rule_in_force(tuning) if rule == "in-force" else (rule, rules[rule])
    first = tuning.iloc[0]
    report: dict[str, object] = {
        "as_of": _json_value(filters.as_of),
        "window_months": filters.window_months,
        "grace_days": filters.grace_days,
        "rule_in_force": {"choice": choice, **in_force.params()},
    }
    for name, thresholds in rules.items():
        frame = sql.fetch_for(con, "early_warning_backtest", filters, **thresholds.params())
        by = {level: frame[frame.level == level] for level in ("all", "split", "quarter", "tier")}
        report[name] = {
            "thresholds": thresholds.params(),
            "rules": _records(by["all"], ["rule", "rule_label", *BACKTEST_FIGURES]),
            "by_split": _records(by["split"], ["rule", "split", *BACKTEST_FIGURES]),
            "by_quarter": _records(
                by["quarter"], ["rule", "quarter_end_on", "split", *BACKTEST_FIGURES]
            ),
            "by_tier": _records(by["tier"], ["rule", "tier", *BACKTEST_FIGURES]),
        }
    verdict = backtest.verdict(tuning)
    report["tuning"] = {
        **{
            key: _json_value(first[key])
            for key in (
                "training_quarters",
                "training_from",
                "training_to",
                "unseen_quarters",
                "unseen_from",
                "unseen_to",
            )
        },
        "can_tune": backtest.can_tune(tuning),
        "chosen": _records(tuning[tuning.is_chosen], ["rule", "rule_label", *TUNING_FIGURES]),
        "tuned_f1_unseen": verdict.tuned_f1,
        "baseline_f1_unseen": verdict.baseline_f1,
        "tuned_beats_baseline": verdict.tuned_beats_baseline,
    }
    flagged = sql.fetch_for(con, "early_warning_flagged_now", filters, **in_force.params())
    report["flagged_now"] = _records(flagged, FLAGGED_NOW_FIELDS)
    return report


def _load(args: argparse.Namespace) -> int:
    """Load a folder, or refresh from the system of record (--source) and put how the refresh
    ended in the audit trail, where the app shows it."""
    from queries import audit
    from queries.importing import store

    if not args.source:
        status, outcome = _load_locked(args)
        if status < 2:  # a load that wrote nothing is no load
            audit.record(_command_line_user(), None, "load", outcome)
        return status
    try:
        status, outcome = _load_locked(args)
    except (store.LoadBusy, LoadError, ValueError) as error:
        audit.record(_command_line_user(), None, "refresh", _why_nothing(error))
        raise
    audit.record(_command_line_user(), None, "refresh", outcome)
    return status


def _command_line_user() -> str:
    import getpass

    return f"{getpass.getuser()} (command line)"


def _why_nothing(error: Exception) -> str:
    from queries.importing import store
    from queries.importing.reading import ReadError

    if isinstance(error, ReadError):
        return f"failed: {error}; nothing was written"
    if isinstance(error, store.LoadBusy):
        return f"busy: {error}; nothing was written"
    return f"refused: {error}; nothing was written"


def _read_source(args: argparse.Namespace) -> tuple:
    """The system of record's tables, one query each; the table is the query's, not a guess:
    (review.Intake, [review.FileChoice])."""
    from queries.importing import database, review

    queries = database.read_table_queries(args.tables)
    files = database.read_tables(args.source, queries)
    choices = [
        review.FileChoice(table, review.proposed_mapping(table, raw, remembered=False))
        for raw, table in zip(files, queries, strict=True)
    ]
    return review.Intake(files=files, keys=[raw.name for raw in files]), choices


def _load_locked(args: argparse.Namespace) -> tuple[int, str]:
    """Read and check the folder (or the tables --source reads) as the Data page does, print the
    verdict and what each table will hold, then load or refuse; the exit status and, in words,
    how it ended.

    Exit status: 0 loaded in full; 1 loaded with rows, files or tables left out
    (--load-accepted); 2 nothing was written. The load lock is held from the first read of the
    database to the swap, so the report is of the version the load is written against.
    """
    from queries.importing import database, review, store
    from queries.importing.plan import mode_for, parse_modes

    modes = parse_modes(args.mode)
    origin = database.masked(args.source) if args.source else str(args.data)
    with store.load_lock(args.db):
        if args.source:
            intake, choices = _read_source(args)
        else:
            intake = review.read_folder(args.data)
            choices = [review.propose(raw, remembered=False) for raw in intake.files]
        for choice in choices:
            choice.roll_up = args.roll_up_lines and choice.table == "deal_registrations"
        results = review.validate(
            intake.files,
            choices,
            store.known_partners(args.db),
            replaces_partners=mode_for(modes, "partners") == "replace",
            known_programs=store.known_programs(args.db),
            replaces_programs=mode_for(modes, "incentive_programs") == "replace",
        )
        verdict = review.decide(intake, results, first_load=store.current_version(args.db) == 0)
        for line in verdict.lines():
            print(line)
        for name in intake.ignored:
            print(f"ignored: {name} (not named after a table)")
        if not verdict.clean and not args.load_accepted:
            left_out = []
            if verdict.refused:
                left_out.append(_count(len(verdict.refused), "file was", "files were") + " refused")
            if verdict.rows_rejected:
                left_out.append(_count(verdict.rows_rejected, "row was", "rows were") + " rejected")
            if verdict.held_back:
                held = _count(len(verdict.held_back), "table", "tables")
                left_out.append(f"{held} would load nothing")
            left_out += verdict.missing
            print(
                f"error: {'; '.join(left_out)}; nothing was written. Fix them, or load what "
                "passes with --load-accepted.",
                file=sys.stderr,
            )
            for line in verdict.lines():
                if line.startswith(("refused:", "missing:", "  line", "  not loaded")):
                    print(f"  - {line.strip()}", file=sys.stderr)
            return 2, f"refused: {'; '.join(left_out)}; nothing was written"
        if reason := verdict.nothing_to_load():
            print(f"error: nothing to load: {reason}; nothing was written.", file=sys.stderr)
            return 2, f"nothing to load: {reason}; nothing was written"
        plan = store.plan_load(args.db, verdict.writable, modes)
        print(f"what the load does (against version {plan.base_version}):")
        for line in plan.lines():
            print(f"  {line}")
        if plan.shrinking and not args.yes:
            print(
                "error: the load would leave fewer than half the rows of "
                + ", ".join(c.table for c in plan.shrinking)
                + "; nothing was written. Add --yes to load it anyway, or --mode upsert to "
                "add to the table instead.",
                file=sys.stderr,
            )
            return 2, "refused: it would leave fewer than half the rows; nothing was written"
        outcome = review.write(args.db, verdict, origin, modes, allow_shrink=args.yes, plan=plan)
    print(f"loaded {origin} into {args.db} as version {outcome.version}")
    if outcome.dropped:
        print(f"note: {outcome.retention_note()}")
    left_out = "" if verdict.clean else f"; {_count(verdict.rows_rejected, 'row', 'rows')} left out"
    return (0 if verdict.clean else 1), f"loaded version {outcome.version} from {origin}{left_out}"


def _rollback(args: argparse.Namespace) -> int:
    from queries import audit
    from queries.importing import store

    outcome = store.rollback(args.db, args.to)
    audit.record(
        _command_line_user(),
        None,
        "rollback",
        f"version {args.to} restored as version {outcome.version}",
    )
    print(f"restored version {args.to} of {args.db} as version {outcome.version}")
    if outcome.dropped:
        print(f"note: {outcome.retention_note()}")
    return 0


def _history(args: argparse.Namespace) -> int:
    from queries.importing import store

    frame = store.history(args.db)
    if frame.empty:
        print(f"{args.db} has no load history")
        return 0
    for row in frame.itertuples():
        kept = "restorable" if row.restorable else "no longer kept"
        source = f" {row.source}" if row.source else ""
        print(f"v{row.version}  {row.loaded_at:%Y-%m-%d %H:%M} UTC  {row.action}{source}  ({kept})")
    return 0


def _add_source_and_filters(command: argparse.ArgumentParser) -> None:
    """The data source and the global filters, the same for every command that reports."""
    source = command.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="folder of canonical CSV/XLSX")
    source.add_argument("--db", type=Path, help="DuckDB file built by `load`")
    command.add_argument("--as-of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    command.add_argument("--window-months", type=int, default=12)
    command.add_argument("--grace-days", type=int, default=90)
    command.add_argument("--tier", action="append", default=[])
    command.add_argument("--region", action="append", default=[])
    command.add_argument("--cam", action="append", default=[], help="a CAM's name or id")
    command.add_argument("--partner-type", action="append", default=[])


def _filters(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> Filters:
    """The global filters from the flags, each value resolved to the data's (selection.py)."""
    given = {
        "tier": args.tier,
        "region": args.region,
        "cam": args.cam,
        "partner_type": args.partner_type,
    }
    options = selection.options(con) if any(given.values()) else []
    chosen = {kind: selection.resolve(options, kind, values) for kind, values in given.items()}
    return Filters(
        as_of=args.as_of,
        window_months=args.window_months,
        grace_days=args.grace_days,
        forecast_lead_days=getattr(args, "forecast_lead_days", 0),
        tiers=chosen["tier"],
        regions=chosen["region"],
        cams=chosen["cam"],
        partner_types=chosen["partner_type"],
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queries", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    load = commands.add_parser(
        "load", help="build or refresh a DuckDB file from a folder or a database"
    )
    origin = load.add_mutually_exclusive_group(required=True)
    origin.add_argument("--data", type=Path, help="folder of canonical CSV/XLSX")
    origin.add_argument(
        "--source",
        metavar="URL",
        help="SQLAlchemy URL of the system of record (the password may come from PGPASSWORD "
        "or ~/.pgpass instead of the URL)",
    )
    load.add_argument(
        "--tables",
        type=Path,
        metavar="FILE",
        help="with --source: a TOML file of one SQL query per canonical table",
    )
    load.add_argument("--db", type=Path, required=True, help="DuckDB file to build or refresh")
    load.add_argument(
        "--load-accepted",
        action="store_true",
        help="load the rows that pass even when others are rejected (exit 1); a table whose "
        "every row is rejected keeps its current rows",
    )
    load.add_argument(
        "--roll-up-lines",
        action="store_true",
        help="the deal registration file holds order lines: add up the lines of each deal_id "
        "(sum of amounts, earliest dates) into one registration",
    )
    load.add_argument(
        "--mode",
        action="append",
        default=[],
        metavar="[TABLE=]upsert|replace",
        help="upsert (the default: add new rows, update rows by key, keep the rest) or replace "
        "a table's rows; a bare mode applies to every table, TABLE=MODE to one (repeatable)",
    )
    load.add_argument(
        "--yes",
        action="store_true",
        help="load even when a table would keep fewer than half of its rows",
    )

    rollback = commands.add_parser("rollback", help="restore an earlier version as a new one")
    rollback.add_argument("--db", type=Path, required=True, help="DuckDB file built by `load`")
    rollback.add_argument("--to", type=int, required=True, metavar="VERSION")

    history = commands.add_parser("history", help="list the versions of a DuckDB file")
    history.add_argument("--db", type=Path, required=True, help="DuckDB file built by `load`")

    kpis = commands.add_parser("kpis", help="print the headline KPIs as one JSON object")
    _add_source_and_filters(kpis)
    kpis.add_argument("--forecast-lead-days", type=int, default=0)

    report = commands.add_parser(
        "backtest", help="print the early-warning backtest as one JSON object"
    )
    _add_source_and_filters(report)
    report.add_argument(
        "--rule",
        choices=["in-force", "default", "tuned"],
        default="in-force",
        help="the rule whose flags are listed now (in-force: the one saved on the Dark "
        "partners page, else the default)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "load" and bool(args.source) != bool(args.tables):
        parser.error("--source and --tables go together")
    if args.command in ("kpis", "backtest"):
        try:
            return _report(args)
        except (LoadError, ValueError, duckdb.Error) as exc:
            return _failed(args, exc)
    from queries.importing import store  # load, rollback and history: the versioned store

    try:
        return {"load": _load, "rollback": _rollback, "history": _history}[args.command](args)
    except store.LoadBusy as exc:
        print(
            f"error: {exc}; nothing was written. Try again when it has finished.", file=sys.stderr
        )
        return 3
    except store.LoadRefused as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return 2
    except (LoadError, ValueError, duckdb.Error) as exc:
        return _failed(args, exc)


def _report(args: argparse.Namespace) -> int:
    """kpis and backtest: one JSON object."""
    if args.command == "backtest":
        if args.db and (problem := database_problem(args.db)):
            return _unreadable(args.db, problem)
        con = open_database(args.db) if args.db else load_folder(args.data)
        print(json.dumps(backtest_report(con, _filters(con, args), args.rule), indent=2))
        return 0
    if args.db:
        con, problem = read_in_place(args.db)
        if problem:
            return _unreadable(args.db, problem)
        if not views_current(con):  # loaded by an earlier version: built again in memory
            con.close()
            con = open_database(args.db)
        filters = sql.resolve(con, _filters(con, args))
        _snapshot_in_place(con, filters)
    else:
        # Nothing the KPIs do not read: no view only the pages query, no default-date
        # snapshots, and the conflict check over the window alone.
        con = load_folder(
            args.data, derived_tables=KPI_DERIVED_TABLES, default_snapshots=False, page_views=False
        )
        filters = sql.resolve(con, _filters(con, args))
        keep_window_registrations(con, filters.as_of, filters.window_months)
    print(json.dumps(headline_kpis(con, filters), indent=2))
    return 0


def _unreadable(db_path: Path, problem: str) -> int:
    print(f"error: cannot read {db_path} as channel data: it {problem}", file=sys.stderr)
    return 2


def _failed(args: argparse.Namespace, exc: Exception) -> int:
    """One line (or the contract's list of problems) for what went wrong; exit status 2."""
    if isinstance(exc, LoadError):
        print("error: the data does not meet the contract; nothing was written.", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
    elif isinstance(exc, ValueError):
        print(f"error: {exc}", file=sys.stderr)
    else:
        # A file that is not a DuckDB database built by `load` (or a damaged one).
        where = getattr(args, "db", None) or getattr(args, "data", None)
        reason = str(exc).splitlines()[0]
        print(f"error: cannot read {where} as channel data: {reason}", file=sys.stderr)
    return 2
