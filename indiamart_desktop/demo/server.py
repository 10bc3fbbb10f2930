"""A simulated IndiaMART pull API over real HTTP on 127.0.0.1.

It serves v1's path-style URL and v2's query-style URL, enforces the minimum gap between
calls with one key, blocks a key after bursts (and prolongs the block when called during
it), checks windows like IndiaMART, hides leads until their ``visible_at`` and can be told
to misbehave (:class:`~indiamart_desktop.demo.faults.Fault`) or to treat the key as
wrong, expired, replaced or not yet active.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

from indiamart_desktop.demo import responses as r
from indiamart_desktop.demo.faults import Fault, blocked_reply, fault_reply
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator
from indiamart_desktop.indiamart.times import now_ist, parse_request_time, to_ist

logger = logging.getLogger(__name__)

V1_PREFIX = "/wservce/enquiry/listing/"
V2_PATH = "/wservce/crm/crmListing/v2/"
KEY_STATES = ("ok", "wrong", "expired", "replaced", "not_active")
_V1_NAMES = {"glusr_mobile": "mobile", "glusr_mobile_key": "key", "start_time": "start",
             "end_time": "end"}
_DATE_ONLY = re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{4}")
_MAX_FORM_BYTES = 65536


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the service saw and answered it.

    ``start`` / ``end`` are the requested times (``None`` when absent or unreadable);
    ``window`` is the range actually searched. ``outcome`` is one of "leads", "no_leads",
    "too_soon", "blocked", "wrong_key", "key_expired", "key_replaced", "key_not_active",
    "bad_request", "not_found" or "fault:<name>"; a SLOW fault keeps the normal outcome and
    sets ``fault``.
    """

    at: datetime
    version: str
    start: datetime | None
    end: datetime | None
    outcome: str
    count: int
    http_status: int = 200
    fault: str | None = None
    window: tuple[datetime, datetime] | None = None


@dataclass
class _KeyUse:
    last_call: datetime | None = None
    refusals: deque[datetime] = dataclasses.field(default_factory=deque)
    blocked_until: datetime | None = None


@dataclass(frozen=True)
class _Call:
    """A parsed request: which API, credentials, and the raw time texts."""

    version: str
    key: str
    mobile: str
    start_text: str | None
    end_text: str | None


def _short_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def _parse_v1_path(rest: str) -> dict[str, str]:
    """``GLUSR_MOBILE/<m>/GLUSR_MOBILE_KEY/<k>/...`` to named, URL-decoded values."""
    parts = rest.split("/")
    found: dict[str, str] = {}
    index = 0
    while index < len(parts):
        name = _V1_NAMES.get(parts[index].lower())
        if name is not None and index + 1 < len(parts):
            found[name] = unquote(parts[index + 1])
            index += 2
        else:
            index += 1
    return found


def _parse_time(text: str | None, *, end: bool) -> datetime | None:
    """A request time in IST; a date-only end time means the end of that day."""
    if text is None or not text.strip():
        return None
    moment = parse_request_time(text)
    if end and _DATE_ONLY.fullmatch(text.strip()):
        moment += timedelta(days=1, seconds=-1)
    return moment


