"""The frame around the pages: page config, navigation, the global filters. Nothing else."""

from pathlib import Path

import streamlit as st

from components import global_filters
from queries import db

st.set_page_config(
    page_title="Channel leadership dashboard",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

navigation = st.navigation(
    {
        "Overview": [
            st.Page(
                "pages/overview/portfolio_health.py",
                title="Portfolio health",
                url_path="portfolio",
                default=True,
            ),
            st.Page(
                "pages/overview/dark_partners.py",
                title="Dark partners & activation",
                url_path="dark-partners",
            ),
        ],
        "Partner": [
            st.Page(
                "pages/partner/cam_portfolio.py",
                title="CAM portfolio",
                url_path="cam-portfolio",
            ),
        ],
    }
)
global_filters.render(db.data_source())
navigation.run()
