"""Every page of the navigation on every slice a user can pick, and on every program shape.

Each view must run without an exception, show no nan/None/NaT where a value belongs, and say in
words when the selection holds no partner. Slices are chosen to hit the edges: each region and
tier, a CAM with no US partner, a selection that matches nobody, as-of dates before any data and
in the first quarter, short and long windows, no onboarding grace, partner presentation mode.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries import sql
from queries.contract import TABLES
from queries.filters import Filters
from tests.conftest import SAMPLE_DIR
from tests.sweep import missing_words, navigation_pages, page_id, run_page

# Every view reads the sample or a program shape, neither of which changes during the module.
pytestmark = pytest.mark.shared_caches
PAGES = navigation_pages()


def _sample_slices() -> dict[str, dict[str, object]]:
    from queries.loader import load_folder

    con = load_folder(SAMPLE_DIR)
    options = sql.fetch(con, "filter_options")
    values = {f: list(options[options["filter"] == f]["value"]) for f in options["filter"].unique()}
    cams_outside_us = con.execute(
        "select cam_id from stg_partners where cam_id is not null group by cam_id "
        "having count(*) filter (where country = 'US') = 0 order by cam_id limit 1"
    ).fetchall()
    first_registration = con.execute("select min(registered_on) from stg_deal_registrations")
    first = first_registration.fetchone()[0]
    first_quarter_end = (pd.Timestamp(first) + pd.offsets.QuarterEnd(0)).date()
    nobody = {"tier": [values["tier"][-1]], "region": [values["region"][0]], "cam": []}
    # A CAM of another region makes any tier/region pair match nobody.
    other_cam = con.execute(
        "select cam_id from stg_partners where region <> $region and cam_id is not null "
        "order by cam_id limit 1",
        {"region": values["region"][0]},
    ).fetchone()[0]
    nobody["cam"] = [other_cam]
    assert sql.fetch_for(
        con,
        "headline_kpis",
        Filters(tiers=tuple(nobody["tier"]), regions=tuple(nobody["region"]), cams=(other_cam,)),
    ).iloc[0].enrolled_partners in (0, None)
    slices: dict[str, dict[str, object]] = {"default": {}}
    slices |= {f"region-{r}": {"region": [r]} for r in values["region"]}
    slices |= {f"tier-{t}": {"tier": [t]} for t in values["tier"]}
    slices["cam-outside-us"] = {"cam": [cams_outside_us[0][0]]}
    slices["nobody"] = nobody
    slices["before-any-data"] = {"as_of": date(first.year - 1, 1, 1)}
    slices["first-quarter"] = {"as_of": first_quarter_end}
    slices["window-3"] = {"window": 3}
    slices["window-24"] = {"window": 24}
    slices["grace-0"] = {"grace": 0}
    slices["partner-audience"] = {"present": True, "audience": "partner"}
    # The scorecard with a partner picked, on its own and presented to that partner.
    busiest = con.execute(
        "select partner_id from stg_deal_registrations group by all order by count(*) desc limit 1"
    ).fetchone()[0]
    slices["partner-picked"] = {"partner": busiest}
    slices["partner-presented"] = {"partner": busiest, "present": True, "audience": "partner"}
    con.close()
    return slices


SLICES = _sample_slices()


@pytest.mark.parametrize("slice_name", SLICES)
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_holds_on_every_slice(page, slice_name):
    at = run_page(page, SLICES[slice_name])
    assert not at.exception, [e.value for e in at.exception]
    assert not missing_words(at)
    # A sentence says what it knows; "no data" is a tile's or a cell's placeholder, not a word.
    sentences = [m.value for m in at.markdown if m.value.startswith("####")]
    assert not [s for s in sentences if "no data" in s.lower()], sentences
    if slice_name == "nobody" and not page.startswith("pages/data/"):
        # A selection that matches nobody says so (the Data page shows the program, unfiltered).
        words = [w.value for w in at.warning] + [i.value for i in at.info]
        assert any("No partner" in w for w in words), words


OPTIONAL = [name for name, table in TABLES.items() if table.optional]


def _with_what_names_it(table: str) -> list[str]:
    """A table and those whose rows name it (payments name programs): left out together, as
    the load refuses a row naming a row that is not loaded."""
    return [table, *(n for n, t in TABLES.items() if any(r[1] == table for r in t.references))]


SHAPES = {"partners-and-deals-only": OPTIONAL} | {
    f"without-{t}": _with_what_names_it(t) for t in OPTIONAL
}


@pytest.fixture(scope="module")
def program_shapes(tmp_path_factory) -> dict[str, Path]:
    """The sample program cut to 150 partners, written once per shape with tables left out."""
    sample = {name: pd.read_csv(SAMPLE_DIR / f"{name}.csv", dtype=str) for name in TABLES}
    kept = set(sample["partners"].partner_id.head(150))
    cut = {
        name: frame[frame.partner_id.isin(kept)] if "partner_id" in frame else frame
        for name, frame in sample.items()
    }
    folders = {}
    for shape, left_out in SHAPES.items():
        folder = tmp_path_factory.mktemp(shape)
        for name, frame in cut.items():
            if name not in left_out:
                frame.to_csv(folder / f"{name}.csv", index=False)
        folders[shape] = folder
    return folders


# Shape by shape: the connection cache holds a few programs, not one per shape.
@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("shape", SHAPES)
def test_page_holds_on_every_program_shape(page, shape, program_shapes, monkeypatch):
    monkeypatch.setenv("CHANNEL_DATA", str(program_shapes[shape]))
    at = run_page(page, {})
    assert not at.exception, [e.value for e in at.exception]
    assert not missing_words(at)


NEEDS_OPTIONAL_DATA = re.compile(
    r"MDF|[Cc]ertif|QBR|[Ff]orecast|tier requirement|[Pp]lan attainment|NPS|[Ii]ncentive"
)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_missing_tables_read_as_no_data_not_zero(page, program_shapes, monkeypatch):
    monkeypatch.setenv("CHANNEL_DATA", str(program_shapes["partners-and-deals-only"]))
    at = run_page(page, {"partner": "P000002"})
    assert not at.exception, [e.value for e in at.exception]
    for tile in at.metric:
        if NEEDS_OPTIONAL_DATA.search(tile.label):
            assert tile.value == "no data", (tile.label, tile.value)
    for text in [m.value for m in at.markdown]:
        assert not re.search(r"\b0 (certifications|QBRs)\b|\b0\.0+%", text), text
