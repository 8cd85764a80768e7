"""Names reach the screen as text, and a partner in the room sees no other partner's or customer's.

One server shows the sample program with a CAM, five partners, their customers and a product line
renamed to Markdown images and links, HTML and script tags. Chromium opens every page:

- as the internal audience, no request leaves 127.0.0.1:<port>, nothing opens a dialog, and each
  name appears literally where the page writes it as Markdown (call cards, captions, the story);
- in presentation mode for a partner audience, the page's text holds no name of any partner but
  the presented one, nor of any customer.

How the second test reads what a grid holds: st.dataframe draws its cells on a canvas, and its
accessible DOM carries only the rows in view; its "Download as CSV" button goes through the File
System Access picker. The complete cells of every grid and chart are in the Arrow tables the
server sends over the page's websocket, the very bytes the grid draws from, so the test decodes
those (streamlit.proto, pyarrow) beside the page's rendered text.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.text import WORD_JOINER
from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from tests.browser.conftest import PAGES, Server
from tests.browser.conftest import settle as settle_run
from tests.conftest import SAMPLE_DIR
from tests.screen_text import NameFinder, program_names, proto_strings

pytestmark = pytest.mark.browser

CAM_ID = "CAM-003"
HOSTILE_CAM = "<img src=http://127.0.0.9:9/cam.png> **CAM**"
HOSTILE_PARTNERS = [
    "![pixel](http://127.0.0.9:9/pixel.png)",
    "<img src=http://127.0.0.9:9/x.png>",
    "[link](javascript:alert(1))",
    "<script>fetch('http://127.0.0.9:9/s')</script>",
    "**bold** _it_ :red[red] $x$ :tada: www.example.com",
]
HOSTILE_CUSTOMERS = [
    "![c](http://127.0.0.9:9/c.png) Corp",
    "<iframe src=http://127.0.0.9:9/f></iframe>",
]
HOSTILE_PRODUCT = "[product](http://127.0.0.9:9/p)"


def _rewrite(path: Path, change) -> None:
    """Rewrite a CSV in place: `change(row)` edits a row, or returns False to drop it."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows = [row for row in rows if change(row) is not False]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A small program (one CAM's partners of the sample) with hostile names where the pages
    show them: the CAM, the partners worth a call, the presented partner's customers and product.
    """
    folder = tmp_path_factory.mktemp("hostile")
    for path in SAMPLE_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    with (folder / "partners.csv").open(newline="") as handle:
        mine = {row["partner_id"] for row in csv.DictReader(handle) if row["cam_id"] == CAM_ID}
    for path in folder.glob("*.csv"):
        with path.open() as handle:
            header = handle.readline().strip().split(",")
        if "partner_id" in header:
            _rewrite(path, lambda row: row["partner_id"] in mine)

    con = load_folder(folder)
    filters = sql.resolve(con, Filters())
    called = sql.fetch_for(con, "calls_this_week", filters).partner_id.tolist()
    renamed = dict(zip(called, HOSTILE_PARTNERS, strict=False))
    presented = called[0]
    deals = sql.fetch_for(con, "partner_open_deals", filters, partner_id=presented).deal_id
    customers = {deal: HOSTILE_CUSTOMERS[i % 2] for i, deal in enumerate(deals)}
    con.close()

    def rename(row):
        row["partner_name"] = renamed.get(row["partner_id"], row["partner_name"])

    def rename_customer(row):
        if row["deal_id"] in customers:
            row.update(customer_name=customers[row["deal_id"]], product_line=HOSTILE_PRODUCT)

    def rename_cam(row):
        if row["cam_id"] == CAM_ID:
            row["cam_name"] = HOSTILE_CAM

    _rewrite(folder / "partners.csv", rename)
    _rewrite(folder / "deal_registrations.csv", rename_customer)
    _rewrite(folder / "cams.csv", rename_cam)
    return folder, list(renamed), presented


@pytest.fixture(scope="module")
def server(hostile):
    folder, _, _ = hostile
    running = Server({"CHANNEL_DATA": str(folder), "CHANNEL_DB": ""})
    yield running
    running.stop()


def deep_links(presented_name: str) -> dict[str, tuple[str, str]]:
    """Every page's deep link, the CAM portfolio and scorecard on the hostile CAM and partner."""
    links = dict(PAGES)
    links["cam_portfolio"] = (f"/cam-portfolio?cam={quote(HOSTILE_CAM)}", "CAM portfolio")
    links["scorecard"] = (f"/scorecard?partner={quote(presented_name)}", "Partner scorecard")
    return links


def settle(page, title: str) -> None:
    """Wait for the page's title, then for the script to stay finished."""
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    settle_run(page)


def leaving(urls: list[str], port: int) -> set[str]:
    """Requests to anything but this server."""
    return {
        url
        for url in urls
        if urlparse(url).scheme in ("http", "https", "ws", "wss")
        and urlparse(url).netloc != f"127.0.0.1:{port}"
    }


def test_hostile_names_show_literally_and_fetch_nothing(browser, server, hostile):
    _, renamed, presented = hostile
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    requests, dialogs = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    texts = {}
    for name, (path, title) in deep_links(HOSTILE_PARTNERS[0]).items():
        if name == "data":
            continue
        page.goto(server.url + path)
        settle(page, title)
        assert page.locator("[data-testid=stException]").count() == 0, name
        texts[name] = page.locator("[data-testid=stMain]").inner_text().replace(WORD_JOINER, "")
        if name == "scorecard":  # the open deals grid: its accessible cells, once drawn in view
            deals = page.locator("[data-testid=stDataFrame]").last
            deals.scroll_into_view_if_needed()
            for value in (HOSTILE_PRODUCT, HOSTILE_CUSTOMERS[0]):
                deals.get_by_text(value, exact=True).first.wait_for(state="attached")
    context.close()

    assert leaving(requests, server.port) == set()
    assert dialogs == []
    cards = texts["cam_portfolio"]
    for partner in HOSTILE_PARTNERS[: len(renamed)]:
        assert partner in cards  # "**name** · tier · health …"
    assert HOSTILE_CAM in cards  # the filter caption
    story = texts["scorecard"]
    assert presented == renamed[0]
    assert HOSTILE_PARTNERS[0] in story and HOSTILE_CAM in story  # the story and the caption


def test_a_partner_audience_sees_no_other_partner_or_customer(browser, server, hostile):
    folder, _, presented = hostile
    partners, customers = program_names(folder)
    kept = partners[presented]
    finder = NameFinder([*partners.values(), *customers])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    sent: list[bytes] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived", lambda frame: sent.append(frame) if isinstance(frame, bytes) else None
        ),
    )
    shown = {}
    for name, (path, title) in deep_links(kept).items():
        sent.clear()
        joiner = "&" if "?" in path else "?"
        page.goto(f"{server.url}{path}{joiner}present=true&audience=partner")
        settle(page, title)
        assert page.locator("[data-testid=stException]").count() == 0, name
        rendered = page.locator("body").inner_text().replace(WORD_JOINER, "")
        data = "\n".join(s for frame in sent for s in proto_strings(ForwardMsg.FromString(frame)))
        leaked = finder.found_in(unquote(f"{rendered}\n{data}")) - {kept}
        assert not leaked, f"{name} shows {sorted(leaked)[:5]}"
        shown[name] = rendered
    context.close()
    assert kept in shown["scorecard"]
    assert any("Partner 1" in text for text in shown.values())
