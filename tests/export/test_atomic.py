"""All-or-nothing writing: cancel and failures leave the old file, clear error messages."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl.worksheet import _writer as openpyxl_writer

import indiamart_desktop.export as export_module
from indiamart_desktop.export import (
    CHECK_EVERY,
    ExportCancelled,
    ExportError,
    export_leads,
)
from indiamart_desktop.export.atomic import FILE_IN_USE, atomic_path
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

OLD = b"the seller's previous export\n"
ROWS = 1_200


@pytest.fixture
def query(tmp_data_dir: Path) -> LeadQuery:
    db = Database.in_folder(tmp_data_dir)
    start = datetime(2024, 1, 1, tzinfo=IST)
    LeadWriter(db).upsert("9999999999", (
        Lead(query_id=str(n), query_type="W", received_at=start + timedelta(minutes=n),
             sender_name=f"Buyer {n}", mobile="+91-9876543210", message="=1+2")
        for n in range(ROWS)))
    return LeadQuery(db)


@pytest.fixture
def old_file(tmp_path: Path) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        path = tmp_path / "out" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(OLD)
        return path
    return make


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


@pytest.mark.parametrize("name", ["leads.xlsx", "leads.csv"])
def test_cancel_leaves_old_file_untouched(query: LeadQuery, old_file: Callable[[str], Path],
                                          name: str) -> None:
    target = old_file(name)
    openpyxl_temps = list(openpyxl_writer.ALL_TEMP_FILES)
    seen: list[int] = []

    def cancel_after_first_batch() -> bool:
        return len(seen) > 1

    with pytest.raises(ExportCancelled):
        export_leads(target, query, LeadFilter(), Sort(),
                     progress=lambda done, total: seen.append(done),
                     cancelled=cancel_after_first_batch)
    assert seen == [0, CHECK_EVERY]  # it really was part-way through
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent, name) == []
    assert openpyxl_temps == openpyxl_writer.ALL_TEMP_FILES  # no big temp file kept


@pytest.mark.parametrize("name", ["leads.xlsx", "leads.csv"])
def test_failure_mid_write_leaves_old_file_untouched(
        query: LeadQuery, old_file: Callable[[str], Path], name: str) -> None:
    target = old_file(name)

    def explode(done: int, total: int) -> None:
        if done >= CHECK_EVERY:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        export_leads(target, query, LeadFilter(), Sort(), progress=explode)
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent, name) == []


def test_success_replaces_old_file_and_keeps_its_mode(
        query: LeadQuery, old_file: Callable[[str], Path]) -> None:
    target = old_file("leads.csv")
    target.chmod(0o640)
    result = export_leads(target, query, LeadFilter(), Sort())
    assert result.rows == ROWS
    assert target.read_bytes().startswith(b"\xef\xbb\xbfReceived")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(target.parent, "leads.csv") == []


def test_progress_and_cancel_checks_are_throttled(query: LeadQuery, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    checks: list[int] = []

    def never() -> bool:
        checks.append(1)
        return False

    export_leads(tmp_path / "p.csv", query, LeadFilter(), Sort(),
                 progress=lambda done, total: calls.append((done, total)), cancelled=never)
    assert calls == [(0, ROWS), (500, ROWS), (1000, ROWS), (ROWS, ROWS)]
    assert len(checks) == 4


def test_file_open_in_excel_gives_clear_message(
        query: LeadQuery, old_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a file open in Excel refuses os.replace with PermissionError."""
    target = old_file("leads.xlsx")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        export_leads(target, query, LeadFilter(), Sort())
    assert str(caught.value) == FILE_IN_USE
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent, "leads.xlsx") == []


def test_permission_denied_on_new_file_names_the_folder(
        query: LeadQuery, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: object, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(ExportError, match=f"No permission to write in {tmp_path}"):
        export_leads(tmp_path / "x.csv", query, LeadFilter(), Sort())


def test_read_only_folder_for_real(query: LeadQuery, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("running as root (or on a file system ignoring modes): the folder's "
                        "permission bits do not stop writes; the monkeypatched tests cover it")
        with pytest.raises(ExportError, match="No permission to write in"):
            export_leads(folder / "x.xlsx", query, LeadFilter(), Sort())
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_parent_is_a_file(query: LeadQuery, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="does not exist"):
        export_leads(blocker / "x.csv", query, LeadFilter(), Sort())


def test_target_is_a_folder(query: LeadQuery, tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_leads(tmp_path / "dir.xlsx", query, LeadFilter(), Sort())


def test_disk_full(query: LeadQuery, old_file: Callable[[str], Path],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = old_file("leads.csv")

    def full(path: Path, leads: object) -> int:
        path.write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "write_csv", full)
    with pytest.raises(ExportError, match=r"^The disk is full\.$"):
        export_leads(target, query, LeadFilter(), Sort())
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent, "leads.csv") == []


def test_unknown_suffix_is_refused(query: LeadQuery, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.xlsx or \.csv"):
        export_leads(tmp_path / "leads.txt", query, LeadFilter(), Sort())
    assert list(tmp_path.glob("leads*")) == []


def test_atomic_path_writes_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path
        assert temporary != target
        temporary.write_text("done")
        assert not target.exists()
    assert target.read_text() == "done"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
