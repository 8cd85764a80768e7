"""A few edge slices in the browser: what AppTest sweeps in-process, seen as a user sees it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Server, outside_hosts, settle

pytestmark = pytest.mark.browser

# One view per kind of edge, each once a traceback or a NaN on screen.
SLICES = {
    "coverage outside the US": ("/coverage?region=EMEA", "Coverage gaps"),
    "coverage for a CAM with no US partner": ("/coverage?cam=Noah%20Hughes", "Coverage gaps"),
    "MDF for a tier without allocations": ("/mdf?tier=Registered", "MDF"),
    "a selection that matches nobody": (
        "/enablement?region=EMEA&cam=Tara%20Varga",
        "Enablement & compliance",
    ),
    "an early as-of date": ("/?as_of=2023-06-30", "Portfolio health"),
    "a CAM's portfolio outside the US": ("/cam-portfolio?cam=Noah%20Hughes", "CAM portfolio"),
}
# What the page must say in words on that slice.
SAYS = {
    "coverage outside the US": "showing the world map",
    "a selection that matches nobody": "No partner matches this selection",
    "MDF for a tier without allocations": "No MDF was allocated",
}
MISSING = re.compile(r"(?<![\w-])(nan|NaN|None|NaT|undefined)(?![\w-])")


@pytest.fixture(scope="module")
def server():
    running = Server()
    yield running
    running.stop()


@pytest.mark.parametrize("name", list(SLICES))
def test_edge_slice_reads_cleanly_in_the_browser(server, page, name):
    path, title = SLICES[name]
    page.goto(server.url + path)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    settle(page)
    main = page.locator("[data-testid=stMain]")
    assert page.locator("[data-testid=stException]").count() == 0
    text = main.inner_text()
    assert not MISSING.findall(text), MISSING.findall(text)
    assert "Traceback" not in text
    assert SAYS.get(name, "") in text
    assert outside_hosts(page.requests_seen) == set()
