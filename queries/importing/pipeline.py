"""Normalise and validate mapped tables; report every rejected row with its reasons.

Nothing is written here: the result is a set of typed, accepted frames and a report. Lines read
= rows accepted + lines rolled up into them + rows rejected, for every table, always.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pandas as pd

from queries.contract import (
    CLAIM_STATUSES,
    DEAL_ORIGINS,
    DEAL_STATUSES,
    INCENTIVE_KINDS,
    OPEN_DEAL_STATUSES,
    RANGES,
    TABLES,
)
from queries.importing import normalise
from queries.importing.synonyms import INCENTIVE_KIND_MAP

AMOUNT_COLUMNS = {
    "amount",
    "forecast_amount",
    "allocated_amount",
    "requested_amount",
    "approved_amount",
    "claimed_amount",
    "paid_amount",
    "potential",
    "annual_cost",
    "target_amount",
}
# Required vocabularies: a value the maps do not know rejects its row, with the reason.
VOCABULARIES = {
    ("deal_registrations", "status"): DEAL_STATUSES,
    ("mdf_claims", "status"): CLAIM_STATUSES,
    ("incentive_programs", "kind"): INCENTIVE_KINDS,
}
# Optional vocabularies: a value the map does not know becomes unknown (empty), with a warning;
# the row stays, as its other columns hold what the other pages count.
OPTIONAL_VOCABULARIES = {("deal_registrations", "origin"): DEAL_ORIGINS}
# C0 and C1 control characters other than tab and line breaks: never part of a name or label.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ValueLimits:
    """How far a value may lie from what a channel program holds; set by environment."""

    max_amount: float = 1e12  # any amount column, in the program's currency
    horizon_years: int = 5  # dates (and quarters) after the load date

    @classmethod
    def from_env(cls) -> ValueLimits:
        env = os.environ.get
        return cls(
            max_amount=float(env("CHANNEL_MAX_AMOUNT", cls.max_amount)),
            horizon_years=int(env("CHANNEL_DATE_HORIZON_YEARS", cls.horizon_years)),
        )


@dataclass
class TableResult:
    table: str
    source: str
    rows_read: int
    accepted: pd.DataFrame
    rejected: pd.DataFrame  # line, reasons, and the row's mapped values
    warnings: list[str] = field(default_factory=list)
    lines_rolled_up: int = 0  # order lines added into another line's registration

    @property
    def rows_accepted(self) -> int:
        return len(self.accepted)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)


def _reason_frame(index: pd.Index) -> pd.Series:
    return pd.Series([[] for _ in range(len(index))], index=index, dtype=object)


def _add(
    reasons: pd.Series,
    mask: pd.Series,
    reason: str | pd.Series | Callable[[pd.Index], pd.Series],
) -> None:
    """Append `reason` to the rows in `mask`: one text, a text per row, or a function giving
    the text of each of those rows (called only when there are any, as texts cost time)."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return
    rows = mask[mask].index
    if isinstance(reason, str):
        texts = [reason] * len(rows)
    else:
        texts = (reason[rows] if isinstance(reason, pd.Series) else reason(rows)).tolist()
    for i, text in zip(rows, texts, strict=True):
        reasons[i].append(text)


def _said(
    column: str, values: pd.Series, rows: pd.Index, before: str | pd.Series = "", after: str = ""
) -> pd.Series:
    """ "column: <before> 'value' <after>" for each of `rows`."""
    if isinstance(before, pd.Series):
        lead = before[rows].astype(str) + " "
    else:
        lead = f"{before} " if before else ""
    return f"{column}: " + lead + values[rows].map(repr) + (f" {after}" if after else "")


