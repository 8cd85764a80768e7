"""Sign-in through a real OpenID Connect provider on loopback, as each role, in Chromium.

One oidc-provider-mock and one app server for the module. The server runs under
tests/browser/no_network.py, which writes down every network destination beyond loopback the
server process reaches (socket connects, datagrams, binds and name lookups, seen by a Python
audit hook): the last test reads that log after everything the module did.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import _free_port, outside_hosts
from tests.conftest import ROOT, SAMPLE_DIR

pytestmark = pytest.mark.browser

PEOPLE = {  # sub: claims the provider signs in with
    "lee": {"email": "lee.park@example.com", "groups": ["channel-leadership"]},
    "carla": {"email": "carla.silva@example.com"},
    "sam": {"email": "sam.lee@example.com"},
    "stranger": {"email": "stranger@example.com"},
}
ACCESS = """
[users]
"carla.silva@example.com" = { role = "cam", cam_id = "CAM-003" }
"sam.lee@example.com" = "analyst"

[groups]
"channel-leadership" = "leadership"
"""


def _wait(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer in 60 s")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def provider():
    port = _free_port()
    claims = [
        arg for sub, c in PEOPLE.items() for arg in ("--user-claims", json.dumps(c | {"sub": sub}))
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "-p", str(port), *claims],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/.well-known/openid-configuration", process, "the OIDC provider")
    yield url
    _stop(process)


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signed_in")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-some-length"\n'
        'client_id = "channel-dashboard"\n'
        'client_secret = "any: the mock does not require registration"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    (folder / "access.toml").write_text(ACCESS)
    network_log = folder / "network.log"
    network_log.touch()
    output = (folder / "server.out").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "tests/browser/no_network.py",
            str(network_log),
            "scripts/serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--secrets.files",
            str(secrets),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "CHANNEL_ACCESS_FILE": str(folder / "access.toml"),
            "CHANNEL_WORKING_DB": str(folder / "working.duckdb"),
            "CHANNEL_STATE_DB": str(folder / "state.duckdb"),
        },
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait(f"{url}/_stcore/health", process, "the app server")
    yield {"url": url, "network_log": network_log, "output": folder / "server.out"}
    _stop(process)
    output.close()


def sign_in(browser, app, sub: str):
    """A fresh browser that signs in as `sub` and is back on the app."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    # The mock provider's own page links a stylesheet on a CDN: never fetched here. What the
    # app's pages ask for is recorded.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page.requests_seen = []
    page.on(
        "request",
        lambda request: (
            page.requests_seen.append(request.url)
            if request.frame.url.startswith(app["url"])
            else None
        ),
    )
    page.goto(app["url"])
    page.get_by_role("button", name="Sign in").click()
    page.locator(f'button[name="sub"][value="{sub}"]').click()  # the provider's page
    page.wait_for_url(re.compile(re.escape(app["url"]) + ".*"), timeout=30_000)
    page.get_by_text("Signed in as").or_(page.get_by_text("No access")).first.wait_for(
        timeout=60_000
    )
    return context, page


def _sidebar_links(page) -> list[str]:
    return page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()


def test_leadership_signs_in_and_sees_every_page_but_data(browser, app):
    context, page = sign_in(browser, app, "lee")
    page.get_by_text("Signed in as lee.park@example.com · leadership").wait_for()
    page.get_by_role("heading", name="Portfolio health").wait_for(timeout=60_000)
    links = _sidebar_links(page)
    assert "Portfolio health" in links and "Data" not in links
    page.goto(app["url"] + "/data")  # not in the navigation: Streamlit does not serve it
    page.get_by_role("heading", name="Portfolio health").wait_for(timeout=60_000)
    assert page.get_by_text("Load history").count() == 0
    assert outside_hosts(page.requests_seen) == set()
    context.close()


def test_a_cam_signs_in_and_every_page_opens_on_their_book(browser, app):
    other = _another_cams_partner()
    context, page = sign_in(browser, app, "carla")
    page.get_by_text("Signed in as carla.silva@example.com · CAM").wait_for()
    page.goto(app["url"] + "/dark-partners")  # the sign-in cookie carries over
    page.get_by_role("heading", name="Dark partners & activation").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"As of .* · CAM Carla Silva")).first.wait_for(timeout=60_000)
    assert "Data" not in _sidebar_links(page)
    # The URL cannot widen the book: another CAM in ?cam=, another CAM's partner in ?partner=.
    page.goto(app["url"] + "/cam-portfolio?cam=Ana%20Diaz")
    page.get_by_text(re.compile(r"As of .* · CAM Carla Silva")).first.wait_for(timeout=60_000)
    page.goto(app["url"] + f"/scorecard?partner={other}")
    page.get_by_text("Search a partner above").wait_for(timeout=60_000)
    assert page.get_by_text("Download the QBR pack").count() == 0
    context.close()


def test_an_analyst_signs_in_and_sees_the_data_page_with_the_audit_trail(browser, app):
    context, page = sign_in(browser, app, "sam")
    page.get_by_text("Signed in as sam.lee@example.com · analyst").wait_for()
    page.locator('[data-testid="stSidebarNav"] a', has_text="Data").click()
    page.get_by_role("tab", name="Audit trail").click()
    page.get_by_text("Every sign-in, load, rollback").wait_for(timeout=60_000)
    # The grid draws on a canvas; its accessible table carries the cells.
    cells = page.locator('[data-testid="stDataFrame"]').last.locator('[role="gridcell"]')
    cells.filter(has_text="sam.lee@example.com").first.wait_for(state="attached", timeout=30_000)
    texts = cells.all_inner_texts()
    assert "sign-in" in texts and "analyst" in texts
    context.close()


def test_someone_the_access_file_does_not_name_sees_no_access_and_nothing_else(browser, app):
    context, page = sign_in(browser, app, "stranger")
    page.get_by_role("heading", name="No access").wait_for()
    page.get_by_text("stranger@example.com").first.wait_for()
    assert _sidebar_links(page) == []
    assert page.locator('[data-testid="stMetric"]').count() == 0
    context.close()


def test_no_request_left_the_machine_at_start_or_while_serving(app):
    # A WebSocket from a foreign origin is where Streamlit would look up the machine's external
    # address while serving; the server must refuse it without asking the internet.
    port = int(app["url"].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://elsewhere.example\r\n"
            b"\r\n" % port
        )
        sock.recv(1024)
    assert app["network_log"].read_text() == ""
    printed = app["output"].read_text()
    assert "External URL" not in printed and "Network URL" not in printed


def _another_cams_partner() -> str:
    import csv

    with (SAMPLE_DIR / "partners.csv").open() as handle:
        return next(
            row["partner_id"] for row in csv.DictReader(handle) if row["cam_id"] != "CAM-003"
        )


def test_the_network_log_catches_what_streamlit_would_do(tmp_path):
    """no_network.py is not blind: Streamlit's own address lookup is written down."""
    log = tmp_path / "network.log"
    script = tmp_path / "lookup.py"
    script.write_text("from streamlit import net_util\nnet_util.get_internal_ip()\n")
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("no_network.py")), str(log), str(script)],
        check=True,
        timeout=60,
    )
    assert log.read_text() == "socket.connect 8.8.8.8\n"
