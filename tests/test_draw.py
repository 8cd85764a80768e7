"""Charts reach the page as Streamlit would draw them, from data named by content, built once."""

from __future__ import annotations

import altair as alt
import pandas as pd
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components.charts import draw


def _bars_and_rule(bars: pd.DataFrame, rule: pd.DataFrame) -> alt.LayerChart:
    return alt.layer(
        alt.Chart(bars).mark_bar().encode(x="tier:N", y="partners:Q"),
        alt.Chart(rule).mark_rule().encode(y="target:Q"),
    ).properties(height=200)


BARS = pd.DataFrame({"tier": ["Gold", "Silver"], "partners": [3, 5]})
RULE = pd.DataFrame({"target": [4.0]})


def _without_data(spec: dict) -> dict:
    """The spec with data set names blanked (Streamlit names them by their Arrow bytes)."""
    spec = {k: v for k, v in spec.items() if k not in ("datasets", "$schema")}
    spec["layer"] = [{**layer, "data": None} for layer in spec["layer"]]
    return spec


def test_the_spec_is_streamlits_own_with_the_screen_styling():
    chart = _bars_and_rule(BARS, RULE)
    ours = draw.vega_lite_spec(chart)
    styled = chart.configure(**draw.SCREEN_CONFIG)
    theirs = _convert_altair_to_vega_lite_spec(styled)
    assert _without_data(ours) == _without_data(theirs)
    # Each frame travels once, under a name its layer refers to.
    names = [layer["data"]["name"] for layer in ours["layer"]]
    assert sorted(names) == sorted(ours["datasets"])
    assert ours["datasets"][names[0]] is BARS


def test_a_charts_own_config_wins_over_the_shared_styling():
    chart = alt.Chart(BARS).mark_bar().encode(x="tier:N", y="partners:Q")
    spec = draw.vega_lite_spec(chart.configure_legend(orient="top"))
    assert spec["config"]["legend"]["orient"] == "top"
    assert spec["config"]["legend"]["labelFontSize"] == 13  # the rest of the styling stays
    assert spec["config"]["view"] == {"strokeWidth": 0}


def test_data_are_named_by_their_content_alone():
    same = draw.vega_lite_spec(_bars_and_rule(BARS.copy(), RULE.copy()))
    assert set(same["datasets"]) == set(draw.vega_lite_spec(_bars_and_rule(BARS, RULE))["datasets"])
    other = draw.vega_lite_spec(_bars_and_rule(BARS.assign(partners=[3, 6]), RULE))
    assert other["layer"][0]["data"] != same["layer"][0]["data"]  # one value changed
    assert other["layer"][1]["data"] == same["layer"][1]["data"]


def test_a_chart_is_drawn_anew_when_any_row_of_a_large_frame_changes():
    # Streamlit's own argument hash samples frames beyond 50,000 rows; the chart cache must not.
    rows = 60_000
    frame = pd.DataFrame({"day": range(rows), "registrations": [1] * rows})
    changed = frame.copy()
    changed.loc[rows // 2 + 7, "registrations"] = 2
    assert draw._content_hash(frame) != draw._content_hash(changed)
    assert draw._content_hash(frame) == draw._content_hash(frame.copy())


def test_each_builder_and_data_are_built_once(monkeypatch):
    calls = []

    def counted(frame: pd.DataFrame) -> alt.Chart:
        calls.append(len(frame))
        return alt.Chart(frame).mark_bar().encode(x="tier:N", y="partners:Q")

    monkeypatch.setattr(draw, "_test_builder", counted, raising=False)
    draw.chart_spec.clear()
    first = draw.chart_spec(draw.__name__, "_test_builder", BARS)
    again = draw.chart_spec(draw.__name__, "_test_builder", BARS.copy())
    assert calls == [2]
    assert first["data"] == again["data"] and list(first["datasets"]) == list(again["datasets"])
    draw.chart_spec(draw.__name__, "_test_builder", BARS.assign(partners=[1, 1]))
    assert calls == [2, 2]
