"""Only a failure before the request left may stay out of IndiaMART's 5-minute count:
each case is a real socket on loopback (or a name that cannot resolve)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from indiamart_desktop.indiamart.unsent import never_sent


def _failure(url: str, timeout: float = 2.0) -> requests.RequestException:
    with pytest.raises(requests.RequestException) as caught:
        requests.get(url, timeout=(timeout, timeout))
    return caught.value


@contextmanager
def _server(handle: Callable[[socket.socket], None],
            wrap: Callable[[socket.socket], socket.socket] | None = None) -> Iterator[int]:
    """A one-connection TCP server on 127.0.0.1; ``handle`` gets the accepted socket."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    done = threading.Event()

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        try:
            handle(wrap(conn) if wrap else conn)
        except OSError:
            pass
        finally:
            conn.close()
            done.set()

    thread = threading.Thread(target=serve, name="unsent-test-server", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        done.wait(5)
        listener.close()
        thread.join(5)


def _read_request(conn: socket.socket) -> None:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


def test_a_refused_connection_never_sent_anything() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    assert never_sent(_failure(f"http://127.0.0.1:{port}/x"))


def test_a_name_that_does_not_resolve_never_sent_anything() -> None:
    assert never_sent(_failure("http://no-such-host.invalid/x"))


def test_a_connection_closed_after_the_request_may_have_reached() -> None:
    with _server(_read_request) as port:
        error = _failure(f"http://127.0.0.1:{port}/x")
    assert isinstance(error, requests.ConnectionError)
    assert not never_sent(error)


def test_a_timeout_after_sending_may_have_reached() -> None:
    stop = threading.Event()

    def silent(conn: socket.socket) -> None:
        _read_request(conn)
        stop.wait(5)

    with _server(silent) as port:
        error = _failure(f"http://127.0.0.1:{port}/x", timeout=0.5)
        stop.set()
    assert isinstance(error, requests.ReadTimeout)
    assert not never_sent(error)


def test_a_refused_certificate_never_sent_anything(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    received: list[bytes] = []

    def handshake(conn: socket.socket) -> None:
        try:
            tls = context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused the certificate, as it must
        received.append(tls.recv(4096))

    with _server(handshake) as port:
        error = _failure(f"https://127.0.0.1:{port}/x")
    assert isinstance(error, requests.exceptions.SSLError)
    assert never_sent(error)
    assert received == [], "the request must not have left"
