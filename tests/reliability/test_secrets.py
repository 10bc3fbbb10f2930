"""After a full run with faults, the CRM key is nowhere: not in the logs, the database
(and its WAL), the settings, an export, the CLI's output or any exception text, in none of
its spellings (plain, percent-encoded in either case, once or twice, ``+`` as a space,
base64). The database and settings are readable by the user only."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import requests
from key_spellings import same_bytes_spellings, spellings
from reliability_helpers import SOAK_KEY, CliRun, Soak, SoakPlan, configure_cli, run_cli

from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.export import export_leads
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.redact import MASK, Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.logging_setup import setup_logging
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

V1_KEY = "VjErS2V5/Wm9yK1Rlc3Q9PQ==+/="
V1_MOBILE = "9876501234"
#: A v2 key that is valid base64, with a run of ``+``, ``/`` and padding: an echo can
#: re-encode it.
ECHO_KEY = "RWNob0NM+++++2tlef///j4/IQ=="


def _needles(*keys: str) -> set[bytes]:
    out: set[bytes] = set()
    for key in keys:
        forms = {**spellings(key), **same_bytes_spellings(key)}
        for form in forms.values():
            out.add(form.encode())
            out.add(form.encode("utf-16-le"))  # e.g. text inside a binary file
    return out


NEEDLES = _needles(SOAK_KEY, V1_KEY, ECHO_KEY)


def _hits(data: bytes) -> list[bytes]:
    return [needle for needle in NEEDLES if needle in data]


class PacedSync:
    """``sync --once --json`` through the real CLI, each run no sooner than the next call
    the previous run reported as allowed: the test never races the wall clock."""

    def __init__(self, data_dir: Path, home: Path, key: str = SOAK_KEY) -> None:
        self.data_dir, self.home, self.key = data_dir, home, key
        self.next_allowed_at: datetime | None = None

    def run(self) -> CliRun:
        if self.next_allowed_at is not None:
            # The CLI reports the time to the second, cut: wait for the second after it.
            wait = (self.next_allowed_at - datetime.now(IST)).total_seconds() + 1.0
            if wait > 0:
                time.sleep(wait)
        run = run_cli(self.data_dir, self.home, "-v", "sync", "--once", "--json",
                      key=self.key)
        said = json.loads(run.stdout.strip().splitlines()[-1])
        assert said["called"], f"not called at the time the CLI itself reported: {run}"
        reported = said["next_allowed_at"]
        self.next_allowed_at = datetime.fromisoformat(reported) if reported else None
        return run


def _files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def file_logging(tmp_path: Path) -> Iterator[Path]:
    """The program's own logging (rotating file, redaction) at DEBUG, put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_file = setup_logging(tmp_path / "logs", verbose=True, console=False)
    assert log_file is not None
    try:
        yield log_file
    finally:
        for handler in list(root.handlers):
            handler.close()
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


def _v1_run_with_faults(texts: list[str]) -> None:
    """v1 puts the key in the URL's path: every fault once, texts of every answer kept."""
    clock_now = [datetime(2025, 5, 1, 10, 0, tzinfo=IST)]
    server = SimulatedIndiaMart(v1_mobile=V1_MOBILE, v1_key=V1_KEY, min_gap=0.0,
                                slow_seconds=0.5, clock=lambda: clock_now[0])
    with server:
        client = IndiaMartClient(server.url, Credentials("v1", Secret(V1_KEY), V1_MOBILE),
                                 read_timeout=0.2)
        try:
            for fault in [*Fault, None]:
                if fault is not None:
                    server.inject(fault)
                clock_now[0] += timedelta(minutes=6)
                answer = client.fetch(clock_now[0] - timedelta(days=1), clock_now[0])
                texts.extend([answer.message, repr(answer), str(answer)])
            server.set_key_state("wrong")
            answer = client.fetch(clock_now[0] - timedelta(days=1), clock_now[0])
            texts.extend([answer.message, repr(answer), repr(client)])
        finally:
            client.close()
        # The service's own log texts never name the key either (checked through logging).


