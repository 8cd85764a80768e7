"""Every table of every page reads cleanly on the default view: human headers, no raw values."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_pages_alone import PAGES

SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
RAW_TEXT = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bNaT\b|00:00:00")
VIEWS = [(page, {}) for page in PAGES] + [
    ("pages/partner/scorecard.py", {"partner": "Falcon Data LLC"}),
]


def tables_of(page: str, params: dict[str, str]) -> list:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return list(at.dataframe)


@pytest.mark.parametrize(("page", "params"), VIEWS)
def test_tables_read_cleanly(page, params):
    for table in tables_of(page, params):
        frame: pd.DataFrame = table.value
        config = json.loads(table.proto.columns or "{}")
        for name in frame.columns:
            column = config.get(str(name), {})
            label = column.get("label") or str(name)
            where = f"{page}: column {name!r}"
            assert not SNAKE_CASE.match(label), f"{where} shows a raw header"
            assert not label[:1].islower(), f"{where} shows the lowercase header {label!r}"
            kind = column.get("type_config", {}).get("type")
            if pd.api.types.is_datetime64_any_dtype(frame[name]):
                assert kind in ("date", "datetime"), f"{where} would show a time of day"
            if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]):
                shown = frame[name].dropna().astype(str)
                assert not shown.str.contains(RAW_TEXT).any(), f"{where} shows {shown.tolist()}"
        if frame.isna().to_numpy().any():
            assert table.proto.HasField("placeholder"), f"{page}: missing values read 'None'"
        # A percent column without a step shows as many decimals as the value has (46.45%).
        steps = [
            c["type_config"].get("step")
            for c in config.values()
            if c.get("type_config", {}).get("format") == "percent"
        ]
        assert None not in steps and len(set(steps)) <= 1, f"{page}: rates at mixed precision"
