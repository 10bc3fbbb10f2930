"""One change to many leads at once (a selection in the table), in one transaction.

A status or a follow-up is recorded on each lead's timeline exactly as a single-lead edit
is (desk/timeline.py); a star or a read flag is a plain lead field, as for one lead. A
status a lead already has records nothing for that lead.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence

from indiamart_desktop.desk.timeline import LOST_REASONS, STATUSES, TimelineError, append_event
from indiamart_desktop.store.db import Database, StoreError, describe_error

log = logging.getLogger(__name__)

_CHUNK = 500


def apply_to_leads(db: Database, lead_ids: Sequence[int], *, now: float,
                   status: str | None = None, lost_reason: str = "",
                   starred: bool | None = None, read: bool | None = None,
                   follow_up_ts: float | None = None) -> list[int]:
    """Apply the given changes to every lead of ``lead_ids`` that exists; returns those
    written. ``lost_reason`` (one of LOST_REASONS) goes with the status "lost"."""
    if status is not None and status not in STATUSES:
        raise TimelineError(f"unknown status {status!r}")
    if lost_reason and (status != "lost" or lost_reason not in LOST_REASONS):
        raise TimelineError(f"a lost reason ({lost_reason!r}) goes only with the status lost")
    ids = list(dict.fromkeys(int(i) for i in lead_ids))
    sets = [(column, int(value)) for column, value in (("starred", starred), ("is_read", read))
            if value is not None]
    written: list[int] = []
    try:
        with db.transaction() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                rows = conn.execute(
                    f"SELECT id, status FROM leads WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk).fetchall()
                current = {int(row[0]): str(row[1]) for row in rows}
                for lead_id in (i for i in chunk if i in current):
                    if status is not None and current[lead_id] != status:
                        append_event(conn, lead_id, "status", now=now, outcome=status,
                                     text=lost_reason)
                    if follow_up_ts is not None:
                        append_event(conn, lead_id, "follow_up_set", now=now,
                                     due_ts=follow_up_ts)
                    written.append(lead_id)
                for column, value in sets:
                    conn.execute(f"UPDATE leads SET {column} = ? WHERE id IN "
                                 f"({', '.join('?' * len(chunk))})", (value, *chunk))
    except sqlite3.Error as error:
        raise StoreError(describe_error(error, db.path)) from error
    log.info("A change was applied to %d selected leads", len(written))
    return written
