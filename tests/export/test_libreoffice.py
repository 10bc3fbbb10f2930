"""LibreOffice opens the xlsx and the csv and finds the same values, with no formula evaluated."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from child_processes import finished, running
from test_xlsx import HEADERS, HOSTILE, NOW, make_store

from indiamart_desktop.export import export_leads
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian package libreoffice-calc-nogui gives soffice)",
)


def _convert(xlsx: Path, out: Path, profile: Path) -> list[list[str]]:
    assert SOFFICE is not None
    # 44 = comma, 34 = double quote, 76 = UTF-8; an own profile avoids clashing with a
    # running LibreOffice. soffice starts soffice.bin: its whole process group ends with
    # the conversion, even on a timeout.
    with running(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
         str(xlsx)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as soffice:
        _, err = soffice.communicate(timeout=180)
    assert soffice.returncode == 0, err
    with (out / (xlsx.stem + ".csv")).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_libreoffice_reads_the_same_values(tmp_data_dir: Path, tmp_path: Path) -> None:
    query = LeadQuery(make_store(tmp_data_dir))
    result = export_leads(tmp_path / "leads.xlsx", query, LeadFilter(), Sort(), now=NOW)
    rows = _convert(result.path, tmp_path / "out", tmp_path / "profile")
    leads = list(query.iterate(LeadFilter(), Sort()))

    assert rows[0] == HEADERS
    assert len(rows) == len(leads) + 1
    col = {name: index for index, name in enumerate(HEADERS)}
    for row, lead in zip(rows[1:], leads, strict=True):
        assert row[col["Received (IST)"]] == lead.received_at.strftime("%d-%m-%Y %H:%M")
        assert row[col["Lead ID"]] == lead.query_id
        assert row[col["Buyer name"]] == lead.sender_name
        assert row[col["Mobile"]] == lead.mobile
        assert row[col["Phone"]] == lead.phone
        assert row[col["Pincode"]] == lead.pincode
        assert row[col["Product"]] == lead.product
        assert row[col["Notes"]] == lead.notes
        expected_quantity = "" if lead.quantity is None else f"{lead.quantity:g}"
        assert row[col["Quantity"]] == expected_quantity
        duration = "" if lead.call_duration is None else str(lead.call_duration)
        assert row[col["Call duration (s)"]] == duration

    messages = {row[col["Message"]] for row in rows[1:]}
    for text in HOSTILE:
        assert text.replace("\r", "\n") in messages  # as typed, not evaluated
    names = {row[col["Buyer name"]] for row in rows[1:]}
    assert "=2*3" in names and "6" not in names
    notes = {row[col["Notes"]] for row in rows[1:]}
    assert "=1+2 call back" in notes
    assert "012345" in {row[col["Pincode"]] for row in rows[1:]}
    assert "1234567890120" in {row[col["Lead ID"]] for row in rows[1:]}


# Calc's csv import options: comma, double quote, UTF-8, from line 1, no column types,
# English (US), quoted fields not forced to text, special numbers (dates, times) detected,
# (three export-only options), and, last, formulas evaluated: the most eager reading,
# the closest to Excel's, which evaluates every cell that looks like a formula.
_EAGER_CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"


def _open_csv(files: list[Path], out: Path, profile: Path) -> dict[str, Any]:
    """Open each csv in Calc the eager way; return its sheet as Calc typed it, by file."""
    assert SOFFICE is not None
    # Its own process group: soffice.bin ends with the conversion, even on a timeout.
    done = finished(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         f"--infilter={_EAGER_CSV_IMPORT}", "--convert-to", "xlsx", "--outdir", str(out),
         *map(str, files)],
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return {path.name: openpyxl.load_workbook(out / (path.stem + ".xlsx")).active
            for path in files}


def test_libreoffice_opens_the_csv_phones_as_clean_text(tmp_data_dir: Path,
                                                        tmp_path: Path) -> None:
    """Phones come out as plain text with no mark; no cell at all becomes a formula."""
    query = LeadQuery(make_store(tmp_data_dir))
    result = export_leads(tmp_path / "leads.csv", query, LeadFilter(), Sort(), now=NOW)
    control = tmp_path / "control.csv"  # proves this reading does evaluate formulas
    control.write_text("a\r\n=1+2\r\n", encoding="utf-8")
    sheets = _open_csv([result.path, control], tmp_path / "out", tmp_path / "profile")
    assert sheets["control.csv"]["A2"].data_type == "f"

    sheet = sheets["leads.csv"]
    leads = list(query.iterate(LeadFilter(), Sort()))
    rows = list(sheet.iter_rows(min_row=2))
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert len(rows) == len(leads)
    assert all(cell.data_type != "f" for row in rows for cell in row)
    col = {name: index for index, name in enumerate(HEADERS)}
    for row, lead in zip(rows, leads, strict=True):
        for name, phone in (("Mobile", lead.mobile), ("Alternate mobile", lead.mobile_alt),
                            ("Phone", lead.phone)):
            cell = row[col[name]]
            if phone:
                assert (cell.value, cell.data_type) == (phone.removeprefix("+"), "s"), name
            else:
                assert cell.value is None
    names = {row[col["Buyer name"]].value for row in rows}
    assert "'=2*3" in names and 6 not in names  # buyer text that starts like a formula
    messages = {row[col["Message"]].value for row in rows}
    assert "'=HYPERLINK(\"http://x\",\"y\")" in messages
