"""The headless CLI, run as real subprocesses against the simulated IndiaMART (real clock)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from cli_helpers import DEMO_KEY, REPO, Cli

from indiamart_desktop import __version__
from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import IST

ServerFactory = Callable[..., SimulatedIndiaMart]


@pytest.fixture
def make_server() -> Iterator[ServerFactory]:
    servers: list[SimulatedIndiaMart] = []

    def make(min_gap: float = 300.0, **kwargs: object) -> SimulatedIndiaMart:
        server = SimulatedIndiaMart(v2_key=DEMO_KEY, min_gap=min_gap, **kwargs)  # type: ignore[arg-type]
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def _visible_now(lead: DemoLead) -> DemoLead:
    return dataclasses.replace(lead, visible_at=lead.received_at)


def test_version(tmp_path: Path) -> None:
    run = Cli(tmp_path).run("--version")
    assert run.code == 0
    assert __version__ in run.stdout + run.stderr


def test_config_interval_rules(tmp_path: Path, make_server: ServerFactory) -> None:
    cli = Cli(tmp_path)
    refused = cli.run("config", "set", "interval", "60")
    refused.assert_clean_failure()
    assert "300" in refused.stderr
    assert "interval = 300.0" in cli.run("config", "show").stdout
    server = make_server()
    assert cli.run("config", "set", "endpoint", server.url).code == 0
    accepted = cli.run("config", "set", "interval", "1")
    assert accepted.code == 0, accepted
    shown = cli.run("config", "show").stdout
    assert "interval = 1.0" in shown and f"endpoint = {server.url}" in shown
    # Back on IndiaMART's host, the interval is lifted to the floor again.
    assert cli.run("config", "set", "endpoint", "https://mapi.indiamart.com").code == 0
    assert "interval = 300.0" in cli.run("config", "show").stdout
    cli.run("config", "set", "endpoint", "http://example.com").assert_clean_failure()


def test_first_sync_then_too_soon(tmp_path: Path, make_server: ServerFactory) -> None:
    server = make_server()
    now = datetime.now(IST)
    generator = LeadGenerator(21)
    server.add_leads(generator.leads_between(now - timedelta(days=10), now - timedelta(hours=5)))
    fresh = _visible_now(generator.lead_at(now - timedelta(minutes=20)))
    server.add_leads([fresh])
    cli = Cli(tmp_path)
    assert cli.run("config", "set", "endpoint", server.url).code == 0

    first = cli.run("sync", "--once", "--json")
    assert first.code == 0, first
    assert "Traceback" not in first.stderr
    assert len(server.requests) == 1
    request = server.requests[0]
    assert request.outcome == "leads"
    answer = first.json()
    assert answer["called"] is True and answer["outcome"] == "leads"
    window_start = datetime.fromisoformat(answer["window_start"])
    window_end = datetime.fromisoformat(answer["window_end"])
    assert window_end - window_start == timedelta(days=7)
    # The decision, as recorded before the request left; a busy CPU may delay the request
    # itself by seconds, so the times below are measured from the decision.
    (decided_at,) = cli.rows("SELECT started_at FROM call_log")[0]
    decided = datetime.fromtimestamp(decided_at, IST)
    assert abs((window_end - decided).total_seconds()) < 1
    assert decided <= request.at
    expected = {lead.query_id for lead in server.leads
                if window_start <= lead.received_at <= window_end}
    stored = [row[0] for row in cli.rows()]
    assert len(stored) == len(set(stored))
    assert set(stored) == expected
    assert fresh.query_id in stored
    assert answer["new"] == len(expected)
    # Older than 7 IST days: not in the first call (history comes later).
    assert any(lead.received_at < window_start for lead in server.leads)

    second = cli.run("sync", "--once", "--json")
    second.assert_clean_failure()
    assert len(server.requests) == 1, "the second run reached the service"
    result = second.json()
    assert result["called"] is False and result["outcome"] == "not_yet"
    next_allowed = datetime.fromisoformat(result["next_allowed_at"])
    # 300 s after the decision, shown to the second (truncated).
    assert timedelta(seconds=299) < next_allowed - decided <= timedelta(seconds=300)
    assert "next call" in second.stderr.lower() or "not calling" in second.stderr.lower()


@pytest.mark.parametrize(("trouble", "code"), [
    ("wrong", 3), ("expired", 3), ("replaced", 3), ("not_active", 3),
    (Fault.SERVER_ERROR, 4), (Fault.HTTP_500, 4), (Fault.HTML_PAGE, 4),
    (Fault.DROP_CONNECTION, 4), (Fault.MALFORMED_JSON, 4),
])
def test_trouble_exits_with_one_line(tmp_path: Path, make_server: ServerFactory,
                                     trouble: str | Fault, code: int) -> None:
    server = make_server(min_gap=0.01)
    # Visible at once: with the generator's own delays (up to 4 hours) a lead received an
    # hour ago may still be hidden, depending on the time of day the test runs.
    server.add_leads(_visible_now(lead) for lead in LeadGenerator(5).leads_between(
        datetime.now(IST) - timedelta(days=3), datetime.now(IST) - timedelta(hours=1)))
    cli = Cli(tmp_path)
    assert cli.run("config", "set", "endpoint", server.url).code == 0
    assert cli.run("config", "set", "interval", "0.05").code == 0
    if isinstance(trouble, Fault):
        server.inject(trouble)
    else:
        server.set_key_state(trouble)
    run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == code
    assert DEMO_KEY not in run.stderr + run.stdout
    assert len(server.requests) == 1
    assert cli.rows() == []
    again = cli.sync_when_allowed()
    if code == 3:
        # Key trouble stops polling: no call until a key is saved.
        again.assert_clean_failure()
        assert again.code == 3 and len(server.requests) == 1
        assert again.json()["outcome"] == "key_problem"
    else:
        # After the back-off the same window is asked again and its leads arrive.
        assert again.code == 0, again
        assert again.json()["outcome"] == "leads"
        assert len(server.requests) == 2
        assert sorted(row[0] for row in cli.rows()) == sorted(
            lead.query_id for lead in server.leads)


def test_no_key(tmp_path: Path) -> None:
    cli = Cli(tmp_path, key=None)
    run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == 3 and "set-key" in run.stderr


def _state(cli: Cli) -> dict[str, object]:
    rows = cli.rows("SELECT covered_until, backfill_from, backfill_target FROM sync_state")
    covered, backfill_from, target = rows[0]
    return {"covered": covered, "from": backfill_from, "target": target}


def test_forty_days_of_history(tmp_path: Path, make_server: ServerFactory) -> None:
    # Real clock: a request reaches the service a little after the engine decided (on a
    # busy CPU, tenths of a second), so the service only refuses gaps under half the 1 s
    # interval (against IndiaMART the interval's safety margin covers this); the interval
    # itself is checked on the decisions the engine recorded.
    server = make_server(min_gap=0.5)
    now = datetime.now(IST)
    server.add_leads(_visible_now(lead) for lead in LeadGenerator(40).leads_between(
        now - timedelta(days=40) + timedelta(minutes=10), now - timedelta(minutes=1)))
    cli = Cli(tmp_path)
    for args in (("endpoint", server.url), ("interval", "1"), ("history_days", "40")):
        assert cli.run("config", "set", *args).code == 0
    kinds: list[str] = []
    first_start: datetime | None = None
    for _ in range(20):
        run = cli.sync_when_allowed()
        result = run.json()
        assert run.code == 0 and result["called"], run
        start = datetime.fromisoformat(result["window_start"])
        first_start = first_start or start
        kinds.append("history" if start < first_start else "forward")
        state = _state(cli)
        if state["from"] <= state["target"] and kinds[-1] == "forward":  # type: ignore[operator]
            break
    # 7 days forward first, then 33 days of history in 7-day windows: 5 history calls,
    # each followed by a forward poll.
    assert kinds == ["forward", "history"] * 5 + ["forward"]
    requests = server.requests
    assert len(requests) == len(kinds)
    assert all(r.outcome in ("leads", "no_leads") for r in requests)
    for previous, current in pairwise(requests):
        assert current.at - previous.at >= timedelta(seconds=0.5)
    started = [row[0] for row in cli.rows("SELECT started_at FROM call_log ORDER BY id")]
    assert len(started) == len(requests)
    assert all(b - a >= 1.0 for a, b in pairwise(started))  # the engine's own clock
    for request in requests:
        assert request.start is not None and request.end is not None
        assert request.end - request.start <= timedelta(days=7)
    stored = [row[0] for row in cli.rows()]
    assert len(stored) == len(set(stored)) == len(server.leads)
    assert set(stored) == {lead.query_id for lead in server.leads}


def _saved_keys(cli: Cli, version: str) -> list[str]:
    """The keys in the keyring file under the app's entries for ``version``."""
    stored = json.loads(cli.keyring_file.read_text(encoding="utf-8"))
    return [key for entry, key in stored.items()
            if entry.split("@")[0] == f"indiamart-desktop/{version}"]


