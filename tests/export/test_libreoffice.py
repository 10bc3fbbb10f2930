"""LibreOffice opens the xlsx and finds the same values, with no formula evaluated."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
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
    # running LibreOffice.
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
         str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
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
