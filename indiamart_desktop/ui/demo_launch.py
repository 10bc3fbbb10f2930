"""'Try the demo': the program started again, as its own process, on the simulated service.

A separate process keeps the seller's real leads, key and poller untouched: the demo has
its own data folder, its own single-instance lock and its own window.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from indiamart_desktop.credentials import ENV_VAR

log = logging.getLogger(__name__)


def demo_command(data_dir: Path | None) -> tuple[str, list[str]]:
    """The program and arguments that open this installation in demo mode."""
    if getattr(sys, "frozen", False):  # a PyInstaller build: the executable is the program
        program, args = sys.executable, []
    else:
        program, args = sys.executable, ["-m", "indiamart_desktop"]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    return program, [*args, "--demo"]


def start_demo(data_dir: Path | None) -> int | None:
    """Start the demo in a session of its own; its process id, or None when it could not
    start. It outlives this window, and it is never handed the CRM key."""
    reap_finished()
    program, args = demo_command(data_dir)
    environment = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    try:
        process = subprocess.Popen(  # noqa: S603 - our own executable, fixed arguments
            [program, *args], env=environment, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
            start_new_session=True)
    except OSError as error:
        log.error("Could not start the demo (%s %s): %s", program, " ".join(args), error)
        return None
    _started.append(process)  # kept, so that its exit status is collected
    log.info("Demo started as process %d", process.pid)
    return process.pid


def reap_finished() -> None:
    """Collect the exit status of demos that have ended, so none lingers as a zombie."""
    _started[:] = [process for process in _started if process.poll() is None]


_started: list[subprocess.Popen[bytes]] = []
