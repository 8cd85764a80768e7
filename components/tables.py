"""How a table reads: human column labels and one format per kind of value, in one place.

Every st.dataframe of the app goes through `show`: a column is labelled from COLUMNS by its name
(a page may rename it for its own context), money reads "$150,000" or "-$73,545", every rate of a
table has one decimal, dates have no time, and missing values leave the cell blank. `labelled`
gives the same headers and values to a CSV download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components import export

# A long table shows this many rows: what a person reads on a screen. The rest travels to the
# browser only as a CSV download, built when the button is pressed (at 100,000 partners a full
# table is megabytes per view).
TOP_ROWS = 100


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, count, number, days, money, rate, date, quarter, datetime, …
    width: str | int | None = None  # "small", "medium", "large" or pixels; None: fit content
    help: str | None = None


# Every column name the app's queries, models and pages hand to a table, with its label.
COLUMNS: dict[str, Column] = {
    # partners and their owners
    "partner_name": Column("Partner"),
    "partner_id": Column("Partner ID"),
    "tier": Column("Tier"),
    "region": Column("Region"),
    "cam": Column("CAM"),
    "cam_name": Column("CAM"),
    "partner_type": Column("Type"),
    "status": Column("Status"),
    "enrolled_on": Column("Enrolled", "date"),
    "terminated_on": Column("Left on", "date"),
    "segment": Column("Segment"),
    "segment_label": Column("Segment"),
    "scorecard": Column("Scorecard", "link"),
    # activity and health
    "last_registered_on": Column("Last registration", "date"),
    "days_silent": Column("Days silent", "count"),
    "warning_reason": Column("Early warning"),
    "health_score": Column("Health", "score", width="small"),
    "health_band": Column("Band"),
    "component": Column("Component"),
    "registration_recency": Column("Registration recency", "rate"),
    "revenue_trend": Column("Revenue trend", "rate"),
    "certification_currency": Column("Certification currency", "rate"),
    "mdf_use": Column("MDF use", "rate"),
    "qbr_held": Column("QBR held", "rate"),
    "weight": Column("Weight", "rate"),
    "description": Column("What it measures"),
    # revenue
    "revenue": Column("Revenue", "money"),
    "prior_revenue": Column("Prior window", "money"),
    "lifetime_revenue": Column("Lifetime revenue", "money"),
    "revenue_share": Column("Share", "rate"),
    "revenue_last_12_months": Column("Revenue, last 12 months", "money"),
    "revenue_threshold": Column("Revenue threshold", "money"),
    # deal registrations
    "deal_id": Column("Deal"),
    "customer_name": Column("Customer"),
    "product_line": Column("Product line"),
    "registered_on": Column("Registered", "date"),
    "expected_close_on": Column("Expected close", "date"),
    "closed_on": Column("Closed", "date"),
    "amount": Column("Amount", "money"),
    "earlier_registered_on": Column("Earlier claim", "date"),
    "earlier_partner_name": Column("Earlier partner"),
    "days_apart": Column("Days apart", "count"),
    # forecast accuracy
    "habit": Column("Habit"),
    "forecast_accuracy": Column("Accuracy", "rate"),
    "forecast_bias": Column("Bias", "rate", help="(forecast − won) ÷ won"),
    "share_within_10_pct": Column("Within ±10%", "rate", help="Share of quarters within ±10%"),
    "quarters_with_data": Column("Quarters", "count"),
    "forecast_amount": Column("Forecast", "money"),
    "actual_amount": Column("Won", "money"),
    # MDF
    "quarter_start": Column("Quarter", "quarter"),
    "share_requested_in_last_two_weeks": Column("Last 2 weeks", "rate"),
    "median_days_to_approve": Column("Days to approve", "days"),
    "median_days_to_pay": Column("Days to pay", "days"),
    "allocated_amount": Column("Allocated", "money"),
    "requested_amount": Column("Requested", "money"),
    "claimed_amount": Column("Claimed", "money"),
    "unrequested_amount": Column("Unrequested", "money"),
    "quarter_mdf_unspent": Column("MDF unrequested", "money"),
    # enablement and QBRs
    "certification": Column("Certification"),
    "person": Column("Person"),
    "expires_on": Column("Expires", "date"),
    "days_left": Column("Days left", "count"),
    "certifications_expiring_90d": Column(
        "Certs expiring", "count", help="Certifications expiring within 90 days"
    ),
    "current_certifications": Column("Certs now", "count"),
    "required_certifications": Column("Certs required", "count"),
    "enrolled_partners": Column("Enrolled", "count"),
    "compliant_partners": Column("Meet requirements", "count"),
    "compliance_rate": Column("Compliance", "rate"),
    "lacks": Column("What it lacks"),
    "qbr_due": Column("QBR due", "check"),
    "last_qbr_on": Column("Last QBR", "date"),
    "qbr_every_quarters": Column("QBR every", "quarters"),
    # coverage
    "geo_name": Column("Territory"),
    "demand_share": Column("Demand share", "rate"),
    "coverage_share": Column("Partner share", "rate", help="Share of active partners"),
    "gap": Column("Gap", "rate", help="Demand share − partner share"),
    "active_partners": Column("Active partners", "count"),
    "partners_to_recruit": Column("To recruit", "count"),
    "what": Column("What"),
    "value": Column("Value"),
    "rows": Column("Rows", "count"),
    # what-if models
    "coverage": Column("Coverage model"),
    "partners": Column("Partners", "count"),
    "cams": Column("CAMs", "number"),
    "cams_required": Column("CAMs required", "number"),
    "cams_today": Column("CAMs today", "number"),
    "discount": Column("Discount now", "rate"),
    "proposed_discount": Column("Proposed discount", "rate"),
    "vendor_net": Column("Net now", "money"),
    "projected_vendor_net": Column("Net projected", "money"),
    "discount_cost_change": Column("Cost change", "money"),
    "break_even_response": Column("Break-even / pt", "rate"),
    "new_tier": Column("Would be"),
    "direction": Column("Move"),
    # program maturity
    "maturity_level": Column("Level"),
    "requirement": Column("Requirement"),
    "source": Column("Source"),
    # data loads and the import report
    "version": Column("Version", "count"),
    "loaded_at": Column("Loaded", "datetime"),
    "action": Column("Action"),
    "files": Column("Files"),
    "row_counts": Column("Rows"),
    "table": Column("Table"),
    "file": Column("File"),
    "rows read": Column("Rows read", "count"),
    "accepted": Column("Accepted", "count"),
    "rejected": Column("Rejected", "count"),
    "warnings": Column("Warnings"),
    "line": Column("Line", "count"),
    "how": Column("How"),
    "rows now": Column("Rows now", "count"),
    "rows after": Column("Rows after", "count"),
    "new": Column("New", "count"),
    "updated": Column("Updated", "count"),
    "unchanged": Column("Unchanged", "count"),
    "removed": Column("Removed", "count"),
    "restorable": Column("Restorable", "check"),
    "reasons": Column("Reasons"),
}

DATE_FORMAT = "D MMM YYYY"  # 30 Sep 2026, as in every caption


def label(name: str) -> str:
    """A column's label: from COLUMNS, else the name made readable ("days_open" → "Days open")."""
    known = COLUMNS.get(name)
    if known is not None:
        return known.label
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _column(name: str, override: str | Column | None) -> Column:
    base = COLUMNS.get(name, Column(label(name)))
    if isinstance(override, Column):
        return override
    return replace(base, label=override) if override else base


