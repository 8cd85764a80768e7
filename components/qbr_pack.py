"""The QBR pack: an Excel workbook (openpyxl) for one partner or a CAM's whole portfolio.

Sheets: Cover, Scorecard, Trends (with native Excel charts), MDF, Pipeline, Actions. Every sheet
is set up to print (landscape, fitted to the page width, repeated header row, footer). Every text
cell is escaped against formula injection.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from components import format, tables
from components.export import escape_formula

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=20, color="1F4E79")
MONEY = '"$"#,##0'
PERCENT = "0.0%"
COUNT = "#,##0"
# Excel's number format for each way the pages show a figure, so a rate reads 84.3%, not 0.84.
EXCEL_FORMATS = {format.money: MONEY, format.pct: PERCENT, format.count: COUNT}


def _safe(value: object) -> object:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        value = value.item()
    return escape_formula(value)


def _print_ready(sheet: Worksheet, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = f"{title} · page &P of &N"
    sheet.oddHeader.right.text = "Channel leadership dashboard"


def _table(sheet: Worksheet, frame: pd.DataFrame, start_row: int, formats: dict[str, str]) -> int:
    """Write a frame with a styled header; returns the next free row."""
    for col, name in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=start_row, column=col, value=_safe(tables.label(str(name))))
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for r, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for c, (name, value) in enumerate(zip(frame.columns, row, strict=True), start=1):
            cell = sheet.cell(row=r, column=c, value=_safe(value))
            if name in formats:
                cell.number_format = formats[name]
    for c, name in enumerate(frame.columns, start=1):
        header = tables.label(str(name))
        width = max([len(header)] + [len(str(v)) for v in frame.iloc[:, c - 1].head(200)])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(12, width + 2), 48)
    sheet.print_title_rows = f"{start_row}:{start_row}"
    return start_row + len(frame) + 2


def _cover(book: Workbook, title: str, subtitle: str, as_of: date, lines: Iterable[str]) -> None:
    sheet = book.active
    sheet.title = "Cover"
    sheet["A1"] = _safe(title)
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = _safe(subtitle)
    sheet["A2"].font = Font(size=13, color="555555")
    sheet["A4"] = "Quarterly business review"
    sheet["A4"].font = Font(bold=True, size=14)
    sheet["A5"] = "As of"
    sheet["B5"] = as_of
    sheet["B5"].number_format = "d mmm yyyy"
    for offset, line in enumerate(lines, start=7):
        sheet.cell(row=offset, column=1, value=_safe(line)).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 110
    _print_ready(sheet, title)


def _trends(book: Workbook, quarters: pd.DataFrame, title: str) -> None:
    sheet = book.create_sheet("Trends")
    frame = quarters.assign(
        quarter=pd.to_datetime(quarters.quarter_start).dt.to_period("Q").astype(str)
    )[
        [
            "quarter",
            "registrations",
            "won_revenue",
            "forecast_amount",
            "mdf_allocated",
            "mdf_claimed",
        ]
    ]
    frame.columns = [
        "Quarter",
        "Registrations",
        "Won revenue",
        "Forecast",
        "MDF allocated",
        "MDF claimed",
    ]
    _table(
        sheet,
        frame,
        1,
        {"Won revenue": MONEY, "Forecast": MONEY, "MDF allocated": MONEY, "MDF claimed": MONEY},
    )
    rows = len(frame) + 1
    categories = Reference(sheet, min_col=1, min_row=2, max_row=rows)
    revenue = BarChart()
    revenue.title, revenue.y_axis.title = "Won revenue and forecast by quarter", "$"
    revenue.add_data(
        Reference(sheet, min_col=3, max_col=4, min_row=1, max_row=rows), titles_from_data=True
    )
    revenue.set_categories(categories)
    revenue.height, revenue.width = 8, 18
    sheet.add_chart(revenue, f"A{rows + 3}")
    registrations = LineChart()
    registrations.title, registrations.y_axis.title = "Deal registrations by quarter", "Count"
    registrations.add_data(
        Reference(sheet, min_col=2, min_row=1, max_row=rows), titles_from_data=True
    )
    registrations.set_categories(categories)
    registrations.height, registrations.width = 8, 18
    sheet.add_chart(registrations, f"H{rows + 3}")
    _print_ready(sheet, title)


def partner_pack(
    profile: pd.Series,
    scorecard: pd.DataFrame,
    quarters: pd.DataFrame,
    open_deals: pd.DataFrame,
    story: list[str],
    as_of: date,
) -> bytes:
    """The pack for one partner; `scorecard` says in `shown_as` how the page shows each row."""
    title = f"{profile.partner_name} · QBR pack"
    book = Workbook()
    _cover(
        book, profile.partner_name, f"{profile.tier} partner · CAM {profile.cam_name}", as_of, story
    )
    sheet = book.create_sheet("Scorecard")
    _table(sheet, scorecard.drop(columns="shown_as"), 1, {})
    for row, shown_as in enumerate(scorecard.shown_as, start=2):
        for column in (2, 3):  # the partner's figure and the tier median's
            sheet.cell(row=row, column=column).number_format = EXCEL_FORMATS[shown_as]
    _print_ready(sheet, title)
    _trends(book, quarters, title)
    mdf = quarters[["quarter_start", "mdf_allocated", "mdf_claimed"]].copy()
    mdf["utilization"] = mdf.mdf_claimed / mdf.mdf_allocated.where(mdf.mdf_allocated > 0)
    mdf.columns = ["Quarter", "Allocated", "Claimed", "Utilization"]
    sheet = book.create_sheet("MDF")
    _table(
        sheet,
        mdf,
        1,
        {"Allocated": MONEY, "Claimed": MONEY, "Utilization": PERCENT, "Quarter": "yyyy-mm-dd"},
    )
    _print_ready(sheet, title)
    sheet = book.create_sheet("Pipeline")
    _table(
        sheet,
        open_deals,
        1,
        {"amount": MONEY, "registered_on": "yyyy-mm-dd", "expected_close_on": "yyyy-mm-dd"},
    )
    _print_ready(sheet, title)
    _actions(book, title, [s for s in story if s.startswith("Next:")])
    return _bytes(book)


def portfolio_pack(
    cam_label: str, portfolio: pd.DataFrame, calls: pd.DataFrame, summary: list[str], as_of: date
) -> bytes:
    """The pack for a CAM's whole portfolio: one scorecard row per partner."""
    title = f"{cam_label} · portfolio QBR pack"
    book = Workbook()
    _cover(book, cam_label, "Partner portfolio", as_of, summary)
    sheet = book.create_sheet("Scorecard")
    _table(
        sheet,
        portfolio,
        1,
        {
            "revenue": MONEY,
            "prior_revenue": MONEY,
            "quarter_mdf_unspent": MONEY,
            "last_registered_on": "yyyy-mm-dd",
            "last_qbr_on": "yyyy-mm-dd",
            "health_score": "0",
        },
    )
    _print_ready(sheet, title)
    sheet = book.create_sheet("Calls this week")
    _table(sheet, calls, 1, {"revenue_at_stake": MONEY, "health_score": "0"})
    _print_ready(sheet, title)
    _actions(book, title, [f"{r.partner_name}: {r.why}" for r in calls.itertuples()])
    return _bytes(book)


def _actions(book: Workbook, title: str, proposals: list[str]) -> None:
    sheet = book.create_sheet("Actions")
    frame = pd.DataFrame(
        {
            "Agreed action": proposals + [""] * 5,
            "Owner": [""] * (len(proposals) + 5),
            "Due": [""] * (len(proposals) + 5),
            "Status": [""] * (len(proposals) + 5),
        }
    )
    _table(sheet, frame, 1, {})
    sheet.column_dimensions["A"].width = 90
    _print_ready(sheet, title)


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