def prepare(
    table: str,
    source: str,
    raw: pd.DataFrame,
    mapping: dict[str, str | None],
    stage_map: dict[str, str] | None = None,
    line_offset: int = 2,
    defaults: dict[str, str] | None = None,
    row_problems: dict[int, list[str]] | None = None,
    roll_up: bool = False,
    today: date | None = None,
) -> TableResult:
    """Map, normalise and check one table; `line_offset` turns row positions into file lines.

    `defaults` gives a value for a canonical column that no header holds (say, tier "Registered"
    for an account export that has none). `row_problems` are the rows the reader could not read
    exactly. With `roll_up`, rows that share a key are order lines of one record: they become
    one row (amounts added, the earliest dates), and all are rejected if one is.
    """
    spec = TABLES[table]
    limits = ValueLimits.from_env()
    today = today or date.today()
    horizon = (pd.Timestamp(today) + pd.DateOffset(years=limits.horizon_years)).date()
    frame = raw.reset_index(drop=True)
    for column, value in (defaults or {}).items():
        if value not in (None, "") and not mapping.get(column):
            frame[f"(default) {column}"] = value
            mapping = {**mapping, column: f"(default) {column}"}
    reasons = _reason_frame(frame.index)
    for position, problems in (row_problems or {}).items():
        reasons[position].extend(problems)
    out = pd.DataFrame(index=frame.index)
    missing_required: dict[str, pd.Series] = {}
    warnings: list[str] = []
    for column in spec.columns:
        header = mapping.get(column.name)
        if header is None or header not in frame.columns:
            out[column.name] = None
            if column.required:
                missing_required[column.name] = pd.Series(True, index=frame.index)
            continue
        values = frame[header]
        kind = column.kind
        if (table, column.name) in VOCABULARIES:
            maps = (stage_map or {}) if column.name == "status" else INCENTIVE_KIND_MAP
            parsed, bad = normalise.parse_statuses(values, maps, VOCABULARIES[(table, column.name)])
            problem = bad.map(lambda b, name=column.name: f"unknown {name}" if b else None)
        elif (table, column.name) in OPTIONAL_VOCABULARIES:
            parsed, unknown = normalise.parse_origins(values)
            problem = pd.Series(None, index=frame.index, dtype=object)
            if unknown:
                shown = ", ".join(repr(v) for v in unknown[:5])
                shown += ", …" if len(unknown) > 5 else ""
                warnings.append(
                    f"{column.name}: {len(unknown)} value{'s' if len(unknown) != 1 else ''} "
                    f"not recognised ({shown}); those deals count as of unknown origin"
                )
        elif kind == "date":
            parsed, problem = normalise.parse_dates_explained(values)
        elif kind == "quarter":
            parsed, bad = normalise.parse_quarters(values)
            problem = bad.map(lambda b: "unreadable period" if b else None)
        elif kind in ("number", "integer"):
            parsed, problem, currencies = normalise.read_amounts(values)
            if kind == "integer":
                fraction = parsed.notna() & (parsed.fillna(0) % 1 != 0)
                problem = problem.mask(fraction.astype(bool), "not a whole number")
        else:
            parsed = normalise.parse_text(values)
            problem = pd.Series(None, index=frame.index, dtype=object)
            control = parsed.str.contains(CONTROL.pattern, regex=True, na=False).astype(bool)
            for i in control[control].index:
                char = CONTROL.search(parsed[i]).group()
                problem[i] = f"control character U+{ord(char):04X} in"
        has_problem = problem.notna()
        name = column.name
        _add(reasons, has_problem, partial(_said, name, values, before=problem))
        if column.required:
            missing_required[name] = normalise.missing(values) & ~has_problem
        if name in AMOUNT_COLUMNS:
            if len(currencies) > 1:
                warnings.append(
                    f"{name} values carry {len(currencies)} currencies "
                    f"({', '.join(sorted(currencies))}); amounts are added as if in one"
                )
            numbers = pd.to_numeric(parsed, errors="coerce")
            _add(reasons, numbers < 0, partial(_said, name, values, before="negative amount"))
            ceiling = f"is over the {limits.max_amount:,.0f} ceiling"
            _add(
                reasons,
                numbers.abs() > limits.max_amount,
                partial(_said, name, values, after=ceiling),
            )
        if (table, name) in RANGES:
            low, high = RANGES[(table, name)]
            numbers = pd.to_numeric(parsed, errors="coerce")
            outside = numbers.notna() & ((numbers < low) | (numbers > high))
            _add(reasons, outside, partial(_said, name, values, after=f"is outside {low}–{high}"))
        if kind in ("date", "quarter"):
            far = pd.to_datetime(parsed, errors="coerce") > pd.Timestamp(horizon)
            years = f"{limits.horizon_years} year" + ("s" if limits.horizon_years != 1 else "")
            late = f"lies more than {years} after the load date"
            _add(reasons, far, partial(_said, name, values, after=late))
        out[name] = parsed
    for name, empty in missing_required.items():
        exempt = spec.exempt(name)
        if exempt:  # say, the amount of an open registration
            by, spared = exempt
            empty = empty & ~out[by].isin(spared).fillna(False).astype(bool)
        unmapped = mapping.get(name) is None or mapping.get(name) not in frame.columns
        _add(
            reasons,
            empty,
            f"{name}: {'no column mapped' if unmapped else 'missing required value'}",
        )
    for earlier, later in spec.ordered:
        if mapping.get(earlier) in frame.columns and mapping.get(later) in frame.columns:
            first = pd.to_datetime(out[earlier], errors="coerce")
            then = pd.to_datetime(out[later], errors="coerce")
            _add(
                reasons,
                then < first,
                partial(
                    _said_before, later, frame[mapping[later]], earlier, frame[mapping[earlier]]
                ),
            )
    if spec.key and roll_up:
        result = _rolled_up(table, source, out, reasons, raw, line_offset)
    else:
        if spec.key:
            keyed = out[list(spec.key)].astype("string")
            duplicate = keyed.duplicated(keep="first") & keyed.notna().all(axis=1)
            if duplicate.any():
                described = keyed.apply(lambda row: repr(tuple(row)), axis=1)
                _add(reasons, duplicate, f"{'/'.join(spec.key)}: duplicate key " + described)
        result = _split(table, source, out, reasons, raw, line_offset)
    result.warnings += warnings
    return result


