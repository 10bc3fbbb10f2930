"""Hostile HTTP servers on loopback: trickled answers and redirects.

Each server runs in its own thread and answers every request with one canned behaviour.
Leaving the ``with`` block stops it and joins every thread it started, so a test never
leaves a server behind, pass or fail.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Behaviour = Callable[[BaseHTTPRequestHandler, "HostileServer"], None]


class HostileServer:
    def __init__(self, behaviour: Behaviour) -> None:
        self.stopping = threading.Event()
        self.paths: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with server._lock:
                    server.paths.append(self.path)
                with contextlib.suppress(OSError):  # the client hung up, as tests want
                    behaviour(self, server)
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = False  # server_close() joins the handler threads
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="hostile-server")

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> int:
        with self._lock:
            return len(self.paths)

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def trickle_body(pace: float) -> Behaviour:
    """Headers at once, then a JSON body one byte every ``pace`` seconds, for ever."""

    def answer(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")  # the body runs until the socket closes
        handler.end_headers()
        handler.wfile.flush()
        _drip(handler, server, pace, b'{"CODE":200,"RESPONSE":[' + b" " * 10_000_000)

    return answer


def trickle_headers(pace: float) -> Behaviour:
    """The status line and headers themselves, one byte every ``pace`` seconds."""

    def answer(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 60_000 + b"\r\n"
        _drip(handler, server, pace, head * 100)

    return answer


def redirect(location: Callable[[HostileServer], str], status: int = 302) -> Behaviour:
    """A redirect to ``location(server)``, with a small body of "leads" for the unwary."""

    def answer(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        body = b'{"CODE":200,"RESPONSE":[]}'
        handler.send_response(status)
        handler.send_header("Location", location(server))
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def _drip(handler: BaseHTTPRequestHandler, server: HostileServer, pace: float,
          data: bytes) -> None:
    for index in range(len(data)):
        if server.stopping.wait(pace):
            return
        handler.wfile.write(data[index:index + 1])
        handler.wfile.flush()
