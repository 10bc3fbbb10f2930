"""Writing leads: upsert from IndiaMART, and the seller's own fields."""

from __future__ import annotations

import enum
import itertools
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from indiamart_desktop.desk.buyers import refresh_buyers
from indiamart_desktop.desk.timeline import (
    NOTE_EDITED,
    append_event,
    follow_up_day,
    mark_answered_calls,
    morning_of,
)
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.store.db import Database, StoreError, describe_error
from indiamart_desktop.store.query import LeadFilter, where_clause

log = logging.getLogger(__name__)


class LeadStatus(enum.Enum):
    NEW = "new"
    CONTACTED = "contacted"
    QUOTED = "quoted"
    WON = "won"
    LOST = "lost"
    SPAM = "spam"


#: The IndiaMART-owned columns, in the order an upsert writes them.
LEAD_COLUMNS: tuple[str, ...] = (
    "query_type", "received_ts", "api_version", "sender_name", "sender_company", "mobile",
    "mobile_raw", "mobile_alt", "phone", "phone_alt", "email", "email_alt", "subject",
    "address", "city", "state", "pincode", "country_iso", "product", "category", "message",
    "quantity", "quantity_unit", "order_value", "order_value_min", "order_value_max",
    "requirement_type", "preferred_location", "call_duration", "receiver_mobile", "raw_json",
)

_INSERT = (
    f"INSERT INTO leads (account, query_id, {', '.join(LEAD_COLUMNS)}, first_seen_ts, updated_ts) "
    f"VALUES ({', '.join('?' * (len(LEAD_COLUMNS) + 4))}) "
    "ON CONFLICT (account, query_id) DO NOTHING"
)
# The seller's own fields (status, notes, follow_up, starred, is_read) are never listed here.
_UPDATE = (
    f"UPDATE leads SET {', '.join(f'{c} = ?' for c in LEAD_COLUMNS)}, updated_ts = ? "
    "WHERE account = ? AND query_id = ?"
)
_CHUNK = 500
#: Leads normalised and written at a time: memory stays bounded whatever the answer's size.
BATCH = 2000


@dataclass(frozen=True)
class UpsertResult:
    new_ids: list[int] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0

    @property
    def new(self) -> int:
        return len(self.new_ids)


def _raw_json(raw: dict[str, object]) -> str:
    text = json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" is valid JSON) cannot be stored as UTF-8 text and
        # would sink the whole batch: keep such a record's raw form \u-escaped instead.
        text = json.dumps(raw, ensure_ascii=True, sort_keys=True, default=str)
    return text


def _batches(leads: Iterable[Lead]) -> Iterator[list[Lead]]:
    iterator = iter(leads)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def _values(lead: Lead) -> tuple[object, ...]:
    raw_json = _raw_json(lead.raw)
    return (
        lead.query_type, int(lead.received_at.timestamp()), lead.api_version, lead.sender_name,
        lead.sender_company, lead.mobile, lead.mobile_raw, lead.mobile_alt, lead.phone,
        lead.phone_alt, lead.email, lead.email_alt, lead.subject, lead.address, lead.city,
        lead.state, lead.pincode, lead.country_iso, lead.product, lead.category, lead.message,
        lead.quantity, lead.quantity_unit, lead.order_value, lead.order_value_min,
        lead.order_value_max, lead.requirement_type, lead.preferred_location,
        lead.call_duration, lead.receiver_mobile, raw_json,
    )


