"""The seller's work queues: SQL over lead rows, each a range of one partial index.

- **Needs reply**: leads other than phone calls with no contact yet and an open status
  (not won, lost or spam), oldest first. "Among equals" means received in the same IST
  clock hour (IST is UTC+05:30, hence the 1800 s shift): within one hour, purchased
  BuyLeads (type B) come first (other suppliers bought the same lead), then the oldest.
- **Missed calls**: phone-call leads (P) whose call lasted nothing (empty or 0 s), with no
  contact since and an open status, oldest first. An answered call is itself a contact.
- **Follow-ups**: an open follow-up due by the end of today (IST), overdue first.
- **Repeat buyers**: leads of a buyer with more than one lead; **Starred**; **All**, newest
  first.

The WHERE fragments repeat the partial indexes' conditions of schema 3 word for word, so
SQLite counts and pages each queue from its index, never by reading every lead. This
module sits under ``store/`` (``store.query`` uses it) and needs only SQLite.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Mapping
from datetime import datetime, time, timedelta

from indiamart_desktop.indiamart.times import IST

log = logging.getLogger(__name__)


class View(enum.Enum):
    NEEDS_REPLY = "needs-reply"
    MISSED_CALLS = "missed-calls"
    FOLLOW_UPS = "follow-ups"
    REPEAT_BUYERS = "repeat-buyers"
    STARRED = "starred"
    ALL = "all"


_OPEN = "leads.status NOT IN ('won', 'lost', 'spam')"
_WHERE: dict[View, str] = {
    View.NEEDS_REPLY: f"leads.first_contact_ts IS NULL AND leads.query_type <> 'P' AND {_OPEN}",
    View.MISSED_CALLS: ("leads.first_contact_ts IS NULL AND leads.query_type = 'P' "
                        "AND (leads.call_duration IS NULL OR leads.call_duration = 0) "
                        f"AND {_OPEN}"),
    View.FOLLOW_UPS: "leads.follow_up_ts IS NOT NULL AND leads.follow_up_ts <= ?",
    View.REPEAT_BUYERS: "leads.buyer_leads > 1",
    View.STARRED: "leads.starred = 1",
    View.ALL: "",
}
#: Each queue's partial index (schema 3). Queries name it (INDEXED BY): when a queue holds
#: most leads, SQLite's statistics would otherwise pick a scan of the whole table.
_INDEX: dict[View, str] = {
    View.NEEDS_REPLY: "leads_needs_reply",
    View.MISSED_CALLS: "leads_missed_calls",
    View.FOLLOW_UPS: "leads_follow_ups",
    View.REPEAT_BUYERS: "leads_repeat_buyers",
    View.STARRED: "leads_starred",
    View.ALL: "",
}
_ORDER: dict[View, str] = {
    View.NEEDS_REPLY: ("ORDER BY (leads.received_ts + 1800) / 3600, leads.query_type <> 'B', "
                       "leads.received_ts, leads.id"),
    View.MISSED_CALLS: "ORDER BY leads.received_ts, leads.id",
    View.FOLLOW_UPS: "ORDER BY leads.follow_up_ts, leads.id",
    View.REPEAT_BUYERS: "ORDER BY leads.received_ts DESC, leads.id DESC",
    View.STARRED: "ORDER BY leads.received_ts DESC, leads.id DESC",
    View.ALL: "ORDER BY leads.received_ts DESC, leads.id DESC",
}

#: Settings the seller can change: the age (minutes) at which a waiting lead turns amber
#: and then red.
AMBER_SETTING = "desk_age_amber_minutes"
RED_SETTING = "desk_age_red_minutes"
DEFAULT_AMBER_MINUTES = 30
DEFAULT_RED_MINUTES = 120


def parse_view(text: str) -> View:
    """The view named ``text`` ("needs-reply", ...); ValueError for another name."""
    try:
        return View(text.strip().lower())
    except ValueError:
        names = ", ".join(v.value for v in View)
        raise ValueError(f"unknown view {text!r} (one of {names})") from None


def end_of_today(now: float) -> float:
    """The first instant of tomorrow in IST: follow-ups before it are due today."""
    today = datetime.fromtimestamp(now, IST).date()
    return datetime.combine(today + timedelta(days=1), time(0, 0), IST).timestamp()


def view_where(view: View, now: float) -> tuple[str, list[object]]:
    """The view's condition ("" for all leads) and its parameters."""
    args: list[object] = [end_of_today(now)] if view is View.FOLLOW_UPS else []
    return _WHERE[view], args


def view_source(view: View) -> str:
    """What follows ``FROM`` for the view: the lead table, through the view's index."""
    return f"leads INDEXED BY {_INDEX[view]}" if _INDEX[view] else "leads"


def view_order(view: View) -> str:
    """The view's own ORDER BY clause."""
    return _ORDER[view]


def counts(conn: sqlite3.Connection, now: float) -> dict[View, int]:
    """Every queue's count in one query (each part counts one index)."""
    parts: list[str] = []
    args: list[object] = []
    for view in View:
        where, view_args = view_where(view, now)
        condition = f" WHERE {where}" if where else ""
        parts.append(f"(SELECT COUNT(*) FROM {view_source(view)}{condition})")
        args.extend(view_args)
    row = conn.execute(f"SELECT {', '.join(parts)}", args).fetchone()
    return {view: int(row[i]) for i, view in enumerate(View)}


def _minutes(settings: Mapping[str, str], name: str, default: int) -> int:
    try:
        value = int(settings.get(name, default))
    except ValueError:
        log.warning("setting %s is not a whole number of minutes; using %d", name, default)
        return default
    return value if value > 0 else default


def age_thresholds(settings: Mapping[str, str]) -> tuple[int, int]:
    """(amber, red) in seconds; red is never before amber."""
    amber = _minutes(settings, AMBER_SETTING, DEFAULT_AMBER_MINUTES)
    red = _minutes(settings, RED_SETTING, DEFAULT_RED_MINUTES)
    return amber * 60, max(amber, red) * 60


def age_level(seconds: float, settings: Mapping[str, str]) -> str:
    """"ok", "amber" or "red" for a lead waiting ``seconds``."""
    amber, red = age_thresholds(settings)
    if seconds >= red:
        return "red"
    return "amber" if seconds >= amber else "ok"


def age_text(seconds: float) -> str:
    """A waiting time the way a seller says it: "12 min", "3 h", "2 d"."""
    minutes = max(int(seconds // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"
