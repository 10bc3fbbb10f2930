"""A new key in INDIAMART_CRM_KEY after IndiaMART refused the old one: the next
``sync --once`` calls again, with no set-key (issue 9, item 7). Real CLI processes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, quote_plus

from cli_helpers import DEMO_KEY, Cli

from indiamart_desktop.demo.server import SimulatedIndiaMart

REFUSED_KEY = "Replaced+Old/Key=0123456789abcdef"


def test_a_new_key_in_the_environment_resumes_polling(tmp_path: Path) -> None:
    server = SimulatedIndiaMart(v2_key=DEMO_KEY, min_gap=0.01)
    server.start()
    try:
        cli = Cli(tmp_path, key=REFUSED_KEY)
        for args in (("endpoint", server.url), ("interval", "0.05")):
            assert cli.run("config", "set", *args).code == 0
        refused = cli.run("sync", "--once", "--json")
        assert refused.code == 3 and refused.json()["outcome"] == "wrong_key", refused
        again = cli.run("sync", "--once", "--json")
        assert again.code == 3 and again.json()["outcome"] == "key_problem", again
        assert len(server.requests) == 1  # the refused key is never tried again
        cli.key = DEMO_KEY  # the seller put the new key into the scheduled job
        run = cli.sync_when_allowed()
        assert run.code == 0 and run.json()["outcome"] in ("leads", "no_leads"), run
        assert len(server.requests) == 2
    finally:
        server.stop()
    stored = b"".join(p.read_bytes() for p in sorted(cli.data_dir.glob("leads.sqlite3*")))
    assert stored
    for key in (REFUSED_KEY, DEMO_KEY):
        for form in {key, quote(key, safe=""), quote_plus(key)}:
            assert form.encode() not in stored
