"""Collects the reliability figures and prints them at the end of the pytest run."""

from __future__ import annotations

from pathlib import Path

import pytest

#: (title, text) of every figure a reliability test recorded during this run.
REPORTS: list[tuple[str, str]] = []


@pytest.fixture
def reliability_report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """``record(title, text)``: print at the end of the run, and keep in a file."""
    folder = tmp_path_factory.mktemp("reliability-report")

    def record(title: str, text: str) -> Path:
        REPORTS.append((title, text))
        path = folder / "report.txt"
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{title}\n{text}\n\n")
        return path

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not REPORTS:
        return
    terminalreporter.section("reliability report")
    for title, text in REPORTS:
        terminalreporter.write_line(f"{title}: {text}")
