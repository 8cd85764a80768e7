"""Rebuild assets/geo/*.geojson, the offline boundaries of the coverage maps.

The sources are public domain: US Census Bureau cartographic state boundaries (2017) and Natural
Earth 1:110m countries, as redistributed (simplified, quantised TopoJSON) by the npm packages
us-atlas 3.0.1 and world-atlas 2.0.2 (ISC). Converting them needs Node.js:

    npm install us-atlas@3.0.1 world-atlas@2.0.2 topojson-client@3.1.0
    node -e '<see CONVERT below>'      # writes us_states.geojson and world_countries.geojson
    .venv/bin/python scripts/build_boundaries.py us_states.geojson world_countries.geojson

This script adds the codes the app joins on (USPS state code, ISO 3166 alpha-2 country code)
with pycountry, and writes the files the app ships. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "assets" / "geo"
CONVERT = """
const fs = require("fs"); const topojson = require("topojson-client");
const round = (c) => Array.isArray(c[0]) ? c.map(round)
  : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
for (const [src, object, out] of [
  ["node_modules/us-atlas/states-10m.json", "states", "us_states.geojson"],
  ["node_modules/world-atlas/countries-110m.json", "countries", "world_countries.geojson"]]) {
  const topo = JSON.parse(fs.readFileSync(src));
  const fc = topojson.feature(topo, topo.objects[object]);
  for (const f of fc.features) {
    if (f.geometry) f.geometry.coordinates = round(f.geometry.coordinates);
    f.properties = { id: f.id, name: f.properties.name }; delete f.id;
  }
  fs.writeFileSync(out, JSON.stringify(fc));
}
"""


def state_codes() -> dict[str, str]:
    codes = {s.name: s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US")}
    codes.update(
        {
            "District of Columbia": "DC",
            "Commonwealth of the Northern Mariana Islands": "MP",
            "United States Virgin Islands": "VI",
        }
    )
    return codes


def main(states_path: str, countries_path: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    states = json.loads(Path(states_path).read_text())
    by_name = state_codes()
    for feature in states["features"]:
        feature["properties"]["code"] = by_name.get(feature["properties"]["name"])
    (OUT / "us_states.geojson").write_text(json.dumps(states, separators=(",", ":")))

    countries = json.loads(Path(countries_path).read_text())
    for feature in countries["features"]:
        numeric = feature["properties"].get("id")
        match = pycountry.countries.get(numeric=numeric) if numeric else None
        # Kosovo has no ISO code; XK is the code in common use.
        code = match.alpha_2 if match else {"Kosovo": "XK"}.get(feature["properties"]["name"])
        feature["properties"]["code"] = code
    (OUT / "world_countries.geojson").write_text(json.dumps(countries, separators=(",", ":")))


if __name__ == "__main__":
    main(*sys.argv[1:3])
