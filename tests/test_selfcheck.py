"""`--self-check`: passes on a working install, names what is missing on a broken one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from indiamart_desktop import paths
from indiamart_desktop.selfcheck import ICONS, self_check

ROOT = Path(__file__).resolve().parent.parent


def test_self_check_passes_from_the_source_install(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "indiamart_desktop", "--self-check"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-check passed"
    assert any(line.startswith("ok  Qt 6.") for line in lines)
    assert any("keyring backend keyring.backends." in line for line in lines)
    assert not any(line.startswith("FAIL") for line in lines)


def test_missing_resources_fail_and_are_named(qapp: QApplication, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "resources"
    empty.mkdir()
    monkeypatch.setattr(paths, "resource_dir", lambda: empty)
    out = io.StringIO()

    assert self_check(out) == 1

    text = out.getvalue()
    assert "FAIL resources missing" in text
    assert all(f"icons/{name}.svg" in text for name in ICONS)
    assert text.splitlines()[-1] == "self-check FAILED: SVG icons, resources"


def test_in_process_self_check_passes(qapp: QApplication) -> None:
    out = io.StringIO()
    assert self_check(out) == 0, out.getvalue()
    assert "ok  the database opens and migrates to schema" in out.getvalue()
