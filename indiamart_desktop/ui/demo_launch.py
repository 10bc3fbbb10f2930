"""'Try the demo': the program started again, as its own process, on the simulated service.

A separate process keeps the seller's real leads, key and poller untouched: the demo has
its own data folder, its own single-instance lock and its own window.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment

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
    """Start the demo detached; its process id, or None when it could not start."""
    program, args = demo_command(data_dir)
    process = QProcess()
    environment = QProcessEnvironment.systemEnvironment()
    environment.remove(ENV_VAR)  # the demo needs no key, and is never handed the real one
    process.setProcessEnvironment(environment)
    process.setProgram(program)
    process.setArguments(args)
    started, pid = process.startDetached()
    if not started:
        log.error("Could not start the demo: %s %s", program, " ".join(args))
        return None
    log.info("Demo started as process %d", pid)
    return int(pid)
