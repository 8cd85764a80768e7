"""What the sweep needs: the pages of the navigation, the slices to try, and what a user reads.

A page joins the sweep by being in app.py's navigation. A slice is the session state the global
filters (and presentation mode) would hold; pages read it by key, so a page run alone under
AppTest with that state is the page a user sees with those filters.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

# Words that must never reach a user as a value.
MISSING_WORDS = re.compile(r"(?<![\w-])(nan|NaN|None|NaT|null|undefined|inf)(?![\w-])")


def navigation_pages() -> list[str]:
    """The page scripts app.py's navigation lists, in its order."""
    return re.findall(r'st\.Page\(\s*"([^"]+\.py)"', (ROOT / "app.py").read_text())


def page_id(path: str) -> str:
    return path.removeprefix("pages/").removesuffix(".py")


def run_page(page: str, state: dict[str, object], timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _cell_text(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if value is pd.NaT:
        return "NaT"
    return str(value)


def _frame_text(frame: pd.DataFrame) -> list[str]:
    """Headers and cells as a user reads them; an empty cell (shown blank) is fine."""
    texts = [str(c) for c in frame.columns]
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            # Blank cells render empty in the grid; what matters there is that they are labelled.
            values = values.dropna()
        texts += [_cell_text(v) for v in values.head(200)]
    return texts


def _chart_texts(at: AppTest) -> list[str]:
    texts = []
    for chart in at.get("vega_lite_chart"):
        if "NaN" in chart.proto.spec:
            texts.append("chart spec holds NaN")
        spec = json.loads(chart.proto.spec.replace("NaN", "null"))
        texts += list(_spec_labels(spec))
        for dataset in chart.proto.datasets:
            # Values drawn as labels or shown in tooltips; an Arrow null is no label.
            frame = _arrow_frame(dataset.data.data)
            if frame is not None:
                texts += [
                    _cell_text(v)
                    for column in frame.select_dtypes(include=["object", "str"]).columns
                    for v in frame[column].dropna().head(200)
                ]
    return texts


def _spec_labels(node: object):
    """Titles and fixed texts of a Vega-Lite spec (axis titles, rule labels)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "text") and isinstance(value, str):
                yield value
            elif key == "values" and isinstance(value, list):
                yield from (
                    _cell_text(v) for row in value if isinstance(row, dict) for v in row.values()
                )
            else:
                yield from _spec_labels(value)
    elif isinstance(node, list):
        for item in node:
            yield from _spec_labels(item)


def _arrow_frame(data: bytes) -> pd.DataFrame | None:
    try:
        from streamlit.elements.lib.arrow_utils import arrow_ipc_to_pandas  # type: ignore
    except ImportError:
        from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df as arrow_ipc_to_pandas
    try:
        return arrow_ipc_to_pandas(data)
    except Exception:
        return None


def visible_texts(at: AppTest) -> dict[str, list[str]]:
    """What a user reads on the page, by kind of element."""
    texts: dict[str, list[str]] = {
        "title": [t.value for kind in (at.title, at.header, at.subheader) for t in kind],
        "markdown": [m.value for m in at.markdown] + [c.value for c in at.caption],
        "callout": [e.value for kind in (at.info, at.warning, at.success, at.error) for e in kind],
        "metric": [f"{m.label}: {m.value} {m.proto.delta or ''}".strip() for m in at.metric],
        "table": [t for df in at.dataframe for t in _frame_text(df.value)]
        + [t for table in at.table for t in _frame_text(table.value)],
        "chart": _chart_texts(at),
    }
    return texts


def missing_words(at: AppTest) -> list[str]:
    """Every place a page shows nan/None/NaT where a user expects a value or words."""
    found = []
    for kind, texts in visible_texts(at).items():
        for text in texts:
            if MISSING_WORDS.search(text):
                found.append(f"{kind}: {text[:160]}")
    return found
