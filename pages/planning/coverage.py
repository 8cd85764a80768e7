"""Coverage gaps: where the market is under-covered by partners, and where to recruit."""

import streamlit as st

from components import db, format, global_filters, maps, tables, text

LEVELS = {"state": "US states", "country": "World countries"}
COLORS = {"tier": "Tier", "health": "Health"}
MAX_POINTS = 2500

source = db.data_source()
filters = global_filters.current(source)

st.title("Coverage gaps")
global_filters.show_scope(filters, source)
level_col, color_col = st.columns(2)
level = (
    level_col.segmented_control(
        "Map", list(LEVELS), default="state", format_func=LEVELS.get, key="map", bind="query-params"
    )
    or "state"
)
color_by = (
    color_col.segmented_control(
        "Colour partners by", list(COLORS), default="tier", format_func=COLORS.get, key="dots"
    )
    or "tier"
)

gaps = db.query(source, "coverage_gaps", filters, level=level)
if level == "state" and gaps.enrolled_partners.sum() == 0:
    # The selection has no partner in the United States: the state map would be all demand and
    # no coverage, so the world map answers the question instead.
    level = "country"
    gaps = db.query(source, "coverage_gaps", filters, level=level)
    st.info("No partner in this selection is located in the United States: showing the world map.")
places = LEVELS[level].split()[-1]
has_demand = bool(gaps.demand.sum() > 0)
has_active = bool(gaps.active_partners.sum() > 0)
under = gaps[gaps.partners_to_recruit > 0]
if gaps.enrolled_partners.sum() == 0:
    st.markdown("#### No enrolled partner in this selection is located on the map.")
elif not has_demand:
    st.markdown(
        "#### No demand data: load market potential, or customer locations on deal "
        "registrations, to measure coverage gaps."
    )
elif not has_active:
    st.markdown(
        "#### No partner in this selection was active in the window, so no territory is covered."
    )
elif under.empty:
    st.markdown(f"#### No {level}'s demand runs ahead of its partner coverage.")
else:
    top = under.head(3)
    st.markdown(
        f"#### Most under-covered: {', '.join(map(text.literal, top.geo_name))}. Recruit "
        f"{format.plural(under.partners_to_recruit.sum(), 'active partner')} across "
        f"{format.plural(len(under), level, places)} to match demand."
    )
unresolved = db.query(source, "unresolved_territories", filters)
a, b, c, d = st.columns(4)
a.metric(
    "Partners to recruit",
    format.count(under.partners_to_recruit.sum() if has_demand and has_active else None),
    help="Σ over under-covered territories of ceil(gap × active partners).",
)
b.metric(f"Under-covered {places}", format.count(len(under) if has_demand and has_active else None))
c.metric("Active partners located", format.count(gaps.active_partners.sum()))
d.metric(
    "Unresolved territory rows",
    format.count(unresolved.rows.sum()),
    help="Partner countries or states and market-potential codes that did not resolve.",
)
source_note = gaps.demand_source.dropna().iloc[0] if gaps.demand_source.notna().any() else None
if source_note == "registered customers":
    st.info(
        "No market potential is loaded for this level: demand is estimated from the "
        "customer locations of deal registrations in the window."
    )

points = db.query(source, "partner_points", filters, max_points=MAX_POINTS)
st.pydeck_chart(maps.coverage_deck(gaps, points, level, color_by), height=560)
total = int(points.partners_with_coordinates.iloc[0]) if len(points) else 0
shown = (
    f"the {MAX_POINTS:,} largest by revenue of {total:,}"
    if total > MAX_POINTS
    else f"all {total:,}"
)
st.caption(
    f"Fill: red where demand share exceeds the share of active partners, blue where "
    f"partners run ahead; grey: no demand data. Dots: enrolled partners ({shown}), sized "
    "by revenue in the window."
)

st.subheader("Where to recruit")
tables.show(
    under.head(20)[
        [
            "geo_name",
            "demand_share",
            "coverage_share",
            "gap",
            "active_partners",
            "revenue",
            "partners_to_recruit",
        ]
    ],
    {"geo_name": level.title()},
)
st.caption(
    "Gap = demand share − share of active partners; partners to recruit = gap × all "
    f"active partners{' in the United States' if level == 'state' else ''}, rounded up."
)

if unresolved.empty:
    st.caption("Every partner country, US state and market-potential territory resolved.")
else:
    st.warning(
        f"{format.plural(unresolved.rows.sum(), 'row')} name a territory that did not resolve; "
        "they are left off the map, listed below."
    )
    tables.show(unresolved)
