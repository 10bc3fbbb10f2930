"""Leads for desk tests, stored through the real normaliser and upsert (made-up buyers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from indiamart_desktop.indiamart.normalize import normalize_v2
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter

#: The tests' "received" origin: 12-09-2026 09:00 IST.
BASE = datetime(2026, 9, 12, 9, 0, tzinfo=IST)


def record(query_id: int | str, minutes: float = 0, **fields: Any) -> dict[str, Any]:
    """A v2 record received ``minutes`` after BASE; ``fields`` are v2 keys."""
    values: dict[str, Any] = {
        "UNIQUE_QUERY_ID": str(query_id),
        "QUERY_TIME": (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S"),
        "QUERY_TYPE": "W",
        "SENDER_NAME": f"Buyer {query_id}",
        "SENDER_MOBILE": f"+91-98{int(str(query_id)[-6:] or 0):08d}",
        "QUERY_PRODUCT_NAME": "Steel Pipes",
    }
    values.update(fields)
    return values


def arrive(db: Database, *records: dict[str, Any], account: str = "main") -> None:
    LeadWriter(db).upsert(account, [normalize_v2(r) for r in records])


def lead_id(db: Database, query_id: str | int) -> int:
    row = db.conn.execute("SELECT id FROM leads WHERE query_id = ?", (str(query_id),)).fetchone()
    return int(row[0])


def at(minutes: float) -> float:
    """Epoch seconds ``minutes`` after BASE."""
    return (BASE + timedelta(minutes=minutes)).timestamp()
