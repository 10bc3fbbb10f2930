"""A real main window on a real database, polling the simulated IndiaMART over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from indiamart_desktop.config import Config, save_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.ui.main_window import MainWindow
from indiamart_desktop.ui.poller import Poller
from indiamart_desktop.ui.tray import Tray

V2_KEY = "UiTest+Key/0123456789abcdef=="


def make_server(interval: float, days: float = 10, seed: int = 3,
                per_day: float = 20) -> SimulatedIndiaMart:
    server = SimulatedIndiaMart(v2_key=V2_KEY, min_gap=interval, slow_seconds=3.0)
    now = datetime.now(IST)
    server.add_leads(LeadGenerator(seed).leads_between(now - timedelta(days=days),
                                                       now - timedelta(minutes=2), per_day))
    server.start()
    return server


def configure(data_dir: Path, server: SimulatedIndiaMart, interval: float,
              history_days: int = 7) -> None:
    db = Database.in_folder(data_dir)
    config = Config().with_value("endpoint", server.url).with_value("interval", str(interval))
    config = config.with_value("history_days", str(history_days))
    save_config(db, config)
    db.close()


def fresh_lead(server: SimulatedIndiaMart, seed: int, **fields: str) -> DemoLead:
    """Add one lead received now to the service; ``fields`` override its v2 values."""
    lead = LeadGenerator(seed).lead_at(datetime.now(IST))
    merged = {**lead.fields, **fields}
    lead = DemoLead(lead.query_id, lead.query_type, lead.received_at, lead.received_at, merged)
    server.add_leads([lead])
    return lead


@dataclass
class Desk:
    window: MainWindow
    poller: Poller
    db: Database
    keystore: KeyStore

    def close(self) -> None:
        self.window.quit()
        self.poller.shutdown(2000)
        self.window.close()
        # Delete the window now, so none of its timers fire on the closed database.
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.db.close()


def open_desk(data_dir: Path, keystore: KeyStore | None = None,
              with_key: bool = True, tray: Tray | None = None) -> Desk:
    keystore = keystore or KeyStore("test-folder")
    if with_key:
        keystore.set("v2", V2_KEY)
    db = Database.in_folder(data_dir)
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    poller = Poller(data_dir, keystore)
    window = MainWindow(data_dir, db, keystore, poller, settings, tray)
    window.show()
    poller.start()
    return Desk(window, poller, db, keystore)


def python_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.is_alive()}


def wait_for(qtbot: object, condition: Callable[[], bool], timeout: int = 10_000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)  # type: ignore[attr-defined]
