"""`indiamart-desktop export` run as a real process selects exactly the asked rows."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter

ROOT = Path(__file__).resolve().parents[2]

# (id, type, received IST, state, message); 5 and 6 March sit either side of IST midnight.
LEADS = [
    ("101", "W", datetime(2024, 3, 4, 12, 0), "Gujarat", "need cotton yarn"),
    ("102", "B", datetime(2024, 3, 5, 23, 59), "Maharashtra", "steel pipe wanted"),
    ("103", "P", datetime(2024, 3, 6, 0, 1), "Maharashtra", "call about cotton bales"),
    ("104", "W", datetime(2024, 3, 6, 18, 30), "Tamil Nadu", "LED bulbs 500 pieces"),
    ("105", "B", datetime(2024, 3, 7, 9, 15), "Gujarat", "cotton fabric rolls"),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    db = Database.in_folder(folder)
    writer = LeadWriter(db)
    ids = writer.upsert("9999999999", [
        Lead(query_id=qid, query_type=kind, received_at=when.replace(tzinfo=IST),
             sender_name=f"Buyer {qid}", mobile=f"+91-98765{qid:0>5}", state=state,
             city="Somewhere", product="Goods", message=message)
        for qid, kind, when, state, message in LEADS
    ]).new_ids
    by_qid = dict(zip([lead[0] for lead in LEADS], ids, strict=True))
    writer.set_seller_fields(by_qid["102"], status=LeadStatus.CONTACTED)
    writer.set_seller_fields(by_qid["105"], status=LeadStatus.WON)
    db.close()
    return folder


def run_export(data_dir: Path, target: Path, *options: str) -> subprocess.CompletedProcess[str]:
    home = data_dir.parent / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
           "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(data_dir), "export",
         str(target), *options],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )


def exported_ids(data_dir: Path, tmp_path: Path, *options: str) -> list[str]:
    target = tmp_path / "out.csv"
    done = run_export(data_dir, target, *options)
    assert done.returncode == 0, done.stderr
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert f"Exported {len(rows) - 1} leads to {target}" in done.stdout
    return [row[1] for row in rows[1:]]


@pytest.mark.parametrize(("options", "expected"), [
    ((), ["105", "104", "103", "102", "101"]),
    (("--from", "06-03-2024"), ["105", "104", "103"]),
    (("--from", "2024-03-06"), ["105", "104", "103"]),
    (("--to", "05-03-2024"), ["102", "101"]),
    (("--from", "05-03-2024", "--to", "2024-03-06"), ["104", "103", "102"]),
    (("--type", "W,P"), ["104", "103", "101"]),
    (("--type", "b"), ["105", "102"]),
    (("--state", "maharashtra"), ["103", "102"]),
    (("--status", "contacted,won"), ["105", "102"]),
    (("--search", "cotton"), ["105", "103", "101"]),
    (("--search", "cotton", "--state", "Gujarat", "--type", "B"), ["105"]),
])
def test_options_select_the_right_rows(data_dir: Path, tmp_path: Path,
                                       options: tuple[str, ...], expected: list[str]) -> None:
    assert exported_ids(data_dir, tmp_path, *options) == expected


def test_xlsx_from_the_command_line(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "march.xlsx"
    done = run_export(data_dir, target, "--from", "06-03-2024", "--type", "W")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(target)
    ids = [row[1] for row in book["Leads"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["104"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert summary["From"] == "06-03-2024 00:00 IST"
    assert summary["Lead types"] == "Direct enquiry"


def test_bad_target_fails_with_a_message(data_dir: Path, tmp_path: Path) -> None:
    done = run_export(data_dir, tmp_path / "leads.txt")
    assert done.returncode == 4
    assert "Export failed:" in done.stderr and ".xlsx or .csv" in done.stderr
    assert not (tmp_path / "leads.txt").exists()


def test_bad_day_is_a_usage_error(data_dir: Path, tmp_path: Path) -> None:
    done = run_export(data_dir, tmp_path / "x.csv", "--from", "31-02-2024")
    assert done.returncode == 1  # bad usage
    assert "is not a day" in done.stderr
