"""Who sees what: the operator's access file turned into one identity per signed-in person.

Sign-in is configured by an `[auth]` section in `.streamlit/secrets.toml` (Streamlit's st.login).
Without it the app serves one person on 127.0.0.1 and that person may do everything, as before.
With it, a person's role comes from the access file (CHANNEL_ACCESS_FILE, or `access.toml` beside
app.py; `access.example.toml` shows the layout):

- leadership: every partner, every page but Data;
- analyst: every partner and the Data page (loads, rollbacks, the audit trail);
- cam: only the partners whose cam_id is theirs, on every page, download and QBR pack.

A person the file does not name has no role and sees nothing. A missing access file names nobody;
a file that cannot be read stops everyone with one line saying where it is wrong.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("cam", "leadership", "analyst")  # in order of reach: a person in several groups gets the
# widest one, as group grants add up
GROUPS_CLAIM = "groups"


class AccessFileError(ValueError):
    """The access file cannot be read; the message says where."""


class NoAccess(PermissionError):
    """The session's person may see no data."""


@dataclass(frozen=True)
class Identity:
    """A person and what they may see. `role` None means signed in (or not) without a role."""

    email: str
    role: str | None
    cam_ids: tuple[str, ...] = ()
    signed_in: bool = True
    reason: str = ""

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The CAM ids whose partners this person may see; None for every partner."""
        return self.cam_ids if self.role == "cam" else None

    @property
    def can_manage_data(self) -> bool:
        return self.role == "analyst"


# Sign-in not configured: the one person at 127.0.0.1 (or everyone, when serving openly on purpose).
LOCAL = Identity(email="", role="analyst", signed_in=False)
SIGNED_OUT = Identity(email="", role=None, signed_in=False, reason="not signed in")


@dataclass(frozen=True)
class Grant:
    role: str
    cam_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessRules:
    users: Mapping[str, Grant]
    groups: Mapping[str, Grant]

    def identify(self, claims: Mapping[str, object]) -> Identity:
        """The identity for an OpenID Connect user's claims (st.user)."""
        email = str(claims.get("email") or "").strip()
        if not email:
            return Identity("", None, reason="your sign-in carries no email address")
        if claims.get("email_verified") is False:
            return Identity(email, None, reason="your identity provider has not verified it")
        grant = self.users.get(email.casefold())
        if grant is None:
            grant = _widest([self.groups[g] for g in _groups(claims) if g in self.groups])
        if grant is None:
            return Identity(email, None, reason="the access file gives it no role")
        return Identity(email, grant.role, grant.cam_ids)


def _groups(claims: Mapping[str, object]) -> list[str]:
    value = claims.get(GROUPS_CLAIM) or []
    return [value] if isinstance(value, str) else [str(g) for g in value]  # type: ignore[union-attr]


def _widest(grants: list[Grant]) -> Grant | None:
    if not grants:
        return None
    role = max((g.role for g in grants), key=ROLES.index)
    cam_ids = tuple(sorted({c for g in grants if g.role == role for c in g.cam_ids}))
    return Grant(role, cam_ids)


def _grant(where: str, value: object) -> Grant:
    if isinstance(value, str):
        value = {"role": value}
    if not isinstance(value, dict):
        raise AccessFileError(f"{where}: expected a role name or {{ role = ..., cam_id = ... }}")
    unknown = set(value) - {"role", "cam_id"}
    if unknown:
        raise AccessFileError(f"{where}: unknown key {sorted(unknown)[0]!r} (role, cam_id)")
    role = value.get("role")
    if role not in ROLES:
        raise AccessFileError(f"{where}: role {role!r} is not one of {', '.join(ROLES)}")
    cam_id = value.get("cam_id", [])
    cam_ids = [cam_id] if isinstance(cam_id, str) else cam_id
    if not isinstance(cam_ids, list) or not all(isinstance(c, str) and c for c in cam_ids):
        raise AccessFileError(f"{where}: cam_id must be a CAM id or a list of them")
    if role == "cam" and not cam_ids:
        raise AccessFileError(f"{where}: a cam needs the cam_id of their partners")
    if role != "cam" and cam_ids:
        raise AccessFileError(f"{where}: only a cam takes a cam_id ({role} sees every partner)")
    return Grant(role, tuple(sorted(set(cam_ids))))


def parse_rules(text: str, name: str = "access.toml") -> AccessRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AccessFileError(f"{name}: {error}") from None
    unknown = set(data) - {"users", "groups"}
    if unknown:
        raise AccessFileError(f"{name}: unknown section [{sorted(unknown)[0]}] (users, groups)")
    sections = {}
    for section in ("users", "groups"):
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            raise AccessFileError(f"{name}: [{section}] must be a table")
        sections[section] = {
            (key.strip().casefold() if section == "users" else key): _grant(
                f"{name} [{section}] {key!r}", value
            )
            for key, value in entries.items()
        }
    return AccessRules(sections["users"], sections["groups"])


def access_file() -> Path:
    return Path(os.environ.get("CHANNEL_ACCESS_FILE") or ROOT / "access.toml")


@lru_cache(maxsize=4)
def _rules_at(path: str, stamp: int) -> AccessRules:
    return parse_rules(Path(path).read_text(encoding="utf-8"), Path(path).name)


def rules() -> AccessRules:
    """The access file as it is now: an edit takes effect on the next page view, no restart."""
    path = access_file()
    if not path.exists():
        return AccessRules({}, {})
    return _rules_at(str(path), path.stat().st_mtime_ns)


def sign_in_configured() -> bool:
    """True when secrets.toml has an [auth] section, so st.login can sign people in."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except StreamlitSecretNotFoundError:
        return False


def session_identity() -> Identity:
    """The identity of the person this script run serves."""
    if not sign_in_configured():
        return LOCAL
    if not st.user.get("is_logged_in"):
        return SIGNED_OUT
    return rules().identify(st.user.to_dict())


def session_scope() -> tuple[str, ...] | None:
    """The CAM ids this session may see (None: every partner); refuses a session without a role."""
    identity = session_identity()
    if identity.role is None:
        raise NoAccess(identity.reason or "no role")
    return identity.scope
