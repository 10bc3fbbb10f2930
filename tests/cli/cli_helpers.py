"""Running the headless CLI as a real subprocess against a simulated IndiaMART."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEMO_KEY = "Cli+Demo/Key=With+Slash/Eq=="


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        lines = [line for line in self.stdout.splitlines() if line.startswith("{")]
        assert lines, self
        return dict(json.loads(lines[-1]))

    def assert_clean_failure(self) -> None:
        """Non-zero, one line on stderr, no traceback."""
        assert self.code != 0, self
        assert "Traceback" not in self.stderr + self.stdout, self
        assert len(self.stderr.strip().splitlines()) == 1, self


class Cli:
    def __init__(self, tmp_path: Path, *, key: str | None = DEMO_KEY) -> None:
        self.home = tmp_path / "home"
        self.data_dir = tmp_path / "data"
        self.keyring_file = tmp_path / "keyring.json"
        self.key = key

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("INDIAMART_", "XDG_", "PYTHON_KEYRING"))}
        env.update({
            "TZ": "UTC",
            "HOME": str(self.home),
            "XDG_STATE_HOME": str(self.home / "state"),
            "XDG_DATA_HOME": str(self.home / "share"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "PYTHONPATH": os.pathsep.join([str(REPO), str(Path(__file__).parent)]),
            "PYTHON_KEYRING_BACKEND": "cli_keyring.FileKeyring",
            "CLI_TEST_KEYRING_FILE": str(self.keyring_file),
            "QT_QPA_PLATFORM": "offscreen",
        })
        if self.key is not None:
            env["INDIAMART_CRM_KEY"] = self.key
        return env

    def run(self, *args: str, stdin: str = "", verbose: bool = False) -> Run:
        command = [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(self.data_dir)]
        if verbose:
            command.append("-v")
        done = subprocess.run(  # noqa: PLW1510 - the code is checked by each test
            [*command, *args], input=stdin, capture_output=True, text=True, env=self.env(),
            cwd=str(REPO), timeout=120,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def sync_when_allowed(self, *, verbose: bool = False, attempts: int = 5) -> Run:
        """``sync --once --json``; after a "not yet", again once the moment it named has passed.

        The CLI reports ``next_allowed_at`` to the second (truncated), so the wait runs to
        one second past it: the test follows what the program says, never a guessed delay.
        """
        for _ in range(attempts):
            run = self.run("sync", "--once", "--json", verbose=verbose)
            result = run.json()
            if result["outcome"] != "not_yet":
                return run
            allowed = datetime.fromisoformat(result["next_allowed_at"]) + timedelta(seconds=1)
            time.sleep(max((allowed - datetime.now(allowed.tzinfo)).total_seconds(), 0.0))
        raise AssertionError(f"still not allowed to call after {attempts} runs: {run}")

    def rows(self, sql: str = "SELECT query_id FROM leads") -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.data_dir / "leads.sqlite3")
        try:
            return [tuple(r) for r in conn.execute(sql)]
        finally:
            conn.close()

    def log_text(self) -> str:
        parts = [p.read_text(encoding="utf-8", errors="replace")
                 for p in self.home.rglob("*.log*") if p.is_file()]
        return "\n".join(parts)
