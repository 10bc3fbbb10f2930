"""A lead's timeline: append-only events, and the lead fields derived from them.

Each event is written in the same transaction as the lead fields it changes (status,
first contact, the one open follow-up, the notes text the search index holds, a lost
reason), so the lead row never disagrees with its timeline.

Notes: an ``added`` note (the default) is appended to the lead's notes text; an ``edited``
note carries the whole text of the old single notes box as the seller left it and
replaces the notes text. Both stay on the timeline: nothing written is ever lost.

This module sits under ``store/`` (the lead writer records through it), so it needs only
SQLite and the IST helpers.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database

log = logging.getLogger(__name__)

KINDS = ("contact", "status", "note", "follow_up_set", "follow_up_done", "quotation")
CHANNELS = ("call", "whatsapp", "email", "sms")
CONTACT_OUTCOMES = ("attempted", "reached", "no_answer", "replied")
STATUSES = ("new", "contacted", "quoted", "won", "lost", "spam")
LOST_REASONS = ("price", "no_stock", "not_serious", "other")
NOTE_ADDED = "added"
NOTE_EDITED = "edited"
#: A status that says the seller has been in touch (it ends "Needs reply").
_CONTACTED_STATUSES = ("contacted", "quoted", "won")
_CHUNK = 500


class TimelineError(ValueError):
    """An event that cannot be recorded (unknown lead, kind, channel or status)."""


@dataclass(frozen=True)
class Event:
    id: str
    lead_id: int
    ts: float
    kind: str
    channel: str = ""
    outcome: str = ""
    text: str = ""
    due_ts: float | None = None
    author: str = ""

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.ts, IST)

    @property
    def due_at(self) -> datetime | None:
        return None if self.due_ts is None else datetime.fromtimestamp(self.due_ts, IST)


def _check(kind: str, channel: str, outcome: str, text: str, due_ts: float | None) -> None:
    if kind not in KINDS:
        raise TimelineError(f"unknown event kind {kind!r}")
    if kind == "contact":
        if channel not in CHANNELS:
            raise TimelineError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")
        if outcome not in CONTACT_OUTCOMES:
            raise TimelineError(f"unknown contact outcome {outcome!r}")
    if kind == "status" and outcome not in STATUSES:
        raise TimelineError(f"unknown status {outcome!r} (one of {', '.join(STATUSES)})")
    if kind == "status" and outcome == "lost" and text not in ("", *LOST_REASONS):
        raise TimelineError(f"unknown lost reason {text!r} (one of {', '.join(LOST_REASONS)})")
    if kind == "follow_up_set" and due_ts is None:
        raise TimelineError("a follow-up needs its time")


def follow_up_day(due_ts: float | None) -> str | None:
    """The IST day of a follow-up, as the old ``follow_up`` column holds it."""
    return None if due_ts is None else datetime.fromtimestamp(due_ts, IST).date().isoformat()


def morning_of(day: date) -> float:
    """09:00 IST of ``day``: when a follow-up set by day alone falls due."""
    return datetime.combine(day, time(9, 0), IST).timestamp()


def mark_answered_calls(conn: sqlite3.Connection, account: str,
                        query_ids: Sequence[str]) -> None:
    """An answered phone call (type P, duration above 0) is the lead's first contact, at
    the time it was received; inside the caller's transaction."""
    for start in range(0, len(query_ids), _CHUNK):
        chunk = query_ids[start:start + _CHUNK]
        conn.execute(
            "UPDATE leads SET first_contact_ts = received_ts WHERE account = ? AND query_id "
            f"IN ({', '.join('?' * len(chunk))}) AND query_type = 'P' AND call_duration > 0 "
            "AND first_contact_ts IS NULL", (account, *chunk))


def _derive(conn: sqlite3.Connection, event: Event) -> None:
    """Bring the lead's derived fields in step with ``event``."""
    lead = event.lead_id
    if event.kind in ("contact", "quotation"):
        promoted = "quoted" if event.kind == "quotation" else "contacted"
        conn.execute(
            "UPDATE leads SET first_contact_ts = COALESCE(first_contact_ts, ?), "
            "status = CASE WHEN status = 'new' OR (? = 'quoted' AND status = 'contacted') "
            "THEN ? ELSE status END WHERE id = ?",
            (event.ts, promoted, promoted, lead))
    elif event.kind == "status":
        contacted = event.outcome in _CONTACTED_STATUSES
        conn.execute(
            "UPDATE leads SET status = ?, lost_reason = ?, first_contact_ts = "
            "CASE WHEN ? THEN COALESCE(first_contact_ts, ?) ELSE first_contact_ts END "
            "WHERE id = ?",
            (event.outcome, event.text if event.outcome == "lost" else "", contacted,
             event.ts, lead))
    elif event.kind == "note":
        if event.outcome == NOTE_EDITED:
            conn.execute("UPDATE leads SET notes = ? WHERE id = ?", (event.text, lead))
        else:
            conn.execute(
                "UPDATE leads SET notes = CASE WHEN notes = '' THEN ?1 "
                "ELSE notes || char(10) || ?1 END WHERE id = ?2", (event.text, lead))
    elif event.kind == "follow_up_set":
        conn.execute("UPDATE leads SET follow_up_ts = ?, follow_up = ? WHERE id = ?",
                     (event.due_ts, follow_up_day(event.due_ts), lead))
    elif event.kind == "follow_up_done":
        conn.execute("UPDATE leads SET follow_up_ts = NULL, follow_up = NULL WHERE id = ?",
                     (lead,))


def append_event(conn: sqlite3.Connection, lead_id: int, kind: str, *, now: float,
                 channel: str = "", outcome: str = "", text: str = "",
                 due_ts: float | None = None, author: str = "") -> Event:
    """Append one event and update the lead, inside the caller's transaction."""
    _check(kind, channel, outcome, text, due_ts)
    if conn.execute("SELECT 1 FROM leads WHERE id = ?", (lead_id,)).fetchone() is None:
        raise TimelineError(f"no lead with id {lead_id}")
    if kind == "note" and not outcome:
        outcome = NOTE_ADDED
    event = Event(id=uuid.uuid4().hex, lead_id=lead_id, ts=float(now), kind=kind,
                  channel=channel, outcome=outcome, text=text, due_ts=due_ts, author=author)
    conn.execute(
        "INSERT INTO events (id, lead_id, ts, kind, channel, outcome, text, due_ts, author) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event.id, lead_id, event.ts, kind, channel, outcome, text, due_ts, author))
    _derive(conn, event)
    log.debug("lead %d: %s event recorded", lead_id, kind)
    return event


def record_event(db: Database, lead_id: int, kind: str, *, now: float, channel: str = "",
                 outcome: str = "", text: str = "", due_ts: float | None = None,
                 author: str = "") -> Event:
    """Append one event and update the lead's derived fields, in one transaction."""
    with db.transaction() as conn:
        return append_event(conn, lead_id, kind, now=now, channel=channel, outcome=outcome,
                            text=text, due_ts=due_ts, author=author)


def events(db: Database, lead_id: int) -> list[Event]:
    """The lead's timeline, oldest first."""
    rows = db.conn.execute(
        "SELECT id, lead_id, ts, kind, channel, outcome, text, due_ts, author FROM events "
        "WHERE lead_id = ? ORDER BY ts, rowid", (lead_id,))
    return [Event(str(r[0]), int(r[1]), float(r[2]), str(r[3]), str(r[4]), str(r[5]),
                  str(r[6]), None if r[7] is None else float(r[7]), str(r[8])) for r in rows]
