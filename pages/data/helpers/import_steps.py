"""The Data page's import steps as widgets: reading the uploads, the mapping editor, the report.

The decisions (which table, which mapping, the checks, what a load may write) are made in
queries/importing/review.py, the same functions the command line calls; these widgets only show
them and collect the analyst's corrections. Every widget of a file is keyed by the file's
identity (its name and content), so removing one file never hands its choices to another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import streamlit as st

from components import export, format, tables, text
from queries.contract import DEAL_STATUSES, TABLES
from queries.importing import pipeline, review
from queries.importing.reading import RawFile

VERDICT_KEY = "import_verdict"
READ_KEY = "import_files_read"
NOT_IN_FILE = "(not in the file)"
SKIP = "(skip this file)"


def read(uploads) -> review.Intake:
    """The uploaded files, each read once per session."""
    kept = st.session_state.setdefault(READ_KEY, {})
    return review.read_uploads(((u.name, u.getvalue()) for u in uploads or []), kept)


def mapping_editor(file_key: str, raw: RawFile) -> review.FileChoice:
    """Pick the table (or skip the file), correct the proposed mapping; the analyst's choice."""
    headers = list(raw.frame.columns)
    options = [SKIP, *TABLES]
    proposed = review.recognise(raw)
    table = st.selectbox(
        "This file holds",
        options,
        index=options.index(proposed or SKIP),
        key=f"import_table_{file_key}",
        help="Skip a file that holds none of the tables (a products list, a sales-team list).",
    )
    if table == SKIP:
        st.caption("Skipped: nothing of this file is checked or loaded.")
        return review.FileChoice(None)
    proposal = review.proposed_mapping(table, raw)
    chosen, defaults = {}, {}
    for start in range(0, len(TABLES[table].columns), 3):
        for cell, column in zip(
            st.columns(3), TABLES[table].columns[start : start + 3], strict=False
        ):
            label = f"{column.name} *" if column.required else column.name
            column_options = [NOT_IN_FILE, *headers]
            pick = cell.selectbox(
                label,
                column_options,
                index=column_options.index(proposal[column.name]) if proposal[column.name] else 0,
                key=f"import_map_{file_key}_{table}_{column.name}",
            )
            chosen[column.name] = None if pick == NOT_IN_FILE else pick
            if column.required and chosen[column.name] is None:
                value = cell.text_input(
                    f"or one {column.name} for every row",
                    key=f"import_default_{file_key}_{table}_{column.name}",
                )
                if value:
                    defaults[column.name] = value
    roll_up = False
    repeated = review.repeated_keys(table, raw, chosen)
    if table == "deal_registrations" and repeated:
        roll_up = st.checkbox(
            f"These are order lines ({repeated:,} rows repeat a deal_id): add up the lines of "
            "each deal_id into one registration",
            key=f"import_rollup_{file_key}",
            help="Amounts are added and the earliest dates kept; lines of one deal that disagree "
            "on its partner or status are rejected, and with them the whole deal.",
        )
    stages = {}
    if table == "deal_registrations" and chosen.get("status"):
        stage_table = st.data_editor(
            review.stage_proposal(raw, chosen["status"]),
            key=f"import_stages_{file_key}",
            hide_index=True,
            disabled=["value in the file"],
            column_config={
                "status": st.column_config.SelectboxColumn("Status", options=list(DEAL_STATUSES))
            },
        )
        stages = {
            str(r["value in the file"]).lower(): r.status
            for _, r in stage_table.iterrows()
            if r.status
        }
    return review.FileChoice(table, chosen, defaults, stages, roll_up)


def fingerprint(keys: list[str], choices: list[review.FileChoice]) -> str:
    """Identifies the files and choices a verdict was made for: a verdict is shown, and can be
    loaded, only while they are still the same."""
    text = json.dumps([[k, asdict(c)] for k, c in zip(keys, choices, strict=True)], default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def show_report(verdict: review.Verdict) -> None:
    st.subheader("Validation report")
    summary = pipeline.report(verdict.results)
    tables.show(summary)
    for message in verdict.missing:
        st.error(f"Nothing can be loaded: {text.literal(message)}.")
    for message in verdict.held_back.values():
        st.error(f"Not loaded: {text.literal(message)}.")
    if not verdict.results:
        st.info("No file holds a table: every file is skipped, so there is nothing to check.")
        return
    rejected = pipeline.rejected_rows(verdict.results)
    if rejected.empty:
        if not verdict.held_back:
            st.success("Every row passed the checks.")
        return
    st.warning(
        f"{format.plural(len(rejected), 'row')} rejected: they will not be loaded; the rest can be."
    )
    tables.show(rejected.head(500))
    st.download_button(
        "Download every rejected row with its reasons (CSV)",
        export.csv_bytes(tables.labelled(rejected)),
        file_name="rejected_rows.csv",
        mime="text/csv",
        key="import_rejected_csv",
    )
