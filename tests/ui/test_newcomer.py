"""What a newcomer meets: Check now with a refused key, and Try the demo."""

from __future__ import annotations

import configparser
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ui_helpers import configure, make_server, open_desk, wait_for

from indiamart_desktop.credentials import ENV_VAR
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.ui.demo_launch import demo_command, reap_finished

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[SimulatedIndiaMart]:
    service = make_server(0.5, days=1)
    yield service
    service.stop()


def _button(box: QMessageBox, text: str) -> QPushButton:
    found = [b for b in box.buttons() if isinstance(b, QPushButton) and b.text() == text]
    assert found, [b.text() for b in box.buttons()]
    return found[0]


def test_check_now_with_a_refused_key_says_so_and_offers_retry(
        qtbot: QtBot, tmp_data_dir: Path, server: SimulatedIndiaMart) -> None:
    configure(tmp_data_dir, server, 0.5)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window = desk.window
        desk.keystore.set("v2", "Not+The/Right=Key0123456789")
        desk.poller.reload()
        wait_for(qtbot, lambda: desk.poller.last_status is not None
                 and desk.poller.last_status.state.key_state != "ok")
        calls = len(server.requests)
        window.acts.check_action.trigger()
        box = window._key_box
        assert box is not None and box.isVisible()
        assert "incorrect" in box.text() and "No request was sent" in box.text()
        assert len(server.requests) == calls, "nothing is sent with a refused key"
        _button(box, "Retry this key").click()
        wait_for(qtbot, lambda: len(server.requests) == calls + 1)
    finally:
        desk.close()


def test_the_newcomer_banner_offers_the_demo(qtbot: QtBot, tmp_data_dir: Path) -> None:
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        banner = desk.window.banner
        wait_for(qtbot, banner.isVisible)
        assert banner.demo_button.isVisible() and "try the demo" in banner.text.text()
        assert "--demo" not in banner.text.text()
    finally:
        desk.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


@pytest.mark.skipif(os.name != "posix", reason="watches the demo's process id")
def test_try_the_demo_opens_the_demo_in_its_own_process(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shot = tmp_data_dir.parent / "demo.png"
    monkeypatch.setenv("INDIAMART_SCREENSHOT", str(shot))  # the demo saves a picture, quits
    monkeypatch.setenv("INDIAMART_SCREENSHOT_DELAY_MS", "1500")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    desk = open_desk(tmp_data_dir, with_key=False)
    pid = None
    try:
        wait_for(qtbot, desk.window.banner.demo_button.isVisible)
        monkeypatch.setenv(ENV_VAR, "Secret+Key/ThatMustNotTravel==")  # a key in the air
        desk.window.banner.demo_button.click()
        pid = desk.window.demo_pid
        assert pid is not None and pid > 0
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert not any(item.startswith(ENV_VAR.encode() + b"=") for item in environ)
        deadline = time.monotonic() + 60
        while _alive(pid) and time.monotonic() < deadline:
            qtbot.wait(200)
        assert shot.exists(), "the demo window came up"
        assert (tmp_data_dir / "demo").is_dir(), "in the demo folder beside the real data"
        assert not _alive(pid)
    finally:
        if pid and _alive(pid):
            os.kill(pid, signal.SIGTERM)
        desk.close()
        reap_finished()


def test_the_demo_command_runs_this_installation() -> None:
    program, args = demo_command(Path("/data"))
    assert args[-1] == "--demo" and args[-3:-1] == ["--data-dir", "/data"]
    assert Path(program).name.startswith("python")


def test_the_menus_offer_the_demo() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging/linux/in.indiamart.LeadDesktop.desktop")
    assert "demo" in entry["Desktop Entry"]["Actions"].split(";")
    action = entry["Desktop Action demo"]
    assert action["Exec"].split() == [entry["Desktop Entry"]["Exec"].split()[0], "--demo"]
    assert action["Name"]
    script = (ROOT / "packaging/windows/indiamart-desktop.iss").read_text()
    icons = script[script.index("[Icons]"):script.index("[Run]")]
    assert any('Parameters: "--demo"' in line and "{group}" in line for line in icons.splitlines())
