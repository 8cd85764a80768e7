"""Put an Altair chart on the page: its Vega-Lite spec, the screen-share styling, its data as Arrow.

Every chart of the app goes through `draw` rather than `st.altair_chart`, for speed that sessions
feel: Streamlit converts an Altair chart under one lock for the whole server (its data
transformer and theme are global to Altair), so twenty sessions opening pages queue behind each
other's charts, and every `configure_*` call deep-copies the whole chart. Here each chart's
DataFrames are named by their content and handed to Streamlit as they are (it writes them as
Arrow, as its own conversion does), so `to_dict` needs no global setting and no lock; the shared
styling is added to the spec as one dictionary. The spec is checked against the Vega-Lite schema
when `VALIDATE` is set (the test suite sets it); a page does not pay for that check on every run.
And a chart is built once per builder and data: a fresh tab, or a colleague on the same filters,
gets the spec without building it again.
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

# Set by tests/conftest.py: every chart a test draws is checked against the Vega-Lite schema.
VALIDATE = False

# The screen-share styling every chart shares (large axis and legend labels, a light grid, no
# frame); a chart's own config, where it has one, wins.
SCREEN_CONFIG: dict[str, dict[str, Any]] = {
    "axis": {"labelFontSize": 13, "titleFontSize": 13, "grid": True, "gridOpacity": 0.4},
    "legend": {"labelFontSize": 13, "titleFontSize": 13, "orient": "bottom"},
    "view": {"strokeWidth": 0},
}
_PARTS = ("layer", "hconcat", "vconcat", "concat")
# Chart specs kept for sessions that draw the same chart from the same data again (a fresh tab,
# a colleague on the same filters); each is its data plus a few KB of spec.
CACHED_SPECS = 1000


def draw(
    build: Callable[..., alt.TopLevelMixin], *args: Any, where: Any = None, **kwargs: Any
) -> None:
    """Draw the chart `build(*args, **kwargs)` across the width of `where` (a column or container;
    the page by default). A chart drawn before from the same data is not built again."""
    spec = chart_spec(build.__module__, build.__qualname__, *args, **kwargs)
    (where or st).vega_lite_chart(spec=spec, width="stretch")


def _content_hash(data: pd.DataFrame | pd.Series) -> str:
    # Streamlit's own hash samples frames beyond 50,000 rows; a chart must change with any row.
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    return _dataset_name(frame) + repr(getattr(data, "name", None))


@st.cache_data(
    show_spinner=False,
    max_entries=CACHED_SPECS,
    hash_funcs={
        pd.DataFrame: _content_hash,
        pd.Series: _content_hash,
        alt.Tooltip: lambda tooltip: repr(tooltip.to_dict(validate=False)),
    },
)
def chart_spec(module: str, name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The spec of the chart builder `module.name` on these arguments, built once per argument
    values (the builders are pure: a DataFrame in, a chart out)."""
    build = getattr(importlib.import_module(module), name)
    return vega_lite_spec(build(*args, **kwargs))


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as Streamlit draws it: the Vega-Lite spec, styling merged, data sets by name."""
    if alt.theme.active != "none":  # as Streamlit draws Altair charts: no default size
        alt.theme.enable("none")
    datasets: dict[str, pd.DataFrame] = {}
    spec = _with_named_data(chart, datasets).to_dict(validate=VALIDATE)
    spec["config"] = _merged(SCREEN_CONFIG, spec.get("config", {}))
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def _with_named_data(chart: Any, datasets: dict[str, pd.DataFrame]) -> Any:
    """A shallow copy of the chart whose DataFrames (its own and its parts') are named data sets.

    Encodings must then give their types (":Q", ":N", ...): Altair cannot infer a type from a
    name. A part without data of its own reads its parent's, as before.
    """
    chart = chart.copy(deep=False)
    data = getattr(chart, "data", alt.Undefined)
    if isinstance(data, pd.DataFrame):
        name = _dataset_name(data)
        datasets[name] = data
        chart.data = alt.NamedData(name=name)
    for attribute in _PARTS:
        parts = getattr(chart, attribute, alt.Undefined)
        if isinstance(parts, list):
            setattr(chart, attribute, [_with_named_data(part, datasets) for part in parts])
    return chart


def _dataset_name(frame: pd.DataFrame) -> str:
    """A name that changes exactly when the data do, so a chart drawn again with the same data is
    the same element to the browser."""
    digest = hashlib.sha1(repr((list(frame.columns), list(frame.dtypes))).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    except TypeError:  # cells pandas cannot hash (lists): their pickled bytes name them
        digest.update(pickle.dumps(frame))
    return f"data-{digest.hexdigest()[:20]}"


def _merged(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
