"""Export benchmark: rows per second and peak memory, against a bare openpyxl loop.

Run: ``.venv/bin/python tests/benchmarks/bench_export.py [--rows 100000]``. Each case runs
in a fresh process, so its peak resident memory is its own. The bare loop appends the
very same cell values (read from the store beforehand) to a write-only workbook and
saves it: the ratio is what our styling, safety and store query cost on top.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indiamart_desktop.export import export_leads  # noqa: E402
from indiamart_desktop.export.columns import HEADERS, row_values  # noqa: E402
from indiamart_desktop.indiamart.models import Lead  # noqa: E402
from indiamart_desktop.indiamart.times import IST  # noqa: E402
from indiamart_desktop.store.db import Database  # noqa: E402
from indiamart_desktop.store.leads import LeadStatus, LeadWriter  # noqa: E402
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort  # noqa: E402

PLACES = [("Pune", "Maharashtra", "411001"), ("Surat", "Gujarat", "395003"),
          ("Chennai", "Tamil Nadu", "600001"), ("Jaipur", "Rajasthan", "302001"),
          ("Ludhiana", "Punjab", "141001"), ("Kolkata", "West Bengal", "700001")]
PRODUCTS = ["Steel pipe", "Cotton yarn", "LED bulb", "PVC granules", "Basmati rice",
            "Solar panel", "Packaging box", "Ceramic tiles"]
MESSAGES = [
    "I am interested in {p}. Please send the best price for {q} {u} with delivery to {c}.",
    "{p} चाहिए, {q} {u}. कृपया कीमत और डिलीवरी का समय बताएं।",
    "Need {p} urgently\nQuantity: {q} {u}\nKindly call back after 5 pm.",
    "=HYPERLINK(\"http://example.com\",\"click\") {p} {q}",
]


def fill(db: Database, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=IST)
    writer = LeadWriter(db)
    batch: list[Lead] = []
    for n in range(rows):
        city, state, pin = rnd.choice(PLACES)
        product = rnd.choice(PRODUCTS)
        quantity = rnd.choice([5.0, 10.0, 2.5, 100.0, None])
        batch.append(Lead(
            query_id=str(2_000_000_000 + n), query_type=rnd.choice("WWWBBP"),
            received_at=start + timedelta(minutes=5 * n),
            sender_name=f"Buyer {n}", sender_company=f"Traders {n % 977}",
            mobile=f"+91-98{rnd.randrange(10**8):08d}", phone="02226543210",
            email=f"buyer{n}@example.com", city=city, state=state, pincode=pin,
            country_iso="IN", product=product, category="Industrial supplies",
            subject=f"Requirement for {product}",
            message=rnd.choice(MESSAGES).format(p=product, q=quantity or 1, u="kg", c=city),
            quantity=quantity, quantity_unit="kg", order_value="Rs. 10,000 to 20,000",
            requirement_type="Business use", preferred_location="Local",
            call_duration=rnd.randrange(10, 300) if n % 6 == 5 else None,
        ))
        if len(batch) == 5_000:
            writer.upsert("9999999999", batch)
            batch = []
    writer.upsert("9999999999", batch)
    for lead_id in range(1, rows + 1, 7):
        writer.set_seller_fields(lead_id, status=LeadStatus.CONTACTED, notes="Called, sent quote",
                                 follow_up=date(2024, 6, 1))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_case(case: str, db_path: Path, out: Path) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    query = LeadQuery(Database(db_path))
    if case == "bare":
        from openpyxl import Workbook

        values = [row_values(lead) for lead in query.iterate(LeadFilter(), Sort())]
        before = _peak_mb()
        started = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Leads")
        sheet.append(list(HEADERS))
        for row in values:
            sheet.append(row)
        book.save(out)
        return {"seconds": time.perf_counter() - started, "rows": len(values),
                "peak_mb": _peak_mb(), "start_mb": before}
    before = _peak_mb()
    started = time.perf_counter()
    result = export_leads(out, query, LeadFilter(), Sort())
    return {"seconds": time.perf_counter() - started, "rows": result.rows,
            "peak_mb": _peak_mb(), "start_mb": before}


def _measure(case: str, db_path: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--case", case, "--db", str(db_path), "--out", str(out)],
        check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--case", choices=("xlsx", "csv", "bare"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.db, args.out)))
        return

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        db = Database.in_folder(base / "data")
        started = time.perf_counter()
        fill(db, args.rows)
        db.close()
        print(f"{args.rows:,} leads stored in {time.perf_counter() - started:.1f} s")
        results = {}
        for case, name in (("xlsx", "leads.xlsx"), ("csv", "leads.csv"), ("bare", "bare.xlsx")):
            results[case] = figures = _measure(case, db.path, base / name)
            size = (base / name).stat().st_size / 2**20
            print(f"{case:5} {figures['rows']:>9,.0f} rows  {figures['seconds']:6.2f} s  "
                  f"{figures['rows'] / figures['seconds']:>9,.0f} rows/s  "
                  f"peak RSS {figures['peak_mb']:6.1f} MB "
                  f"(rose {figures['peak_mb'] - figures['start_mb']:.1f} MB while writing)  "
                  f"file {size:.1f} MB")
        ratio = results["xlsx"]["seconds"] / results["bare"]["seconds"]
        print(f"xlsx export / bare openpyxl write-only loop: {ratio:.2f}x "
              f"(goal: within 1.5x; the bare loop holds all values in memory beforehand and "
              f"skips the query, styles and safety)")


if __name__ == "__main__":
    main()