def _rolled_up(
    table: str,
    source: str,
    out: pd.DataFrame,
    reasons: pd.Series,
    raw: pd.DataFrame,
    line_offset: int,
) -> TableResult:
    """Order lines → one row per key: amounts added, the earliest dates, the first line's other
    values. Lines that disagree on a required value, or whose record has a rejected line, are
    all rejected: a partial sum would be a wrong number."""
    spec = TABLES[table]
    key = list(spec.key)
    groups = out[key].astype("string").fillna("").agg("\x1f".join, axis=1)
    lines = pd.Series(out.index + line_offset, index=out.index)
    # Amounts are added and dates take the earliest; every other required value is the
    # record's own (its partner, its status) and must be the same on each line.
    identity = [c.name for c in spec.columns if c.required and c.kind == "text"]
    for column in (c for c in identity if c not in key and c not in AMOUNT_COLUMNS):
        values = out[column].astype("string")
        disagree = values.groupby(groups).transform("nunique") > 1
        _add(reasons, disagree, f"{column}: the lines of " + groups.map(repr) + " disagree")
    bad = reasons.map(bool)
    first_bad = lines.where(bad).groupby(groups).transform("min")
    _add(
        reasons,
        first_bad.notna() & ~bad,
        f"{'/'.join(key)}: line "
        + first_bad.fillna(0).astype(int).astype(str)
        + " of "
        + groups.map(repr)
        + " is rejected, and with it every line of the record",
    )
    result = _split(table, source, out, reasons, raw, line_offset)
    accepted = result.accepted
    if accepted.empty:
        return result
    grouped = accepted.groupby(key, sort=False, dropna=False)
    rules = {}
    for column in accepted.columns:
        if column in key:
            continue
        kind = next((c.kind for c in spec.columns if c.name == column), None)
        if column in AMOUNT_COLUMNS:
            rules[column] = lambda s: s.sum(min_count=1)
        elif kind in ("date", "quarter"):
            rules[column] = lambda s: s.dropna().min() if s.notna().any() else None
        else:
            rules[column] = "first"
    rolled = grouped.agg(rules).reset_index()[accepted.columns]
    rolled["_lines"] = grouped["_line"].agg(tuple).to_numpy()
    result.lines_rolled_up = len(accepted) - len(rolled)
    result.accepted = rolled
    return result


def _split(
    table: str,
    source: str,
    out: pd.DataFrame,
    reasons: pd.Series,
    raw: pd.DataFrame,
    line_offset: int,
) -> TableResult:
    bad = reasons.map(bool)
    rejected = raw.reset_index(drop=True)[bad.to_numpy()].copy()
    rejected.insert(0, "reasons", reasons[bad].map("; ".join).to_numpy())
    rejected.insert(0, "line", (rejected.index + line_offset).to_numpy())
    rejected.insert(0, "table", table)
    rejected.insert(0, "file", source)
    accepted = out[~bad.to_numpy()].copy()
    accepted["_line"] = (accepted.index + line_offset).to_numpy()
    return TableResult(
        table, source, len(out), accepted.reset_index(drop=True), rejected.reset_index(drop=True)
    )


def _said_before(
    later: str, values: pd.Series, earlier: str, stated: pd.Series, rows: pd.Index
) -> pd.Series:
    """ "later: 'value' is before earlier 'value'" for each of `rows`."""
    return _said(later, values, rows, after=f"is before {earlier}") + " " + stated[rows].map(repr)


