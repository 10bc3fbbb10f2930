"""A total deadline for one HTTP call: connect, headers and body together.

requests' timeouts bound each socket operation only, so a server that trickles its answer
(a byte a second) keeps a call alive for ever. Here every socket a call opens is watched:
when the call's time runs out (or the call is cancelled), the sockets are shut down, which
wakes any blocked read at once and makes requests raise; the client then reports the call
as given up. SOCKS proxies keep their own connection classes and are bounded by the
per-operation timeouts only.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

log = logging.getLogger(__name__)


class Deadline:
    """The end of one call; thread-safe, so another thread may :meth:`cancel` the call."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.reason = ""  # "time" or "cancelled" once the call was cut short
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire, args=("time",))
        self._timer.name = "indiamart-call-deadline"
        self._timer.daemon = True

    @property
    def cut_short(self) -> bool:
        return bool(self.reason)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the call ends early (a duplicate survives TLS wrapping)."""
        watched = sock.dup()
        with self._lock:
            self._sockets.append(watched)
            late = self.cut_short
        if late:
            _shut(watched)

    def cancel(self) -> None:
        self._expire("cancelled")

    def _expire(self, reason: str) -> None:
        with self._lock:
            if not self.reason:
                self.reason = reason
            sockets = list(self._sockets)
        log.debug("cutting the call short (%s) after at most %.1f s", reason, self.seconds)
        for sock in sockets:
            _shut(sock)

    @contextmanager
    def running(self) -> Iterator[Deadline]:
        """Arm the deadline for the calls this thread makes inside the block."""
        token = _CURRENT.set(self)
        self._timer.start()
        try:
            yield self
        finally:
            _CURRENT.reset(token)
            self._timer.cancel()
            self._timer.join()
            with self._lock:
                sockets, self._sockets = self._sockets, []
            for sock in sockets:
                sock.close()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the peer or by the call itself
        sock.shutdown(socket.SHUT_RDWR)


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "indiamart_call_deadline", default=None)


def _watch(sock: socket.socket) -> None:
    deadline = _CURRENT.get()
    if deadline is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS: dict[str, type[HTTPConnectionPool]] = {
    "http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections (direct or through an HTTP proxy) are watched."""

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager
