"""The frame around the pages: page config, navigation, the global filters. Nothing else."""

import streamlit as st

from components import global_filters
from queries import db

st.set_page_config(
    page_title="Channel leadership dashboard",
    page_icon=":material/hub:",
    layout="wide",
    initial_sidebar_state="expanded",
)

navigation = st.navigation(
    {
        "Overview": [
            st.Page(
                "pages/overview/portfolio_health.py",
                title="Portfolio health",
                icon=":material/monitor_heart:",
                url_path="portfolio",
                default=True,
            ),
        ],
    }
)
global_filters.render(db.data_source())
navigation.run()
