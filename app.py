"""The frame around the pages: page config, sign-in, navigation, the global filters; no more."""

from pathlib import Path

import streamlit as st

from components import access, freshness, global_filters, presentation, run_log
from queries import db

started = run_log.start()
st.set_page_config(
    page_title="Channel leadership dashboard",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)
identity = access.gate()  # stops here with the sign-in or no-access page when it applies

navigation = st.navigation(
    {
        "Overview": [
            st.Page(
                "pages/overview/portfolio_health.py",
                title="Portfolio health",
                default=True,  # served at "/": Streamlit gives the default page no other path
            ),
            st.Page(
                "pages/overview/dark_partners.py",
                title="Dark partners & activation",
                url_path="dark-partners",
            ),
        ],
        "Pipeline & MDF": [
            st.Page("pages/pipeline/mdf.py", title="MDF", url_path="mdf"),
            st.Page(
                "pages/pipeline/forecast.py",
                title="Pipeline & forecast accuracy",
                url_path="forecast",
            ),
            st.Page(
                "pages/pipeline/incentives.py",
                title="Incentives & outcomes",
                url_path="incentives",
            ),
        ],
        "Coverage & planning": [
            st.Page("pages/planning/coverage.py", title="Coverage gaps", url_path="coverage"),
            st.Page(
                "pages/planning/whatif_discounts.py",
                title="What-if: tier discounts",
                url_path="whatif-discounts",
            ),
            st.Page(
                "pages/planning/whatif_coverage.py",
                title="What-if: CAM coverage",
                url_path="whatif-coverage",
            ),
        ],
        "Partner": [
            st.Page(
                "pages/partner/cam_portfolio.py",
                title="CAM portfolio",
                url_path="cam-portfolio",
            ),
            st.Page(
                "pages/partner/scorecard.py",
                title="Partner scorecard",
                url_path="scorecard",
            ),
            st.Page(
                "pages/partner/enablement.py",
                title="Enablement & compliance",
                url_path="enablement",
            ),
        ],
        # Loads and rollbacks are for analysts: the others do not see the page at all.
        **(
            {"Data": [st.Page("pages/data/data.py", title="Data", url_path="data")]}
            if identity.can_manage_data
            else {}
        ),
    }
)
global_filters.render(db.data_source())
freshness.render(db.data_source(), identity)
with st.sidebar:
    st.toggle(
        "Presentation mode",
        key="present",
        bind="query-params",
        help="Hides the sidebar and controls and enlarges numbers, for a screen-share.",
    )
    st.selectbox(
        "Audience",
        ["internal", "partner"],
        key="audience",
        bind="query-params",
        help="With a partner in the room, every other partner's name is masked.",
    )
if presentation.is_on():
    presentation.apply_style()
    st.button(
        "Exit presentation",
        key="exit_presentation",
        on_click=lambda: st.session_state.update(present=False),
    )
try:
    navigation.run()
finally:  # st.stop and st.rerun end a page by raising: their runs count too
    run_log.finish(started, navigation.url_path)
