"""Processes on one data folder (the desktop's poller, a ``sync`` in a terminal, one-shot
``sync --once`` runs): never two calls within the interval.

Real time cannot wait 5 minutes per call, so the rule is scaled the way the program
allows on a loopback endpoint: a 2-second interval. The service refuses calls closer than
1.7 s (the 0.3 s is the scaled safety margin for the time a request spends between the
decision, recorded in the database, and its arrival).
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from child_processes import running
from reliability_helpers import SOAK_KEY, cli_command, cli_env, configure_cli, run_cli

from indiamart_desktop.demo.server import SimulatedIndiaMart

INTERVAL = 2.0
SERVICE_GAP = 1.7
RUN_SECONDS = 16.0


def test_a_sync_loop_and_repeated_sync_once_never_call_too_soon(
        tmp_path: Path, reliability_report: Callable[[str, str], Path]) -> None:
    data_dir, home = tmp_path / "data", tmp_path / "home"
    server = SimulatedIndiaMart(v2_key=SOAK_KEY, min_gap=SERVICE_GAP, burst_limit=2)
    server.populate(days=3, per_day=40)
    logs = [tmp_path / f"loop{n}.out" for n in (1, 2)]
    codes: list[int] = []
    with server, contextlib.ExitStack() as stack:
        server.start_live(0.7)
        configure_cli(data_dir, home, server.url, INTERVAL)
        # Two polling loops (the desktop's poller and a terminal `sync`) wake at the same
        # next-allowed moment and race for every slot; one-shot runs come in between.
        # Leaving the block, pass or fail, ends both loops (SIGTERM, SIGKILL after 10 s)
        # and closes their output files.
        loops = []
        for path in logs:
            out = stack.enter_context(path.open("w"))
            loops.append(stack.enter_context(running(
                cli_command(data_dir, "sync", "--json"), env=cli_env(home, SOAK_KEY),
                stdout=out, stderr=subprocess.STDOUT)))
        deadline = time.monotonic() + RUN_SECONDS
        while time.monotonic() < deadline:
            codes.append(run_cli(data_dir, home, "sync", "--once").code)
        # The loops stop by themselves, between calls, once IndiaMART refuses the key: no
        # call is cut off half-way, so every call is both in the log and in a loop's output.
        server.set_key_state("wrong")
        assert [loop.wait(timeout=60) for loop in loops] == [3, 3]
    requests = sorted(server.requests, key=lambda r: r.at)

    outcomes = [r.outcome for r in requests]
    assert outcomes[-1] == "wrong_key" and outcomes.count("wrong_key") == 1, outcomes
    assert "too_soon" not in outcomes and "blocked" not in outcomes, outcomes
    gaps = [(b.at - a.at).total_seconds() for a, b in pairwise(requests)]
    assert len(requests) >= RUN_SECONDS / INTERVAL / 2
    assert min(gaps) >= SERVICE_GAP, gaps

    # The one-shot runs were turned away while another process held the slot (exit 2),
    # or called (exit 0); nothing else.
    assert 2 in codes and set(codes) <= {0, 2}, codes
    loop_calls = [path.read_text().count('"called": true') for path in logs]
    assert all("Polling IndiaMART every" in path.read_text() for path in logs)
    assert sum(loop_calls) + codes.count(0) == len(requests)

    conn = sqlite3.connect(data_dir / "leads.sqlite3")
    try:
        started = [float(r[0]) for r in conn.execute(
            "SELECT started_at FROM call_log ORDER BY started_at")]
        dup = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT query_id) FROM leads").fetchone()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    # The decisions themselves, as both processes recorded them in the shared database.
    assert len(started) == len(requests)
    assert min(b - a for a, b in pairwise(started)) >= INTERVAL - 1e-6
    assert dup == (0,) and integrity == "ok"
    reliability_report(
        "two processes",
        f"two `sync` loops + {len(codes)} `sync --once` runs on one folder for "
        f"{RUN_SECONDS:g} s (interval {INTERVAL:g} s): {len(requests)} calls (loops "
        f"{loop_calls[0]} + {loop_calls[1]}, one-shot {codes.count(0)}), min gap seen by the "
        f"service {min(gaps):.2f} s, min gap between recorded decisions "
        f"{min(b - a for a, b in pairwise(started)):.2f} s, 0 'too soon', 0 blocks, "
        f"{codes.count(2)} one-shot runs turned away")
