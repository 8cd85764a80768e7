"""Normalise and validate mapped tables; report every rejected row with its reasons.

Nothing is written here: the result is a set of typed, accepted frames and a report. Rows read
= rows accepted + rows rejected, for every table, always.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from queries.contract import CLAIM_STATUSES, DEAL_STATUSES, TABLES
from queries.importing import normalise

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
}
VOCABULARIES = {
    ("deal_registrations", "status"): DEAL_STATUSES,
    ("mdf_claims", "status"): CLAIM_STATUSES,
}


@dataclass
class TableResult:
    table: str
    source: str
    rows_read: int
    accepted: pd.DataFrame
    rejected: pd.DataFrame  # line, reasons, and the row's mapped values
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_accepted(self) -> int:
        return len(self.accepted)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)


def _reason_frame(index: pd.Index) -> pd.Series:
    return pd.Series([[] for _ in range(len(index))], index=index, dtype=object)


def prepare(
    table: str,
    source: str,
    raw: pd.DataFrame,
    mapping: dict[str, str | None],
    stage_map: dict[str, str] | None = None,
    line_offset: int = 2,
    defaults: dict[str, str] | None = None,
) -> TableResult:
    """Map, normalise and check one table; `line_offset` turns row positions into file lines.

    `defaults` gives a value for a canonical column that no header holds (say, tier "Registered"
    for an account export that has none).
    """
    spec = TABLES[table]
    frame = raw.reset_index(drop=True)
    for column, value in (defaults or {}).items():
        if value not in (None, "") and not mapping.get(column):
            frame[f"(default) {column}"] = value
            mapping = {**mapping, column: f"(default) {column}"}
    reasons = _reason_frame(frame.index)
    out = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        header = mapping.get(column.name)
        if header is None or header not in frame.columns:
            out[column.name] = None
            if column.required:
                for i in frame.index:
                    reasons[i].append(f"{column.name}: no column mapped")
            continue
        values = frame[header]
        kind = column.kind
        if (table, column.name) in VOCABULARIES:
            parsed, bad = normalise.parse_statuses(
                values, stage_map or {}, VOCABULARIES[(table, column.name)]
            )
            label = "unknown status"
        elif kind == "date":
            parsed, bad = normalise.parse_dates(values)
            label = "bad date"
        elif kind == "quarter":
            parsed, bad = normalise.parse_quarters(values)
            label = "unreadable period"
        elif kind in ("number", "integer"):
            parsed, bad = normalise.parse_amounts(values)
            label = "not a number"
        else:
            parsed, bad = normalise.parse_text(values), pd.Series(False, index=frame.index)
            label = ""
        for i in bad[bad].index:
            reasons[i].append(f"{column.name}: {label} {values[i]!r}")
        if column.required:
            empty = normalise.missing(values) & ~bad
            for i in empty[empty].index:
                reasons[i].append(f"{column.name}: missing required value")
        if column.name in AMOUNT_COLUMNS:
            negative = pd.to_numeric(parsed, errors="coerce") < 0
            for i in negative[negative.fillna(False)].index:
                reasons[i].append(f"{column.name}: negative amount {values[i]!r}")
        out[column.name] = parsed
    if spec.key:
        keyed = out[list(spec.key)].astype("string")
        duplicate = keyed.duplicated(keep="first") & keyed.notna().all(axis=1)
        for i in duplicate[duplicate].index:
            reasons[i].append(f"{'/'.join(spec.key)}: duplicate key {tuple(keyed.loc[i])!r}")
    return _split(table, source, out, reasons, raw, line_offset)


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


def check_references(
    results: dict[str, TableResult], known_partners: set[str] | None = None
) -> None:
    """Reject rows whose partner_id (or a partner's cam_id) names nobody that is loaded."""
    partners = set(results["partners"].accepted.partner_id) if "partners" in results else set()
    partners |= known_partners or set()
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
