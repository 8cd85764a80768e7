"""Partner-safe presentation: one masking mechanism for every page, and data shown as text."""

from __future__ import annotations

import ast
import re
from unittest import mock
from urllib.parse import unquote

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components import maps, text
from components.presentation import Aliases, ProgramNames, mask_names
from tests.conftest import ROOT, SAMPLE_DIR
from tests.screen_text import NameFinder, download_text, element_text, program_names
from tests.sweep import navigation_pages

NAMES = ProgramNames(
    partners=frozenset({"Alpha Systems", "Beta Data", "Gamma", "Partner 1"}),
    customers=frozenset({"Acme Bank", "Gamma"}),
    partner_by_id={"P1": "Alpha Systems", "P2": "Beta Data", "P3": "Gamma", "P4": "Partner 1"},
    id_by_label={},
)


# One mechanism: pages read data through components.db, which masks every frame.


def test_no_page_reads_data_around_the_masking():
    for page in sorted((ROOT / "pages").glob("*/*.py")):
        for node in ast.walk(ast.parse(page.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "queries":
                assert "db" not in {a.name for a in node.names}, page
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [node.module] if isinstance(node, ast.ImportFrom) else []
                modules += [a.name for a in node.names]
                assert "queries.db" not in modules, page


def test_names_in_any_column_get_one_alias_each():
    aliases = Aliases()
    table = pd.DataFrame(
        {
            "partner_name": ["Beta Data", "Alpha Systems", "Beta Data"],
            "segment_label": ["Alpha Systems", "Gold", None],
            "customer_name": ["Acme Bank", "Acme Bank", "Unknown Co"],
            "revenue": [1.0, 2.0, 3.0],
        }
    )
    masked = mask_names(table, NAMES, None, aliases)
    assert masked.partner_name.tolist() == ["Partner 2", "Partner 3", "Partner 2"]
    # The same partner in another column, or in the next frame, carries the same alias.
    assert masked.segment_label.tolist()[:2] == ["Partner 3", "Gold"]
    assert pd.isna(masked.segment_label.iloc[2])
    assert masked.customer_name.tolist() == ["Customer 1", "Customer 1", "Unknown Co"]
    assert masked.revenue.tolist() == [1.0, 2.0, 3.0]
    later = mask_names(pd.DataFrame({"name": ["Alpha Systems"]}), NAMES, None, aliases)
    assert later.name.tolist() == ["Partner 3"]
    assert table.partner_name.tolist()[0] == "Beta Data"  # the cached frame is untouched


def test_an_alias_is_never_a_real_name():
    # "Partner 1" is a real partner here, so the first alias handed out is "Partner 2".
    masked = mask_names(pd.DataFrame({"n": ["Beta Data", "Partner 1"]}), NAMES, None, Aliases())
    assert masked.n.tolist() == ["Partner 2", "Partner 3"]


def test_the_presented_partner_keeps_its_name_and_labels_are_masked():
    frame = pd.DataFrame({"label": ["Alpha Systems", "Beta Data (P2)", "Alpha Systems (P9)"]})
    masked = mask_names(frame, NAMES, "Alpha Systems", Aliases())
    assert masked.label.tolist() == ["Alpha Systems", "Partner 2", "Alpha Systems (P9)"]


def test_a_name_both_partner_and_customer_is_masked_as_a_partner():
    masked = mask_names(pd.DataFrame({"n": ["Gamma"]}), NAMES, None, Aliases())
    assert masked.n.tolist() == ["Partner 2"]


def test_a_frame_without_names_is_returned_as_it_is():
    frame = pd.DataFrame({"tier": ["Gold"], "n": [1]})
    assert mask_names(frame, NAMES, None, Aliases()) is frame


# Every page of the navigation, with a partner in the room.

KEPT = "P000158"


@pytest.fixture(scope="module")
def partner_sweep():
    """Each page of app.py's navigation in partner presentation mode, in one session that first
    presents KEPT on the scorecard: every string its elements carry, and every download offered."""
    partners, _ = program_names(SAMPLE_DIR)
    offered: list[tuple[str, object]] = []
    real_button = st.download_button

    def recording_button(label, data=None, *args, **kwargs):
        offered.append((kwargs.get("file_name", ""), data))
        return real_button(label, data, *args, **kwargs)

    pages = navigation_pages()
    scorecard = next(p for p in pages if p.endswith("scorecard.py"))
    seen = {}
    with mock.patch("streamlit.download_button", recording_button):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update(present="true", audience="partner", partner=partners[KEPT])
        at.run()
        for page in [scorecard, *pages]:
            offered.clear()
            at.switch_page(page)
            if page.endswith("mdf.py"):
                at.session_state["mdf_dimension"] = "partner"  # the breakdown that names partners
            at.run()
            assert not at.exception, page
            downloads = []
            for file_name, data in offered:
                payload = data() if callable(data) else data
                downloads.append(download_text(payload, file_name))
            seen[page] = ("\n".join(element_text(at._tree)), "\n".join(downloads))
    return seen


def test_no_page_shows_another_partner_or_any_customer(partner_sweep):
    partners, customers = program_names(SAMPLE_DIR)
    finder = NameFinder([*partners.values(), *customers])
    for page, (screen, downloads) in partner_sweep.items():
        # Scorecard links carry names in their (quoted) URL.
        leaked = finder.found_in(unquote(screen)) - {partners[KEPT]}
        assert not leaked, f"{page} shows {sorted(leaked)[:5]}"
        leaked = finder.found_in(downloads) - {partners[KEPT]}
        assert not leaked, f"{page} offers downloads with {sorted(leaked)[:5]}"
    assert set(partner_sweep) == set(navigation_pages())


def test_the_presented_partner_and_the_aliases_are_shown(partner_sweep):
    partners, _ = program_names(SAMPLE_DIR)
    scorecard_screen = next(s for p, (s, _) in partner_sweep.items() if p.endswith("scorecard.py"))
    assert partners[KEPT] in scorecard_screen
    everything = " ".join(screen for screen, _ in partner_sweep.values())
    assert "Partner 1" in everything and "Customer 1" in everything


# Data shown as text.

HOSTILE = [
    "![pixel](http://127.0.0.9:9/pixel.png)",
    "<img src=http://127.0.0.9:9/x.png>",
    "[link](javascript:alert(1))",
    "<script>alert(1)</script>",
    "**bold** _it_ ~~s~~ `code` $x$ :red[red] :tada: a -- b www.example.com a@b.io",
    "# heading\n- item\n\n    indented & &amp; \\ |",
]


def unescaped(markdown: str) -> str:
    """What a CommonMark reader shows for text that holds only backslash escapes."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_reads_back_as_the_value_on_one_line(value):
    shown = text.literal(value)
    assert unescaped(shown).replace(text.WORD_JOINER, "") == " ".join(value.split())
    assert "\n" not in shown
    # No mark is left bare for Markdown, HTML, LaTeX or a Streamlit directive to act on.
    bare = re.sub(r"\\.", "", shown)
    assert not re.search(r"[`*_\[\]<>~\\]|\$(?!\d)|&#?\w+;|:[A-Za-z]", bare)
    assert not re.match(r"[#+=-]|\d+[.)]", shown)


def test_literal_breaks_what_streamlit_replaces_in_parsed_text():
    shown = unescaped(
        text.literal(":tada: :material/home: a -- b -> c http://x.io www.x.io a@b.io")
    )
    for pattern in (":tada:", ":material/home:", " -- ", " -> ", "http:", "www.", "a@b"):
        assert pattern not in shown


def test_text_without_markdown_marks_comes_back_unchanged():
    for plain in ("Falcon Data LLC", "Sky Cloud S.A.", "6-month window · tier Gold", "$1.2M"):
        assert text.literal(plain) == plain
    assert text.literal("- Crest & Co (#1)") == "\\- Crest & Co (#1)"


def test_map_tooltips_escape_every_value():
    points = pd.DataFrame(
        {
            "longitude": [0.0],
            "latitude": [0.0],
            "revenue": [10.0],
            "partner_name": ["<img src=http://127.0.0.9:9/n.png>"],
            "tier": ["<b>Gold</b>"],
            "health_band": ["<script>x</script>"],
        }
    )
    tip = maps.partner_points(points, "tier").tip.iloc[0]
    assert "<img" not in tip and "<b>Gold" not in tip and "<script" not in tip
    assert "&lt;img src=http://127.0.0.9:9/n.png&gt;" in tip
