"""The soak harness: the real sync engine against the simulated IndiaMART over real HTTP.

Two clocks: the *true* clock drives the service, the leads' arrival and every figure of
the report (the gap between calls, the delay to storage); the *machine* clock is what the
engine reads, the true clock plus an offset, so the machine's clock can jump back an hour
while IndiaMART's does not.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from indiamart_desktop.config import Config
from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator
from indiamart_desktop.demo.server import RecordedRequest, SimulatedIndiaMart
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.outcomes import Answer
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter, UpsertResult
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import StepResult, SyncEngine

REPO = Path(__file__).resolve().parents[2]
#: A v2 key with every character that needs URL-encoding.
SOAK_KEY = "Soak+Key/With=Plus/Slash==0123456789+/="
START = datetime(2025, 3, 1, 9, 0, tzinfo=IST)
INTERVAL = 300.0
BLOCK = timedelta(seconds=3 * INTERVAL)
SEVEN_DAYS = timedelta(days=7)

#: Faults injected into the service's answers at random (wrong key, clock jumps, sleep and
#: kills are driven separately).
ANSWER_FAULTS = (
    Fault.TOO_SOON, Fault.BLOCKED, Fault.HTTP_500, Fault.SERVER_ERROR, Fault.HTML_PAGE,
    Fault.TRUNCATED_JSON, Fault.MALFORMED_JSON, Fault.SLOW, Fault.DROP_CONNECTION,
    Fault.WRONG_TYPES,
)


class MachineClock:
    """The engine's clock: the true clock plus an offset that jumps when told to."""

    def __init__(self, true: FakeClock) -> None:
        self.true = true
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self.true.now() + self.offset


class Killed(BaseException):
    """The process died here (SIGKILL): nothing after this point runs."""


class KillableFetcher:
    """The real client; when armed, the process "dies" after the service answered."""

    def __init__(self, inner: IndiaMartClient) -> None:
        self.inner = inner
        self.kill_after_answer = False

    def fetch(self, start: datetime, end: datetime) -> Answer:
        answer = self.inner.fetch(start, end)
        if self.kill_after_answer:
            raise Killed("after the answer arrived, before anything was stored")
        return answer


class KillableWriter:
    """The real writer; when armed, the process "dies" after the leads were committed but
    before the frontier moved."""

    def __init__(self, inner: LeadWriter) -> None:
        self.inner = inner
        self.kill_after_store = False

    def upsert(self, account: str, leads: list[Lead]) -> UpsertResult:
        result = self.inner.upsert(account, leads)
        if self.kill_after_store:
            raise Killed("after the leads were stored, before the frontier moved")
        return result


@dataclass(frozen=True)
class SoakPlan:
    days: float = 6.0
    seed: int = 20250301
    per_day: float = 30.0
    #: Leads already at IndiaMART before the run: the history import fetches them.
    history_days: int = 30
    history_per_day: float = 8.0
    #: Bursts of 50 leads in one hour, one per this many days (at least one per run).
    burst_every_days: float = 3.0
    fault_rate: float = 0.06  # share of calls answered with a random fault
    kill_rate: float = 0.01  # share of steps that end in a kill
    early_wake_rate: float = 0.05  # the poller wakes before the next call is allowed
    wrong_key_every_days: float = 5.0  # the key goes wrong; the seller fixes it an hour later
    clock_back_every_days: float = 10.0  # the machine's clock jumps back an hour
    sleep_days: float = 3.0  # one sleep of the machine, at 40 % of the run
    read_timeout: float = 0.3
    slow_seconds: float = 0.6