def check_references(
    results: dict[str, TableResult],
    known_partners: set[str] | None = None,
    known_keys: dict[str, set[str]] | None = None,
) -> None:
    """Reject rows whose partner_id (or a partner's cam_id, or a payment's program_id) names
    nothing that is loaded.

    `known_partners` are the loaded partners the load leaves in place: none when it replaces
    the partners table, so that a deal naming a partner only an earlier version knew is
    rejected like any unknown partner. `known_keys` are likewise the keys of the other tables
    named by reference (incentive programs), by table.
    """
    for name, result in results.items():
        for column, target in TABLES[name].references:
            if result.accepted.empty:
                continue
            known = set((known_keys or {}).get(target, ()))
            if target in results:
                known |= set(results[target].accepted[TABLES[target].key[0]])
            unknown = result.accepted[column].notna() & ~result.accepted[column].isin(known)
            _move_to_rejected(
                result,
                unknown,
                lambda row, c=column: f"{c}: unknown {c} {getattr(row, c)!r}",
            )
    partners = set(known_partners or ())
    if "partners" in results:
        partners |= set(results["partners"].accepted.partner_id)
    for name, result in results.items():
        if not TABLES[name].references_partners or result.accepted.empty:
            continue
        unknown = ~result.accepted.partner_id.isin(partners)
        _move_to_rejected(
            result, unknown, lambda row: f"partner_id: unknown partner_id {row.partner_id!r}"
        )
    if "cams" in results and "partners" in results:
        cams = set(results["cams"].accepted.cam_id)
        accepted = results["partners"].accepted
        unknown = accepted.cam_id.notna() & ~accepted.cam_id.isin(cams)
        _move_to_rejected(
            results["partners"], unknown, lambda row: f"cam_id: unknown cam_id {row.cam_id!r}"
        )


def _move_to_rejected(result: TableResult, mask: pd.Series, reason) -> None:
    if not mask.any():
        return
    moved = result.accepted[mask.to_numpy()]
    rows = pd.DataFrame(
        {
            "file": result.source,
            "table": result.table,
            "line": moved._line.to_numpy(),
            "reasons": [reason(r) for r in moved.itertuples()],
        }
    )
    if "_lines" in moved:  # a rolled-up record: every one of its lines is rejected
        rows["line"] = moved._lines.to_numpy()
        rows = rows.explode("line", ignore_index=True)
        result.lines_rolled_up -= len(rows) - len(moved)
    result.rejected = pd.concat([result.rejected, rows], ignore_index=True)
    result.accepted = result.accepted[~mask.to_numpy()].reset_index(drop=True)


def add_warnings(results: dict[str, TableResult], today: date | None = None) -> None:
    """Suspicious but accepted data: future dates, outlying amounts, partners with no deals."""
    today = today or date.today()
    for result in results.values():
        frame = result.accepted
        for column in TABLES[result.table].columns:
            if column.kind == "date" and column.name in frame:
                future = pd.to_datetime(frame[column.name], errors="coerce") > pd.Timestamp(today)
                if future.any():
                    result.warnings.append(
                        f"{int(future.sum())} {column.name} values lie in the future"
                    )
            if column.name in AMOUNT_COLUMNS and column.name in frame:
                amounts = pd.to_numeric(frame[column.name], errors="coerce").dropna()
                if len(amounts) >= 10 and amounts.median() > 0:
                    far = amounts > 100 * amounts.median()
                    if far.any():
                        result.warnings.append(
                            f"{int(far.sum())} {column.name} values are over 100× the median"
                        )
    if "deal_registrations" in results:
        deals = results["deal_registrations"].accepted
        unvalued = int((deals.status.isin(OPEN_DEAL_STATUSES) & deals.amount.isna()).sum())
        if unvalued:
            results["deal_registrations"].warnings.append(
                f"{unvalued} open registrations have no amount: they count as registrations "
                "of unknown value"
            )
    if "partners" in results and "deal_registrations" in results:
        selling = set(results["deal_registrations"].accepted.partner_id)
        idle = ~results["partners"].accepted.partner_id.isin(selling)
        if idle.any():
            results["partners"].warnings.append(
                f"{int(idle.sum())} partners have no deal registration"
            )


def report(results: dict[str, TableResult]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "table": r.table,
                "file": r.source,
                "rows read": r.rows_read,
                "accepted": r.rows_accepted,
                "order lines added up": r.lines_rolled_up,
                "rejected": r.rows_rejected,
                "warnings": "; ".join(r.warnings),
            }
            for r in results.values()
        ]
    )


def rejected_rows(results: dict[str, TableResult]) -> pd.DataFrame:
    frames = [
        r.rejected[["file", "table", "line", "reasons"]]
        for r in results.values()
        if not r.rejected.empty
    ]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["file", "table", "line", "reasons"])
    )
