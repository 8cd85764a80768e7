"""The door of the app: sign-in, the page for people without a role, the open-serving banner.

`gate()` runs in the entrypoint before the navigation: it returns the session's identity or stops
the script with the one page that applies. Which partners a role sees is decided in the data
layer (queries/access.py and queries/db.py), not here.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st

from queries import access, audit
from queries.access import Identity

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ALLOW_OPEN = "CHANNEL_ALLOW_OPEN"
# A reverse proxy on the same machine reaches a loopback server on everyone's behalf.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
ROLE_NAMES = {"leadership": "leadership", "analyst": "analyst", "cam": "CAM"}


def serves_other_interfaces() -> bool:
    """True when the server listens beyond loopback (an empty address means every interface)."""
    return str(st.get_option("server.address") or "") not in LOOPBACK


def forwarded(headers: dict[str, str]) -> bool:
    """True when a request came through a reverse proxy, so from beyond this machine."""
    return any(name.lower() in PROXY_HEADERS for name in headers)


def open_serving_allowed() -> bool:
    return os.environ.get(ALLOW_OPEN) == "1"


def who(identity: Identity) -> str:
    return identity.email or "local user (no sign-in)"


def current_user() -> str:
    """Who this session is, as the audit trail and saved scenarios name them."""
    return who(access.session_identity())


def gate() -> Identity:
    """The session's identity; anyone who may not see data gets a page that says why, and stops."""
    if not access.sign_in_configured():
        if serves_other_interfaces() or forwarded(dict(st.context.headers or {})):
            if not open_serving_allowed():
                st.error(
                    "This server listens beyond 127.0.0.1 without sign-in. Configure sign-in "
                    f"(README, Team deployment) or set {ALLOW_OPEN}=1 to serve openly on purpose."
                )
                st.stop()
            st.warning(
                "Open to anyone who reaches this server: no sign-in is configured, so every "
                "visitor sees every partner and can load data.",
                icon="⚠️",
            )
        return access.LOCAL
    try:
        identity = access.session_identity()
    except access.AccessFileError as error:
        st.error(f"Nobody can be let in: {error}")
        st.stop()
    if not identity.signed_in:
        _sign_in_page()
    if identity.role is None:
        _no_role_page(identity)
    _record_sign_in(identity)
    with st.sidebar:
        st.caption(f"Signed in as **{identity.email}** · {ROLE_NAMES[identity.role]}")
        st.button("Sign out", key="sign_out", on_click=st.logout)
    return identity


def _sign_in_page() -> None:
    st.title("Channel leadership dashboard")
    st.write("Sign in with your company account to see the channel program.")
    if st.button("Sign in", key="sign_in", type="primary"):
        st.login()
    st.stop()


def _no_role_page(identity: Identity) -> None:
    st.title("No access")
    st.error(
        f"You are signed in as {identity.email or 'a user without an email address'}, but "
        f"this dashboard gives you no role: {identity.reason}. Ask the dashboard's operator to "
        "add you to the access file."
    )
    st.button("Sign out", key="sign_out", on_click=st.logout)
    st.stop()


def _record_sign_in(identity: Identity) -> None:
    """One row per sign-in: a reload of the same signed-in browser is not a new sign-in."""
    issued = st.user.get("iat")
    key = f"token issued at {issued}" if issued else "session without a token time"
    if st.session_state.get("_audited_sign_in") == key:
        return
    if not issued or not audit.recorded(identity.email, "sign-in", key):
        audit.record(identity.email, identity.role, "sign-in", key)
    st.session_state["_audited_sign_in"] = key


def require_data_manager() -> Identity:
    """Stop a page that loads or rolls back data for anyone but an analyst (or the local user)."""
    identity = access.session_identity()
    if not identity.can_manage_data:
        st.error("The Data page is for analysts.")
        st.stop()
    return identity


def record(action: str, detail: str) -> None:
    """Put what this session's person just did in the audit trail."""
    identity = access.session_identity()
    audit.record(who(identity), identity.role, action, detail)


def audited_export(build: Callable[[], bytes], detail: str) -> Callable[[], bytes]:
    """A download's builder that records who exported what when the button is pressed.

    Streamlit runs a download's builder on another thread, outside the session, so the identity
    is taken now, while the page is drawn.
    """
    identity = access.session_identity()

    def build_and_record() -> bytes:
        data = build()
        audit.record(who(identity), identity.role, "QBR pack export", detail)
        return data

    return build_and_record