def _config(column: Column) -> object:
    width, help_ = column.width, column.help
    common = {"width": width, "help": help_}
    if column.kind == "money":
        # "dollar" puts the minus before the currency sign (-$73,545); step 1: no cents.
        return st.column_config.NumberColumn(column.label, format="dollar", step=1, **common)
    if column.kind == "cents":  # a cost per dollar: $0.05
        return st.column_config.NumberColumn(column.label, format="$%.2f", **common)
    if column.kind == "rate":
        # One decimal for every rate of every table (step 0.001 of a fraction: 46.5%, 35.0%).
        return st.column_config.NumberColumn(column.label, format="percent", step=0.001, **common)
    if column.kind == "count":
        return st.column_config.NumberColumn(column.label, format="%,d", **common)
    if column.kind == "number":
        return st.column_config.NumberColumn(column.label, format="%,.1f", **common)
    if column.kind == "days":
        return st.column_config.NumberColumn(column.label, format="%,.0f", **common)
    if column.kind == "quarters":
        return st.column_config.NumberColumn(column.label, format="%d quarters", **common)
    if column.kind == "date":
        return st.column_config.DateColumn(column.label, format=DATE_FORMAT, **common)
    if column.kind == "quarter":
        return st.column_config.DateColumn(column.label, format="[Q]Q YYYY", **common)
    if column.kind == "datetime":
        return st.column_config.DatetimeColumn(
            column.label, format=f"{DATE_FORMAT}, HH:mm", **common
        )
    if column.kind == "figure":  # a figure already written out by components.format
        return st.column_config.TextColumn(column.label, alignment="right", **common)
    if column.kind == "check":
        return st.column_config.CheckboxColumn(column.label, **common)
    if column.kind == "score":
        return st.column_config.ProgressColumn(
            column.label, min_value=0, max_value=100, format="%.0f", **common
        )
    if column.kind == "link":
        return st.column_config.LinkColumn(
            column.label,
            display_text="Open",
            help="The partner against its tier, and its QBR pack",
            width=width,
        )
    return st.column_config.TextColumn(column.label, **common)