def test_set_key_reads_stdin_trimmed(tmp_path: Path) -> None:
    cli = Cli(tmp_path, key=None)
    assert "key = not saved" in cli.run("config", "show").stdout
    run = cli.run("set-key", stdin=f"  {DEMO_KEY[:9]} \n{DEMO_KEY[9:]}\r\n\n")
    assert run.code == 0, run
    assert DEMO_KEY not in run.stdout + run.stderr
    assert _saved_keys(cli, "v2") == [DEMO_KEY]
    assert _saved_keys(cli, "v1") == []
    assert "key = saved" in cli.run("config", "show").stdout
    assert cli.run("set-key", "--api", "v1", stdin=DEMO_KEY[::-1] + "\n").code == 0
    assert _saved_keys(cli, "v1") == [DEMO_KEY[::-1]]
    bad = cli.run("set-key", stdin="short\n")
    bad.assert_clean_failure()
    assert _saved_keys(cli, "v2") == [DEMO_KEY]


def test_set_key_clears_a_key_problem(tmp_path: Path, make_server: ServerFactory) -> None:
    server = make_server(min_gap=0.01)
    cli = Cli(tmp_path, key=None)
    for args in (("endpoint", server.url), ("interval", "0.05")):
        assert cli.run("config", "set", *args).code == 0
    assert cli.run("set-key", stdin="WrongKeyWrongKeyWrongKey\n").code == 0
    assert cli.run("sync", "--once").code == 3
    assert cli.run("sync", "--once").code == 3
    assert len(server.requests) == 1
    assert cli.run("set-key", stdin=DEMO_KEY).code == 0
    run = cli.sync_when_allowed()
    assert run.code == 0, run
    assert len(server.requests) == 2


