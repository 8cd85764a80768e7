"""What-if: tier discounts. What would a different discount ladder do to vendor net revenue?"""

import math

import streamlit as st

from components import db, format, global_filters, run_log, scenario_panel, tables, text
from components.charts import whatif
from components.charts.draw import draw
from models import tier_discounts
from models.tier_discounts import VolumeResponse

LABELS = {
    "vendor_net": "Vendor net revenue",
    "partner_margin": "Partner margin",
    "discount_cost_change": "Discount cost change",
    "revenue": "Partner revenue",
}

source = db.data_source()
filters = global_filters.current(source)
economics = db.query(source, "tier_economics", filters)
tiers = tier_discounts.with_typical_ladder(economics)
has_discounts = bool(economics.discount.notna().all())
has_thresholds = bool(economics.revenue_threshold.notna().all())
partners = db.query(source, "partner_revenue_by_tier", filters)


DISCOUNT_KEYS = {t: f"d_{format.slug(t)}" for t in tiers.tier}
THRESHOLD_KEYS = {t: f"t_{format.slug(t)}" for t in tiers.tier}
THRESHOLD_STEP = 25_000  # thresholds slide in $25,000 steps
KEYS = [*DISCOUNT_KEYS.values(), *THRESHOLD_KEYS.values(), "resp", "share"]


def figures(params: dict) -> dict[str, float]:
    """Totals of a scenario given as widget values (for the comparison table)."""
    proposed = {
        t: params.get(k, d * 100) / 100
        for (t, k), d in zip(DISCOUNT_KEYS.items(), tiers.discount, strict=True)
    }
    response = VolumeResponse(params.get("resp", 1.0) / 100, params.get("share", 50) / 100)
    total = tier_discounts.totals(tier_discounts.project(tiers, proposed, response))
    return {
        "revenue": total.projected_revenue,
        "vendor_net": total.projected_vendor_net,
        "partner_margin": total.projected_partner_margin,
        "discount_cost_change": total.discount_cost_change,
    }


st.title("What-if: tier discounts")
global_filters.show_scope(filters, source, "revenue of enrolled partners")


@st.fragment
@run_log.timed("whatif-discounts")
def model() -> None:
    if has_discounts:
        st.markdown("**Discount per tier** (starts at the program's current discounts)")
    else:
        st.markdown("**Discount per tier**")
        st.info(
            "This program loaded no discount for "
            + ", ".join(map(text.literal, economics.tier[economics.discount.isna()]))
            + ": the sliders start from the typical ladder (Registered 0%, Silver 20%, Gold 25%, "
            "Premier 30%; another tier 20%), and the projection compares against that ladder."
        )
    proposed = {}
    for column, row in zip(st.columns(len(tiers)), tiers.itertuples(), strict=True):
        proposed[row.tier] = (
            column.slider(
                text.literal(row.tier),
                0,
                40,
                round(row.discount * 100),
                key=DISCOUNT_KEYS[row.tier],
                bind="query-params",
                format="%d%%",
            )
            / 100
        )
    resp_col, share_col = st.columns(2)
    per_point = resp_col.slider(
        "Volume response: revenue change per point of discount",
        0.0,
        5.0,
        1.0,
        step=0.1,
        format="%.1f%%",
        key="resp",
        bind="query-params",
    )
    share = share_col.slider(
        "Share of partners who respond", 0, 100, 50, format="%d%%", key="share", bind="query-params"
    )
    response = VolumeResponse(per_point / 100, share / 100)
    projection = tier_discounts.project(tiers, proposed, response)
    total = tier_discounts.totals(projection)
    even = tier_discounts.total_break_even(projection, response.responding_share)

    change = format.money(total.projected_vendor_net - total.vendor_net, signed=True)
    st.markdown(
        f"#### Vendor net revenue {format.money(total.vendor_net)} → "
        f"{format.money(total.projected_vendor_net)} ({change})."
        if change != format.money(0)
        else f"#### Vendor net revenue {format.money(total.vendor_net)}, unchanged."
    )
    a, b, c, d = st.columns(4)
    a.metric(
        "Projected vendor net",
        format.money(total.projected_vendor_net),
        format.change(total.projected_vendor_net, total.vendor_net),
    )
    b.metric(
        "Partner margin",
        format.money(total.projected_partner_margin),
        format.change(total.projected_partner_margin, total.partner_margin),
    )
    c.metric("Discount cost change", format.money(total.discount_cost_change, signed=True))
    d.metric(
        "Break-even response",
        "no change" if even is None else f"{format.pct(even, 2)} / pt",
        help="The revenue change per point of discount (from the responding share) at which "
        "vendor net revenue is unchanged.",
    )

    draw(
        whatif.waterfall,
        [
            ("Baseline net", total.vendor_net, "total"),
            ("Discount change", total.price_effect, "change"),
            ("Volume response", total.volume_effect, "change"),
            ("Projected net", total.projected_vendor_net, "total"),
        ],
        "Vendor net revenue",
    )
    tables.show(
        projection[
            [
                "tier",
                "discount",
                "proposed_discount",
                "vendor_net",
                "projected_vendor_net",
                "discount_cost_change",
                "break_even_response",
            ]
        ]
    )

    st.subheader("Tier thresholds")
    st.caption(
        "Window revenue a partner needs for each tier; partners are placed in the highest "
        "tier they reach. Impartner: 60% of vendors doubt their tier placement."
    )
    if not has_thresholds:
        st.info(
            "No revenue threshold is loaded for every tier, so no partner's placement can be "
            "tested: load tier settings with revenue_threshold on the Data page."
        )
    else:
        # Up to twice the highest threshold (at least $1M), so every tier can move both ways.
        highest = float(tiers.revenue_threshold.max())
        top = max(1_000_000, math.ceil(2 * highest / THRESHOLD_STEP) * THRESHOLD_STEP)
        thresholds = {}
        for column, row in zip(st.columns(len(tiers)), tiers.itertuples(), strict=True):
            thresholds[row.tier] = column.slider(
                text.literal(row.tier),
                0,
                top,
                int(row.revenue_threshold),
                step=THRESHOLD_STEP,
                format="$%,d",
                key=THRESHOLD_KEYS[row.tier],
                bind="query-params",
            )
        ranks = dict(zip(tiers.tier, tiers.tier_rank, strict=True))
        moved = tier_discounts.retier_cost(
            tier_discounts.retier(partners, thresholds, ranks), proposed
        )
        up, down = moved[moved.direction == "up"], moved[moved.direction == "down"]
        st.markdown(
            f"**{format.plural(len(up), 'partner')} would move up and {format.count(len(down))} "
            "down**; at the proposed discounts that changes discount cost by "
            f"{format.money(moved.discount_cost_change.sum(), signed=True)} on their current "
            "revenue."
        )
        tables.show_top(
            moved.sort_values("revenue", ascending=False).drop(columns=["partner_id"]),
            {"tier": "Tier now", "discount_cost_change": "Discount cost change"},
            what="partners who would move",
            file_name="partners_moving_tier.csv",
        )

    baseline = figures(
        {k: v * 100 for k, v in zip(DISCOUNT_KEYS.values(), tiers.discount, strict=True)}
        | {"resp": 0}
    )
    scenario_panel.render("discounts", KEYS, figures, baseline, LABELS)


model()
with st.expander("The model's equations and assumptions"):
    st.markdown(tier_discounts.__doc__.split("\n", 1)[1].replace("\n    ", "\n\n    "))
