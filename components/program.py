"""What a page says when the program has no data for its question: words, never zeros."""

from __future__ import annotations

import streamlit as st

from queries import db

TABLE_LABELS = {
    "cams": "CAMs",
    "forecasts": "forecasts",
    "mdf_allocations": "MDF allocations",
    "mdf_claims": "MDF claims",
    "certifications": "certifications",
    "qbrs": "QBRs",
    "market_potential": "market potential",
    "program_tiers": "tier settings",
    "partner_targets": "partner targets",
    "incentive_programs": "incentive programs",
    "incentive_payments": "incentive payments",
    "partner_surveys": "partner surveys",
}


def missing(source: str, *tables: str) -> list[str]:
    """The tables among `tables` that this program did not load (or loaded empty)."""
    loaded = db.loaded_tables(source)
    return [t for t in tables if t not in loaded]


def require(source: str, *tables: str, question: str) -> None:
    """Stop the page with one sentence when a table its question needs holds no rows."""
    absent = missing(source, *tables)
    if absent:
        names = " and ".join(TABLE_LABELS.get(t, t) for t in absent)
        st.info(
            f"No data: this program has no {names}, so {question} cannot be answered. "
            "Load them on the Data page."
        )
        st.stop()
