"""The xlsx writer: openpyxl write-only mode, so memory stays flat however many leads.

Every text cell is written as an inline string: buyer text can never become a formula,
an error value or a link, whatever it starts with.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from indiamart_desktop import APP_NAME
from indiamart_desktop.export.columns import (
    COLUMNS,
    HEADERS,
    Kind,
    Summary,
    Value,
    clean_text,
    row_values,
)
from indiamart_desktop.store.query import StoredLead

log = logging.getLogger(__name__)

DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
DATE_FORMAT = "dd-mm-yyyy"
LEADS_SHEET = "Leads"
SUMMARY_SHEET = "Summary"

# openpyxl would store these strings as a formula ("=...") or an error value ("#N/A").
_SPECIAL_START = ("=", "#")


def _template(sheet: WriteOnlyWorksheet, *, number_format: str = "",
              wrap: bool = False, bold: bool = False) -> Cell:
    """A styled cell whose style array new cells copy: no style look-ups per cell."""
    cell = Cell(sheet, row=1, column=1)
    if number_format:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, text: str, template: Cell | None = None) -> Cell:
    """A cell holding ``text`` as a plain inline string (data type "s"), whatever it says."""
    cell = Cell(sheet, row=1, column=1,
                style_array=None if template is None else template._style)
    cell._value = text
    cell.data_type = "s"
    return cell


def _styled_cell(sheet: WriteOnlyWorksheet, value: Value, template: Cell) -> Cell:
    if isinstance(value, str):
        return _text_cell(sheet, value, template)
    return Cell(sheet, row=1, column=1, value=value, style_array=template._style)


class _RowMaker:
    """Turns typed values into the cells of one lead row, styled and formula-safe."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        templates = {
            Kind.DATETIME: _template(sheet, number_format=DATETIME_FORMAT),
            Kind.DATE: _template(sheet, number_format=DATE_FORMAT),
            Kind.LONG_TEXT: _template(sheet, wrap=True),
        }
        self.styled = [(i, templates[c.kind]) for i, c in enumerate(COLUMNS)
                       if c.kind in templates]
        self.plain_text = [i for i, c in enumerate(COLUMNS)
                           if c.kind in (Kind.TEXT, Kind.PHONE)]

    def cells(self, values: list[Value]) -> list[Value | Cell]:
        row: list[Value | Cell] = list(values)
        for i in self.plain_text:
            value = values[i]
            if isinstance(value, str) and value.startswith(_SPECIAL_START):
                row[i] = _text_cell(self.sheet, value)
        for i, template in self.styled:
            value = values[i]
            if value is not None and value != "":
                row[i] = _styled_cell(self.sheet, value, template)
        return row


def _safe_row(sheet: WriteOnlyWorksheet, values: Iterable[Value],
              template: Cell | None = None) -> list[Value | Cell]:
    """A row for a small sheet: every text plain and clean, styled by ``template``."""
    row: list[Value | Cell] = []
    for value in values:
        if isinstance(value, str):
            row.append(_text_cell(sheet, clean_text(value), template))
        elif template is not None and value is not None:
            row.append(_styled_cell(sheet, value, template))
        else:
            row.append(value)
    return row


def write_xlsx(path: Path, leads: Iterable[StoredLead], summary: Summary) -> int:
    """Write ``leads`` and a summary sheet to ``path``; return the number of lead rows."""
    book = Workbook(write_only=True)
    try:
        rows = _write_book(book, path, leads, summary)
    except BaseException:
        _discard(book)
        raise
    log.info("Wrote %d leads to %s", rows, path)
    return rows


def _discard(book: Workbook) -> None:
    """Close and delete the sheets' temporary files of a workbook that will not be saved.

    openpyxl would otherwise keep them (as large as the export) until the program exits.
    """
    for sheet in book.worksheets:
        writer = sheet._writer
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if sheet._rows is not None:
                sheet._rows.close()
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _write_book(book: Workbook, path: Path, leads: Iterable[StoredLead], summary: Summary) -> int:
    book.properties.title = summary.title
    book.properties.creator = APP_NAME
    book.properties.created = book.properties.modified = summary.created_utc()

    sheet = book.create_sheet(LEADS_SHEET)
    for number, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(_safe_row(sheet, HEADERS, _template(sheet, bold=True)))
    maker = _RowMaker(sheet)
    rows = 0
    for lead in leads:
        sheet.append(maker.cells(row_values(lead)))
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"

    _write_summary(book.create_sheet(SUMMARY_SHEET), summary, rows)
    _save(book, path)
    return rows


def _save(book: Workbook, path: Path) -> None:
    """``book.save(path)``, but a failed save (a full disk) lets go of the file at once.

    openpyxl leaves a failed archive open; its finaliser then tries to finish the file
    again, fails again, and the handle stays open until then (on Windows the half file
    could not even be deleted).
    """
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()  # writing the directory fails again, but the file is closed
        raise


def _write_summary(sheet: WriteOnlyWorksheet, summary: Summary, rows: int) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    bold = _template(sheet, bold=True)
    sheet.append(_safe_row(sheet, [summary.title], bold))
    stamp = _template(sheet, number_format=DATETIME_FORMAT)
    exported = _styled_cell(sheet, summary.created_ist(), stamp)
    sheet.append([*_safe_row(sheet, ["Exported"]), exported])
    sheet.append(_safe_row(sheet, ["Leads", rows]))
    sheet.append(_safe_row(sheet, ["Sorted by", summary.sort]))
    sheet.append([])
    sheet.append(_safe_row(sheet, ["Filter", "Value"], bold))
    for name, value in summary.filter or [("(none)", "all leads")]:
        sheet.append(_safe_row(sheet, [name, value]))
    for title, counts in summary.groups():
        sheet.append([])
        sheet.append(_safe_row(sheet, [title, "Leads"], bold))
        for value, count in counts:
            sheet.append(_safe_row(sheet, [value or "(blank)", count]))
