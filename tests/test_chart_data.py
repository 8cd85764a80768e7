"""Charts send the browser what they draw: counted rows, not every row they count."""

from __future__ import annotations

import pandas as pd

from components.charts import forecast, nps


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


def test_most_biased_keeps_both_ends_and_drops_segments_without_a_bias():
    segments = pd.DataFrame(
        {
            "segment_label": ["A", "B", "C", "D", "E", "F"],
            "forecast_bias": [0.30, -0.25, None, 0.02, -0.05, 0.12],
        }
    )
    assert forecast.most_biased(segments, each=2).segment_label.tolist() == ["B", "E", "F", "A"]
    # Few enough segments: every one with a bias, lowest first.
    assert forecast.most_biased(segments, each=3).segment_label.tolist() == [
        "B",
        "E",
        "D",
        "F",
        "A",
    ]
    assert forecast.most_biased(segments.iloc[:0]).empty


def test_the_bias_chart_is_as_tall_as_its_bars():
    segments = pd.DataFrame(
        {
            "segment_label": [f"CAM {i}" for i in range(400)],
            "forecast_bias": [0.001 * i - 0.2 for i in range(400)],
        }
    )
    segments["habit"] = "calls it"
    for column in ("forecast_accuracy", "share_within_10_pct", "quarters_with_data"):
        segments[column] = 1
    chart = forecast.bias_by_segment(forecast.most_biased(segments)).to_dict()
    assert chart["height"] == 26 * 2 * forecast.MOST_BIASED
