"""Every bad input to the real CLI: one clear line on stderr, a non-zero code, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Cli

USAGE = 1

BAD_USAGE = [
    ["export", "x.xlsx", "--to", "31-12-9999"],
    ["export", "x.xlsx", "--from", "01-01-0001"],
    ["export", "x.xlsx", "--from", "31-02-2024"],
    ["export", "x.xlsx", "--from", "10-10-2025", "--to", "01-01-2025"],
    ["export"],
    ["config", "set", "endpoint", "http://127.0.0.1:19001#frag"],
    ["config", "set", "endpoint", "http://127.0.0.1:abc"],
    ["config", "set", "endpoint", "http://127.0.0.1:99999"],
    ["config", "set", "endpoint", "https://mapi.indiamart.com/?glusr_crm_key=x"],
    ["config", "set", "endpoint", "http://[::1"],
    ["config", "set", "endpoint", "ftp://127.0.0.1"],
    ["config", "set", "interval", "nan"],
    ["config", "set", "history_days", "1e3"],
    ["config", "set", "notify_types", "W;<b>"],
    ["config", "set", "colour", "red"],
    ["config"],
    ["set-key", "--api", "v3"],
    ["sync", "--bogus"],
    ["--data-dir", "", "config", "show"],
    ["demo-server", "--port", "99999"],
    ["demo-server", "--port", "-1"],
    ["demo-server", "--port", "http"],
    ["demo-server", "--min-gap", "nan"],
    ["demo-server", "--days", "100000"],
    ["demo-server", "--live", "-1"],
    ["no-such-command"],
]


@pytest.mark.parametrize("argv", BAD_USAGE, ids=" ".join)
def test_bad_usage_is_one_line_and_exit_1(tmp_path: Path, argv: list[str]) -> None:
    run = Cli(tmp_path).run(*argv)
    run.assert_clean_failure()
    assert run.code == USAGE, run
    assert not list(tmp_path.glob("*.xlsx"))


def test_an_export_name_over_255_bytes(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".xlsx")
    run = Cli(tmp_path).run("export", str(target))
    run.assert_clean_failure()
    assert run.code == 4
    assert "too long" in run.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("a", ".a"))]


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    run = Cli(tmp_path).run("config", "show")
    run.assert_clean_failure()
    assert run.code == 5


def test_an_endpoint_with_a_password_is_refused_and_never_stored(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    run = cli.run("config", "set", "endpoint", "https://seller:s3cretPass@proxy.example.in")
    run.assert_clean_failure()
    assert run.code == USAGE and "password" in run.stderr
    assert "s3cretPass" not in run.stderr + run.stdout
    shown = cli.run("config", "show")
    assert shown.code == 0, shown
    assert "endpoint = https://mapi.indiamart.com" in shown.stdout
    assert "s3cretPass" not in shown.stdout
    stored = b"".join(p.read_bytes() for p in cli.data_dir.glob("leads.sqlite3*"))
    assert stored and b"s3cretPass" not in stored
