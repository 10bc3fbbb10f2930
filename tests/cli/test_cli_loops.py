"""The long-running commands: `sync` keeps polling, `demo-server` serves until stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from child_processes import running

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
    data = tmp_path / "data"
    env = _env(tmp_path)
    with server:
        for name, value in (("endpoint", server.url), ("interval", "0.5")):
            subprocess.run(_cli(data, "config", "set", name, value), env=env, check=True,
                           capture_output=True, timeout=60)
        with running(_cli(data, "sync"), env=env, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True) as process:
            deadline = time.monotonic() + 60
            while len(server.requests) < 4 and time.monotonic() < deadline:
                time.sleep(0.1)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
    lines = [line for line in out.splitlines() if "IST" in line and ".." in line]
    assert len(server.requests) >= 4
    assert len(lines) >= len(server.requests) - 1, out
    assert "new" in lines[0]
    assert process.returncode == 130
    assert "Traceback" not in err


def _introduction(process: subprocess.Popen[str]) -> dict[str, str]:
    """What demo-server prints before serving: endpoint, v2 key, v1 mobile and key."""
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(5)]
    text = "".join(lines)
    found = {
        "url": re.search(r"^Endpoint: (\S+)", text, re.MULTILINE),
        "v2_key": re.search(r"v2 CRM key: (\S+)", text),
        "v1_mobile": re.search(r"v1 the mobile (\d+)", text),
        "v1_key": re.search(r"with the CRM key: (\S+)", text),
    }
    assert all(found.values()), text
    return {name: match.group(1) for name, match in found.items() if match}


def test_demo_server_prints_what_a_desktop_needs_and_serves_until_terminated(
        tmp_path: Path) -> None:
    command = _cli(tmp_path, "demo-server", "--port", "0", "--min-gap", "0", "--days", "3",
                   "--live", "0")
    with running(command, env=_env(tmp_path), stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE, text=True) as process:
        shown = _introduction(process)
        # A desktop configured from those lines alone gets leads, with v2 and with v1.
        data = tmp_path / "data"
        env = {**_env(tmp_path), "INDIAMART_CRM_KEY": shown["v2_key"]}
        for name, value in (("endpoint", shown["url"]), ("interval", "0.01")):
            subprocess.run(_cli(data, "config", "set", name, value), env=env, check=True,
                           capture_output=True, timeout=60)
        v2 = subprocess.run(_cli(data, "sync", "--once", "--json"), env=env,
                            capture_output=True, text=True, timeout=60, check=False)
        assert v2.returncode == 0 and '"outcome": "leads"' in v2.stdout, v2
        data_v1 = tmp_path / "data-v1"
        env_v1 = {**env, "INDIAMART_CRM_KEY": shown["v1_key"]}
        for name, value in (("endpoint", shown["url"]), ("api", "v1"),
                            ("mobile", shown["v1_mobile"])):
            subprocess.run(_cli(data_v1, "config", "set", name, value), env=env_v1,
                           check=True, capture_output=True, timeout=60)
        v1 = subprocess.run(_cli(data_v1, "sync", "--once", "--json"), env=env_v1,
                            capture_output=True, text=True, timeout=60, check=False)
        assert v1.returncode == 0 and '"outcome": "leads"' in v1.stdout, v1
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another program is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def test_demo_server_on_a_busy_port_says_so_in_one_line(tmp_path: Path, busy_port: int) -> None:
    done = subprocess.run(_cli(tmp_path, "demo-server", "--port", str(busy_port)),
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    found = re.fullmatch(rf"demo-server: port {busy_port} is in use; try --port (\d+)", lines[0])
    assert found, lines
    suggested = int(found.group(1))
    assert suggested != busy_port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", suggested))  # the suggestion really is free
