"""Per-account sync state and the call log, kept in the database so that every process
(the desktop, a terminal ``sync``, a restart after a crash) sees the same truth."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone

from indiamart_desktop.store.db import Database

_TIME_FIELDS = ("last_call_at", "covered_until", "backfill_from", "backfill_target",
                "not_before", "failing_since", "last_success_at")


def _to_epoch(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def _from_epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, timezone.utc)


@dataclass(frozen=True)
class SyncState:
    """Where polling stands for one account. Times are aware datetimes (UTC)."""

    account: str
    last_call_at: datetime | None = None
    covered_until: datetime | None = None
    backfill_from: datetime | None = None
    backfill_target: datetime | None = None
    not_before: datetime | None = None
    key_state: str = "ok"
    key_message: str = ""
    failures: int = 0
    failing_since: datetime | None = None
    last_kind: str = ""
    last_outcome: str = ""
    last_success_at: datetime | None = None

    def with_(self, **changes: object) -> SyncState:
        return replace(self, **changes)  # type: ignore[arg-type]


_COLUMNS = tuple(f.name for f in fields(SyncState))


def load_state(conn: sqlite3.Connection, account: str) -> SyncState:
    row = conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM sync_state WHERE account = ?", (account,)
    ).fetchone()
    if row is None:
        return SyncState(account=account)
    values = dict(zip(_COLUMNS, row, strict=True))
    for name in _TIME_FIELDS:
        values[name] = _from_epoch(values[name])
    return SyncState(**values)


def save_state(conn: sqlite3.Connection, state: SyncState) -> None:
    values = [
        _to_epoch(getattr(state, name)) if name in _TIME_FIELDS else getattr(state, name)
        for name in _COLUMNS
    ]
    marks = ", ".join("?" * len(_COLUMNS))
    conn.execute(
        f"INSERT OR REPLACE INTO sync_state ({', '.join(_COLUMNS)}) VALUES ({marks})", values
    )


_SALT_SETTING = "sync.key_salt"
_REFUSED_SETTING = "sync.refused_key."


def _salt(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT value FROM settings WHERE name = ?", (_SALT_SETTING,)).fetchone()
    return None if row is None else bytes.fromhex(str(row[0]))


def _fingerprint(salt: bytes, key: str) -> str:
    """HMAC-SHA256 of ``key`` under the database's own random salt: enough to tell whether
    a key is the one IndiaMART refused, and never the key itself."""
    return hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()


def remember_refused_key(conn: sqlite3.Connection, account: str, key: str) -> None:
    """Note (as a keyed hash) that IndiaMART refused ``key`` for ``account``; call it inside
    a write transaction. The salt is made, at random, on first use."""
    salt = _salt(conn)
    if salt is None:
        salt = secrets.token_bytes(32)
        conn.execute("INSERT INTO settings (name, value) VALUES (?, ?)",
                     (_SALT_SETTING, salt.hex()))
    conn.execute(
        "INSERT INTO settings (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (_REFUSED_SETTING + account, _fingerprint(salt, key)),
    )


def is_refused_key(conn: sqlite3.Connection, account: str, key: str) -> bool:
    """Whether ``key`` is the key IndiaMART last refused for ``account`` (``False`` when no
    refused key was noted, as in a database from before this note was kept). Reads only."""
    row = conn.execute("SELECT value FROM settings WHERE name = ?",
                       (_REFUSED_SETTING + account,)).fetchone()
    salt = _salt(conn)
    if row is None or salt is None:
        return False
    return hmac.compare_digest(str(row[0]), _fingerprint(salt, key))


@dataclass(frozen=True)
class CallRecord:
    id: int
    account: str
    started_at: datetime
    finished_at: datetime | None
    kind: str
    window_start: datetime
    window_end: datetime
    outcome: str
    new: int
    updated: int
    skipped: int
    duration: float | None
    message: str


def log_call_start(
    conn: sqlite3.Connection, account: str, started_at: datetime, kind: str,
    window_start: datetime, window_end: datetime,
) -> int:
    cursor = conn.execute(
        "INSERT INTO call_log (account, started_at, kind, window_start, window_end) "
        "VALUES (?, ?, ?, ?, ?)",
        (account, started_at.timestamp(), kind, window_start.timestamp(), window_end.timestamp()),
    )
    return int(cursor.lastrowid or 0)


def log_call_end(
    conn: sqlite3.Connection, call_id: int, finished_at: datetime, outcome: str,
    new: int, updated: int, skipped: int, duration: float, message: str,
) -> None:
    conn.execute(
        "UPDATE call_log SET finished_at = ?, outcome = ?, new = ?, updated = ?, skipped = ?, "
        "duration = ?, message = ? WHERE id = ?",
        (finished_at.timestamp(), outcome, new, updated, skipped, duration, message, call_id),
    )


def end_open_call(
    conn: sqlite3.Connection, call_id: int, finished_at: datetime, outcome: str, message: str,
) -> None:
    """Close a call-log row that is still open (a step interrupted before it logged)."""
    conn.execute(
        "UPDATE call_log SET finished_at = ?, outcome = ?, message = ? "
        "WHERE id = ? AND finished_at IS NULL",
        (finished_at.timestamp(), outcome, message, call_id),
    )


def recent_calls(db: Database, account: str = "", limit: int = 500) -> list[CallRecord]:
    sql = ("SELECT id, account, started_at, finished_at, kind, window_start, window_end, "
           "outcome, new, updated, skipped, duration, message FROM call_log")
    args: list[object] = []
    if account:
        sql += " WHERE account = ?"
        args.append(account)
    sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
    args.append(limit)
    out = []
    for row in db.conn.execute(sql, args):
        values = list(row)
        for index in (2, 3, 5, 6):
            values[index] = _from_epoch(values[index])
        out.append(CallRecord(*values))
    return out
