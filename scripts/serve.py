"""Serve the dashboard: `streamlit run app.py`, minus what a team deployment must not do.

    .venv/bin/python scripts/serve.py [streamlit run options]

Four things differ from a plain `streamlit run`:

- The app navigates with st.navigation and keeps its page scripts in pages/<section>/. Streamlit
  still treats a pages/ folder next to the entrypoint as a legacy multipage app until
  st.navigation has run once, so the very first request to a fresh server that opens a deep link
  (/mdf?tier=Gold) would pop up "Page not found" before showing the right page. Telling Streamlit
  up front that this app does not use the legacy folder removes the dialog.
- It refuses to listen beyond 127.0.0.1 without sign-in (an [auth] section in
  .streamlit/secrets.toml), unless CHANNEL_ALLOW_OPEN=1 says the operator means it; the app then
  shows a banner on every page.
- Streamlit looks up the machine's addresses on the network (a UDP socket "connected" to a public
  address, then an HTTP request to a public what-is-my-IP service) to print a "Network URL" and
  "External URL" when it listens on every interface, and again for any cross-origin WebSocket.
  Both lookups are switched off, so no request leaves the machine at start or while serving
  (the only outside party is the identity provider the operator configured). A test runs the
  server under a socket audit hook to check it.
- Before it listens, it loads the data and runs the landing page once (warm), so the first
  visitor after a start waits no longer than the next one.

The browser tests check the first three; tests/test_warm_start.py the warm-up's work.
"""

from __future__ import annotations

import gc
import logging
import os
import pkgutil
import runpy
import sys
from importlib import import_module
from pathlib import Path

from streamlit import config, net_util
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.secrets import secrets_singleton
from streamlit.web import bootstrap, cli

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
LANDING_PAGE = ROOT / "pages" / "overview" / "portfolio_health.py"
sys.path.insert(0, str(ROOT))

from components.access import ALLOW_OPEN, LOOPBACK  # noqa: E402
from queries.access import access_file  # noqa: E402


def refusal() -> str | None:
    """Why this server must not start with the options Streamlit has read, or None."""
    address = str(config.get_option("server.address") or "")
    signs_in = bool(secrets_singleton.load_if_toml_exists() and "auth" in secrets_singleton)
    if address in LOOPBACK or signs_in or os.environ.get(ALLOW_OPEN) == "1":
        return None
    where = f"on {address}" if address else "on every interface"
    return (
        f"Refusing to serve {where} without sign-in: anyone who reaches it would see every "
        "partner and could load data. Configure sign-in in .streamlit/secrets.toml (README, "
        f"Team deployment), or set {ALLOW_OPEN}=1 to serve openly on purpose."
    )


def warm() -> None:
    """Load the data, import what the pages draw with, and run the landing page's default view.

    The page runs outside a session (Streamlit's bare mode): its widgets are inert and what it
    draws goes nowhere, but the queries it asks for land in the same caches every session reads
    (queries/db.warm does the rest). A failure here is left for the pages to report, as they do
    without a warm-up.
    """
    logging.disable(logging.WARNING)  # bare mode warns on every Streamlit call
    try:
        import components
        from queries import db

        for module in pkgutil.iter_modules(components.__path__):
            import_module(f"components.{module.name}")
        db.warm(db.data_source())
        runpy.run_path(str(LANDING_PAGE), run_name="__main__")
    except Exception as error:  # the pages show the same error, in context
        print(f"warm-up skipped: {str(error).splitlines()[0]}", file=sys.stderr)
    finally:
        logging.disable(logging.NOTSET)


def _checked(run):
    def run_if_allowed(*args, **kwargs):
        # Streamlit has read its flags, environment and config files by now.
        problem = refusal()
        if problem:
            print(problem, file=sys.stderr)
            sys.exit(2)
        signs_in = secrets_singleton.load_if_toml_exists() and "auth" in secrets_singleton
        if signs_in and not access_file().exists():
            print(f"Sign-in is on but {access_file()} is missing: nobody has a role.")
        warm()
        # What the warm-up built (the data, the caches, the imported modules) lives as long as the
        # server: Python's collector need not walk it again on every collection.
        gc.freeze()
        return run(*args, **kwargs)

    return run_if_allowed


if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    net_util.get_internal_ip = lambda: None
    net_util.get_external_ip = lambda: None
    bootstrap.run = _checked(bootstrap.run)
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