@dataclass
class SoakReport:
    days: float
    held: int
    stored: int
    duplicates: int
    missing: list[str]
    extra: list[str]
    calls: int
    min_gap: float
    calls_in_block: int
    real_blocks: int
    too_soon_real: int
    windows_over_7_days: int
    bad_requests: int
    delays_min: list[float]
    awake_delays_min: list[float]
    history_leads: int
    outcomes: Counter[str]
    events: Counter[str]
    wall_seconds: float = 0.0

    @property
    def median_delay(self) -> float:
        return statistics.median(self.delays_min) if self.delays_min else 0.0

    @property
    def worst_delay(self) -> float:
        return max(self.delays_min) if self.delays_min else 0.0

    def text(self) -> str:
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items()))
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"soak: {self.days:g} simulated days, {self.held:,} leads held by the service "
            f"({self.history_leads:,} of them history), {self.stored:,} stored, "
            f"{self.duplicates} duplicates, {len(self.missing)} missing; "
            f"{self.calls:,} calls, min gap {self.min_gap:.1f} s, "
            f"{self.calls_in_block} calls in a block, {self.windows_over_7_days} windows "
            f"> 7 days; delay from arrival to storage: median {self.median_delay:.1f} min, "
            f"worst {self.worst_delay / 60:.1f} h (machine asleep); leads not caught by the "
            f"sleep ({len(self.awake_delays_min):,}): median "
            f"{_median(self.awake_delays_min):.1f} min, worst "
            f"{max(self.awake_delays_min, default=0.0):.1f} min; "
            f"wall {self.wall_seconds:.1f} s\n"
            f"  events: {faults}\n"
            f"  service outcomes: {outcomes}"
        )


