"""The floor: a bare Streamlit page with the kinds of elements the dashboard's pages show.

A title, three st.metric, one Altair chart and one st.dataframe, over a small frame built in
memory, plus a filter in the sidebar and a slider: the controls the benchmark moves on the
dashboard, so a rerun here is measured the same way. Nothing is cached and nothing is read from
disk, so what it takes to show is what Streamlit and the browser take.

    .venv/bin/streamlit run bench/bare_page.py
"""

import sys
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from components import run_log  # the server times its runs as it does the app's

started = run_log.start()

TIERS = ["Registered", "Silver", "Gold", "Premier"]

rows = pd.DataFrame(
    {
        "quarter": pd.period_range("2024Q1", periods=12, freq="Q").astype(str).repeat(4),
        "tier": TIERS * 12,
        "revenue": [float((i * 7919) % 1000 + 100) for i in range(48)],
    }
)

tiers = st.sidebar.multiselect("Tier", TIERS, placeholder="All tiers")
share = st.slider("Share of revenue", 0, 100, 50)
chosen = rows[rows.tier.isin(tiers)] if tiers else rows

st.title("A bare page")
a, b, c = st.columns(3)
a.metric("Revenue", f"${chosen.revenue.sum():,.0f}")
b.metric("Quarters", f"{chosen.quarter.nunique()}")
c.metric("Share", f"{share}%")
st.altair_chart(
    alt.Chart(chosen).mark_bar().encode(x="quarter:O", y="sum(revenue):Q", color="tier:N"),
    width="stretch",
)
st.dataframe(chosen, hide_index=True, width="stretch")
run_log.finish(started, "bare")
