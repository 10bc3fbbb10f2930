"""SIGKILL while a batch of leads is being stored: the database opens, passes
``PRAGMA integrity_check``, and after the next sync holds every lead exactly once."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from child_processes import running
from reliability_helpers import SOAK_KEY, cli_command, cli_env, configure_cli, run_cli

from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import now_ist
from indiamart_desktop.store.db import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

LEADS = 8_000
INTERVAL = 0.5


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _count(path: Path, sql: str = "SELECT COUNT(*) FROM leads") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _wal_size(data_dir: Path) -> int:
    try:
        return (data_dir / "leads.sqlite3-wal").stat().st_size
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("extra_delay", [0.0, 0.5])
def test_sigkill_while_sync_stores_a_batch(
        tmp_path: Path, extra_delay: float,
        reliability_report: Callable[[str, str], Path]) -> None:
    """The real CLI pulls ~8,000 leads in one answer and is killed while storing them."""
    data_dir, home = tmp_path / "data", tmp_path / "home"
    server = SimulatedIndiaMart(v2_key=SOAK_KEY, min_gap=INTERVAL)
    now = now_ist()
    leads = LeadGenerator(11).leads_between(now - timedelta(days=6.9), now - timedelta(hours=5),
                                             LEADS / 6.9)
    server.add_leads(dataclasses.replace(lead, visible_at=lead.received_at) for lead in leads)
    held = {lead.query_id for lead in leads}
    with server:
        configure_cli(data_dir, home, server.url, INTERVAL)
        db_path = data_dir / "leads.sqlite3"
        with running(cli_command(data_dir, "sync", "--once"), env=cli_env(home, SOAK_KEY),
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            # The answer has left the service; wait until the lead rows start reaching the
            # write-ahead log (the store is under way), then kill at once or a little later.
            deadline = time.monotonic() + 60
            while not server.requests:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.005)
            baseline = _wal_size(data_dir)
            while _wal_size(data_dir) < baseline + 256 * 1024:
                assert time.monotonic() < deadline and process.poll() is None, \
                    "the sync finished before it could be killed"
                time.sleep(0.002)
            time.sleep(extra_delay)
            alive = process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        assert process.returncode in (-signal.SIGKILL, 0)
        assert (data_dir / "leads.sqlite3-wal").exists() or not alive

        assert _integrity(db_path) == "ok"
        after_kill = _count(db_path)
        # A batch is one transaction: all of it or none of it.
        assert after_kill in (0, len(held)), after_kill
        # The killed call counted: its time was committed before the request left.
        assert _count(db_path, "SELECT COUNT(*) FROM call_log") == 1
        assert _count(db_path, "SELECT COUNT(*) FROM sync_state "
                               "WHERE last_call_at IS NOT NULL") == 1

        time.sleep(INTERVAL + 0.2)
        run = run_cli(data_dir, home, "sync", "--once")
        assert run.code == 0, run
        assert "Traceback" not in run.stderr
        assert len(server.requests) == 2
        gap = (server.requests[1].at - server.requests[0].at).total_seconds()
        assert gap >= INTERVAL
        assert all(r.outcome == "leads" for r in server.requests)

    db = Database(db_path)
    try:
        assert db.integrity_ok()
        stored = [str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")]
    finally:
        db.close()
    assert len(stored) == len(set(stored))
    assert set(stored) == held
    reliability_report(
        f"crash safety (kill {extra_delay:g} s into storing)",
        f"SIGKILL while storing a batch of {len(held):,} leads: "
        f"integrity_check ok, {after_kill:,} rows right after the kill "
        f"({'rolled back' if after_kill == 0 else 'committed'}), "
        f"{len(stored):,} stored after the next sync, 0 duplicates")


_WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from indiamart_desktop.indiamart.models import Lead
    from indiamart_desktop.store.db import Database
    from indiamart_desktop.store.leads import LeadWriter

    db = Database(Path(sys.argv[1]))
    writer = LeadWriter(db)
    chunk = int(sys.argv[2])
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    done = int(db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0])
    while True:
        batch = [Lead(query_id=str(10_000_000 + done + i), query_type="W",
                      received_at=start + timedelta(seconds=done + i),
                      sender_name="Buyer %d" % (done + i), message="m" * 400,
                      raw={"UNIQUE_QUERY_ID": str(10_000_000 + done + i)})
                 for i in range(chunk)]
        writer.upsert("main", batch)
        done += chunk
        print(done, flush=True)
""")


def test_sigkill_at_random_moments_of_a_long_write(tmp_path: Path) -> None:
    """A process upserting 2,000-lead batches in a loop, SIGKILLed at random moments five
    times: every time the file is sound and holds whole batches only."""
    path = tmp_path / "data" / "leads.sqlite3"
    rng = random.Random(5)
    chunk = 2000
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    counts = []
    for _ in range(5):
        with running([sys.executable, "-c", _WRITER, str(path), str(chunk)], env=env,
                     stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            process.stdout.readline()  # at least one batch is in, the next one is under way
            time.sleep(rng.uniform(0.0, 0.4))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        assert _integrity(path) == "ok"
        count = _count(path)
        assert count % chunk == 0, f"a torn batch: {count} rows"
        assert count == _count(path, "SELECT COUNT(DISTINCT query_id) FROM leads")
        counts.append(count)
    assert counts == sorted(counts) and counts[-1] > counts[0]
    db = Database(path)  # and the program opens it as usual
    try:
        assert db.integrity_ok()
    finally:
        db.close()
