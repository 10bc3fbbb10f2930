"""A fetcher that can be abandoned, so quitting never waits for a slow network.

The HTTP call runs in a daemon thread; the caller waits for it but gives up at once when
:meth:`abort` is called, and a fetcher that can be cancelled (the real client) is told to
cut its call short, so the abandoned thread and its socket end too. An abandoned call is
reported as a network error, so the engine keeps the frontier where it was and the same
window is asked again later.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Protocol, runtime_checkable

from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.sync.engine import Fetcher


@runtime_checkable
class Cancellable(Protocol):
    def cancel(self) -> None: ...


class AbortableFetcher:
    def __init__(self, inner: Fetcher) -> None:
        self.inner = inner
        self._aborted = threading.Event()

    def abort(self) -> None:
        self._aborted.set()
        if isinstance(self.inner, Cancellable):
            self.inner.cancel()

    def fetch(self, start: datetime, end: datetime) -> Answer:
        if self._aborted.is_set():
            return Answer(Outcome.NETWORK_ERROR, message="Stopped before the call finished.")
        done = threading.Event()
        box: list[Answer] = []

        def run() -> None:
            try:
                box.append(self.inner.fetch(start, end))
            finally:
                done.set()

        threading.Thread(target=run, name="indiamart-fetch", daemon=True).start()
        while not done.wait(0.05):
            if self._aborted.is_set():
                return Answer(Outcome.NETWORK_ERROR, message="Stopped before the call finished.")
        if not box:
            return Answer(Outcome.NETWORK_ERROR, message="The call failed unexpectedly.")
        return box[0]
