"""The csv writer: UTF-8 with a byte-order mark, RFC 4180 quoting, formula-safe text.

Excel reads a csv cell starting with ``= + - @``, a tab or a carriage return as a formula;
such text gets a leading apostrophe (the OWASP CSV-injection rule).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from indiamart_desktop.export.columns import FORMULA_TRIGGERS, HEADERS, Value, row_values
from indiamart_desktop.store.query import StoredLead

log = logging.getLogger(__name__)

#: Times in csv: ISO order, which Excel reads as a date-time in every locale.
CSV_DATETIME = "%Y-%m-%d %H:%M:%S"


def defuse(text: str) -> str:
    """``text`` that spreadsheet programs cannot read as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _field(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return defuse(value)
    if isinstance(value, datetime):
        return value.strftime(CSV_DATETIME)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, leads: Iterable[StoredLead]) -> int:
    """Write ``leads`` to ``path``; return the number of rows (header excluded)."""
    rows = 0
    # newline="" lets the csv module write RFC 4180's CRLF and keep line breaks in fields.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
        writer.writerow(HEADERS)
        for lead in leads:
            writer.writerow([_field(value) for value in row_values(lead)])
            rows += 1
    log.info("Wrote %d leads to %s", rows, path)
    return rows
