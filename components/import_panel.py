"""The Data page's import steps: mapping editors, the validation report, the load.

Like the global filters, this keeps state in the session: the files read, the mappings the
analyst corrected, and the last validation result (nothing is written before "Load").
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import export, format, tables
from queries.contract import DEAL_STATUSES, TABLES
from queries.importing import mapping, memory, normalise, pipeline
from queries.importing.reading import RawFile

RESULTS_KEY = "import_results"


def mapping_editor(index: int, raw: RawFile) -> tuple[str, dict, dict, dict]:
    """Pick the table, correct the proposed mapping; returns table, mapping, defaults, stages."""
    headers = list(raw.frame.columns)
    guess, _ = mapping.recognise_table(raw.name, headers)
    names = list(TABLES)
    table = st.selectbox(
        "This file holds", names, index=names.index(guess), key=f"import_table_{index}"
    )
    signature = mapping.headers_signature(headers)
    proposal = mapping.propose_mapping(table, headers, memory.recall(table, signature))
    chosen, defaults = {}, {}
    none = "(not in the file)"
    for start in range(0, len(TABLES[table].columns), 3):
        for cell, column in zip(
            st.columns(3), TABLES[table].columns[start : start + 3], strict=False
        ):
            label = f"{column.name} *" if column.required else column.name
            options = [none, *headers]
            pick = cell.selectbox(
                label,
                options,
                index=options.index(proposal[column.name]) if proposal[column.name] else 0,
                key=f"import_map_{index}_{table}_{column.name}",
            )
            chosen[column.name] = None if pick == none else pick
            if column.required and chosen[column.name] is None:
                value = cell.text_input(
                    f"or one {column.name} for every row",
                    key=f"import_default_{index}_{table}_{column.name}",
                )
                if value:
                    defaults[column.name] = value
    stages = {}
    if table == "deal_registrations" and chosen.get("status"):
        found = normalise.parse_text(raw.frame[chosen["status"]]).dropna().unique()
        proposed, _ = normalise.parse_statuses(pd.Series(found), {}, DEAL_STATUSES)
        stage_table = st.data_editor(
            pd.DataFrame({"value in the file": found, "status": proposed}),
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
    return table, chosen, defaults, stages


def validate(
    raws: list[RawFile], choices: list[tuple[str, dict, dict, dict]], known_partners: set[str]
) -> dict[str, pipeline.TableResult]:
    results: dict[str, pipeline.TableResult] = {}
    for raw, (table, chosen, defaults, stages) in zip(raws, choices, strict=True):
        result = pipeline.prepare(table, raw.name, raw.frame, chosen, stages, defaults=defaults)
        if table in results:  # two files of one table: one table
            previous = results[table]
            result = pipeline.TableResult(
                table,
                f"{previous.source}, {raw.name}",
                previous.rows_read + result.rows_read,
                pd.concat([previous.accepted, result.accepted], ignore_index=True),
                pd.concat([previous.rejected, result.rejected], ignore_index=True),
            )
        results[table] = result
    pipeline.check_references(results, known_partners)
    pipeline.add_warnings(results)
    return results


def remember(raws: list[RawFile], choices: list[tuple[str, dict, dict, dict]]) -> None:
    for raw, (table, chosen, _, _) in zip(raws, choices, strict=True):
        memory.remember(table, mapping.headers_signature(list(raw.frame.columns)), chosen)


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
