"""Territory resolution, the coverage-gap arithmetic, the demand proxy and the map's layers.

As of 2026-06-30. Active partners: G1 (United States / California), G2 (USA / CA), G3 (US / tx),
G4 (Germany), G6 (Atlantis: unresolved), G7 (US / Narnia: state unresolved); G5 (DE) is dark.
States: demand CA 600, Texas 300, NY 100 → shares 0.6 / 0.3 / 0.1; active partners with a
  resolved state: CA 2, TX 1 (3 in all) → gaps −1/15, −1/30 and NY +0.1 → recruit ceil(0.3) = 1.
Countries: demand US 500, DE 300, FR 200 (Neverland unresolved) → 0.5 / 0.3 / 0.2; active
  partners with a resolved country: US 4, DE 1 (5) → gaps −0.3, +0.1 → ceil(0.5) = 1, and FR
  +0.2 → ceil(1.0) = 1 (not 2: the product is rounded before the ceiling).
Without market potential, registered customers stand in: CA 2000 + 1000, TX 1000 → 0.75 / 0.25
  against 2/3 and 1/3 → CA +1/12 → recruit ceil(0.25) = 1.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from components import maps
from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from queries.territories import territory_aliases
from tests.conftest import ROOT, deal, partner, write_program

AS_OF = date(2026, 6, 30)
PAGE = str(ROOT / "pages" / "planning" / "coverage.py")


def program(with_potential: bool = True) -> dict[str, list[dict]]:
    where = {
        "G1": ("United States", "California", 36.7, -119.4),
        "G2": ("USA", "CA", 34.0, -118.2),
        "G3": ("US", "tx", 30.3, -97.7),
        "G4": ("Germany", "", 52.5, 13.4),
        "G5": ("DE", "", 48.1, 11.6),
        "G6": ("Atlantis", "", "", ""),
        "G7": ("US", "Narnia", 40.7, -74.0),
    }
    partners = [
        partner(pid, "2024-01-01", country=c, state=s, latitude=lat, longitude=lon)
        for pid, (c, s, lat, lon) in where.items()
    ]
    customers = {
        "G1": ("United States", "California", 2000),
        "G2": ("US", "CA", 1000),
        "G3": ("USA", "TX", 1000),
        "G4": ("Germany", "", 500),
        "G6": ("Atlantis", "", 100),
        "G7": ("US", "Narnia", 100),
    }
    registrations = [
        deal(
            f"D{pid}",
            pid,
            "2026-05-01",
            "won",
            amount,
            "2026-06-01",
            customer_country=country,
            customer_state=state,
        )
        for pid, (country, state, amount) in customers.items()
    ]
    tables = {"partners": partners, "deal_registrations": registrations}
    if with_potential:
        tables["market_potential"] = [
            {"geo_level": "state", "geo_code": "CA", "potential": 600},
            {"geo_level": "state", "geo_code": "Texas", "potential": 300},
            {"geo_level": "state", "geo_code": "ny", "potential": 100},
            {"geo_level": "country", "geo_code": "US", "potential": 500},
            {"geo_level": "country", "geo_code": "DEU", "potential": 300},
            {"geo_level": "country", "geo_code": "France", "potential": 200},
            {"geo_level": "country", "geo_code": "Neverland", "potential": 50},
        ]
    return tables


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_program(tmp_path_factory.mktemp("coverage"), program())


@pytest.fixture(scope="module")
def con(folder):
    return load_folder(folder)


def gaps(con, level):
    frame = sql.fetch_for(con, "coverage_gaps", Filters(as_of=AS_OF), level=level)
    return frame.set_index("geo_code")


@pytest.mark.parametrize(
    ("level", "spelling", "code"),
    [
        ("country", "United States", "US"),
        ("country", "USA", "US"),
        ("country", "us", "US"),
        ("country", "U.S.A.", "US"),
        ("country", "Deutschland", None),
        ("country", "Germany", "DE"),
        ("country", "DEU", "DE"),
        ("country", "UK", "GB"),
        ("country", "South Korea", "KR"),
        ("state", "California", "CA"),
        ("state", "CA", "CA"),
        ("state", "ca", "CA"),
        ("state", "US-CA", "CA"),
        ("state", "Washington D.C.", "DC"),
    ],
)
def test_territory_spellings_resolve(con, level, spelling, code):
    found = con.execute(
        "select geo_code from territory_aliases where geo_level = $level "
        "and alias = territory_key($spelling)",
        {"level": level, "spelling": spelling},
    ).fetchall()
    assert (found[0][0] if found else None) == code


def test_aliases_are_unambiguous():
    aliases = territory_aliases()
    assert not aliases.duplicated(["geo_level", "alias"]).any()


def test_state_gaps(con):
    states = gaps(con, "state")
    assert states.loc["CA", "demand_share"] == pytest.approx(0.6)
    assert states.loc["CA", "active_partners"] == 2
    assert states.loc["CA", "gap"] == pytest.approx(0.6 - 2 / 3)
    assert states.loc["TX", "gap"] == pytest.approx(0.3 - 1 / 3)
    assert states.loc["NY", "gap"] == pytest.approx(0.1)
    assert states.loc["NY", "partners_to_recruit"] == 1
    assert states.loc["CA", "partners_to_recruit"] == 0
    assert set(states.demand_source) == {"market potential"}
    assert states.loc["TX", "geo_name"] == "Texas"


def test_country_gaps_round_before_the_ceiling(con):
    countries = gaps(con, "country")
    assert countries.loc["US", "active_partners"] == 4
    assert countries.loc["US", "gap"] == pytest.approx(-0.3)
    assert countries.loc["DE", "partners_to_recruit"] == 1
    assert countries.loc["FR", "gap"] == pytest.approx(0.2)
    assert countries.loc["FR", "partners_to_recruit"] == 1
    assert countries.demand_share.sum() == pytest.approx(1)


def test_unresolved_territories_are_counted_and_listed(con):
    rows = sql.fetch_for(con, "unresolved_territories", Filters(as_of=AS_OF))
    listed = set(zip(rows.what, rows.value, rows.rows, strict=True))
    assert listed == {
        ("partner country", "ATLANTIS", 1),
        ("partner state (United States)", "NARNIA", 1),
        ("market potential country", "NEVERLAND", 1),
    }


def test_registered_customers_stand_in_for_missing_market_potential(tmp_path):
    con = load_folder(write_program(tmp_path / "proxy", program(with_potential=False)))
    states = gaps(con, "state")
    assert set(states.demand_source) == {"registered customers"}
    assert states.loc["CA", "demand_share"] == pytest.approx(0.75)
    assert states.loc["CA", "gap"] == pytest.approx(0.75 - 2 / 3)
    assert states.loc["CA", "partners_to_recruit"] == 1


def test_gap_colours_diverge():
    assert maps.gap_color(0.1, 0.1)[0] > maps.gap_color(0.1, 0.1)[2]  # red: under-covered
    assert maps.gap_color(-0.1, 0.1)[2] > maps.gap_color(-0.1, 0.1)[0]  # blue: ahead
    assert maps.gap_color(None, 0.1) == maps.NO_DEMAND


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_page_deck_layers_carry_the_gap_data(monkeypatch, folder):
    monkeypatch.setenv("CHANNEL_DATA", str(folder))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    spec = deck_spec(at)
    assert "mapStyle" not in spec or not spec.get("mapStyle", "").startswith("http")
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"territories", "partners"}
    features = {f["properties"]["code"]: f for f in layers["territories"]["data"]["features"]}
    assert "Partners to recruit: <b>1</b>" in features["NY"]["tip"]
    assert features["NY"]["fill"][0] > features["NY"]["fill"][2]
    assert "No data" not in features["CA"]["tip"]
    # Enrolled partners with coordinates: all but G6.
    assert len(layers["partners"]["data"]) == 6
    assert any("Atlantis".upper() in str(df.value.values) for df in at.dataframe)
    # The map travels as compact JSON (pydeck's own is indented: four times the bytes).
    sent = at.get("deck_gl_json_chart")[0].proto.json
    assert sent == json.dumps(json.loads(sent), sort_keys=True, separators=(",", ":"))


def test_page_switches_to_world_countries(monkeypatch, folder):
    monkeypatch.setenv("CHANNEL_DATA", str(folder))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.segmented_control(key="map").set_value("country").run()
    assert not at.exception
    features = deck_spec(at)["layers"][0]["data"]["features"]
    assert len(features) > 150
    france = next(f for f in features if f["properties"]["code"] == "FR")
    assert "Partners to recruit: <b>1</b>" in france["tip"]
