"""GUI benchmark: a 1,000,000-lead database, then launch-to-usable-window time, filter and
search time, and peak memory of the desktop process.

Usage: python tests/benchmarks/bench_gui.py [--leads N] [--db-dir DIR]
Goals (issue "Desktop app"): launch < 2 s, filter/search < 100 ms, peak memory < 300 MB.
The database is built once and reused from DIR (default /tmp/indiamart-bench-1m).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter

CITIES = [("Mumbai", "Maharashtra"), ("Pune", "Maharashtra"), ("Jaipur", "Rajasthan"),
          ("Surat", "Gujarat"), ("Ahmedabad", "Gujarat"), ("Chennai", "Tamil Nadu"),
          ("Kochi", "Kerala"), ("Lucknow", "Uttar Pradesh"), ("Patna", "Bihar"),
          ("Hyderabad", "Telangana"), ("Ludhiana", "Punjab"), ("Indore", "Madhya Pradesh")]
PRODUCTS = ["Steel Pipes", "PVC Pipe Fittings", "Cotton Fabric", "Electric Motor 5 HP",
            "LED Panel Light", "Submersible Pump", "Basmati Rice", "CCTV Camera",
            "Office Chair", "Solar Panel", "Ball Bearings", "Turmeric Powder"]
NAMES = ["Aarav", "Priya", "Rahul", "Anita", "Vinod", "Kavita", "Suresh", "Pooja", "Amit"]
SURNAMES = ["Sharma", "Patel", "Nair", "Iyer", "Singh", "Gupta", "Rao", "Das", "Jain"]


def build(db_dir: Path, count: int) -> Path:
    path = db_dir / "leads.sqlite3"
    if path.exists():
        db = Database(path)
        have = db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
        db.close()
        if have >= count:
            return db_dir
        path.unlink()
    db_dir.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    writer = LeadWriter(db)
    rng = random.Random(1)
    start = datetime(2025, 1, 1, tzinfo=IST)
    began = time.perf_counter()
    batch: list[Lead] = []
    for number in range(count):
        city, state = rng.choice(CITIES)
        product = rng.choice(PRODUCTS)
        batch.append(Lead(
            query_id=str(2_000_000_000 + number), query_type=rng.choice("WWWBBP"),
            received_at=start + timedelta(seconds=number * 30),
            sender_name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}", city=city, state=state,
            mobile=f"+91-9{rng.randrange(10**8, 10**9)}", product=product,
            message=f"I want to buy {product}.\nQuantity : {rng.randint(1, 500)}",
            raw={"n": number}))
        if len(batch) == 20_000:
            writer.upsert("main", batch)
            batch.clear()
            print(f"  built {number + 1:,} leads ({time.perf_counter() - began:.0f} s)",
                  flush=True)
    writer.upsert("main", batch)
    db.close()
    return db_dir


CHILD = r"""
import os, resource, sys, time
t0 = float(sys.argv[2])
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.db import Database
from indiamart_desktop.ui.app import make_application
from indiamart_desktop.ui.filter_state import FilterState
from indiamart_desktop.ui.main_window import MainWindow
from indiamart_desktop.ui.poller import Poller
from pathlib import Path
data = Path(sys.argv[1])
app = make_application()
db = Database.in_folder(data)
settings = QSettings(str(data / "bench.ini"), QSettings.Format.IniFormat)
settings.clear()
poller = Poller(data, KeyStore("test-folder"))
window = MainWindow(data, db, KeyStore("test-folder"), poller, settings, None)
window.show()
while window.model.rowCount() == 0 or not window.isVisible():
    app.processEvents()
window.table.viewport().repaint()
app.processEvents()
launch = time.time() - t0

def timed(state):
    began = time.perf_counter()
    window._apply_filter(state)
    window.table.viewport().repaint()
    app.processEvents()
    return (time.perf_counter() - began) * 1000, window.model.rowCount()

results = []
for label, state in (
        ("type = buy-lead", FilterState(types=("B",))),
        ("state = Gujarat", FilterState(state="Gujarat")),
        ("last 7 days", FilterState(preset="last7")),
        ("search 'steel'", FilterState(search="steel")),
        ("search 'pump' + type W", FilterState(search="pump", types=("W",))),
        ("search '98765' (mobile)", FilterState(search="98765")),
        ("clear", FilterState())):
    ms, rows = timed(state)
    results.append((label, ms, rows))
began = time.perf_counter()
window.table.scrollToBottom()
window.table.viewport().repaint()
app.processEvents()
scroll = (time.perf_counter() - began) * 1000
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"LAUNCH {launch:.2f}")
for label, ms, rows in results:
    print(f"FILTER {label}|{ms:.1f}|{rows}")
print(f"SCROLL {scroll:.1f}")
print(f"PEAK {peak:.0f}")
window.quit(); poller.shutdown(1000); db.close()
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--db-dir", type=Path, default=Path("/tmp/indiamart-bench-1m"))
    args = parser.parse_args()
    print(f"Database of {args.leads:,} leads in {args.db_dir}")
    data = build(args.db_dir, args.leads)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, str(data), repr(started)],
                         capture_output=True, text=True, env=env, check=True).stdout
    print(f"platform: {env['QT_QPA_PLATFORM']}")
    for line in out.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "LAUNCH":
            print(f"launch to usable window: {float(rest):.2f} s   (goal < 2 s)")
        elif kind == "FILTER":
            label, ms, rows = rest.split("|")
            print(f"apply {label:<28} {float(ms):7.1f} ms  {int(rows):>9,} rows   "
                  f"(goal < 100 ms)")
        elif kind == "SCROLL":
            print(f"scroll to the last row:       {float(rest):7.1f} ms")
        elif kind == "PEAK":
            print(f"peak memory (max RSS): {rest} MB   (goal < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
