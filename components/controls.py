"""Small page controls shared by several pages."""

from __future__ import annotations

import streamlit as st


def breakdown(label: str, options: dict[str, str], key: str, default: str | None = None) -> str:
    """A segmented control choosing a breakdown dimension; never empty (falls back to default)."""
    first = default or next(iter(options))
    return (
        st.segmented_control(label, list(options), default=first, format_func=options.get, key=key)
        or first
    )
