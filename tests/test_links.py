"""Scorecard links: each shown partner's label, quoted, or its id when it has none."""

from __future__ import annotations

import pandas as pd

from components import links


def test_links_use_the_label_of_each_shown_partner_or_its_id():
    partners = pd.DataFrame(
        {"partner_id": ["P1", "P2", "P3"], "label": ["Alpha & Co (P1)", "Beta (P2)", "Gamma (P3)"]}
    )
    shown = pd.DataFrame({"partner_id": ["P2", "P9", "P1"], "revenue": [1.0, 2.0, 3.0]})
    linked = links.with_scorecard_links(shown, partners)
    assert linked.scorecard.tolist() == [
        "scorecard?partner=Beta%20%28P2%29",
        "scorecard?partner=P9",
        "scorecard?partner=Alpha%20%26%20Co%20%28P1%29",
    ]
    assert linked.revenue.tolist() == [1.0, 2.0, 3.0]


def test_no_rows_shown_no_links():
    partners = pd.DataFrame({"partner_id": ["P1"], "label": ["Alpha (P1)"]})
    linked = links.with_scorecard_links(pd.DataFrame({"partner_id": []}, dtype=str), partners)
    assert linked.scorecard.tolist() == []
