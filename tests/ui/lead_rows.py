"""Leads written straight into a real database file, for window tests without a server."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter


def add_leads(data_dir: Path, count: int, query_type: str = "W",
              start: datetime | None = None) -> list[int]:
    """``count`` unread leads, one a minute back from ``start``; their ids, oldest first."""
    start = start or datetime.now(IST) - timedelta(minutes=5)
    leads = [Lead(query_id=str(5_000_000 + n), query_type=query_type,
                  received_at=start - timedelta(minutes=n), sender_name=f"Buyer {n:03d}",
                  city="Pune", product="Steel pipes", mobile="+91-9000000000")
             for n in range(count)]
    db = Database.in_folder(data_dir)
    try:
        return LeadWriter(db).upsert("main", leads).new_ids
    finally:
        db.close()
