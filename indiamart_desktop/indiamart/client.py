"""One HTTP call to IndiaMART: build the URL, fetch, classify, normalise.

A call never raises, whatever the network or the server does: every result is an
:class:`Answer`, and no text that leaves this module can hold the key. The whole call
(connect, headers, body) ends within :data:`CALL_DEADLINE`, and a redirect is never
followed, so the key only ever goes to the configured host.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

import requests

from indiamart_desktop import __version__
from indiamart_desktop.indiamart.classify import classify_v1, classify_v2
from indiamart_desktop.indiamart.deadline import Deadline, DeadlineAdapter
from indiamart_desktop.indiamart.outcomes import Answer, Classified, Outcome
from indiamart_desktop.indiamart.redact import Secret, redact
from indiamart_desktop.indiamart.unsent import never_sent
from indiamart_desktop.indiamart.urls import v1_url, v2_url

log = logging.getLogger(__name__)

#: IndiaMART can answer a wide window slowly; a dead network must not hang a poll for long.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
#: The whole call, however the server trickles its answer, ends within this many seconds.
CALL_DEADLINE = 90.0
#: A body larger than this is refused as malformed instead of exhausting memory.
MAX_BODY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Credentials:
    version: str
    key: Secret
    mobile: str = ""


class IndiaMartClient:
    """Calls one endpoint with one key; owns one ``requests.Session``."""

    def __init__(
        self,
        endpoint: str,
        credentials: Credentials,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        deadline: float = CALL_DEADLINE,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.credentials = credentials
        self.timeout = (connect_timeout, read_timeout)
        self.deadline = deadline
        self._in_flight: Deadline | None = None
        self.session = requests.Session()
        self.session.verify = True
        self.session.trust_env = True
        self.session.headers["User-Agent"] = f"IndiaMART-Lead-Desktop/{__version__}"
        self.session.headers["Accept"] = "application/json"
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, DeadlineAdapter())

    def __repr__(self) -> str:
        return f"IndiaMartClient({self.endpoint!r}, {self.credentials.version})"

    def url(self, start: datetime, end: datetime) -> str:
        creds = self.credentials
        if creds.version == "v1":
            return v1_url(self.endpoint, creds.mobile, creds.key.reveal(), start, end)
        return v2_url(self.endpoint, creds.key.reveal(), start, end)

    def cancel(self) -> None:
        """Cut the call in flight short, from any thread: it ends as a network error."""
        deadline = self._in_flight
        if deadline is not None:
            deadline.cancel()

    def fetch(self, start: datetime, end: datetime) -> Answer:
        began = time.monotonic()
        status: int | None = None
        deadline = Deadline(self.deadline)
        self._in_flight = deadline
        try:
            with deadline.running():
                status, body, server_time = self._exchange(self.url(start, end))
        except _TooLarge:
            return self._failed(Outcome.MALFORMED, "The answer was larger than 64 MB.", began,
                                status)
        except Exception as error:  # requests raises more than RequestException (ValueError)
            return self._failed(Outcome.NETWORK_ERROR, _cut_short(deadline) or _describe(error),
                                began, status, sent=not never_sent(error))
        finally:
            self._in_flight = None
        if deadline.cut_short:  # a body read until the connection closed may be cut off
            return self._failed(Outcome.NETWORK_ERROR, _cut_short(deadline), began, status)
        classified = self._classify(status, body)
        del body  # the parsed answer alone is kept: its records are normalised as stored
        answer = Answer(
            outcome=classified.outcome,
            message=redact(classified.message, self.credentials.key.reveal()),
            http_status=status,
            duration=time.monotonic() - began,
            records=classified.records if classified.outcome is Outcome.LEADS else [],
            version=self.credentials.version,
            server_time=server_time,
        )
        log.debug("%s %s..%s -> %s (%d records, HTTP %s, %.2fs)",
                  self.credentials.version, start.isoformat(), end.isoformat(),
                  answer.outcome.value, len(answer.records), status, answer.duration)
        return answer

    def _exchange(self, url: str) -> tuple[int, bytes, datetime | None]:
        """One request, sent through the adapter itself: ``Session.send`` reads a redirect's
        whole body and parses its Location even with ``allow_redirects=False``. Returns the
        status, the body and IndiaMART's time (its Date header, when readable)."""
        session = self.session
        request = session.prepare_request(requests.Request("GET", url))
        settings = session.merge_environment_settings(url, {}, True, None, None)
        verify = settings["verify"]  # True, or a CA bundle from REQUESTS_CA_BUNDLE
        response = session.get_adapter(url).send(
            request, stream=True, timeout=self.timeout,
            verify=True if verify is None else verify, cert=settings["cert"],
            proxies=settings["proxies"])
        status = response.status_code
        server_time = _server_time(response.headers.get("Date"))
        if 300 <= status < 400:  # never followed, never read: the key stays with this host
            response.close()
            return status, b"", server_time
        return status, self._read_body(response), server_time

    def _classify(self, status: int, body: bytes) -> Classified:
        if self.credentials.version == "v1":
            return classify_v1(status, body)
        return classify_v2(status, body)

    def _failed(self, outcome: Outcome, message: str, began: float, status: int | None,
                sent: bool = True) -> Answer:
        text = redact(message, self.credentials.key.reveal())
        log.debug("call failed: %s: %s", outcome.value, text)
        return Answer(outcome=outcome, message=text, http_status=status,
                      duration=time.monotonic() - began, sent=sent)

    @staticmethod
    def _read_body(response: requests.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        with response:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise _TooLarge
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.session.close()


class _TooLarge(Exception):
    pass


def _server_time(header: str | None) -> datetime | None:
    """The instant an HTTP Date header names (aware), or ``None`` if absent or unreadable."""
    if not header:
        return None
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else None


def _cut_short(deadline: Deadline) -> str:
    if deadline.reason == "cancelled":
        return "Stopped before the call finished."
    if deadline.reason:
        return f"IndiaMART took longer than {deadline.seconds:g} s to answer; the call was " \
               "given up."
    return ""


def _describe(error: Exception) -> str:
    """A short, key-free sentence for a failed call (requests' texts embed the URL)."""
    if isinstance(error, requests.exceptions.SSLError):
        return "The secure connection failed (certificate not trusted)."
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "IndiaMART did not answer the connection in time."
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "IndiaMART took too long to answer."
    if isinstance(error, requests.exceptions.ConnectionError):
        text = str(error)
        if "RemoteDisconnected" in text or "Connection aborted" in text:
            return "The connection was closed before IndiaMART answered."
        if "Name or service not known" in text or "getaddrinfo" in text \
                or "NameResolution" in text:
            return "IndiaMART's address could not be found (no internet?)."
        if "refused" in text.lower():
            return "The connection was refused."
        return "Could not reach IndiaMART (network error)."
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "The answer was cut off in transit."
    return f"The request failed ({type(error).__name__})."
