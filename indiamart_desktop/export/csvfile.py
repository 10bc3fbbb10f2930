"""The csv writer: UTF-8 with a byte-order mark, RFC 4180 quoting, formula-safe text.

What spreadsheets do with a csv cell, and so what this writer guards:

- Excel reads a cell starting with ``= + - @``, a tab or a carriage return as a formula,
  whatever the csv quoting (OWASP, "CSV Injection":
  https://owasp.org/www-community/attacks/CSV_Injection). Such buyer text gets the
  leading apostrophe OWASP recommends; it stays visible as a character (LibreOffice shows
  it, and so does any program reading the file as data), which is the price of text that
  really does start like a formula.
- A phone in the store's form, ``+91-9876543210``, starts with ``+``: Excel would compute
  ``91 - 9876543210``. Bare digits would not do either: Microsoft documents that Excel
  turns number codes in an opened text file into numbers, dropping leading zeros, showing
  long ones in scientific notation and keeping 15 significant digits ("Keeping leading
  zeros and large numbers", https://support.microsoft.com/en-us/office/keeping-leading-
  zeros-and-large-numbers-1bf7b935-36e1-4985-842f-5dfa51f85fe7; KB 269370). So a phone is
  written as country code and number without the plus, ``91-9876543210``: it starts with
  no formula trigger, the hyphen keeps it from being a number, and its last group (five
  digits or more) from being a date, so it opens as the text it is, with no mark. These
  are the digits wa.me links use, with the country code a contact import needs.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from indiamart_desktop.export.columns import (
    COLUMNS,
    FORMULA_TRIGGERS,
    HEADERS,
    Kind,
    Value,
    row_values,
)
from indiamart_desktop.store.query import StoredLead

log = logging.getLogger(__name__)

#: Times in csv: ISO order, which Excel reads as a date-time in every locale.
CSV_DATETIME = "%Y-%m-%d %H:%M:%S"

# "+<country code>-<number>" (a landline: "+91-120-22222222"), whose last group is too long
# to be read as any part of a date.
_STORE_PHONE = re.compile(r"\+(\d{1,3}(?:-\d+)*-\d{5,})")
_PHONE_COLUMNS = frozenset(i for i, column in enumerate(COLUMNS) if column.kind is Kind.PHONE)


def defuse(text: str) -> str:
    """``text`` that spreadsheet programs cannot read as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def phone_text(phone: str) -> str:
    """A phone as csv text that Excel and LibreOffice show unchanged and never compute.

    "+91-9876543210" -> "91-9876543210"; anything not in the store's phone format is
    treated like other text (:func:`defuse`).
    """
    match = _STORE_PHONE.fullmatch(phone)
    return match.group(1) if match else defuse(phone)


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


def _fields(values: list[Value]) -> list[str]:
    return [phone_text(value) if i in _PHONE_COLUMNS and isinstance(value, str)
            else _field(value) for i, value in enumerate(values)]


def write_csv(path: Path, leads: Iterable[StoredLead]) -> int:
    """Write ``leads`` to ``path``; return the number of rows (header excluded)."""
    rows = 0
    # newline="" lets the csv module write RFC 4180's CRLF and keep line breaks in fields.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
        writer.writerow(HEADERS)
        for lead in leads:
            writer.writerow(_fields(row_values(lead)))
            rows += 1
    log.info("Wrote %d leads to %s", rows, path)
    return rows
