from __future__ import annotations

from datetime import datetime, timedelta, timezone

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.ui import texts


def test_indian_grouping_and_ranges() -> None:
    assert texts.indian_grouping(100000) == "1,00,000"
    assert texts.indian_grouping(12345678) == "1,23,45,678"
    assert texts.indian_grouping(999) == "999"
    assert texts.rupees(3000, 10000) == "₹3,000 – ₹10,000"
    assert texts.rupees(None, 5000) == "up to ₹5,000"
    assert texts.rupees(1000000, None) == "₹10,00,000 and above"
    assert texts.rupees(None, None) == ""


def test_received_text_reads_like_a_seller_would() -> None:
    now = datetime(2025, 3, 14, 11, 0, tzinfo=IST)
    assert texts.received_text(datetime(2025, 3, 14, 10, 42, tzinfo=IST), now) == "10:42"
    assert texts.received_text(now - timedelta(hours=17), now) == "Yesterday 18:00"
    assert texts.received_text(datetime(2025, 1, 2, 9, 5, tzinfo=IST), now) == "02 Jan 09:05"
    assert texts.received_text(datetime(2024, 1, 2, 9, 5, tzinfo=IST), now) == "02 Jan 2024"
    # Shown in IST whatever the zone of the value.
    assert texts.received_text(datetime(2025, 3, 13, 23, 42, tzinfo=timezone.utc), now) == "05:12"
