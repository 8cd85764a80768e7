"""What-if: CAM coverage. How many CAMs would a coverage model need, and who loses coverage?"""

import pandas as pd
import streamlit as st

from components import db, format, global_filters, scenario_panel, text
from components.charts import whatif
from models import cam_coverage
from models.cam_coverage import MODELS, CoverageModel

DEFAULT_MODEL = {"Premier": "dedicated", "Gold": "named", "Silver": "scaled"}
LABELS = {
    "cams_required": "CAMs required",
    "cost": "Cost",
    "covered_revenue": "Covered revenue",
    "revenue_at_risk": "Revenue at risk under the cap",
}

source = db.data_source()
filters = global_filters.current(source)
partners = db.query(source, "partner_revenue_by_tier", filters)
tiers = db.query(source, "tier_economics", filters).tier.tolist()
headcount = db.query(source, "cam_headcount", filters)
today = headcount.set_index("region").cams
default_cost = float(headcount.average_annual_cost.mean()) if len(headcount) else 150_000.0


MODEL_KEYS = {t: f"m_{format.slug(t)}" for t in tiers}
RATIO_KEYS = {m: (f"p_{m}", f"h_{m}") for m in MODELS if MODELS[m].partners_per_cam}
KEYS = [*MODEL_KEYS.values(), *[k for pair in RATIO_KEYS.values() for k in pair], "cost", "cap"]


def evaluate(params: dict) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    models = {
        key: CoverageModel(
            MODELS[key].name,
            params.get(RATIO_KEYS[key][0], MODELS[key].partners_per_cam),
            params.get(RATIO_KEYS[key][1], MODELS[key].hours_per_partner),
        )
        if key in RATIO_KEYS
        else MODELS[key]
        for key in MODELS
    }
    per_tier = {
        t: models[params.get(MODEL_KEYS[t], DEFAULT_MODEL.get(t, "platform"))] for t in tiers
    }
    assigned = cam_coverage.assign(partners, per_tier)
    result = cam_coverage.summary(assigned, params.get("cost", default_cost))
    lost = cam_coverage.apply_cap(assigned, params.get("cap", float(today.sum())))
    result["revenue_at_risk"] = float(lost.revenue.sum())
    return assigned, result, lost


def figures(params: dict) -> dict[str, float]:
    return {k: v for k, v in evaluate(params)[1].items() if k in LABELS}


st.title("What-if: CAM coverage")
global_filters.show_scope(filters, source, "enrolled partners")


@st.fragment
def model() -> None:
    st.markdown("**Coverage model per tier**")
    for column, tier in zip(st.columns(len(tiers)), tiers, strict=True):
        column.selectbox(
            text.literal(tier),
            list(MODELS),
            index=list(MODELS).index(DEFAULT_MODEL.get(tier, "platform")),
            format_func=lambda m: MODELS[m].name,
            key=MODEL_KEYS[tier],
            bind="query-params",
        )
    with st.expander("Partners per CAM and hours per partner, per model"):
        for key, (ratio_key, hours_key) in RATIO_KEYS.items():
            name_col, ratio_col, hours_col = st.columns(3)
            name_col.markdown(f"**{MODELS[key].name}**")
            ratio_col.number_input(
                "Partners per CAM",
                1,
                500,
                int(MODELS[key].partners_per_cam),
                key=ratio_key,
                bind="query-params",
            )
            hours_col.number_input(
                "Hours per partner a year",
                0,
                2000,
                int(MODELS[key].hours_per_partner),
                key=hours_key,
                bind="query-params",
            )
    cost_col, cap_col = st.columns(2)
    cost_col.number_input(
        "Annual cost of a CAM ($)",
        0,
        1_000_000,
        int(round(default_cost, -3)),
        step=5_000,
        key="cost",
        bind="query-params",
    )
    cap_col.number_input(
        "Headcount cap (CAMs)",
        0.0,
        10_000.0,
        float(today.sum()),
        step=1.0,
        key="cap",
        bind="query-params",
        help="Starts at today's headcount. Below what the model needs, the "
        "partners with the least revenue lose coverage first.",
    )
    params = {k: st.session_state[k] for k in KEYS if k in st.session_state}
    assigned, result, lost = evaluate(params)

    need, have = result["cams_required"], float(today.sum())
    st.markdown(
        f"#### This model needs {need:,.1f} CAMs against {have:,.0f} today, costing "
        f"{format.money(result['cost'])} a year; under the cap "
        f"{format.money(result['revenue_at_risk'])} of revenue loses its CAM."
    )
    a, b, c, d = st.columns(4)
    a.metric(
        "CAMs required",
        f"{need:,.1f}",
        f"{need - have:+,.1f} vs today",
        delta_color="off",
        delta_arrow="off",
    )
    b.metric("Cost a year", format.money(result["cost"]))
    c.metric(
        "Cost per covered revenue $",
        "no data"
        if result["cost_per_covered_revenue"] is None
        else f"${result['cost_per_covered_revenue']:.3f}",
    )
    d.metric(
        "Revenue at risk under the cap",
        format.money(result["revenue_at_risk"]),
        f"{len(lost):,} partners lose coverage",
        delta_color="off",
    )

    region_col, model_col = st.columns(2)
    by_region = cam_coverage.required_by_region(assigned, today)
    region_col.altair_chart(
        whatif.grouped_bars(
            by_region, "region", {"cams_required": "Required", "cams_today": "Today"}, "CAMs"
        ),
        width="stretch",
    )
    by_model = cam_coverage.revenue_by_model(assigned)
    model_col.dataframe(
        by_model,
        hide_index=True,
        width="stretch",
        column_config={
            "coverage": "Coverage model",
            "partners": "Partners",
            "revenue": st.column_config.NumberColumn("Revenue", format="$%,.0f"),
            "cams": st.column_config.NumberColumn("CAMs", format="%.1f"),
        },
    )
    if len(lost):
        st.subheader("Who loses coverage first")
        st.dataframe(
            lost[["partner_name", "tier", "region", "revenue", "coverage"]].head(50),
            hide_index=True,
            width="stretch",
            column_config={
                "partner_name": "Partner",
                "tier": "Tier",
                "region": "Region",
                "revenue": st.column_config.NumberColumn("Revenue", format="$%,.0f"),
                "coverage": "Model it loses",
            },
        )

    baseline = figures({"cap": have})
    scenario_panel.render("coverage", KEYS, figures, baseline, LABELS)


model()
with st.expander("The model's equations and assumptions"):
    st.markdown(cam_coverage.__doc__.split("\n", 1)[1].replace("\n    ", "\n\n    "))
