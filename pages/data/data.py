"""Data: bring the program's own extracts in, checked row by row, loaded all or nothing."""

import streamlit as st

from components import db, format, tables, text
from components.access import require_data_manager
from components.tables import Column
from pages.data.helpers import import_steps, load_steps
from queries import audit
from queries.contract import TABLES
from queries.importing import database, review, store
from queries.importing.reading import ReadError

require_data_manager()
source = db.data_source()
target = db.working_db()

st.title("Data")
extent = db.plain_query(source, "data_extent").iloc[0]
history = store.history(target)
where = "the built-in sample program" if source.startswith("data:") else target.name
st.caption(f"Showing {text.literal(where)}. Loads go to {text.literal(target)}.")
if problem := db.source_problem():
    st.warning(
        f"{text.literal(problem)}: the pages show the built-in sample program until a load "
        "here succeeds."
    )
a, b, c, d = st.columns(4)
a.metric("Deal registrations", format.count(extent.registrations))
b.metric(
    "Latest activity",
    format.day(extent.default_as_of),
    help="The latest registration or close: the default as-of date of every page.",
)
c.metric("Loaded version", f"v{int(history.version.max())}" if len(history) else "sample")
d.metric("Last load", f"{history.loaded_at.max():%d %b %Y %H:%M} UTC" if len(history) else "—")

upload_tab, database_tab, history_tab, audit_tab = st.tabs(
    ["Upload files", "Database", "Load history", "Audit trail"]
)
with upload_tab:
    uploads = st.file_uploader(
        "CSV, Excel or zip files (one file per table)",
        type=["csv", "txt", "tsv", "xlsx", "zip"],
        accept_multiple_files=True,
        key="uploads",
    )
    intake = import_steps.read(uploads)
with database_tab:
    url = st.text_input(
        "SQLAlchemy URL",
        type="password",
        key="db_url",
        placeholder="postgresql+psycopg://user:password@host/db",
    )
    queries = {
        t: st.text_area(
            f"Query for {t}",
            key=f"db_query_{t}",
            height=68,
            placeholder=f"select … from … -- rows for {t}",
        )
        for t in (
            "partners",
            "deal_registrations",
            "cams",
            "mdf_allocations",
            "mdf_claims",
            "forecasts",
        )
    }
    if st.button("Read from the database", key="db_read") and url:
        try:
            st.session_state["db_raws"] = database.read_tables(url, queries)
        except ReadError as error:
            st.error(text.literal(error))
    for raw in st.session_state.get("db_raws", []):
        intake.files.append(raw)
        intake.keys.append(f"database-{raw.name}")
for problem in intake.refused:
    st.error(f"Refused: {text.literal(problem)}")

if intake.files:
    st.subheader("Map the columns")
    choices = []
    for file_key, raw in zip(intake.keys, intake.files, strict=True):
        with st.expander(
            f"{text.literal(raw.name)} · {format.plural(len(raw.frame), 'row')}", expanded=True
        ):
            choices.append(import_steps.mapping_editor(file_key, raw))
    checked = import_steps.fingerprint(intake.keys, choices)
    # Deals must name a partner, and payments a program, that the load leaves in place: the
    # load panel's modes (chosen below, once there is a report) say whether the loaded ones stay.
    replacing = tuple(
        st.session_state.get(f"load_mode_{table}") == "replace"
        for table in ("partners", "incentive_programs")
    )
    made_for, verdict = st.session_state.get(import_steps.VERDICT_KEY, ((None, None), None))
    if st.button("Check the files", key="validate", type="primary") or (
        verdict and made_for[0] == checked and made_for[1] != replacing
    ):
        results = review.validate(
            intake.files,
            choices,
            store.known_partners(target),
            replacing[0],
            store.known_programs(target),
            replacing[1],
        )
        first_load = store.current_version(target) == 0
        made_for, verdict = (checked, replacing), review.decide(intake, results, first_load)
        st.session_state[import_steps.VERDICT_KEY] = (made_for, verdict)
    if verdict and made_for == (checked, replacing):
        import_steps.show_report(verdict)
        if reason := verdict.nothing_to_load():
            st.info(f"Nothing to load: {text.literal(reason)}.")
        else:
            choice = load_steps.choose(target, verdict.writable)
            if st.button(
                "Load the accepted rows", key="load", type="primary", disabled=not choice.ready
            ) and load_steps.write(target, verdict.writable, choice):
                review.remember(intake.files, choices)
                st.session_state.pop(import_steps.VERDICT_KEY)

with history_tab:
    load_steps.history(target, history)
    st.caption(
        "Canonical tables: " + ", ".join(TABLES) + ". Only partners and "
        "deal_registrations are required; the first load must bring both."
    )

with audit_tab:
    st.caption("Every sign-in, load, rollback, refresh and QBR-pack export, newest first (UTC).")
    tables.show(
        audit.trail(),
        {
            "recorded_at": Column("When (UTC)", "datetime"),
            "who": "Who",
            "role": "Role",
            "action": "Action",
            "detail": "Detail",
        },
    )
