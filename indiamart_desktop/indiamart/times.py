"""IndiaMART speaks IST (UTC+05:30, no daylight saving) with no offset in its strings.

Every conversion to or from IndiaMART's text goes through here, so the machine's own
zone can never leak into a request window or a lead's time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def to_ist(moment: datetime) -> datetime:
    """Return ``moment`` in IST; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: IndiaMART times need an explicit zone")
    return moment.astimezone(IST)


def format_v2(moment: datetime) -> str:
    """Request time as ``DD-MM-YYYY HH:MM:SS`` in IST (the form IndiaMART recommends)."""
    return to_ist(moment).strftime("%d-%m-%Y %H:%M:%S")


def format_v1(moment: datetime) -> str:
    """Request time as v1's glued ``DD-MON-YYYYHH:MM:SS`` in IST (IndiaMART's v1 page)."""
    ist = to_ist(moment)
    return f"{ist.day:02d}-{_MONTHS[ist.month - 1]}-{ist.year:04d}{ist:%H:%M:%S}"


def parse_request_time(text: str) -> datetime:
    """Parse any documented request-time form into an aware IST datetime.

    Accepts ``DD-MM-YYYY HH:MM:SS``, ``DD-MON-YYYY HH:MM:SS``, ``DD-MON-YYYYHH:MM:SS`` and
    the whole-day ``DD-MON-YYYY``. Used by the simulated service.
    """
    value = text.strip().upper()
    for fmt in ("%d-%m-%Y %H:%M:%S", "%d-%b-%Y %H:%M:%S", "%d-%b-%Y%H:%M:%S", "%d-%b-%Y"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=IST)
    raise ValueError(f"not an IndiaMART time: {text!r}")


def parse_ist(text: str, fmt: str) -> datetime:
    """Parse a naive IndiaMART time string with ``fmt`` and mark it as IST."""
    return datetime.strptime(text.strip(), fmt).replace(tzinfo=IST)


def now_ist() -> datetime:
    return datetime.now(IST)
