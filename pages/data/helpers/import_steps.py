"""The Data page's import steps as widgets: the mapping editor and the validation report.

The decisions (which table, which mapping, the checks) are made in queries/importing/review.py;
these functions only show them and collect the analyst's corrections.
"""

from __future__ import annotations

import streamlit as st

from components import export, format, tables
from queries.contract import DEAL_STATUSES, TABLES
from queries.importing import pipeline, review
from queries.importing.reading import RawFile

RESULTS_KEY = "import_results"
NOT_IN_FILE = "(not in the file)"


def mapping_editor(index: int, raw: RawFile) -> review.FileChoice:
    """Pick the table, correct the proposed mapping; returns the analyst's choice."""
    headers = list(raw.frame.columns)
    names = list(TABLES)
    table = st.selectbox(
        "This file holds",
        names,
        index=names.index(review.recognise(raw)),
        key=f"import_table_{index}",
    )
    proposal = review.proposed_mapping(table, raw)
    chosen, defaults = {}, {}
    for start in range(0, len(TABLES[table].columns), 3):
        for cell, column in zip(
            st.columns(3), TABLES[table].columns[start : start + 3], strict=False
        ):
            label = f"{column.name} *" if column.required else column.name
            options = [NOT_IN_FILE, *headers]
            pick = cell.selectbox(
                label,
                options,
                index=options.index(proposal[column.name]) if proposal[column.name] else 0,
                key=f"import_map_{index}_{table}_{column.name}",
            )
            chosen[column.name] = None if pick == NOT_IN_FILE else pick
            if column.required and chosen[column.name] is None:
                value = cell.text_input(
                    f"or one {column.name} for every row",
                    key=f"import_default_{index}_{table}_{column.name}",
                )
                if value:
                    defaults[column.name] = value
    stages = {}
    if table == "deal_registrations" and chosen.get("status"):
        stage_table = st.data_editor(
            review.stage_proposal(raw, chosen["status"]),
            key=f"import_stages_{index}",
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
    return review.FileChoice(table, chosen, defaults, stages)


def show_report(results: dict[str, pipeline.TableResult]) -> None:
    st.subheader("Validation report")
    summary = pipeline.report(results)
    tables.show(summary)
    rejected = pipeline.rejected_rows(results)
    if rejected.empty:
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
