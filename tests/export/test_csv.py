"""The csv export read back with the csv module and compared with the store query."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest
from test_xlsx import HEADERS, HOSTILE, NOW, expected_row, make_leads, make_store

from indiamart_desktop.export import export_leads
from indiamart_desktop.export.csvfile import defuse, phone_text
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PHONE_COLUMNS = (HEADERS.index("Mobile"), HEADERS.index("Alternate mobile"),
                 HEADERS.index("Phone"))


def _as_csv_text(value: object) -> str:
    """How the csv file spells a value of :func:`expected_row`, before defusing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.hour or value.minute \
            else value.strftime("%Y-%m-%d")
    return str(value)


@pytest.fixture
def db(tmp_data_dir: Path) -> Database:
    return make_store(tmp_data_dir)


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_rows_equal_the_store_query(db: Database, tmp_path: Path) -> None:
    result = export_leads(tmp_path / "leads.csv", LeadQuery(db), LeadFilter(), Sort(), now=NOW)
    rows = _read(result.path)
    leads = list(LeadQuery(db).iterate(LeadFilter(), Sort()))
    assert result.format == "csv"
    assert result.rows == len(leads) == len(make_leads())
    assert rows[0] == HEADERS
    expected = [[_as_csv_text(v) for v in expected_row(lead)] for lead in leads]
    for row in expected:  # phones lose their plus, nothing else
        for column in PHONE_COLUMNS:
            row[column] = row[column].removeprefix("+")
    # Defused cells carry one leading apostrophe; everything else is verbatim.
    assert [[cell[1:] if cell.startswith("'") else cell for cell in row]
            for row in rows[1:]] == expected
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(TRIGGERS), cell
    assert rows[1][0] == "2024-03-04 14:11:00"  # newest first, IST wall time


def test_utf8_bom_crlf_and_quoting(db: Database, tmp_path: Path) -> None:
    result = export_leads(tmp_path / "leads.csv", LeadQuery(db), LeadFilter(), Sort(), now=NOW)
    data = result.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.startswith("Received (IST),Lead ID,")
    assert text.split("\n", 1)[0].endswith("Notes\r")
    assert '"नमस्ते, 50 किलो चाहिए\nकृपया कीमत बताएं"' in text  # quoted, line break kept
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text  # RFC 4180 doubled quotes


def test_hostile_text_is_defused(db: Database, tmp_path: Path) -> None:
    result = export_leads(tmp_path / "leads.csv", LeadQuery(db), LeadFilter(), Sort(), now=NOW)
    messages = {row[16] for row in _read(result.path)[1:]}
    assert "'=HYPERLINK(\"http://x\",\"y\")" in messages
    assert "'@SUM(A1)" in messages
    assert "'+91 98765 43210" in messages
    assert "'-2+3" in messages
    assert "'\tTabbed =1+1" in messages
    assert "#N/A" in messages  # not a formula in csv
    mobiles = {row[5] for row in _read(result.path)[1:]}
    assert "91-9876543210" in mobiles  # no apostrophe: contact tools import it as it is
    notes = {row[26] for row in _read(result.path)[1:]}
    assert "'=1+2 call back" in notes
    assert len(HOSTILE) <= len(messages)


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("plain", "plain"), ("", ""), ("a=b", "a=b"),
])
def test_defuse(text: str, safe: str) -> None:
    assert defuse(text) == safe


def test_phones_are_clean_text_for_contact_tools(db: Database, tmp_path: Path) -> None:
    """Every phone: digits and hyphens only, country code first, no plus, no apostrophe."""
    result = export_leads(tmp_path / "leads.csv", LeadQuery(db), LeadFilter(), Sort(), now=NOW)
    rows = _read(result.path)[1:]
    leads = list(LeadQuery(db).iterate(LeadFilter(), Sort()))
    phones = [row[column] for row in rows for column in PHONE_COLUMNS if row[column]]
    assert phones and all(re.fullmatch(r"\d{1,3}(-\d+)*-\d{5,}", phone) for phone in phones)
    assert [row[PHONE_COLUMNS[0]] for row in rows] == [lead.mobile[1:] for lead in leads]
    assert "91-22-26543210" in {row[PHONE_COLUMNS[2]] for row in rows}  # a landline


@pytest.mark.parametrize(("phone", "text"), [
    ("+91-9876543210", "91-9876543210"), ("+91-120-22222222", "91-120-22222222"),
    ("+977-9812345678", "977-9812345678"), ("+1-2025550123", "1-2025550123"),
    ("12345678", "12345678"), ("", ""),
    # Not the store's form: guarded like any text ("1-2024" would be a date in Excel).
    ("+1-2024", "'+1-2024"), ("=1+2", "'=1+2"), ("+91 98765 43210", "'+91 98765 43210"),
])
def test_phone_text(phone: str, text: str) -> None:
    assert phone_text(phone) == text


def test_csv_and_xlsx_have_the_same_columns(db: Database, tmp_path: Path) -> None:
    import openpyxl

    query = LeadQuery(db)
    csv_rows = _read(export_leads(tmp_path / "a.csv", query, LeadFilter(), Sort()).path)
    book = openpyxl.load_workbook(export_leads(tmp_path / "a.xlsx", query, LeadFilter(),
                                               Sort()).path)
    assert [c.value for c in book["Leads"][1]] == csv_rows[0]
    assert [r[1] for r in book["Leads"].iter_rows(min_row=2, values_only=True)] == \
        [r[1] for r in csv_rows[1:]]
