"""desktop.ini's mode: made private (group and other bits removed), never loosened; a
read-only file is used, said once in the log, and left as it is."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from child_processes import finished

from indiamart_desktop.ui.app import desktop_settings

NOBODY = 65534
REPO = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_desktop_ini_is_private(tmp_path: Path) -> None:
    settings = desktop_settings(tmp_path)
    settings.setValue("window/width", 900)
    settings.sync()
    assert _mode(tmp_path / "desktop.ini") == 0o600


@pytest.mark.parametrize(("before", "after"), [
    (0o644, 0o600), (0o640, 0o600), (0o666, 0o600), (0o600, 0o600),
    (0o400, 0o400), (0o444, 0o400), (0o700, 0o700)], ids=lambda mode: f"{mode:04o}")
def test_only_group_and_other_bits_are_removed(tmp_path: Path, before: int,
                                               after: int) -> None:
    path = tmp_path / "desktop.ini"
    path.write_text("[window]\nwidth=900\n", encoding="utf-8")
    path.chmod(before)
    desktop_settings(tmp_path)
    assert _mode(path) == after


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own tmp is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="desktop-ini-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


_CHILD = """
import logging, sys
from pathlib import Path
logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(message)s")
from indiamart_desktop.ui.app import desktop_settings
settings = desktop_settings(Path(sys.argv[1]))
settings.setValue("window/width", 1200)
settings.sync()
settings.setValue("filter/state", "{}")
settings.sync()
print(settings.value("window/width"))
"""


def test_a_read_only_desktop_ini_is_used_left_alone_and_said_once(
        shared_folder: Path) -> None:
    data_dir = shared_folder / "data"
    data_dir.mkdir()
    path = data_dir / "desktop.ini"
    path.write_text("[window]\nwidth=900\n", encoding="utf-8")
    path.chmod(0o400)
    command = [sys.executable, "-c", _CHILD, str(data_dir)]
    if os.geteuid() == 0:  # root may write any file: the seller is an ordinary user
        os.chown(data_dir, NOBODY, NOBODY)
        os.chown(path, NOBODY, NOBODY)
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                   *command]
    env = {**os.environ, "HOME": str(shared_folder), "PYTHONPATH": str(REPO)}
    result = finished(command, timeout=60, cwd=shared_folder, env=env)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "read-only" in line]
    assert len(said) == 1 and said[0].startswith("WARNING"), result.stderr
    assert "not saved" in said[0]
    assert result.stdout.strip() == "1200", "the running program still has its settings"
    assert _mode(path) == 0o400
    assert path.read_text(encoding="utf-8") == "[window]\nwidth=900\n"