def _exception_texts(texts: list[str]) -> None:
    """A network failure whose library text embeds the URL, and with it the key."""
    client = IndiaMartClient("http://127.0.0.1:9", Credentials("v2", Secret(SOAK_KEY)),
                             connect_timeout=1)
    try:
        now = datetime.now(IST)
        answer = client.fetch(now - timedelta(hours=1), now)
        texts.extend([answer.message, repr(answer)])
        try:
            client.session.get(client.url(now - timedelta(hours=1), now), timeout=1)
        except requests.RequestException as error:
            # What requests itself says holds the key: the client must not pass it on.
            assert _hits(str(error).encode()), "the scan would not have seen the key"
        else:
            pytest.fail("port 9 answered")
    finally:
        client.close()


def test_the_key_is_nowhere_after_a_run_with_faults(
        tmp_path: Path, file_logging: Path) -> None:
    data_dir = tmp_path / "data"
    soak = Soak(data_dir, SoakPlan(days=1.5, fault_rate=0.3, kill_rate=0.05, sleep_days=0,
                                   wrong_key_every_days=0.5))
    report = soak.run()
    assert report.missing == []
    texts: list[str] = []
    for result in soak.results:
        texts.extend([result.message, result.store_error, repr(result), str(result)])
    _v1_run_with_faults(texts)
    _exception_texts(texts)

    # The desktop's settings file and two exports of everything.
    from indiamart_desktop.ui.app import desktop_settings

    settings = desktop_settings(data_dir)
    settings.setValue("window/geometry", b"\x01\x02")
    settings.setValue("filters/search", "Need bulk")
    settings.sync()
    assert soak.db is not None
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("all.csv", "all.xlsx"):
        result = export_leads(exports / name, LeadQuery(soak.db), LeadFilter(), Sort())
        assert result.rows == report.stored

    # The database is still open: its WAL and shared-memory files are on disk too.
    assert (data_dir / "leads.sqlite3-wal").exists()
    scanned = 0
    for path in _files(data_dir, exports, file_logging.parent):
        data = path.read_bytes()
        assert _hits(data) == [], f"the key is in {path}"
        scanned += 1
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    assert _hits(book.read(member)) == [], f"the key is in {path}:{member}"
    assert scanned >= 6
    for text in texts:
        assert _hits(text.encode("utf-8", "replace")) == [], text
    log_text = file_logging.read_text(encoding="utf-8")
    assert "Calling IndiaMART" in log_text and "wrong_key" in log_text  # it did log the run
    soak.db.close()

    # Readable by the user only.
    for path in [data_dir, *data_dir.iterdir()]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if os.name == "posix":
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    assert stat.S_IMODE(file_logging.parent.stat().st_mode) & 0o077 == 0


def test_the_cli_never_shows_the_key(tmp_path: Path) -> None:
    """The headless commands with a key that needs URL-encoding, faults and a wrong key."""
    data_dir, home = tmp_path / "data", tmp_path / "home"
    server = SimulatedIndiaMart(v2_key=SOAK_KEY, min_gap=0.0)
    server.populate(days=3, per_day=20)
    outputs: list[str] = []
    sync = PacedSync(data_dir, home)
    with server:
        configure_cli(data_dir, home, server.url, 0.05)
        for fault in (Fault.HTTP_500, Fault.HTML_PAGE, Fault.DROP_CONNECTION,
                      Fault.TRUNCATED_JSON, None):
            if fault is not None:
                server.inject(fault)
            run = sync.run()
            assert run.code == (0 if fault is None else 4), run
            outputs.extend([run.stdout, run.stderr])
        server.set_key_state("wrong")
        run = sync.run()
        assert run.code == 3, run
        outputs.extend([run.stdout, run.stderr])
        for args in (("config", "show"), ("export", str(tmp_path / "out.csv"))):
            run = run_cli(data_dir, home, *args)
            outputs.extend([run.stdout, run.stderr])
    # A key typed into set-key (no keyring here): refused without echoing it.
    done = run_cli(data_dir, home, "set-key", key=None, stdin=f"  {SOAK_KEY}\n")
    assert done.code != 0 and "Key not saved" in done.stderr, done
    outputs.extend([done.stdout, done.stderr])
    for text in outputs:
        assert _hits(text.encode()) == [], text
    for path in _files(data_dir, home, tmp_path):
        assert _hits(path.read_bytes()) == [], f"the key is in {path}"
    assert any(p.name.endswith(".log") for p in _files(home))


