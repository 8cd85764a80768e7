"""The repository stands alone: its docs describe the contract in code and link inside it."""

from __future__ import annotations

import re

from queries.contract import TABLES
from tests.conftest import ROOT


def test_data_contract_page_names_every_table_and_column():
    page = (ROOT / "docs" / "data-contract.md").read_text()
    sections = dict(re.findall(r"^## (\w+)(.*?)(?=^## |\Z)", page, flags=re.M | re.S))
    for name, table in TABLES.items():
        assert name in sections, name
        for column in table.column_names:
            assert re.search(rf"\b{column}\b", sections[name]), (name, column)


def test_docs_link_only_inside_the_repository():
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)", doc.read_text()):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            resolved = (doc.parent / target).resolve()
            assert resolved.is_relative_to(ROOT), (doc.name, target)
            assert resolved.exists(), (doc.name, target)


def test_speed_figures_are_the_benchs_own():
    """README's speed table and concurrency figures, and bench/results.md, are what
    bench/report.py writes from the committed bench/results.json and concurrency.json."""
    from bench import report

    results, concurrency = report.load()
    readme = (ROOT / "README.md").read_text()
    assert report.blocks_in(readme) == report.readme_blocks(results, concurrency)
    written = (ROOT / "bench" / "results.md").read_text()
    assert written == report.results_markdown(results, concurrency)