class Soak:
    """One seller's machine for ``plan.days`` simulated days; see the module docstring."""

    def __init__(self, folder: Path, plan: SoakPlan) -> None:
        self.folder = folder
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.true = FakeClock(START)
        self.machine = MachineClock(self.true)
        self.server = SimulatedIndiaMart(
            v2_key=SOAK_KEY, clock=self.true.now, min_gap=INTERVAL,
            slow_seconds=plan.slow_seconds)
        self.generator = LeadGenerator(plan.seed)
        self.end = START + timedelta(days=plan.days)
        self.events: Counter[str] = Counter()
        self.results: list[StepResult] = []
        self.stored_at: dict[str, datetime] = {}
        self._max_id = 0
        self.db: Database | None = None
        self.engine: SyncEngine | None = None
        self.client: IndiaMartClient | None = None
        self.fetcher: KillableFetcher | None = None
        self.writer: KillableWriter | None = None
        # The machine's clock starts as many hours fast as it will jump back during the run,
        # so every jump is backwards and the clock ends right.
        jumps = max(1, round(plan.days / plan.clock_back_every_days))
        self.sleep_at = START + timedelta(days=plan.days * 0.4)
        self.sleeps: list[tuple[datetime, datetime]] = []
        self.clock_jumps = sorted(self._awake_moment() for _ in range(jumps))
        self.machine.offset = timedelta(hours=jumps)
        self.history_ids = self._history()
        self.arrivals = self._arrivals()
        self.key_fixed_at: datetime | None = None

    def _awake_moment(self) -> datetime:
        """A random moment of the run at which the machine is awake."""
        asleep_until = self.sleep_at + timedelta(days=self.plan.sleep_days)
        while True:
            moment = START + timedelta(days=self.plan.days * self.rng.uniform(0.05, 0.95))
            if not self.sleep_at <= moment <= asleep_until:
                return moment

    # ------------------------------------------------------------------ leads

    def _history(self) -> set[str]:
        # A margin at the old end: the history target is counted back from the machine's
        # clock (fast at first) at the first definite answer.
        margin = timedelta(hours=len(self.clock_jumps) + 2)
        leads = self.generator.leads_between(
            START - timedelta(days=self.plan.history_days) + margin, START,
            self.plan.history_per_day)
        self.server.add_leads(leads)
        return {lead.query_id for lead in leads}

    def _arrivals(self) -> list[DemoLead]:
        """Every lead of the run, sorted by arrival: random (quiet nights) plus bursts."""
        plan = self.plan
        leads = self.generator.leads_between(START, self.end, plan.per_day)
        bursts = max(1, round(plan.days / plan.burst_every_days))
        for _ in range(bursts):
            hour = START + timedelta(seconds=self.rng.uniform(0, plan.days * 86400 - 3600))
            for _ in range(50):
                leads.append(self.generator.lead_at(
                    hour + timedelta(seconds=self.rng.uniform(0, 3600))))
        self.events["bursts of 50"] = bursts
        leads.sort(key=lambda lead: lead.received_at)
        return leads

    def _release_arrivals(self) -> None:
        """Hand IndiaMART the leads that have arrived by now (true time)."""
        now = self.true.now()
        count = 0
        while count < len(self.arrivals) and self.arrivals[count].received_at <= now:
            count += 1
        if count:
            self.server.add_leads(self.arrivals[:count])
            del self.arrivals[:count]

    # ------------------------------------------------------------------ process

    def open(self) -> SyncEngine:
        self.db = Database.in_folder(self.folder)
        self.client = IndiaMartClient(self.server.url, Credentials("v2", Secret(SOAK_KEY)),
                                      read_timeout=self.plan.read_timeout)
        config = (Config().with_value("endpoint", self.server.url)
                  .with_value("interval", repr(INTERVAL)).with_value("history_days", "30"))
        assert config.effective_interval == INTERVAL
        self.fetcher = KillableFetcher(self.client)
        self.engine = SyncEngine(self.db, config, self.fetcher, self.machine)
        self.writer = KillableWriter(self.engine.writer)
        self.engine.writer = self.writer  # type: ignore[assignment]
        return self.engine

    def kill(self) -> None:
        """The process is gone: connections dropped without any tidy-up, then restarted."""
        if self.client is not None:
            self.client.close()
        if self.db is not None:
            self.db.close()
        self.db = self.engine = self.client = None
        self.events["restarts"] += 1
        self.open()

    # ------------------------------------------------------------------ running

    def _note_stored(self) -> None:
        assert self.db is not None
        now = self.true.now()
        for row_id, query_id in self.db.conn.execute(
                "SELECT id, query_id FROM leads WHERE id > ? ORDER BY id", (self._max_id,)):
            self._max_id = max(self._max_id, int(row_id))
            self.stored_at.setdefault(str(query_id), now)

    def _maybe_events(self, step: int) -> None:
        plan, rng, now = self.plan, self.rng, self.true.now()
        per_step = INTERVAL / 86400.0
        if self.key_fixed_at is not None and now >= self.key_fixed_at:
            self.server.set_key_state("ok")
            assert self.engine is not None
            self.engine.clear_key_problem()  # the seller pressed "Retry" / saved the key
            self.key_fixed_at = None
            self.events["key fixed by the seller"] += 1
        if self.key_fixed_at is None and (
                rng.random() < per_step / plan.wrong_key_every_days
                or (step == 40 and not self.events["key went wrong"])):
            self.server.set_key_state("wrong")
            self.key_fixed_at = now + timedelta(hours=1)
            self.events["key went wrong"] += 1
        while self.clock_jumps and now >= self.clock_jumps[0]:
            self.clock_jumps.pop(0)
            self.machine.offset -= timedelta(hours=1)
            self.events["clock back 1 h"] += 1

    def run(self) -> SoakReport:
        began = time.monotonic()
        plan = self.plan
        self.server.start()
        try:
            self.open()
            sleep_at = self.sleep_at
            slept = plan.sleep_days <= 0 or plan.days < plan.sleep_days + 1
            step = 0
            draining_since: datetime | None = None
            while True:
                step += 1
                self._release_arrivals()
                now = self.true.now()
                if now >= self.end:
                    draining_since = draining_since or now
                    if self._all_stored() and not self.arrivals:
                        break
                    assert now - draining_since < timedelta(days=3), "never caught up"
                else:
                    self._maybe_events(step)
                if not slept and now >= sleep_at:
                    slept = True
                    self.true.advance(plan.sleep_days * 86400)
                    self.sleeps.append((now, self.true.now()))
                    self.events["machine asleep 3 days"] += 1
                    continue
                result = self._one_step(draining=draining_since is not None)
                self._note_stored()
                self._advance(result, draining=draining_since is not None)
        finally:
            self.server.stop()
            if self.client is not None:
                self.client.close()
        report = self.report()
        report.wall_seconds = time.monotonic() - began
        return report

    def _one_step(self, *, draining: bool) -> StepResult | None:
        plan, rng = self.plan, self.rng
        assert self.engine is not None and self.fetcher is not None and self.writer is not None
        calm = draining or not self._will_call()
        fault = None
        slow_before = self._slow_answers()
        if not calm and rng.random() < plan.fault_rate:
            fault = rng.choice(ANSWER_FAULTS)
            self.server.inject(fault)
            self.events[f"fault {fault.value}"] += 1
        try:
            return self._step_with_kills(calm)
        finally:
            if fault is Fault.SLOW:
                self._wait_for_slow_answer(slow_before)

    def _will_call(self) -> bool:
        assert self.engine is not None
        state = self.engine.state()
        allowed = self.engine.next_allowed_at(state)
        return state.key_state == "ok" and (allowed is None or allowed <= self.machine.now())

    def _slow_answers(self) -> int:
        return sum(1 for r in self.server.requests if r.fault == Fault.SLOW.value)

    def _wait_for_slow_answer(self, before: int) -> None:
        """The client gave up on a slow answer; let the service finish that request (in
        real time) before the next one, as IndiaMART decides a request on arrival."""
        deadline = time.monotonic() + self.plan.slow_seconds + 5.0
        while self._slow_answers() <= before:
            assert time.monotonic() < deadline, "the slow request never finished"
            time.sleep(0.02)

    def _step_with_kills(self, calm: bool) -> StepResult | None:
        plan, rng = self.plan, self.rng
        assert self.engine is not None and self.fetcher is not None and self.writer is not None
        kill_point = None
        if not calm and rng.random() < plan.kill_rate:
            kill_point = rng.choice(("between steps", "after the answer", "after storing"))
        self.fetcher.kill_after_answer = kill_point == "after the answer"
        self.writer.kill_after_store = kill_point == "after storing"
        try:
            result = self.engine.step()
        except Killed:
            self._note_stored()
            self.events[f"killed {kill_point}"] += 1
            self.kill()
            return None
        self.results.append(result)
        if kill_point == "between steps":
            self._note_stored()
            self.events["killed between steps"] += 1
            self.kill()
        return result

    def _advance(self, result: StepResult | None, *, draining: bool) -> None:
        assert self.engine is not None
        target = self.engine.next_allowed_at()
        if target is None:
            # A key problem (polling stopped until the seller acts) or a first call.
            if self.engine.state().key_state != "ok":
                self.true.advance(60.0)
                return
            self.true.advance(1.0)
            return
        wait = (target - self.machine.now()).total_seconds()
        if wait <= 0:
            self.true.advance(1.0)
            return
        if not draining and self.rng.random() < self.plan.early_wake_rate:
            self.true.advance(self.rng.uniform(0.5, wait))  # an early wake must not call
            return
        self.true.advance(wait + self.rng.choice((0.0, 0.0, 0.2, 3.0, 45.0)))

    def _all_stored(self) -> bool:
        now = self.true.now()
        held = {lead.query_id for lead in self.server.leads if lead.visible_at <= now}
        return held <= set(self.stored_at) and all(
            lead.visible_at <= now for lead in self.server.leads)

    # ------------------------------------------------------------------ report

    def report(self) -> SoakReport:
        db = Database.in_folder(self.folder)
        try:
            stored = [str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")]
            duplicates = int(db.conn.execute(
                "SELECT COUNT(*) - COUNT(DISTINCT account || '/' || query_id) FROM leads"
            ).fetchone()[0])
            assert db.integrity_ok()
        finally:
            db.close()
        held_leads = self.server.leads
        held = {lead.query_id for lead in held_leads}
        requests = sorted(self.server.requests, key=lambda r: r.at)
        gaps = [(b.at - a.at).total_seconds() for a, b in pairwise(requests)]
        delays: list[float] = []
        awake: list[float] = []
        for lead in held_leads:
            if lead.query_id in self.history_ids or lead.query_id not in self.stored_at:
                continue
            delay = (self.stored_at[lead.query_id] - lead.visible_at).total_seconds() / 60.0
            delays.append(delay)
            stored_at = self.stored_at[lead.query_id]
            if not any(lead.visible_at <= b and a <= stored_at for a, b in self.sleeps):
                awake.append(delay)
        return SoakReport(
            days=self.plan.days,
            held=len(held),
            stored=len(stored),
            duplicates=duplicates + len(stored) - len(set(stored)),
            missing=sorted(held - set(stored)),
            extra=sorted(set(stored) - held),
            calls=len(requests),
            min_gap=min(gaps) if gaps else float("inf"),
            calls_in_block=calls_in_block(requests),
            real_blocks=sum(1 for r in requests if r.outcome == "blocked"),
            too_soon_real=sum(1 for r in requests if r.outcome == "too_soon"),
            windows_over_7_days=sum(
                1 for r in requests
                if r.start is not None and r.end is not None and r.end - r.start > SEVEN_DAYS),
            bad_requests=sum(1 for r in requests if r.outcome == "bad_request"),
            delays_min=delays,
            awake_delays_min=awake,
            history_leads=len(held & self.history_ids),
            outcomes=Counter(r.outcome for r in requests),
            events=self.events,
        )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def calls_in_block(requests: list[RecordedRequest]) -> int:
    """Calls made while the key was blocked (15 minutes after any "blocked" answer)."""
    count = 0
    blocked_until: datetime | None = None
    for request in sorted(requests, key=lambda r: r.at):
        if blocked_until is not None and request.at < blocked_until:
            count += 1
        if request.outcome in ("blocked", "fault:blocked"):
            blocked_until = request.at + BLOCK
    return count


def soak_days(default: float) -> float:
    text = os.environ.get("INDIAMART_SOAK_DAYS", "")
    return float(text) if text.strip() else default


# ---------------------------------------------------------------------- the real CLI


def cli_env(home: Path, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INDIAMART_", "XDG_", "PYTHON_KEYRING"))}
    env.update({
        "TZ": "UTC",
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONPATH": str(REPO),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    })
    if key is not None:
        env["INDIAMART_CRM_KEY"] = key
    return env


def cli_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(data_dir), *args]


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    extra: dict[str, Any] = field(default_factory=dict)


def run_cli(data_dir: Path, home: Path, *args: str, key: str | None = SOAK_KEY,
            timeout: float = 120.0, stdin: str = "") -> CliRun:
    done = subprocess.run(  # noqa: PLW1510 - callers check the code
        cli_command(data_dir, *args), capture_output=True, text=True, input=stdin,
        env=cli_env(home, key), cwd=str(REPO), timeout=timeout)
    return CliRun(done.returncode, done.stdout, done.stderr)


def configure_cli(data_dir: Path, home: Path, endpoint: str, interval: float) -> None:
    for name, value in (("endpoint", endpoint), ("interval", repr(interval))):
        run = run_cli(data_dir, home, "config", "set", name, value)
        assert run.code == 0, run


# ---------------------------------------------------------------------- any bytes over HTTP


class BodyServer:
    """A loopback HTTP server answering every request with ``status`` and ``body``."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.status = 200
        self.body = b""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> BodyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
