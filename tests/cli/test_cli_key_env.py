"""The key given in INDIAMART_CRM_KEY, through the real CLI against the simulated IndiaMART:
cleaned as a pasted key is, and a text that is no CRM key is said in one line, never sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli_helpers import DEMO_KEY, Cli

from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import IST


@pytest.fixture
def server() -> Iterator[SimulatedIndiaMart]:
    made = SimulatedIndiaMart(v2_key=DEMO_KEY, min_gap=0.01)
    made.start()
    now = datetime.now(IST)
    made.add_leads(LeadGenerator(5).leads_between(now - timedelta(days=2),
                                                  now - timedelta(hours=1)))
    try:
        yield made
    finally:
        made.stop()


def _cli(tmp_path: Path, server: SimulatedIndiaMart, key: str) -> Cli:
    cli = Cli(tmp_path, key=None)
    assert cli.run("config", "set", "endpoint", server.url).code == 0
    cli.key = key
    return cli


@pytest.mark.parametrize("given", [
    f"{DEMO_KEY}\n",  # a key file read in with its trailing newline
    f"  {DEMO_KEY[:9]} {DEMO_KEY[9:]}\t\r\n",
    f"{DEMO_KEY[:4]}\u00a0{DEMO_KEY[4:]}",
], ids=["newline", "spaces and tabs", "no-break space"])
def test_a_key_with_spaces_or_a_newline_is_cleaned_and_works(
        tmp_path: Path, server: SimulatedIndiaMart, given: str) -> None:
    run = _cli(tmp_path, server, given).run("sync", "--once", "--json")
    assert run.code == 0, run
    assert run.json()["outcome"] == "leads"


@pytest.mark.parametrize("given", [
    f"{DEMO_KEY}<script>",
    DEMO_KEY.replace("/", ".") + "%2B",
    f"{DEMO_KEY}\u200b",  # a zero-width space is no white space to Python
    "'" + DEMO_KEY + "'",  # quotes kept by a systemd Environment= line
], ids=["angle brackets", "dots and percent", "zero-width space", "quotes"])
def test_a_key_with_characters_no_key_has_is_one_line_and_never_sent(
        tmp_path: Path, server: SimulatedIndiaMart, given: str) -> None:
    cli = _cli(tmp_path, server, given)
    run = cli.run("sync", "--once")
    run.assert_clean_failure()
    assert run.code == 3
    assert "INDIAMART_CRM_KEY" in run.stderr and "letters, digits" in run.stderr
    shown = run.stdout + run.stderr + cli.log_text()
    assert given.strip() not in shown and DEMO_KEY not in shown
    assert DEMO_KEY[:12] not in shown
    assert server.requests == [], "nothing was sent to IndiaMART"
