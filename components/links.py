"""Links from any partner table to the partner's scorecard (a shareable URL)."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd


def with_scorecard_links(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Add a `scorecard` column: the scorecard page's URL for each row's partner_id."""
    urls = [f"scorecard?partner={quote(labels.get(pid, pid))}" for pid in frame.partner_id]
    return frame.assign(scorecard=urls)
