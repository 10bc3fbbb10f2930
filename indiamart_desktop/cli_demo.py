"""The `demo-server` command: the simulated IndiaMART service alone, until stopped.

It prints what a desktop needs to talk to it (endpoint, the v2 key, the v1 mobile and
key it accepts): they are the simulated service's own demo credentials, not a seller's.
"""

from __future__ import annotations

import errno
import logging
import signal
import socket
import threading
from datetime import datetime, timedelta
from typing import TextIO

from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import IST

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: How many ports above a busy one are tried for the suggestion.
_PROBE = 50


class PortUnavailable(Exception):
    """The port cannot be listened on; the message says why and which port to try."""


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _suggestion(port: int) -> str:
    for candidate in range(max(port + 1, 1024), min(port + 1 + _PROBE, 65536)):
        if _free(candidate):
            return f"--port {candidate}"
    return "--port 0 (any free port)"


def _start(port: int, min_gap: float) -> SimulatedIndiaMart:
    server = SimulatedIndiaMart(host=HOST, port=port, min_gap=min_gap)
    try:
        server.start()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortUnavailable(f"port {port} is in use; try {_suggestion(port)}") from None
        if error.errno == errno.EACCES:
            raise PortUnavailable(f"port {port} needs administrator rights; "
                                  f"try {_suggestion(port)}") from None
        raise PortUnavailable(f"cannot listen on port {port}: "
                              f"{error.strerror or error}") from None
    return server


def _introduce(server: SimulatedIndiaMart, out: TextIO) -> None:
    print(f"Simulated IndiaMART at {server.url} (min gap {server.min_gap.total_seconds():g} s, "
          f"{len(server.leads)} leads)", file=out)
    print(f"Endpoint: {server.url}   (indiamart-desktop config set endpoint {server.url})",
          file=out)
    print(f"It accepts the v2 CRM key: {server.v2_key}", file=out)
    print(f"and for v1 the mobile {server.v1_mobile} with the CRM key: {server.v1_key}",
          file=out)
    print("Give the key with set-key or INDIAMART_CRM_KEY; use a separate --data-dir so "
          "that your own key and leads stay apart. Ctrl+C stops.", file=out, flush=True)


def serve(*, port: int, min_gap: float, days: int, seed: int, live: float,
          out: TextIO) -> None:
    """Serve until SIGTERM or Ctrl+C; :class:`PortUnavailable` if it cannot listen."""
    server = _start(port, min_gap)
    stop = threading.Event()
    try:
        now = datetime.now(IST)
        server.add_leads(LeadGenerator(seed=seed).leads_between(now - timedelta(days=days), now))
        if live:
            server.start_live(live)
        _introduce(server, out)
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        log.info("demo-server interrupted")
    finally:
        server.stop()
