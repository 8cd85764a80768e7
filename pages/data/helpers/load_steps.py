"""The Data page's write steps: a load mode per table, what the load will do, the history.

Like import_steps, this keeps state in the session: the mode chosen for each table, the
plan last worked out for them, and the analyst's confirmation of a load that shrinks a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from components import tables
from components.access import record
from queries.importing import plan as load_plan
from queries.importing import store
from queries.importing.pipeline import TableResult

PLAN_KEY = "load_plan"


@dataclass(frozen=True)
class LoadChoice:
    modes: dict[str, str]
    plan: load_plan.LoadPlan | None
    ready: bool  # something to load, and any shrinking table confirmed
    allow_shrink: bool


def _plan(target: Path, results: dict[str, TableResult], modes: dict[str, str]):
    """The plan for these results and modes against the file now in place, once per change."""
    try:
        stat = target.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns)
    except FileNotFoundError:
        stamp = None
    key = (id(results), stamp, tuple(sorted(modes.items())))
    cached = st.session_state.get(PLAN_KEY)
    if cached and cached[0] == key:
        return cached[1]
    plan = store.plan_load(target, results, modes)
    st.session_state[PLAN_KEY] = (key, plan)
    return plan


def choose(target: Path, results: dict[str, TableResult]) -> LoadChoice:
    """Pick replace or add/update per table, and show what each table will hold afterwards."""
    st.subheader("What the load does")
    cells = st.columns(min(3, len(results)) or 1)
    modes = {}
    for index, name in enumerate(results):
        modes[name] = cells[index % len(cells)].selectbox(
            f"{load_plan.NOUNS[name].capitalize()} ({name})",
            load_plan.MODES,
            format_func=lambda mode: load_plan.MODE_LABELS[mode].capitalize(),
            key=f"load_mode_{name}",
            help="Add or update by key keeps every loaded row the files do not mention; "
            "replace leaves the table holding exactly the files' rows.",
        )
    try:
        plan = _plan(target, results, modes)
    except store.LoadRefused as error:
        st.error(f"Nothing can be loaded: {error}.")
        return LoadChoice(modes, None, False, False)
    tables.show(
        pd.DataFrame(
            [
                {
                    "table": name,
                    "how": load_plan.MODE_LABELS[change.mode],
                    "rows now": change.before,
                    "rows after": change.after,
                    "new": change.new,
                    "updated": change.updated,
                    "unchanged": change.unchanged,
                    "removed": change.removed,
                }
                for name, change in plan.changes.items()
            ]
        )
    )
    for line in plan.lines():
        st.caption(line)
    if plan.changes_nothing:
        st.info("The files add no rows and change none: there is nothing to load.")
        return LoadChoice(modes, plan, False, False)
    allow_shrink = True
    if plan.shrinking:
        shrinking = "; ".join(
            f"{load_plan.NOUNS[c.table]} from {c.before:,} to {c.after:,}" for c in plan.shrinking
        )
        st.warning(
            f"This load leaves fewer than half the rows: {shrinking}. Earlier versions stay in "
            "the history, but every page will show the smaller table."
        )
        allow_shrink = st.checkbox(
            "Load it anyway: replace the rows as shown", key="load_confirm_shrink"
        )
    return LoadChoice(modes, plan, allow_shrink, allow_shrink and bool(plan.shrinking))


def write(target: Path, results: dict[str, TableResult], choice: LoadChoice) -> bool:
    """Load as chosen; says what happened. True when a version was written."""
    try:
        outcome = store.write_load(
            target,
            results,
            "upload",
            choice.modes,
            allow_shrink=choice.allow_shrink,
            plan=choice.plan,
        )
    except store.LoadBusy as busy:
        st.warning(f"Nothing was loaded: {busy}. Try again when it has finished.")
        return False
    except store.LoadRefused as error:
        st.error(f"Nothing was loaded: {error}.")
        return False
    record("load", f"version {outcome.version}")
    note = outcome.retention_note()
    st.success(
        f"Loaded as version {outcome.version}. Every page now shows it."
        + (f" Note: {note}." if note else "")
    )
    st.session_state.pop(PLAN_KEY, None)
    return True


def history(target: Path, versions: pd.DataFrame) -> None:
    """The load history, and a rollback to any version that can still be restored."""
    tables.show(versions)
    if versions.empty:
        return
    current = int(versions.version.max())
    options = [int(v) for v in versions[versions.restorable].version if int(v) != current]
    wanted = st.session_state.get("rollback_version")
    if wanted is not None and wanted not in options:
        st.warning(f"Version {wanted} can no longer be restored: a load or rollback since then.")
    if not options:
        st.caption(f"Version {current} is the only version that can be shown.")
        return
    version = st.selectbox(
        "Roll back to version",
        options,
        key="rollback_version",
        help=f"The history keeps the last {store.KEEP} versions and always the newest load.",
    )
    if st.button("Roll back", key="rollback"):
        try:
            outcome = store.rollback(target, int(version))
        except store.LoadBusy as busy:
            st.warning(f"Nothing was rolled back: {busy}. Try again when it has finished.")
            return
        except store.LoadRefused as error:
            st.error(f"Nothing was rolled back: {error}.")
            return
        record("rollback", f"version {version} restored as version {outcome.version}")
        note = outcome.retention_note()
        st.success(
            f"Version {version} restored as version {outcome.version}."
            + (f" Note: {note}." if note else "")
        )