class EchoingIndiaMart:
    """A loopback "IndiaMART" that quotes back the key it was sent, re-encoded every way a
    server or proxy may do it, in its error messages: HTTP 500, then too soon, then a
    wrong key (the message IndiaMART's wrong-key answer is stored in the sync state)."""

    ANSWERS = (
        (500, {"CODE": 500, "MESSAGE": "Some Error Occured for key {echo}"}),
        (200, {"CODE": 429, "MESSAGE": "You can hit this API once in every 5 minutes, "
                                       "key {echo}"}),
        (200, {"CODE": 401, "MESSAGE": "The CRM key that you are using is incorrect: {echo}"}),
    )

    def __init__(self) -> None:
        self.echoed: list[str] = []
        echo = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = urlsplit(self.path).query
                sent = next(v for k, _, v in (p.partition("=") for p in query.split("&"))
                            if k == "glusr_crm_key")
                key = unquote(sent)
                forms = {**spellings(key), **same_bytes_spellings(key)}
                del forms["plain"]  # IndiaMART's own exact spelling was always hidden
                status, answer = echo.ANSWERS[min(len(echo.echoed), len(echo.ANSWERS) - 1)]
                text = " | ".join(forms.values())
                body = json.dumps({k: v.format(echo=text) if isinstance(v, str) else v
                                   for k, v in answer.items()}).encode()
                echo.echoed.append(key)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> EchoingIndiaMart:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def test_an_answer_echoing_the_key_in_any_spelling_shows_it_nowhere(tmp_path: Path) -> None:
    """Lower-case percent-encoding, ``+`` as a space, double encoding, base64: the real CLI
    shows none of them, and the database (sync state, call log) and the log file hold none."""
    data_dir, home = tmp_path / "data", tmp_path / "home"
    sync = PacedSync(data_dir, home, key=ECHO_KEY)
    outputs: list[str] = []
    with EchoingIndiaMart() as server:
        configure_cli(data_dir, home, server.url, 0.05)
        codes = []
        for _ in EchoingIndiaMart.ANSWERS:
            run = sync.run()
            codes.append(run.code)
            outputs.extend([run.stdout, run.stderr])
        show = run_cli(data_dir, home, "config", "show", key=ECHO_KEY)
        outputs.extend([show.stdout, show.stderr])
    assert server.echoed == [ECHO_KEY] * 3  # the key did go out, and came back re-encoded
    assert codes == [4, 2, 3]  # server error, too soon, wrong key
    assert all(MASK in text for text in outputs[1:6:2]), outputs  # the echo was shown, masked
    with sqlite3.connect(data_dir / "leads.sqlite3") as conn:
        key_message = conn.execute("SELECT key_message FROM sync_state").fetchone()[0]
        logged = [row[0] for row in conn.execute("SELECT message FROM call_log ORDER BY id")]
    conn.close()
    assert "incorrect" in key_message and MASK in key_message, key_message
    assert len(logged) == 3 and all(MASK in message for message in logged), logged
    for text in [*outputs, key_message, *logged]:
        assert _hits(text.encode()) == [], text
    log_files = [p for p in _files(home) if p.name.endswith(".log")]
    assert log_files and all(MASK in p.read_text(encoding="utf-8") for p in log_files)
    for path in _files(data_dir, home):
        assert _hits(path.read_bytes()) == [], f"the key is in {path}"
