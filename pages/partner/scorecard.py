"""Partner scorecard: one partner against the median of its tier, and its QBR pack."""

import pandas as pd
import streamlit as st

from components import (
    db,
    format,
    global_filters,
    partner_picker,
    qbr_pack,
    story,
    tables,
    text,
)
from components.access import audited_export
from components.charts import forecast, registrations
from components.charts.draw import draw
from components.tables import Column

ROWS = {  # scorecard row: (label, format)
    "revenue": ("Revenue (window)", format.money),
    "prior_revenue": ("Revenue (prior window)", format.money),
    "registrations": ("Deal registrations", format.count),
    "win_rate": ("Win rate", format.pct),
    "open_pipeline": ("Open pipeline", format.money),
    "mdf_allocated": ("MDF allocated", format.money),
    "mdf_utilization": ("MDF utilization", format.pct),
    "current_certifications": ("Current certifications", format.count),
    "qbrs_last_year": ("QBRs, last 12 months", format.count),
    "forecast_accuracy": ("Forecast accuracy", format.pct),
    "plan_attainment": ("Plan attainment", format.pct),
    "incentives_earned": ("Incentives earned", format.money),
    "latest_nps_score": ("Latest NPS answer", format.count),
    "health_score": ("Health score", format.count),
    "registration_recency": ("Health: registration recency", format.pct),
    "revenue_trend": ("Health: revenue trend", format.pct),
    "certification_currency": ("Health: certification currency", format.pct),
    "mdf_use": ("Health: MDF use", format.pct),
    "qbr_held": ("Health: QBR held", format.pct),
}
HELP = {
    "qbrs_last_year": "QBRs held in the twelve months to the as-of date.",
    "forecast_accuracy": "Last complete quarter: max(0, 1 − |forecast − won| ÷ won).",
    "plan_attainment": "Last complete quarter: won ÷ the partner's target (joint business plan).",
    "incentives_earned": "Rebates and SPIFFs earned in the window, paid or not.",
    "latest_nps_score": "The partner's latest survey answer (0–10) on or before the as-of date.",
}
TILE_ROWS = (list(ROWS)[:5], list(ROWS)[5:10], list(ROWS)[10:13])

source = db.data_source()
filters = global_filters.current(source)
options = db.query(source, "selected_partner_options", filters)

st.title("Partner scorecard")
global_filters.show_scope(filters, source)
partner_id = partner_picker.pick(options)
if partner_id is None:
    st.info("Search a partner above, or open one from any partner table in the app.")
    st.stop()

profile = db.query(source, "partner_profile", filters, partner_id=partner_id).iloc[0]
card = db.query(source, "partner_scorecard", filters, partner_id=partner_id).set_index("row_kind")
outcome = db.query(source, "partner_outcomes", filters, partner_id=partner_id).set_index("row_kind")
mine = pd.concat([card.loc["partner"], outcome.loc["partner"]])
median = pd.concat([card.loc["tier median"], outcome.loc["tier median"]])
st.caption(
    text.literal(
        f"{profile.tier} · {profile.partner_type} · {profile.region} · CAM "
        f"{profile.cam_name} · {profile.partner_status}"
    )
)
sentences = story.with_outcomes(
    story.partner_story(profile, median, filters.window_months), mine, filters.window_months
)
for sentence in sentences:
    st.markdown(f"- {text.literal(sentence)}")

for row in TILE_ROWS:
    for column, key in zip(st.columns(5), row, strict=False):
        label, show = ROWS[key]
        column.metric(
            label,
            show(mine[key]),
            f"tier median {show(median[key])}",
            delta_color="off",
            delta_arrow="off",
            help=HELP.get(key),
        )

quarters = db.query(source, "partner_quarters", filters, partner_id=partner_id)
trend_col, registrations_col = st.columns(2)
with trend_col:
    st.subheader("Won revenue and forecast")
    draw(
        forecast.forecast_vs_actual,
        quarters.rename(columns={"won_revenue": "actual_amount"}).assign(
            forecast_accuracy=None, forecast_bias=None
        ),
    )
with registrations_col:
    st.subheader("Deal registrations")
    draw(registrations.registrations_per_quarter, quarters)

st.subheader(
    f"Against the median {text.literal(profile.tier)} partner ({int(median.peers)} partners)"
)
table = pd.DataFrame(
    {
        "Measure": [ROWS[k][0] for k in ROWS],
        "Partner": [ROWS[k][1](mine[k]) for k in ROWS],
        "Tier median": [ROWS[k][1](median[k]) for k in ROWS],
    }
)
tables.show(
    table, {"Partner": Column("Partner", "figure"), "Tier median": Column("Tier median", "figure")}
)
open_deals = db.query(source, "partner_open_deals", filters, partner_id=partner_id)


def build_pack() -> bytes:
    numeric = pd.DataFrame(
        {
            "Measure": [ROWS[k][0] for k in ROWS],
            "Partner": [mine[k] for k in ROWS],
            "Tier median": [median[k] for k in ROWS],
            "shown_as": [ROWS[k][1] for k in ROWS],
        }
    )
    return qbr_pack.partner_pack(
        profile,
        numeric,
        quarters,
        open_deals,
        sentences,
        filters.as_of,
    )


st.download_button(
    "Download the QBR pack (Excel)",
    audited_export(build_pack, f"partner {profile.partner_id}"),
    key="qbr_pack",
    file_name=f"QBR pack - {profile.partner_name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.subheader("Open deals")
tables.show(open_deals)
