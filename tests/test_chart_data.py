"""Charts send the browser what they draw: counted rows, not every row they count."""

from __future__ import annotations

import pandas as pd

from components.charts import nps


def _values(chart) -> list[dict]:
    return chart.to_dict()["datasets"].popitem()[1]


def test_score_distribution_sends_one_row_per_score_and_group():
    responses = pd.DataFrame(
        {
            "partner_name": ["A", "B", "C", "D", "E", "F"],
            "score": [3, 3, 8, 10, 10, 10],
            "nps_group": ["detractor", "detractor", "passive", "promoter", "promoter", "promoter"],
        }
    )
    rows = _values(nps.score_distribution(responses))
    assert sorted((r["score"], r["nps_group"], r["partners"]) for r in rows) == [
        (3, "detractor", 2),
        (8, "passive", 1),
        (10, "promoter", 3),
    ]
    assert all("partner_name" not in r for r in rows)


def test_score_distribution_of_nobody_is_an_empty_chart():
    empty = pd.DataFrame({"score": pd.Series(dtype="int64"), "nps_group": pd.Series(dtype=str)})
    assert _values(nps.score_distribution(empty)) == []
