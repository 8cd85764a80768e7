"""Links from any partner table to the partner's scorecard (a shareable URL)."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd


def with_scorecard_links(frame: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Add a `scorecard` column: the scorecard page's URL for each row's partner_id, by the
    partner's label in `partners` (partner_options: partner_id, label), or its id without one.

    Only the rows given are looked up: a table shows its top rows, and a program may have
    100,000 partners, too many to turn into a dictionary on every run.
    """
    labels = partners.set_index("partner_id").label.reindex(frame.partner_id)
    urls = [
        f"scorecard?partner={quote(label if isinstance(label, str) else pid)}"
        for pid, label in zip(frame.partner_id, labels, strict=True)
    ]
    return frame.assign(scorecard=urls)
