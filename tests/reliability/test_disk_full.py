"""A full disk or a read-only data folder: a clear message, polling pauses, nothing is
lost, and everything is stored once space (or write access) returns.

Two ways to fill the disk: SQLite's ``max_page_count`` (the database cannot grow: the same
SQLITE_FULL error and code path as a full disk, runs anywhere) and, where the test may
mount file systems (root on Linux), a real 3 MB tmpfs filled to the last byte and a real
read-only remount.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from reliability_helpers import SOAK_KEY, configure_cli, run_cli

from indiamart_desktop.config import Config
from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST, now_ist
from indiamart_desktop.store.db import Database
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import Skip, SyncEngine

START = datetime(2025, 4, 1, 10, 0, tzinfo=IST)
FULL = "is full. Free some space; nothing has been lost."


def _visible_now(leads: list) -> list:  # type: ignore[type-arg]
    return [dataclasses.replace(lead, visible_at=lead.received_at) for lead in leads]


def test_database_full_keeps_the_frontier_and_recovers(tmp_path: Path) -> None:
    clock = FakeClock(START)
    generator = LeadGenerator(4)
    server = SimulatedIndiaMart(v2_key=SOAK_KEY, clock=clock.now, min_gap=300)
    server.add_leads(_visible_now(generator.leads_between(
        START - timedelta(days=2), START - timedelta(minutes=5), 40)))
    with server:
        db = Database.in_folder(tmp_path)
        client = IndiaMartClient(server.url, Credentials("v2", Secret(SOAK_KEY)))
        config = Config().with_value("endpoint", server.url).with_value("interval", "300")
        engine = SyncEngine(db, config, client, clock)
        try:
            first = engine.step()
            assert first.new > 0 and not first.store_error
            covered = engine.state().covered_until

            # A busy hour arrives while the disk is full.
            server.add_leads(_visible_now(generator.leads_between(
                START, START + timedelta(hours=1), 2000)))
            clock.set(START + timedelta(hours=2))
            pages = int(db.conn.execute("PRAGMA page_count").fetchone()[0])
            db.conn.execute(f"PRAGMA max_page_count = {pages}")
            failures = []
            for _ in range(6):
                target = engine.next_allowed_at()
                if target is not None and target > clock.now():
                    clock.set(target)
                result = engine.step()
                if result.called and result.kind == "history":
                    assert result.new == 0  # history holds nothing new: nothing to write
                elif result.called:
                    failures.append(result)
                    assert FULL in result.store_error, result
                    assert result.new == 0
                else:
                    assert result.skip is Skip.STORE_ERROR and FULL in result.store_error
                assert engine.state().covered_until == covered  # the frontier stays
            assert failures, "the full disk was never hit"
            # The database file cannot grow, but its WAL can still take the call's record, so
            # calls go on (the real full disk below pauses them): never within an interval.
            calls = sorted(r.at for r in server.requests)
            gaps = [(b - a).total_seconds() for a, b in pairwise(calls)]
            assert min(gaps) >= 300

            # Space returns.
            db.conn.execute("PRAGMA max_page_count = 1073741823")
            held = {lead.query_id for lead in server.leads}
            for _ in range(4):
                clock.set(max(engine.next_allowed_at() or clock.now(), clock.now()))
                result = engine.step()
                assert not result.store_error
                stored = {str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")}
                if stored == held:
                    break
            assert stored == held
            assert engine.state().covered_until > covered
            assert db.integrity_ok()
        finally:
            client.close()
            db.close()


# ---------------------------------------------------------------- a real small file system


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path("/tmp") / f"indiamart-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                              capture_output=True, check=False)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


needs_mount = pytest.mark.skipif(not _can_mount(),
                                 reason="needs root and mount (tmpfs) to fill a real disk")


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                   check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(folder: Path) -> Path:
    """Write a ballast file until the file system has not one byte left."""
    ballast = folder / "ballast"
    with ballast.open("wb", buffering=0) as out:
        for size in (65536, 4096, 512, 1):
            try:
                while out.write(b"\0" * size):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return ballast


def _server_with_leads(days: float, per_day: float) -> SimulatedIndiaMart:
    server = SimulatedIndiaMart(v2_key=SOAK_KEY, min_gap=0.0)
    now = now_ist()
    server.add_leads(_visible_now(LeadGenerator(8).leads_between(
        now - timedelta(days=days), now - timedelta(minutes=10), per_day)))
    return server


def _sync_until_all(data_dir: Path, home: Path, server: SimulatedIndiaMart) -> None:
    """``sync --once`` until every lead is in (history windows alternate with forward ones)."""
    held = {lead.query_id for lead in server.leads}
    for _ in range(10):
        run = run_cli(data_dir, home, "sync", "--once")
        assert run.code == 0, run
        if _stored(data_dir) == held:
            return
    assert _stored(data_dir) == held


def _stored(data_dir: Path) -> set[str]:
    db = Database.in_folder(data_dir)
    try:
        assert db.integrity_ok()
        return {str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")}
    finally:
        db.close()


@needs_mount
def test_a_real_full_disk_with_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = _server_with_leads(days=2, per_day=30)
    with tmpfs(tmp_path / "disk", "8m") as disk, server:
        data_dir = disk / "data"
        configure_cli(data_dir, home, server.url, 0.05)
        run = run_cli(data_dir, home, "sync", "--once")
        assert run.code == 0, run
        before = _stored(data_dir)
        assert before == {lead.query_id for lead in server.leads}

        # A busy day arrives; the disk is full to the last byte.
        now = now_ist()
        server.add_leads(_visible_now(LeadGenerator(9).leads_between(
            now - timedelta(hours=20), now - timedelta(minutes=1), 1500)))
        ballast = _fill(disk)
        calls = len(server.requests)
        for _ in range(3):
            run = run_cli(data_dir, home, "sync", "--once")
            assert run.code == 5, run
            assert "Traceback" not in run.stderr
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "full" in lines[0], run.stderr
        # Polling paused: a call that cannot be recorded is not made (or at most the one
        # whose leads could not be stored, before the disk filled up completely).
        assert len(server.requests) - calls <= 1

        ballast.unlink()  # space returns
        _sync_until_all(data_dir, home, server)


@needs_mount
def test_a_real_read_only_data_folder_with_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = _server_with_leads(days=2, per_day=30)
    with tmpfs(tmp_path / "disk", "16m") as disk, server:
        data_dir = disk / "data"
        configure_cli(data_dir, home, server.url, 0.05)
        assert run_cli(data_dir, home, "sync", "--once").code == 0
        before = _stored(data_dir)
        now = now_ist()
        server.add_leads(_visible_now(LeadGenerator(10).leads_between(
            now - timedelta(hours=5), now - timedelta(minutes=1), 200)))
        calls = len(server.requests)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        try:
            run = run_cli(data_dir, home, "sync", "--once")
            assert run.code == 5, run
            assert "Traceback" not in run.stderr
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "read-only" in lines[0], run.stderr
            assert len(server.requests) == calls  # no call it could not record
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert _stored(data_dir) == before  # nothing lost
        _sync_until_all(data_dir, home, server)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root; the tmpfs test covers root")
def test_a_read_only_data_folder_by_permissions(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = _server_with_leads(days=2, per_day=30)
    with server:
        data_dir = tmp_path / "data"
        configure_cli(data_dir, home, server.url, 0.05)
        assert run_cli(data_dir, home, "sync", "--once").code == 0
        before = _stored(data_dir)
        calls = len(server.requests)
        files = list(data_dir.iterdir())
        for path in files:
            path.chmod(0o400)
        data_dir.chmod(0o500)
        try:
            run = run_cli(data_dir, home, "sync", "--once")
            assert run.code == 5, run
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "read-only" in lines[0], run.stderr
            assert len(server.requests) == calls
        finally:
            data_dir.chmod(0o700)
            for path in files:
                path.chmod(0o600)
        assert _stored(data_dir) == before
        _sync_until_all(data_dir, home, server)
