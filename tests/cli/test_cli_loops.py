"""The long-running commands: `sync` keeps polling, `demo-server` serves until stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import IST

KEY = "LoopTest+Key/0123456789=="


def _cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(data_dir), *args]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "INDIAMART_CRM_KEY": KEY, "TZ": "UTC",
            "XDG_STATE_HOME": str(tmp_path / "state")}


def test_sync_keeps_polling_one_line_per_call_until_interrupted(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    server = SimulatedIndiaMart(v2_key=KEY, min_gap=0.4)
    now = datetime.now(IST)
    server.add_leads(LeadGenerator(5).leads_between(now - timedelta(days=3), now, 20))
    server.start()
    try:
        data = tmp_path / "data"
        env = _env(tmp_path)
        for name, value in (("endpoint", server.url), ("interval", "0.5")):
            subprocess.run(_cli(data, "config", "set", name, value), env=env, check=True,
                           capture_output=True)
        process = subprocess.Popen(_cli(data, "sync"), env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while len(server.requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        server.stop()
    lines = [line for line in out.splitlines() if "IST" in line and ".." in line]
    assert len(server.requests) >= 4
    assert len(lines) >= len(server.requests) - 1, out
    assert "new" in lines[0]
    assert process.returncode == 130
    assert "Traceback" not in err


def test_demo_server_serves_until_terminated(tmp_path: Path) -> None:
    process = subprocess.Popen(
        _cli(tmp_path, "demo-server", "--port", "0", "--min-gap", "0", "--days", "3",
             "--live", "0"), env=_env(tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.split(" at ")[1].split()[0]
        answer = requests.get(f"{url}/wservce/crm/crmListing/v2/",
                              params={"glusr_crm_key": "DEMO+v2/KEY=0123456789abcdef"},
                              timeout=10).json()
        assert answer["CODE"] == 200 and answer["TOTAL_RECORDS"] > 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    assert process.returncode == 0