@pytest.mark.parametrize("argv", [["config", "show"], ["sync", "--once"],
                                  ["config", "set", "history_days", "60"]])
def test_headless_commands_never_import_qt(tmp_path: Path, argv: list[str]) -> None:
    cli = Cli(tmp_path, key=None)
    code = (
        "import sys\n"
        "from indiamart_desktop import cli\n"
        f"rc = cli.main(['--data-dir', {str(cli.data_dir)!r}, *{argv!r}])\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print('QT:', qt)\n"
        "print('RC:', rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=cli.env(), cwd=str(REPO), timeout=60, check=False)
    assert "RC:" in done.stdout, done.stderr
    assert "QT: []" in done.stdout, done.stdout
    # PySide6 is importable here, so the check above could fail.
    probe = subprocess.run([sys.executable, "-c", "import PySide6"], env=cli.env(),
                           capture_output=True, check=False, timeout=60)
    assert probe.returncode == 0


def test_key_never_in_cli_output_or_log(tmp_path: Path, make_server: ServerFactory) -> None:
    server = make_server(min_gap=0.01)
    server.add_leads(LeadGenerator(8).leads_between(datetime.now(IST) - timedelta(days=2),
                                                    datetime.now(IST) - timedelta(hours=1)))
    cli = Cli(tmp_path)
    assert cli.run("config", "set", "endpoint", server.url).code == 0
    assert cli.run("config", "set", "interval", "0.05").code == 0
    outputs = []
    for trouble in ("wrong", Fault.DROP_CONNECTION, Fault.HTTP_500, Fault.HTML_PAGE, None):
        if isinstance(trouble, Fault):
            server.inject(trouble)
        elif trouble is not None:
            server.set_key_state(trouble)
        run = cli.sync_when_allowed(verbose=True)
        outputs += [run.stdout, run.stderr]
        assert "Traceback" not in run.stderr
        if trouble == "wrong":
            server.set_key_state("ok")
            # The seller saves the key again (stdin), which also lifts the key stop.
            saved = cli.run("set-key", stdin=DEMO_KEY + "\n", verbose=True)
            assert saved.code == 0, saved
            outputs += [saved.stdout, saved.stderr]
    assert run.code == 0 and run.json()["outcome"] == "leads"
    log = cli.log_text()
    assert "Calling IndiaMART" in log  # the log file really was written
    outputs.append(log)
    stored = b"".join(p.read_bytes() for p in cli.data_dir.glob("leads.sqlite3*"))
    from urllib.parse import quote, quote_plus

    for form in (DEMO_KEY, quote(DEMO_KEY, safe=""), quote_plus(DEMO_KEY), quote(DEMO_KEY)):
        assert all(form not in text for text in outputs), form
        assert form.encode() not in stored
