"""The tests' own child-process helper: a hung child and what it started never outlive the
test, and a child that finishes gives back its code and output."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from child_processes import finished

_HANGS = """
import subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
open(sys.argv[1], "w").write(str(grandchild.pid))
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # Still there: a zombie counts as gone (its parent, killed too, no longer reaps it).
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state == "Z"


def test_a_hung_child_is_killed_with_everything_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        finished([sys.executable, "-c", _HANGS, str(pid_file)], timeout=5)
    assert time.monotonic() - started < 30, "the test went on well before the child's end"
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(grandchild), "the grandchild was left behind"


def test_a_child_that_finishes_gives_its_code_and_output() -> None:
    done = finished([sys.executable, "-c",
                     "import sys; print(sys.stdin.read().upper()); sys.exit(4)"],
                    input="key\n", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (4, "KEY\n\n", "")
