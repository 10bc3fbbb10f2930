"""Render the README's screenshots from a real window on the simulated IndiaMART service.

Usage: python tools/screenshots.py OUT_DIR   (an X display or QT_QPA_PLATFORM=offscreen)
Writes main-window.png, detail-pane.png, settings.png, needs-reply.png (the work queue),
timeline.png (a lead's detail pane with its timeline) and quotation.png (the first page of a
quotation PDF; needs pdftoppm from poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from indiamart_desktop.config import load_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.desk.queues import View
from indiamart_desktop.desk.quotation import Buyer, Letterhead, Quotation, QuoteLine
from indiamart_desktop.desk.timeline import record_event
from indiamart_desktop.store.db import Database
from indiamart_desktop.ui.app import DemoService, make_application
from indiamart_desktop.ui.main_window import MainWindow
from indiamart_desktop.ui.poller import Poller
from indiamart_desktop.ui.quotation_pdf import save_quotation_pdf
from indiamart_desktop.ui.settings_dialog import SettingsDialog


def pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    data_dir = Path(tempfile.mkdtemp(prefix="indiamart-shots-"))
    db = Database.in_folder(data_dir)
    keystore = KeyStore.for_database(db)
    demo = DemoService()
    demo.start(db, keystore)
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    poller = Poller(data_dir, keystore)
    window = MainWindow(data_dir, db, keystore, poller, settings, None, demo=True)
    window.resize(1440, 860)
    window.show()
    poller.start()
    deadline = time.monotonic() + 20
    while window.model.rowCount() == 0 and time.monotonic() < deadline:
        pump(app, 0.1)
    pump(app, 2.5)  # let history import fill in a little
    window.table.selectRow(2)
    pump(app, 0.5)
    window.grab().save(str(out / "main-window.png"))
    window.detail.grab().save(str(out / "detail-pane.png"))
    dialog = SettingsDialog(load_config(db), db, keystore, data_dir, settings, window)
    dialog.show()
    pump(app, 0.5)
    dialog.grab().save(str(out / "settings.png"))
    dialog.close()

    window.desk.sidebar.select(View.NEEDS_REPLY)
    pump(app, 1.0)
    window.grab().save(str(out / "needs-reply.png"))
    _timeline(app, window, out)
    _quotation(out, data_dir)
    window.quit()
    poller.shutdown(2000)
    demo.stop()
    db.close()
    print(f"Screenshots written to {out}")
    return 0


def _timeline(app: QApplication, window: MainWindow, out: Path) -> None:
    """A lead with a call, its outcome, a note and a follow-up, as the pane shows it."""
    window.table.selectRow(0)
    pump(app, 0.5)
    lead = window.detail.lead
    if lead is None:
        return
    now = time.time()
    record_event(window.db, lead.id, "contact", now=now - 3600, channel="call",
                 outcome="no_answer")
    record_event(window.db, lead.id, "contact", now=now - 1800, channel="whatsapp",
                 outcome="replied")
    record_event(window.db, lead.id, "note", now=now - 1700,
                 text="Wants 200 m of 2-inch pipe; asked for a price with delivery.")
    record_event(window.db, lead.id, "follow_up_set", now=now - 1600, due_ts=now + 86400)
    window.show_lead(lead.id)
    pump(app, 1.0)
    window.detail.grab().save(str(out / "timeline.png"))


def _quotation(out: Path, data_dir: Path) -> None:
    """The first page of a made-up quotation, rendered by pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing (poppler-utils): quotation.png not made")
        return
    d = Decimal
    quote = Quotation(
        "Q-2026-0001", date(2026, 12, 4),
        Letterhead("Asha Rao", "Rao Pipes & Fittings", "Plot 4, MIDC Bhosari\nPune 411026",
                   "27ABCDE1234F1Z5", "+91 98765 00000", "Maharashtra"),
        Buyer("Vinod Das", "Das Constructions", "Nashik", "Maharashtra"),
        (QuoteLine("MS Steel Pipe 2 inch", d("200"), "m", d("1250"), d("18"), "7306"),
         QuoteLine("GI Elbow 2 inch", d("40"), "pcs", d("85.50"), d("18"), "7307")),
        validity_days=15, terms="Payment: 50% advance.\nDelivery: 7 days from order.")
    pdf = save_quotation_pdf(quote, data_dir / "quotations")
    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",  # noqa: S603
                    str(pdf), str(out / "quotation")], check=True, timeout=60)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
