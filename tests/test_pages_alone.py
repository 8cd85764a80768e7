"""Every page script runs on its own under AppTest with default filters, without an error."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*/*.py"))


def test_every_page_is_listed_in_the_navigation():
    app = (ROOT / "app.py").read_text()
    assert PAGES and all(f'"{page}"' in app for page in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_alone(page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception
    assert at.title and at.title[0].value
