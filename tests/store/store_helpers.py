"""Building leads for store tests without the normaliser."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST

BASE = datetime(2024, 3, 1, 9, 0, tzinfo=IST)


def make_lead(query_id: str | int, minutes: float = 0, **fields: Any) -> Lead:
    """A lead received ``minutes`` after BASE; the raw record mirrors the fields given."""
    values: dict[str, Any] = {
        "query_type": "W",
        "sender_name": f"Buyer {query_id}",
        "mobile": "+91-9876500000",
        "city": "Pune",
        "state": "Maharashtra",
        "product": "Steel pipe",
    }
    values.update(fields)
    raw = {"UNIQUE_QUERY_ID": str(query_id),
           **{k.upper(): str(v) for k, v in values.items() if k != "raw"}}
    raw = values.pop("raw", raw)
    return Lead(query_id=str(query_id), received_at=BASE + timedelta(minutes=minutes), raw=raw,
                **values)
