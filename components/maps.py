"""Coverage maps with pydeck, fully offline: shipped boundaries, no basemap provider."""

from __future__ import annotations

import copy
import html
import json
from functools import cache
from pathlib import Path

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components import format
from components.charts.style import HEALTH_COLORS, TIER_COLORS

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"
BOUNDARY_FILES = {"state": "us_states.geojson", "country": "world_countries.geojson"}
VIEWS = {
    "state": pdk.ViewState(latitude=38.5, longitude=-96.5, zoom=3.4),
    "country": pdk.ViewState(latitude=25, longitude=10, zoom=0.9),
}
NO_DEMAND = [225, 228, 232, 200]


@cache
def _boundaries(level: str) -> str:
    return (GEO_DIR / BOUNDARY_FILES[level]).read_text()


def boundaries(level: str) -> dict:
    """A fresh copy of the shipped boundaries of a level ('state' or 'country')."""
    return json.loads(_boundaries(level))


def _hex_to_rgb(value: str, alpha: int = 210) -> list[int]:
    value = value.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def gap_color(gap: float | None, largest: float) -> list[int]:
    """Red where demand runs ahead of coverage, blue where partners outnumber demand."""
    if gap is None or pd.isna(gap) or largest <= 0:
        return NO_DEMAND
    strength = min(abs(gap) / largest, 1.0)
    if gap > 0:
        return [int(255 - 55 * strength), int(235 - 185 * strength), int(225 - 185 * strength), 220]
    return [int(235 - 190 * strength), int(240 - 120 * strength), 250, 200]


def _territory_tip(row: pd.Series) -> str:
    recruit = (
        f"<br/>Partners to recruit: <b>{format.count(row.partners_to_recruit)}</b>"
        if (row.partners_to_recruit > 0)
        else ""
    )
    return (
        f"<b>{html.escape(str(row.geo_name))}</b><br/>"
        f"Demand: {format.money(row.demand)} ({format.pct(row.demand_share, 1)})<br/>"
        f"Active partners: {format.count(row.active_partners)} "
        f"({format.pct(row.coverage_share, 1)})<br/>"
        f"Revenue: {format.money(row.revenue)}<br/>"
        f"Gap: {format.pct(row.gap, 1, signed=True).replace('%', ' pts')}{recruit}"
    )


def territory_features(gaps: pd.DataFrame, level: str) -> dict:
    """The level's boundaries, each carrying its gap figures, fill colour and tooltip."""
    shapes = boundaries(level)
    by_code = gaps.set_index("geo_code")
    largest = float(gaps.gap.abs().max()) if len(gaps) else 0.0
    for feature in shapes["features"]:
        code = feature["properties"].get("code")
        if code in by_code.index:
            row = by_code.loc[code]
            feature["fill"] = gap_color(row.gap, largest)
            feature["tip"] = _territory_tip(row)
        else:
            feature["fill"] = NO_DEMAND
            feature["tip"] = f"<b>{html.escape(feature['properties']['name'])}</b><br/>No data"
    return shapes


def _partner_tip(name: str, tier: str, band: str, revenue: float) -> str:
    """pydeck renders the tooltip as HTML: every value from the data is escaped."""
    name, tier, band = (html.escape(str(v)) for v in (name, tier, band))
    return f"<b>{name}</b><br/>{tier} · {band}<br/>Revenue: {format.money(revenue)}"


def partner_points(points: pd.DataFrame, color_by: str) -> pd.DataFrame:
    """Partner dots: radius by revenue, colour by tier or health band."""
    palette = TIER_COLORS if color_by == "tier" else HEALTH_COLORS
    column = "tier" if color_by == "tier" else "health_band"
    revenue = points.revenue.clip(lower=0)
    return pd.DataFrame(
        {
            "lon": points.longitude,
            "lat": points.latitude,
            "radius": 8000 + (revenue**0.5) * 60,
            "fill": [_hex_to_rgb(palette.get(v, "#888888"), 230) for v in points[column]],
            "tip": [
                _partner_tip(*row)
                for row in zip(
                    points.partner_name,
                    points.tier,
                    points.health_band,
                    points.revenue,
                    strict=True,
                )
            ],
        }
    )


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON carries no indentation.

    pydeck indents its JSON two spaces a level, and st.pydeck_chart sends it as it comes: for
    boundaries (deeply nested coordinate lists) that is four times the bytes of the same JSON
    written compactly, on every view of the map.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def coverage_deck(gaps: pd.DataFrame, points: pd.DataFrame, level: str, color_by: str) -> pdk.Deck:
    territories = pdk.Layer(
        "GeoJsonLayer",
        data=territory_features(gaps, level),
        id="territories",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="fill",
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=1,
        auto_highlight=True,
    )
    dots = pdk.Layer(
        "ScatterplotLayer",
        data=partner_points(points, color_by),
        id="partners",
        pickable=True,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_min_pixels=2,
        radius_max_pixels=18,
        get_fill_color="fill",
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=0.5,
    )
    return CompactDeck(
        layers=[territories, dots],
        initial_view_state=copy.copy(VIEWS[level]),
        # No basemap provider: nothing is fetched; map_style=None would ask for a basemap.
        map_provider=None,
        tooltip={"html": "{tip}", "style": {"fontSize": "13px"}},
    )
