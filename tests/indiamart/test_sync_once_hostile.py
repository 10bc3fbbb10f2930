"""`sync --once`, run as a real process, against hostile servers on loopback: one clean
line, a non-zero exit code, no traceback, the key kept, and the call-log row closed."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hostile_servers import HostileServer, redirect

from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import now_ist

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cli"))
from cli_helpers import DEMO_KEY, Cli

EXIT_FAILED = 4
EXIT_STORE = 5


@pytest.fixture
def elsewhere() -> Iterator[SimulatedIndiaMart]:
    """A second server that would gladly serve leads for the key."""
    server = SimulatedIndiaMart(v2_key=DEMO_KEY, min_gap=0.0)
    now = now_ist()
    server.add_leads(LeadGenerator(9).leads_between(now - timedelta(days=2),
                                                    now - timedelta(hours=2), 20))
    with server:
        yield server


def _configured(tmp_path: Path, url: str) -> Cli:
    cli = Cli(tmp_path)
    assert cli.run("config", "set", "endpoint", url).code == 0
    assert cli.run("config", "set", "interval", "1").code == 0
    return cli


def _assert_one_closed_call(cli: Cli, outcome: str) -> None:
    assert cli.rows("SELECT outcome, finished_at IS NOT NULL FROM call_log") == [(outcome, 1)]
    assert cli.rows("SELECT failures, covered_until FROM sync_state") == [(1, None)]


def test_a_malformed_redirect_ends_sync_once_cleanly(tmp_path: Path) -> None:
    with HostileServer(redirect(lambda s: "http://[::1/x")) as server:
        cli = _configured(tmp_path, server.url)
        run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == EXIT_FAILED
    assert "redirect (HTTP 302); it was not followed" in run.stderr
    assert DEMO_KEY not in run.stderr + run.stdout
    assert server.requests == 1
    _assert_one_closed_call(cli, "malformed")


def test_sync_once_never_follows_a_redirect_to_another_server(
        tmp_path: Path, elsewhere: SimulatedIndiaMart) -> None:
    # The hostile server hands the whole request on, key and times included.
    with HostileServer(redirect(lambda s: elsewhere.url + s.paths[-1], 307)) as server:
        cli = _configured(tmp_path, server.url)
        run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == EXIT_FAILED
    assert server.requests == 1
    assert elsewhere.requests == []
    assert cli.rows() == []  # no "leads" from anywhere else
    _assert_one_closed_call(cli, "malformed")


def test_a_loop_of_redirects_costs_one_request(tmp_path: Path) -> None:
    with HostileServer(redirect(lambda s: s.url + s.paths[-1])) as server:
        cli = _configured(tmp_path, server.url)
        run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == EXIT_FAILED
    assert server.requests == 1
    _assert_one_closed_call(cli, "malformed")


def test_a_call_that_cannot_be_recorded_is_never_made(
        tmp_path: Path, elsewhere: SimulatedIndiaMart) -> None:
    cli = _configured(tmp_path, elsewhere.url)
    conn = sqlite3.connect(cli.data_dir / "leads.sqlite3")
    conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON call_log "
                 "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    conn.commit()
    conn.close()
    run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == EXIT_STORE
    assert run.stderr.startswith("Could not record the call:")
    assert elsewhere.requests == []
    assert cli.rows("SELECT COUNT(*) FROM call_log") == [(0,)]


def test_sync_once_reports_a_store_error_whatever_the_called_flag() -> None:
    """A store error with no outcome (however the step reports it) is one line, exit 5."""
    from indiamart_desktop.cli import _describe, _exit_code
    from indiamart_desktop.store.syncstate import SyncState
    from indiamart_desktop.sync.engine import Skip, StepResult

    for called in (False, True):
        result = StepResult(called, SyncState(account="main"), None, skip=Skip.STORE_ERROR,
                            store_error="The disk is full.")
        assert _describe(result) == "Could not record the call: The disk is full."
        assert _exit_code(result) == EXIT_STORE