class SimulatedIndiaMart:
    """IndiaMART's pull API for demo mode and tests; see the module docstring."""

    def __init__(
        self,
        *,
        v2_key: str = "DEMO+v2/KEY=0123456789abcdef",
        v1_mobile: str = "9999999999",
        v1_key: str = "REVNTy12MS1rZXktMDEyMzQ1Njc4OQ==",
        clock: Callable[[], datetime] | None = None,
        min_gap: float = 300.0,
        block_seconds: float | None = None,
        burst_limit: int = 3,
        host: str = "127.0.0.1",
        port: int = 0,
        slow_seconds: float = 5.0,
        max_window_days: int = 7,
        history_days: int = 365,
    ) -> None:
        self.v2_key = v2_key
        self.v1_mobile = v1_mobile
        self.v1_key = v1_key
        self.clock: Callable[[], datetime] = clock or now_ist
        self.min_gap = timedelta(seconds=min_gap)
        self.block = timedelta(seconds=3 * min_gap if block_seconds is None else block_seconds)
        self.burst_limit = burst_limit
        self.slow_seconds = slow_seconds
        self.max_window = timedelta(days=max_window_days)
        self.max_window_days = max_window_days
        self.history_days = history_days
        self._address = (host, port)
        self._lock = threading.Lock()
        self._leads: list[DemoLead] = []
        self._ids: set[str] = set()
        self._requests: list[RecordedRequest] = []
        self._faults: deque[Fault] = deque()
        self._wrong_types_served = 0
        self._key_state = "ok"
        self._key_state_since = self._now()
        self._uses: dict[str, _KeyUse] = {}
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._live_thread: threading.Thread | None = None
        self._live_stop = threading.Event()

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Listen and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("the simulated service is already running")
        self._stopping.clear()
        httpd = _QuietServer(self._address, _make_handler(self))
        self._httpd = httpd
        self._serve_thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name="demo-indiamart-http", daemon=True)
        self._serve_thread.start()
        logger.info("simulated IndiaMART listening on %s", self.url)

    def stop(self) -> None:
        """Stop live generation and serving, join both threads, free the port."""
        self._stopping.set()
        self._stop_live()
        httpd, thread = self._httpd, self._serve_thread
        self._httpd = self._serve_thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join()
        logger.info("simulated IndiaMART stopped")

    def __enter__(self) -> SimulatedIndiaMart:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The endpoint, e.g. ``http://127.0.0.1:8123``; IndiaMART's paths go after it."""
        if self._httpd is None:
            raise RuntimeError("the simulated service is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # ----------------------------------------------------------------- control

    def add_leads(self, leads: Iterable[DemoLead]) -> None:
        with self._lock:
            for lead in leads:
                if lead.query_id not in self._ids:
                    self._ids.add(lead.query_id)
                    self._leads.append(lead)
            self._leads.sort(key=lambda lead: lead.received_at)

    def populate(self, days: float, per_day: float = 30.0, seed: int = 0) -> int:
        """Add generated leads for the last ``days`` up to now; return how many."""
        now = self._now()
        leads = LeadGenerator(seed).leads_between(now - timedelta(days=days), now, per_day)
        self.add_leads(leads)
        return len(leads)

    @property
    def leads(self) -> list[DemoLead]:
        with self._lock:
            return list(self._leads)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def inject(self, fault: Fault, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``fault`` (after earlier injections)."""
        with self._lock:
            self._faults.extend([fault] * times)

    def set_key_state(self, state: str) -> None:
        """Treat the right key as "ok", "wrong", "expired", "replaced" or "not_active"."""
        if state not in KEY_STATES:
            raise ValueError(f"unknown key state {state!r}; expected one of {KEY_STATES}")
        with self._lock:
            self._key_state = state
            self._key_state_since = self._now()

    def start_live(self, every_seconds: float, seed: int = 1) -> None:
        """Add a fresh lead (received and visible now) every ``every_seconds``."""
        self._stop_live()
        self._live_stop.clear()
        generator = LeadGenerator(seed)

        def run() -> None:
            while not self._live_stop.wait(every_seconds):
                lead = generator.lead_at(self._now())
                with self._lock:
                    taken = lead.query_id in self._ids
                if not taken:
                    self.add_leads([dataclasses.replace(lead, visible_at=lead.received_at)])
                    logger.debug("live lead %s (%s)", lead.query_id, lead.query_type)

        self._live_thread = threading.Thread(target=run, name="demo-indiamart-live",
                                             daemon=True)
        self._live_thread.start()

    def _stop_live(self) -> None:
        self._live_stop.set()
        if self._live_thread is not None:
            self._live_thread.join()
            self._live_thread = None

    def _now(self) -> datetime:
        return to_ist(self.clock())

    # ----------------------------------------------------------------- answering

    def handle(self, path: str, form: dict[str, list[str]]) -> r.Reply | None:
        """Answer one request (path with query string, plus any POSTed form).

        ``None`` means: close the connection without answering.
        """
        now = self._now()
        call = self._parse_call(path, form)
        if call is None:
            self._record(RecordedRequest(now, "", None, None, "not_found", 0, 404))
            return r.Reply(404, r.html_page("404 Not Found", "The requested URL was not found."),
                           r.HTML)
        with self._lock:
            fault = self._faults.popleft() if self._faults else None
        try:
            requested: tuple[datetime | None, datetime | None] | None = (
                _parse_time(call.start_text, end=False), _parse_time(call.end_text, end=True))
        except ValueError:
            requested = None
        start, end = requested or (None, None)
        if fault is Fault.SLOW:
            self._stopping.wait(self.slow_seconds)
        elif fault is not None:
            return self._answer_fault(fault, call, now, start, end)
        with self._lock:
            reply, outcome, count, window = self._decide(call, now, requested)
            self._requests.append(RecordedRequest(
                now, call.version, start, end, outcome, count, reply.status,
                fault.value if fault else None, window))
        logger.debug("%s key#%s -> %s (%d)", call.version, _short_hash(call.key), outcome, count)
        return reply

    def _answer_fault(self, fault: Fault, call: _Call, now: datetime, start: datetime | None,
                      end: datetime | None) -> r.Reply | None:
        with self._lock:
            self._use(call).last_call = now
            variant = self._wrong_types_served
            if fault is Fault.WRONG_TYPES:
                self._wrong_types_served += 1
            since = self._key_state_since
        generator = LeadGenerator(7)
        sample = [generator.lead_at(now - timedelta(minutes=minutes)) for minutes in (30, 20, 10)]
        reply = fault_reply(fault, call.version, sample=sample, variant=variant, since=since)
        self._record(RecordedRequest(now, call.version, start, end, f"fault:{fault.value}", 0,
                                     reply.status if reply else 0, fault.value))
        logger.debug("%s key#%s -> injected %s", call.version, _short_hash(call.key),
                     fault.value)
        return reply

    def _parse_call(self, path: str, form: dict[str, list[str]]) -> _Call | None:
        parts = urlsplit(path)
        if parts.path.rstrip("/") == V2_PATH.rstrip("/"):
            params = parse_qs(parts.query, keep_blank_values=True)
            for name, values in form.items():
                params.setdefault(name, values)

            def first(name: str) -> str | None:
                values = params.get(name)
                return values[0] if values else None

            return _Call("v2", first("glusr_crm_key") or "", "", first("start_time"),
                         first("end_time"))
        if parts.path.startswith(V1_PREFIX):
            found = _parse_v1_path(parts.path[len(V1_PREFIX):])
            return _Call("v1", found.get("key", ""), found.get("mobile", ""),
                         found.get("start"), found.get("end"))
        return None

    def _use(self, call: _Call) -> _KeyUse:
        return self._uses.setdefault(f"{call.version}:{call.mobile}:{call.key}", _KeyUse())

    def _decide(self, call: _Call, now: datetime,
                requested: tuple[datetime | None, datetime | None] | None,
                ) -> tuple[r.Reply, str, int, tuple[datetime, datetime] | None]:
        """Key, block, gap, window, leads: in that order (caller holds the lock)."""
        v1 = call.version == "v1"
        use = self._use(call)
        previous, use.last_call = use.last_call, now
        key_problem = self._key_problem(call)
        if key_problem is not None:
            outcome, message = key_problem
            return (r.v1_error(message) if v1 else r.v2_reply(401, message)), outcome, 0, None
        if use.blocked_until is not None and now < use.blocked_until:
            use.blocked_until = now + self.block
            return blocked_reply(), "blocked", 0, None
        if previous is not None and now - previous < self.min_gap:
            while use.refusals and now - use.refusals[0] >= self.min_gap:
                use.refusals.popleft()
            use.refusals.append(now)
            if len(use.refusals) >= self.burst_limit:
                use.refusals.clear()
                use.blocked_until = now + self.block
                logger.info("demo key#%s blocked for bursts", _short_hash(call.key))
                return blocked_reply(), "blocked", 0, None
            return (r.v1_error(r.TOO_SOON) if v1 else r.v2_reply(429, r.TOO_SOON)), \
                "too_soon", 0, None
        window = self._window(call.version, now, requested)
        if isinstance(window, str):
            reply = r.v1_error(window) if v1 else r.v2_reply(400, window)
            return reply, "bad_request", 0, None
        start, end = window
        oldest = now - timedelta(days=self.history_days)
        found = [lead for lead in self._leads
                 if start <= lead.received_at <= end and lead.received_at >= oldest
                 and lead.visible_at <= now]
        return r.leads_reply(call.version, found), ("leads" if found else "no_leads"), \
            len(found), window

    def _key_problem(self, call: _Call) -> tuple[str, str] | None:
        if call.version == "v1":
            right = call.mobile == self.v1_mobile and call.key == self.v1_key
        else:
            right = call.key == self.v2_key
        if not right or self._key_state == "wrong":
            return "wrong_key", r.wrong_key(call.version)
        if self._key_state == "expired":
            return "key_expired", r.key_expired(call.version)
        if self._key_state == "replaced":
            return "key_replaced", r.key_replaced(self._key_state_since)
        if self._key_state == "not_active":
            return "key_not_active", r.key_not_active(self._key_state_since)
        return None

    def _window(self, version: str, now: datetime,
                requested: tuple[datetime | None, datetime | None] | None,
                ) -> tuple[datetime, datetime] | str:
        """The range to search, or the error message for a bad one (``None``: unreadable)."""
        if requested is None:
            return r.BAD_DATE
        end = requested[1] or now
        start = requested[0] or end - self.max_window
        if end <= start:
            return r.END_BEFORE_START
        if end - start > self.max_window:
            if version == "v1":
                return end - self.max_window, end
            return r.window_too_wide(self.max_window_days)
        if version == "v2" and start < now - timedelta(days=self.history_days):
            return r.history_too_old(self.history_days)
        return start, end

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)


class _QuietServer(ThreadingHTTPServer):
    """Handler threads are daemons; a client hanging up is logged, not printed."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        logger.debug("connection from %s ended: %r", client_address, sys.exc_info()[1])


def _safe_path(path: str) -> str:
    """The request path without anything that can hold a key."""
    plain = urlsplit(path).path
    return V1_PREFIX + "..." if plain.startswith(V1_PREFIX) else plain


def _make_handler(service: SimulatedIndiaMart) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Apache"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer({})

        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), _MAX_FORM_BYTES)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            self._answer(parse_qs(body, keep_blank_values=True))

        def _answer(self, form: dict[str, list[str]]) -> None:
            reply = service.handle(self.path, form)
            if reply is None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def date_time_string(self, timestamp: float | None = None) -> str:
            # The Date header by the service's own clock (simulated in tests), as IndiaMART's
            # answers carry IndiaMART's time whatever the caller's clock says.
            return format_datetime(service.clock().astimezone(timezone.utc), usegmt=True)

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            logger.debug("%s %s -> %s", getattr(self, "command", "?"),
                         _safe_path(getattr(self, "path", "")), code)

        def log_message(self, format: str, *args: object) -> None:
            # Arguments can hold the request line, and with it the key: keep numbers only.
            safe = tuple(arg if isinstance(arg, int) else "<...>" for arg in args)
            try:
                text = format % safe
            except TypeError:
                text = format
            logger.debug("http: %s", text)

    return Handler