class LeadWriter:
    """Upserts leads of one account; never touches the seller's own fields."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert(self, account: str, leads: Iterable[Lead]) -> UpsertResult:
        """Store ``leads`` in one transaction; report which were new and which changed.

        ``leads`` is read :data:`BATCH` at a time (a lazy iterable keeps memory bounded
        however large the answer), all inside the one transaction: if anything fails,
        reading or writing, nothing of ``leads`` is stored. A query id seen twice is kept
        once (the first).
        """
        now = int(time.time())
        batches = _batches(leads)
        batch = next(batches, None)
        if batch is None:
            return UpsertResult()
        result = UpsertResult()
        seen: set[str] = set()
        try:
            with self.db.transaction() as conn:
                while batch is not None:
                    rows = {lead.query_id: _values(lead) for lead in batch
                            if lead.query_id not in seen}
                    batch = None  # the leads are no longer needed: only their rows
                    seen.update(rows)
                    result = self._write(conn, account, rows, now, result)
                    batch = next(batches, None)
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.db.path)) from error
        return result

    def _write(self, conn: sqlite3.Connection, account: str, rows: dict[str, tuple[object, ...]],
               now: int, so_far: UpsertResult) -> UpsertResult:
        """Insert the new rows of one batch, update the changed ones; add to ``so_far``."""
        existing = self._existing(conn, account, list(rows))
        fresh = [qid for qid in rows if qid not in existing]
        changed = [q for q in rows if q in existing and existing[q] != rows[q][-1]]
        conn.executemany(_INSERT, ((account, qid, *rows[qid], now, now) for qid in fresh))
        conn.executemany(_UPDATE, ((*rows[qid], now, account, qid) for qid in changed))
        mark_answered_calls(conn, account, [*fresh, *changed])
        refresh_buyers(conn, account, [*fresh, *changed])
        so_far.new_ids.extend(self._ids(conn, account, fresh))
        return UpsertResult(new_ids=so_far.new_ids, updated=so_far.updated + len(changed),
                            unchanged=so_far.unchanged + len(rows) - len(fresh) - len(changed))

    @staticmethod
    def _existing(conn: sqlite3.Connection, account: str, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT query_id, raw_json FROM leads WHERE account = ? AND query_id IN ({marks})",
                (account, *chunk),
            ):
                found[row[0]] = row[1]
        return found

    @staticmethod
    def _ids(conn: sqlite3.Connection, account: str, query_ids: Sequence[str]) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(query_ids), _CHUNK):
            chunk = query_ids[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            ids.extend(
                int(row[0]) for row in conn.execute(
                    f"SELECT id FROM leads WHERE account = ? AND query_id IN ({marks}) "
                    "ORDER BY received_ts",
                    (account, *chunk),
                )
            )
        return ids

    def set_seller_fields(
        self,
        lead_id: int,
        *,
        status: LeadStatus | None = None,
        notes: str | None = None,
        follow_up: date | bool | None = False,
        starred: bool | None = None,
        read: bool | None = None,
        lost_reason: str = "",
        now: float | None = None,
    ) -> None:
        """Change the seller's own fields of one lead; ``follow_up=None`` clears the date.

        A changed status, notes text or follow-up is recorded on the lead's timeline
        (desk/timeline.py) in the same transaction: ``notes`` is the whole text of the
        notes box (an "edited" note that replaces the notes text), a follow-up day falls
        due at 09:00 IST (one already open on that day keeps its time), clearing it marks
        it done. An unchanged value records nothing.
        """
        when = time.time() if now is None else now
        sets: list[str] = []
        args: list[object] = []
        if starred is not None:
            sets.append("starred = ?")
            args.append(int(starred))
        if read is not None:
            sets.append("is_read = ?")
            args.append(int(read))
        try:
            with self.db.transaction() as conn:
                row = conn.execute("SELECT status, notes, follow_up_ts FROM leads WHERE id = ?",
                                   (lead_id,)).fetchone()
                if row is None:
                    return
                if status is not None and status.value != row[0]:
                    append_event(conn, lead_id, "status", now=when, outcome=status.value,
                                 text=lost_reason)
                if notes is not None and notes != row[1]:
                    append_event(conn, lead_id, "note", now=when, outcome=NOTE_EDITED,
                                 text=notes)
                if follow_up is not False:
                    self._follow_up(conn, lead_id, follow_up, row[2], when)
                if sets:
                    conn.execute(f"UPDATE leads SET {', '.join(sets)} WHERE id = ?",
                                 (*args, lead_id))
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.db.path)) from error

    @staticmethod
    def _follow_up(conn: sqlite3.Connection, lead_id: int, day: date | bool | None,
                   open_ts: float | None, now: float) -> None:
        if not isinstance(day, date):
            if open_ts is not None:
                append_event(conn, lead_id, "follow_up_done", now=now)
        elif follow_up_day(open_ts) != day.isoformat():
            append_event(conn, lead_id, "follow_up_set", now=now, due_ts=morning_of(day))

    def set_read(self, lead_ids: Sequence[int], read: bool) -> None:
        """Mark these leads read (or unread again), in one transaction."""
        try:
            with self.db.transaction() as conn:
                for start in range(0, len(lead_ids), _CHUNK):
                    chunk = list(lead_ids[start:start + _CHUNK])
                    conn.execute(f"UPDATE leads SET is_read = ? WHERE id IN "
                                 f"({', '.join('?' * len(chunk))})", (int(read), *chunk))
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.db.path)) from error

    def mark_read(self, flt: LeadFilter) -> list[int]:
        """Mark every unread lead matching ``flt`` read; returns their ids (to undo)."""
        where, args = where_clause(replace(flt, unread_only=True, keep_ids=frozenset()))
        try:
            with self.db.transaction() as conn:
                ids = [int(row[0]) for row in conn.execute(f"SELECT id FROM leads{where}", args)]
                conn.execute(f"UPDATE leads SET is_read = 1{where}", args)
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.db.path)) from error
        return ids
