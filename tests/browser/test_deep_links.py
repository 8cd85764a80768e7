"""Deep links, filters carried in the URL, and no request leaving the machine.

What a fresh server does with its very first request (the landing page, a deep link with a
filter) is checked on servers that have served nothing yet; Streamlit's "Page not found" on a
first deep link does not depend on which page it names (scripts/serve.py). Every page's deep
link, and the tests that only read, share one server of the module, each in a new session.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGES, Server, outside_hosts, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    running = Server()
    yield running
    running.stop()


def metric_value(page, label: str):
    """The value of the tile with this label (not "the first tile": reruns reorder the DOM)."""
    tile = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return tile.locator("[data-testid=stMetricValue]")


def settled(page, value, done, seconds: float = 60) -> str:
    """Poll a tile's text until `done(text)` holds (a rerun replaces the elements meanwhile)."""
    text = ""
    for _ in range(int(seconds * 4)):
        text = value.inner_text().strip()
        if done(text):
            return text
        page.wait_for_timeout(250)
    return text


def wait_for_page(page, title: str) -> None:
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.locator("[data-testid=stMetric]").first.wait_for(timeout=60_000)
    # A deep link opened first on a fresh server must not pop up Streamlit's "Page not found".
    assert page.get_by_text("Page not found").count() == 0


def test_home_opens_with_numbers_and_no_outside_request(fresh_server, page):
    page.goto(fresh_server.url)
    wait_for_page(page, "Portfolio health")
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stMetricValue]").first.inner_text().strip() != ""
    assert outside_hosts(page.requests_seen) == set()


def test_deep_link_with_filter_as_first_request_on_a_fresh_server(fresh_server, page):
    page.goto(f"{fresh_server.url}/dark-partners?tier=Premier")
    wait_for_page(page, "Dark partners & activation")
    # The caption names the slice; waiting on it also waits out any rerun still in flight.
    page.get_by_text("12-month window · tier Premier").first.wait_for(timeout=60_000)
    # The frame ran: the sidebar holds the global filters, with the URL's value selected.
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Premier").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert outside_hosts(page.requests_seen) == set()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_from_its_deep_link(server, page, name):
    path, title = PAGES[name]
    page.goto(server.url + path)
    wait_for_page(page, title)
    if name != "data":  # every page but the Data page draws a chart
        charts = "[data-testid=stVegaLiteChart], [data-testid=stDeckGlJsonChart]"
        page.locator(charts).first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    # The full navigation is there, not the legacy page list of a bare pages/ folder.
    sidebar = page.locator("[data-testid=stSidebarNav]")
    for _, other_title in PAGES.values():
        assert sidebar.get_by_text(other_title, exact=True).count() >= 1
    assert outside_hosts(page.requests_seen) == set()


def test_presentation_mode_from_the_url_hides_controls_and_masks_names(server, page):
    page.goto(f"{server.url}/?present=true&audience=partner")
    wait_for_page(page, "Portfolio health")
    page.get_by_role("button", name="Exit presentation").wait_for(timeout=60_000)
    # The style that hides it lands with the button; give the browser the time to apply it.
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden(timeout=10_000)
    size = page.locator("[data-testid=stMetricValue]").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 40
    # The table draws on a canvas; its accessible cells carry the (masked) names.
    page.get_by_text("Partner 1", exact=True).first.wait_for(state="attached", timeout=30_000)
    assert outside_hosts(page.requests_seen) == set()


def test_filter_change_in_the_browser_narrows_the_home_numbers(server, page):
    page.goto(server.url)
    wait_for_page(page, "Portfolio health")
    enrolled = metric_value(page, "Enrolled partners")
    everyone = enrolled.inner_text().strip()
    sidebar = page.locator("[data-testid=stSidebar]")
    tier = sidebar.locator("[data-testid=stMultiSelect]").filter(
        has=page.get_by_text("Tier", exact=True)
    )
    tier.locator("input").click()
    page.get_by_role("option", name="Premier").click()
    page.keyboard.press("Escape")
    page.get_by_text("12-month window · tier Premier").first.wait_for(timeout=60_000)
    narrowed = settled(page, enrolled, lambda text: text != everyone)
    assert int(narrowed.replace(",", "")) < int(everyone.replace(",", ""))
    assert "tier=Premier" in page.url


def test_what_if_slider_moves_the_projection(server, page):
    page.goto(f"{server.url}/whatif-discounts")
    wait_for_page(page, "What-if: tier discounts")
    cost = page.locator("[data-testid=stMetric]", has_text="Discount cost change")
    assert cost.locator("[data-testid=stMetricValue]").inner_text().strip() == "$0"
    slider = page.get_by_role("slider").nth(2)  # Gold, at 25%
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "el => el.innerText.trim() !== '$0'",
        arg=cost.locator("[data-testid=stMetricValue]").element_handle(),
        timeout=60_000,
    )
    assert "d_gold=28" in page.url


def test_upload_through_the_browser_loads_and_every_page_shows_it(fresh_server, page, tmp_path):
    partners = tmp_path / "partners.csv"
    partners.write_text(
        "Account ID;Account Name;Partner Tier;Partner Since\n"
        "P1;Alpha Systems;Gold;01/15/2024\nP2;Beta Data;Silver;03/01/2024\n"
    )
    deals = tmp_path / "opportunities.csv"
    deals.write_text(
        "Opportunity ID,AccountId,Created Date,StageName,Amount,Close Date\n"
        'D1,P1,2026-01-05,Closed Won,"$1,000.00",2026-02-01\n'
        "D2,P2,2026-02-01,Closed Lost,$250.00,2026-02-20\n"
    )
    page.goto(f"{fresh_server.url}/data")
    wait_for_page(page, "Data")
    page.locator("input[type=file]").set_input_files([str(partners), str(deals)])
    page.get_by_role("button", name="Check the files").click()
    page.get_by_text("Every row passed the checks.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Load the accepted rows").click()
    page.get_by_text("Loaded as version 1").wait_for(timeout=60_000)
    page.goto(fresh_server.url)
    wait_for_page(page, "Portfolio health")
    enrolled = metric_value(page, "Enrolled partners")
    assert settled(page, enrolled, lambda text: text == "2") == "2"
    assert outside_hosts(page.requests_seen) == set()
