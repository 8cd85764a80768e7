"""What-if: CAM coverage. How many CAMs would a coverage model need, and who loses coverage?"""

import math

import pandas as pd
import streamlit as st

from components import db, format, global_filters, run_log, scenario_panel, tables, text
from components.charts import whatif
from components.charts.draw import draw
from models import cam_coverage
from models.cam_coverage import MODELS, CoverageModel

DEFAULT_MODEL = {"Premier": "dedicated", "Gold": "named", "Silver": "scaled"}
# Slider ranges (min, max, step) of partners per CAM and hours per partner a year, per model.
RATIO_RANGES = {"dedicated": (2, 40, 1), "named": (5, 100, 1), "scaled": (20, 300, 5)}
HOURS_RANGE = (0, 600, 10)
COST_RANGE = (50_000, 400_000, 5_000)
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
have = int(today.sum())
cost_min, cost_max, cost_step = COST_RANGE
average_cost = float(headcount.average_annual_cost.mean()) if len(headcount) else 150_000.0
default_cost = min(max(int(round(average_cost / cost_step) * cost_step), cost_min), cost_max)

MODEL_KEYS = {t: f"m_{format.slug(t)}" for t in tiers}
RATIO_KEYS = {m: (f"p_{m}", f"h_{m}") for m in MODELS if MODELS[m].partners_per_cam}
KEYS = [*MODEL_KEYS.values(), *[k for pair in RATIO_KEYS.values() for k in pair], "cost", "cap"]

# Scenarios saved by the number inputs of earlier versions hold floats; the sliders take ints.
for key in ("cap", "cost", *[k for pair in RATIO_KEYS.values() for k in pair]):
    if isinstance(st.session_state.get(key), float):
        st.session_state[key] = round(st.session_state[key])


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
    lost = cam_coverage.apply_cap(assigned, params.get("cap", have))
    result["revenue_at_risk"] = float(lost.revenue.sum())
    return assigned, result, lost


def figures(params: dict) -> dict[str, float]:
    return {k: v for k, v in evaluate(params)[1].items() if k in LABELS}


# The default models at today's headcount: the scenarios' baseline. The cap slides from no CAM
# to twice today's headcount or twice what the default models need.
baseline = figures({})
cap_max = max(10, 2 * have, math.ceil(2 * baseline["cams_required"]))


def scope_note() -> str:
    """Which CAMs 'today' counts, so that the requirement and the headcount read alike."""
    cams = format.plural(have, "CAM")
    if not filters.cams and not filters.regions:
        where = f"all {cams} of the program"
    elif filters.cams:
        where = "the CAM chosen" if have == 1 else f"the {cams} chosen"
        where += " in the CAM filter" + (" and the chosen regions" if filters.regions else "")
    else:
        where = f"the {cams} of the chosen regions"
    note = f"Today: {where}."
    if filters.tiers or filters.partner_types:
        note += (
            " The tier and partner-type filters narrow the partners the model covers, not "
            "the CAMs: today's CAMs also look after partners outside them."
        )
    return note


st.title("What-if: CAM coverage")
global_filters.show_scope(filters, source, "enrolled partners")


@st.fragment
@run_log.timed("whatif-coverage")
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
    st.markdown("**Partners one CAM covers**")
    for column, (key, (ratio_key, _)) in zip(
        st.columns(len(RATIO_KEYS)), RATIO_KEYS.items(), strict=True
    ):
        low, high, step = RATIO_RANGES[key]
        column.slider(
            MODELS[key].name,
            low,
            high,
            int(MODELS[key].partners_per_cam),
            step=step,
            format="%d partners",
            key=ratio_key,
            bind="query-params",
        )
    cost_col, cap_col = st.columns(2)
    cost_col.slider(
        "Annual cost of a CAM",
        cost_min,
        cost_max,
        default_cost,
        step=cost_step,
        format="$%,d",
        key="cost",
        bind="query-params",
    )
    cap_col.slider(
        "Headcount cap (CAMs)",
        0,
        cap_max,
        have,
        format="%d",
        key="cap",
        bind="query-params",
        help="Starts at today's headcount and goes to twice that, or twice what the default "
        "models need. Below what the model needs, the partners with the least revenue lose "
        "coverage first.",
    )
    with st.expander("Hours per partner a year, per model"):
        low, high, step = HOURS_RANGE
        for column, (key, (_, hours_key)) in zip(
            st.columns(len(RATIO_KEYS)), RATIO_KEYS.items(), strict=True
        ):
            column.slider(
                MODELS[key].name,
                low,
                high,
                int(MODELS[key].hours_per_partner),
                step=step,
                format="%d hours",
                key=hours_key,
                bind="query-params",
            )
        st.caption(
            f"A CAM has {cam_coverage.ANNUAL_HOURS:,.0f} selling hours a year; a partner takes "
            "the larger of 1 ÷ partners per CAM and its hours ÷ those hours."
        )
    params = {k: st.session_state[k] for k in KEYS if k in st.session_state}
    assigned, result, lost = evaluate(params)

    need, cap = result["cams_required"], params.get("cap", have)
    need_text = format.number(need, 2 if need < 1 else 1)  # 0.24 CAMs, 19.1 CAMs
    under_cap = (
        f"a cap of {format.plural(cap, 'CAM')} leaves {format.money(result['revenue_at_risk'])} "
        f"of revenue ({format.plural(len(lost), 'partner')}) without a CAM"
        if len(lost)
        else f"a cap of {format.plural(cap, 'CAM')} keeps every partner the model covers"
    )
    if assigned.empty:
        st.markdown("#### No enrolled partner in this selection for a CAM to cover.")
    else:
        st.markdown(
            f"#### This model needs {need_text} CAMs against {format.count(have)} "
            f"today, costing {format.money(result['cost'])} a year; {under_cap}."
        )
    st.caption(scope_note())
    a, b, c, d = st.columns(4)
    versus_today = format.difference(need, have, 1)
    a.metric(
        "CAMs required",
        need_text,
        None if versus_today is None else f"{versus_today} vs today",
        delta_color="off",
        delta_arrow="off",
    )
    b.metric("Cost a year", format.money(result["cost"]))
    per_dollar = result["cost_per_covered_revenue"]
    c.metric(
        "Cost per covered revenue $",
        format.NO_DATA if per_dollar is None else f"${format.number(per_dollar, 3)}",
    )
    d.metric(
        "Revenue at risk under the cap",
        format.money(result["revenue_at_risk"]),
        f"{format.plural(len(lost), 'partner')} without a CAM" if len(lost) else None,
        delta_color="off",
        delta_arrow="off",
    )

    region_col, model_col = st.columns(2)
    by_region = cam_coverage.required_by_region(assigned, today)
    draw(
        whatif.grouped_bars,
        by_region,
        "region",
        {"cams_required": "Required", "cams_today": "Today"},
        "CAMs",
        where=region_col,
    )
    by_model = cam_coverage.revenue_by_model(assigned)
    with model_col:
        tables.show(by_model)
    if len(lost):
        st.subheader("Who loses coverage first")
        tables.show(
            lost[["partner_name", "tier", "region", "revenue", "coverage"]].head(50),
            {"coverage": "Model it loses"},
        )

    scenario_panel.render("coverage", KEYS, figures, baseline, LABELS)


model()
with st.expander("The model's equations and assumptions"):
    st.markdown(cam_coverage.__doc__.split("\n", 1)[1].replace("\n    ", "\n\n    "))
