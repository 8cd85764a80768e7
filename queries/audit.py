"""The audit trail: who signed in, loaded, rolled back, refreshed or exported a QBR pack, and when.

Rows go to the app's own DuckDB state file (queries/scenarios.py: CHANNEL_STATE_DB, or
.state/scenarios.duckdb), not to the channel data file: that file is the system of record a
refresh replaces whole, and its change stamp tells every session to reload, which a sign-in must
not do.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import duckdb
import pandas as pd

from queries.scenarios import state_path

ACTIONS = ("sign-in", "load", "rollback", "refresh", "QBR pack export")
COLUMNS = ["recorded_at", "who", "role", "action", "detail"]


def _connect() -> duckdb.DuckDBPyConnection:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Another process (a second app server, a nightly refresh) may hold the file for a moment.
    for attempt in range(20):
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException:
            if attempt == 19:
                raise
            time.sleep(0.1)
    con.execute(
        "create table if not exists audit_log (recorded_at timestamp not null, "
        "who varchar not null, role varchar, action varchar not null, detail varchar)"
    )
    return con


def record(who: str, role: str | None, action: str, detail: str = "") -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with _connect() as con:
        con.execute(
            "insert into audit_log values ($at, $who, $role, $action, $detail)",
            {
                "at": datetime.now(UTC).replace(tzinfo=None),
                "who": who,
                "role": role,
                "action": action,
                "detail": detail,
            },
        )


def recorded(who: str, action: str, detail: str) -> bool:
    """Whether this exact event is already in the trail (a sign-in seen again after a reload)."""
    with _connect() as con:
        row = con.execute(
            "select count(*) > 0 from audit_log "
            "where who = $who and action = $action and detail = $detail",
            {"who": who, "action": action, "detail": detail},
        ).fetchone()
    return bool(row and row[0])


def trail(limit: int = 500) -> pd.DataFrame:
    """The latest events, newest first."""
    if not state_path().exists():
        return pd.DataFrame(columns=COLUMNS)
    with _connect() as con:
        return con.execute(
            "select recorded_at, who, role, action, detail from audit_log "
            "order by recorded_at desc limit $n",
            {"n": limit},
        ).df()


def last(action: str) -> pd.Series | None:
    """The latest event of one kind, or None."""
    if not state_path().exists():
        return None
    with _connect() as con:
        frame = con.execute(
            "select recorded_at, who, role, action, detail from audit_log where action = $action "
            "order by recorded_at desc limit 1",
            {"action": action},
        ).df()
    return None if frame.empty else frame.iloc[0]
