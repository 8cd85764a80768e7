"""Signed-in sessions under AppTest: a CAM's pages never carry another CAM's partner; the gate.

The CAM test runs every page of the navigation as a CAM of the sample program and searches the
serialized elements (texts, tables, chart data, map layers, widget options) and every download
for another CAM's partner: its name or its id.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from queries import audit
from tests.conftest import ROOT
from tests.sweep import navigation_pages

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "channel-dashboard",
    "client_secret": "test-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
CAM = "CAM-003"
ACCESS = f"""
[users]
"carla.silva@example.com" = {{ role = "cam", cam_id = "{CAM}" }}
"lee.park@example.com" = "leadership"
"sam.lee@example.com" = "analyst"
"""


@pytest.fixture(autouse=True)
def access_file(tmp_path, monkeypatch):
    path = tmp_path / "access.toml"
    path.write_text(ACCESS)
    monkeypatch.setenv("CHANNEL_ACCESS_FILE", str(path))
    return path


def signed_in(script: str, email: str | None, **claims) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    at.user |= claims
    return at


@pytest.fixture
def downloads(monkeypatch):
    """Every file a page offers for download, as bytes (deferred builders are run)."""
    found: list[tuple[str, object]] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def capture(self, data, mimetype, coordinates, file_name=None, *args, **kwargs):
        found.append((file_name or "", data))
        return add(self, data, mimetype, coordinates, file_name, *args, **kwargs)

    def capture_deferred(self, build, mimetype, coordinates, file_name=None, *args, **kwargs):
        found.append((file_name or "", build))
        return add_deferred(self, build, mimetype, coordinates, file_name, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", capture)
    monkeypatch.setattr(MediaFileManager, "add_deferred", capture_deferred)
    return found


def _download_text(name: str, data: object) -> str:
    payload = data() if callable(data) else data
    payload = payload.encode() if isinstance(payload, str) else bytes(payload)
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(payload))
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return payload.decode("utf-8-sig")


def _elements_bytes(at: AppTest) -> bytes:
    """Every element and block of the page as the browser would receive it."""

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield proto.SerializeToString()
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return b"\n".join(walk(at._tree))


@pytest.fixture(scope="module")
def books(request):
    from queries.loader import load_folder
    from tests.conftest import SAMPLE_DIR

    con = load_folder(SAMPLE_DIR)
    rows = con.execute("select partner_id, partner_name, cam_id from stg_partners").fetchall()
    own = [(pid, name) for pid, name, cam in rows if cam == CAM]
    own_names = [name for _, name in own]
    others = [(pid, name) for pid, name, cam in rows if cam != CAM]
    # A name that is part of one of the CAM's own names cannot be told apart in free text.
    names = sorted({n for _, n in others if not any(n in mine for mine in own_names)})
    ids = sorted({pid for pid, _ in others})
    cams = [r[0] for r in con.execute("select cam_id from stg_cams").fetchall()]
    other_cams = [cam for cam in cams if cam != CAM]
    return {"own": own, "other_names": names, "other_ids": ids, "other_cams": other_cams}


def _leaks(text: str, books: dict) -> list[str]:
    found = [name for name in books["other_names"] if name in text]
    found += re.findall(r"P\d{6}", text)
    found += [cam for cam in books["other_cams"] if re.search(rf"{cam}\b", text)]
    return sorted(set(found) - {pid for pid, _ in books["own"]})


@pytest.mark.parametrize("page", navigation_pages())
def test_a_cams_session_never_receives_another_cams_partner(page, books, downloads):
    own_partner = books["own"][0][0]
    at = signed_in(page, "carla.silva@example.com")
    # The sidebar or the URL asking for another CAM's book, or for one of their partners:
    at.session_state["cam"] = [books["other_cams"][0]]
    at.session_state["partner"] = own_partner
    at.run()
    if page == "pages/data/data.py":
        assert [e.value for e in at.error] == ["The Data page is for analysts."]
        return
    assert not at.exception, at.exception
    received = _elements_bytes(at).decode("utf-8", errors="replace")
    assert books["own"][0][1] in received or page != "pages/partner/scorecard.py"
    assert _leaks(received, books) == []
    for name, data in downloads:
        assert _leaks(_download_text(name, data), books) == [], name
    # Every partner table and caption speaks of this CAM's book.
    assert all("Carla Silva" in c.value for c in at.caption if c.value.startswith("As of"))


def test_another_cams_partner_cannot_be_opened_on_the_scorecard(books):
    other_partner = books["other_ids"][0]
    at = signed_in("pages/partner/scorecard.py", "carla.silva@example.com")
    at.query_params["partner"] = other_partner
    at.run()
    received = _elements_bytes(at).decode("utf-8", errors="replace")
    assert _leaks(received, books) == []
    assert not at.get("download_button")


def test_a_cams_navigation_has_no_data_page_and_the_filter_offers_only_themself(sections):
    at = signed_in("app.py", "carla.silva@example.com").run()
    assert not at.exception
    assert at.multiselect(key="cam").options == ["Carla Silva"]
    assert sections[-1] and "Data" not in sections[-1]
    assert "Signed in as **carla.silva@example.com** · CAM" in [c.value for c in at.caption]


@pytest.fixture
def sections(monkeypatch):
    """The navigation's section names, as app.py hands them to st.navigation, per run."""
    import streamlit

    seen: list[list[str]] = []
    navigation = streamlit.navigation

    def recording(pages, *args, **kwargs):
        seen.append(list(pages))
        return navigation(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    return seen


def test_leadership_sees_every_page_but_data_and_the_analyst_sees_data(sections):
    lead = signed_in("app.py", "lee.park@example.com").run()
    assert "Data" not in sections[-1] and len(sections[-1]) == 4
    assert len(lead.multiselect(key="cam").options) == 25
    signed_in("app.py", "sam.lee@example.com").run()
    assert sections[-1][-1] == "Data"


def test_signed_out_sees_the_sign_in_button_and_nothing_else(sections):
    at = signed_in("app.py", None).run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not sections and not at.multiselect and not at.metric


def test_a_person_without_a_role_sees_a_page_that_says_so_and_nothing_else(sections):
    at = signed_in("app.py", "stranger@example.com").run()
    assert [t.value for t in at.title] == ["No access"]
    assert "stranger@example.com" in at.error[0].value
    assert "the access file gives it no role" in at.error[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert not sections and not at.multiselect and not at.metric and not at.dataframe


def test_a_broken_access_file_lets_nobody_in(access_file, sections):
    access_file.write_text('[users]\n"lee.park@example.com" = "boss"\n')
    at = signed_in("app.py", "lee.park@example.com").run()
    assert len(at.error) == 1 and "role 'boss' is not one of" in at.error[0].value
    assert not sections and not at.metric


def test_a_sign_in_is_recorded_once_per_token():
    for _ in range(2):  # the same browser reloading: a new session with the same token
        signed_in("app.py", "lee.park@example.com", iat=1780000000).run()
    signed_in("app.py", "lee.park@example.com", iat=1780000500).run()
    trail = audit.trail()
    sign_ins = trail[trail.action == "sign-in"]
    assert sign_ins.who.tolist() == ["lee.park@example.com"] * 2
    assert set(sign_ins.role) == {"leadership"}


def test_a_qbr_pack_export_is_recorded_with_who(books, downloads):
    at = signed_in("pages/partner/scorecard.py", "carla.silva@example.com")
    at.session_state["partner"] = books["own"][0][0]
    at.run()
    packs = [data for name, data in downloads if name.startswith("QBR pack")]
    assert len(packs) == 1 and audit.trail().empty  # drawing the button exports nothing
    packs[0]()
    trail = audit.trail()
    assert trail[["who", "role", "action", "detail"]].values.tolist() == [
        ["carla.silva@example.com", "cam", "QBR pack export", f"partner {books['own'][0][0]}"]
    ]


def test_without_sign_in_the_app_runs_as_before_with_the_data_page(sections):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception and sections[-1][-1] == "Data"
    assert not any("Signed in" in c.value for c in at.caption)
    assert not at.warning or all("Open to anyone" not in w.value for w in at.warning)


def test_the_search_finds_partners_where_they_are_sent(books, downloads):
    """The leak search is not blind: leadership's same page carries other CAMs' partners."""
    cam = signed_in("pages/overview/dark_partners.py", "carla.silva@example.com").run()
    lead = signed_in("pages/overview/dark_partners.py", "lee.park@example.com").run()
    received = _elements_bytes(cam).decode("utf-8", errors="replace")
    assert any(name in received for _, name in books["own"])  # table cells are searched
    assert len(_leaks(_elements_bytes(lead).decode("utf-8", errors="replace"), books)) > 10
    # The dark list's CSV of each page; leadership's carries other CAMs' partners.
    lists = [data for name, data in downloads if name == "dark_and_at_risk_partners.csv"]
    assert len(lists) == 2 and len(_leaks(_download_text("list.csv", lists[1]), books)) > 10


@pytest.fixture
def every_interface():
    """The app as served with --server.address 0.0.0.0 (nothing is bound under AppTest)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_serving_openly_without_sign_in_needs_the_setting(every_interface, sections):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert len(at.error) == 1 and "CHANNEL_ALLOW_OPEN=1" in at.error[0].value
    assert not sections and not at.metric


def test_serving_openly_on_purpose_shows_the_banner_on_every_page(every_interface, monkeypatch):
    monkeypatch.setenv("CHANNEL_ALLOW_OPEN", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    assert at.warning[0].value.startswith("Open to anyone who reaches this server")
    at.switch_page(str(ROOT / "pages/overview/dark_partners.py")).run()
    assert at.warning[0].value.startswith("Open to anyone who reaches this server")


def test_serve_refuses_other_interfaces_without_sign_in(tmp_path):
    import subprocess
    import sys

    # A TEST-NET address: should the refusal ever fail, there is nothing to bind there anyway.
    done = subprocess.run(
        [
            sys.executable,
            "scripts/serve.py",
            "--server.address",
            "192.0.2.1",
            "--server.port",
            "8599",
            "--secrets.files",
            str(tmp_path / "none.toml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("Refusing to serve on 192.0.2.1 without sign-in")
    assert "CHANNEL_ALLOW_OPEN=1" in done.stderr and "Traceback" not in done.stderr


def test_the_sidebar_says_how_fresh_the_data_is_and_how_the_last_refresh_ended(
    small_program_dir, tmp_path, monkeypatch
):
    from queries import cli

    db = tmp_path / "channel.duckdb"
    assert cli.main(["load", "--data", str(small_program_dir), "--db", str(db)]) == 0
    monkeypatch.setenv("CHANNEL_DB", str(db))
    failure = "failed: cannot connect to postgresql+psycopg://crm:***@db.internal/crm"
    audit.record("cron (command line)", None, "refresh", failure)
    analyst = signed_in("app.py", "sam.lee@example.com").run()
    captions = [c.value for c in analyst.sidebar.caption]
    assert any(
        re.fullmatch(r"Data: version 1, loaded \d\d \w{3} \d{4} \d\d:\d\d UTC\.", c)
        for c in captions
    )
    assert any(c.startswith("Last refresh ") and c.endswith(f"UTC: {failure}.") for c in captions)
    lead = signed_in("app.py", "lee.park@example.com").run()
    assert any(c.endswith("UTC: failed.") for c in [c.value for c in lead.sidebar.caption])
    # The next refresh shows at once, not when a cached answer expires.
    audit.record("cron (command line)", None, "refresh", "refreshed version 2 from crm")
    again = signed_in("app.py", "sam.lee@example.com").run()
    captions = [c.value for c in again.sidebar.caption]
    assert any(c.endswith("UTC: refreshed version 2 from crm.") for c in captions)
    loads = audit.trail()
    assert loads[loads.action == "load"].detail.tolist() == [
        f"loaded version 1 from {small_program_dir}"
    ]


def test_an_analysts_rollback_is_recorded_and_the_data_page_shows_the_trail(
    small_program_dir, tmp_path
):
    from queries import cli
    from tests.conftest import partner, write_program

    working = Path(os.environ["CHANNEL_WORKING_DB"])
    assert cli.main(["load", "--data", str(small_program_dir), "--db", str(working)]) == 0
    one_more = write_program(tmp_path / "more", {"partners": [partner("P11", "2026-01-05")]})
    assert cli.main(["load", "--data", str(one_more), "--db", str(working)]) == 0
    at = signed_in("pages/data/data.py", "sam.lee@example.com").run()
    at.selectbox(key="rollback_version").set_value(1)
    at.button(key="rollback").click().run()
    assert not at.exception
    rollback = audit.last("rollback")
    assert (rollback.who, rollback.role, rollback.detail) == (
        "sam.lee@example.com",
        "analyst",
        "version 1 restored as version 3",
    )
    shown = at.dataframe[-1].value
    assert shown.action.tolist()[:3] == ["rollback", "load", "load"]
    assert shown.who.tolist()[0] == "sam.lee@example.com"


def test_a_request_through_a_reverse_proxy_counts_as_serving_beyond_loopback():
    from components.access import forwarded

    assert forwarded({"Host": "dashboard.example.com", "X-Forwarded-For": "203.0.113.7"})
    assert forwarded({"Forwarded": "for=203.0.113.7"})
    assert not forwarded({"Host": "127.0.0.1:8501", "User-Agent": "Chromium"})


def test_a_cam_seen_first_does_not_narrow_what_leadership_masks_for_a_partner(books):
    """The names presentation mode masks are kept per viewer scope, not per data source."""
    partner_room = {"present": True, "audience": "partner"}
    runs = {}
    for email in ("carla.silva@example.com", "lee.park@example.com"):
        at = signed_in("pages/overview/dark_partners.py", email)
        for key, value in partner_room.items():
            at.session_state[key] = value
        runs[email] = at.run()
        assert not at.exception
    shown = _elements_bytes(runs["lee.park@example.com"]).decode("utf-8", errors="replace")
    assert "Partner 1" in shown
    assert [name for name in books["other_names"] if name in shown] == []


def test_a_cams_portfolio_compares_with_their_whole_book_and_says_so():
    at = signed_in("pages/partner/cam_portfolio.py", "carla.silva@example.com")
    at.session_state["tier"] = ["Gold"]
    at.run()
    assert not at.exception
    deltas = [m.proto.delta for m in at.metric if m.proto.delta]
    assert deltas and all(d.endswith("vs whole book") for d in deltas)
    helps = " ".join(m.proto.help for m in at.metric)
    assert "The whole book has" in helps and "channel" not in helps.lower()
