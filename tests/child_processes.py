"""Child processes that end with the test that started them, pass or fail.

Each child gets its own process group (session), so that ending it also ends anything it
started. :func:`running` asks the group to stop with ``stop_signal``, gives it ``grace``
seconds, then kills the whole group, and always reaps the child: no test leaves a process
behind, whatever it asserted or raised.

A child starts with Ctrl+C (SIGINT) working, as in a terminal, even when the test run itself
ignores SIGINT (started in the background by a script or a CI runner): an ignored signal is
inherited across exec, and Python then never turns SIGINT into KeyboardInterrupt.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from typing import Any


def _exited(pid: int) -> bool:
    """True once the child has exited; it stays a zombie (its pid is not reused) until reaped."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    return info is not None


def end(process: subprocess.Popen[Any], stop_signal: int = signal.SIGTERM,
        grace: float = 10.0) -> None:
    """Stop ``process`` and its group (politely, then by force) and reap it."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, stop_signal)
        deadline = time.monotonic() + grace
        while not _exited(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        # The leader is exited-but-unreaped or still running: its group id is still ours.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@contextlib.contextmanager
def running(command: Sequence[str], *, stop_signal: int = signal.SIGTERM,
            grace: float = 10.0, **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """``subprocess.Popen(command, **popen)`` in its own group, ended on leaving the block."""
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:  # a handler, unlike SIG_IGN, is reset to the default by exec
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process: subprocess.Popen[Any] = subprocess.Popen(command, start_new_session=True,
                                                          **popen)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield process
    finally:
        end(process, stop_signal, grace)


def finished(command: Sequence[str], *, timeout: float = 60.0, input: str | None = None,
             **popen: Any) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end like ``subprocess.run(..., capture_output=True,
    text=True)``, in its own group: past ``timeout`` seconds the group is killed and
    :class:`subprocess.TimeoutExpired` raised, so a hung child never hangs the test."""
    with running(command, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                 grace=2.0, **popen) as process:
        out, err = process.communicate(input, timeout=timeout)
    return subprocess.CompletedProcess(list(command), process.returncode, out, err)