def config(frame: pd.DataFrame, labels: dict[str, str | Column] | None = None) -> dict:
    """st.column_config for every column of `frame`; `labels` renames columns for one page."""
    labels = labels or {}
    return {name: _config(_column(name, labels.get(name))) for name in frame.columns}


def show(
    frame: pd.DataFrame,
    labels: dict[str, str | Column] | None = None,
    *,
    columns: list[str] | None = None,
    height: int | str = "auto",
    key: str | None = None,
    hide_index: bool = True,
) -> None:
    """Draw a table with human labels and one format per kind; missing values stay blank.

    `columns` picks and orders the columns shown (the frame keeps the rest, for downloads).
    """
    st.dataframe(
        frame,
        hide_index=hide_index,
        width="stretch",
        height=height,
        column_order=columns,
        column_config=config(frame, labels),
        placeholder="",
        key=key,
    )


def labelled(frame: pd.DataFrame, labels: dict[str, str | Column] | None = None) -> pd.DataFrame:
    """The frame as a download shows it: the table's headers, dates without times."""
    labels = labels or {}
    out = frame.copy()
    for name in out.columns:
        kind = _column(name, labels.get(name)).kind
        if kind in ("date", "quarter") and pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.date
        if kind == "link":
            out = out.drop(columns=[name])
    return out.rename(columns={n: _column(n, labels.get(n)).label for n in out.columns})


def show_top(
    frame: pd.DataFrame,
    labels: dict[str, str | Column] | None = None,
    *,
    what: str,
    file_name: str,
    columns: list[str] | None = None,
    decorate: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    height: int | str = "auto",
    rows: int = TOP_ROWS,
) -> None:
    """The first `rows` rows of a long table, in the frame's order, and every row as a CSV.

    Only the shown columns of the shown rows go to the browser; `decorate` adds to the shown
    rows what only the screen needs (scorecard links). The CSV is built when its button is
    pressed, from the frame as it is (every column the frame holds, with the table's headers).
    """
    top = frame.head(rows)
    if decorate is not None:
        top = decorate(top)
    show(top if columns is None else top[columns], labels, height=height)
    if len(frame) <= rows:
        return
    st.caption(f"The first {rows:,} of {len(frame):,} {what}; the download holds them all.")
    st.download_button(
        f"Download all {len(frame):,} {what} (CSV)",
        lambda: export.csv_bytes(labelled(frame, labels)),
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
        key=f"all_{file_name}",
    )
