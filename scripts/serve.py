"""Serve the dashboard: `streamlit run app.py`, minus a first-request quirk of Streamlit.

The app navigates with st.navigation and keeps its page scripts in pages/<section>/. Streamlit
still treats a pages/ folder next to the entrypoint as a legacy multipage app until
st.navigation has run once, so the very first request to a fresh server that opens a deep link
(/mdf?tier=Gold) would pop up "Page not found" before showing the right page. Telling Streamlit up
front that this app does not use the legacy folder removes the dialog; the browser tests check it.

    .venv/bin/python scripts/serve.py [streamlit run options]
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
