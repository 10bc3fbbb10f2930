"""Recognising a buyer who comes back.

A buyer is one mobile number, primary or alternate, by its national digits (``+91``, a
trunk ``0``, spaces and dashes do not matter), or without one, one e-mail address
(ASCII letters case-insensitive, as SQLite's ``lower`` folds them). Each lead keeps its
``buyer_key`` and ``buyer_alt_key`` (the alternate mobile) and ``buyer_leads``: how many
leads share a key with it. Two leads are the same buyer when any key of one equals any
key of the other. Every lookup is an index lookup (``leads_buyer``, ``leads_buyer_alt``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database

log = logging.getLogger(__name__)

_CHUNK = 400
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

#: The leads whose key or alternate key is one of two keys ("" matches nothing).
_COUNT_BUYER = """
    SELECT COUNT(*) FROM (
        SELECT id FROM leads WHERE buyer_key <> '' AND buyer_key IN (?, ?)
        UNION SELECT id FROM leads WHERE buyer_alt_key <> '' AND buyer_alt_key IN (?, ?))
"""


def mobile_key(mobile: str) -> str:
    """The national digits of a stored mobile ("" for none).

    The normaliser stores every number as "+<code>-<number>" ("+91-9876543210", from
    "098765 43210" or "+91 98765-43210" alike), so the digits after the code are the key:
    the same rule schema 3's migration applies in SQL, without parsing again.
    """
    number = mobile.partition("-")[2] if "-" in mobile else mobile
    return number.replace("-", "").strip()


def buyer_keys(mobile: str, mobile_alt: str, email: str) -> tuple[str, str]:
    """(buyer_key, buyer_alt_key) of a lead."""
    primary = mobile_key(mobile) or email.strip().translate(_ASCII_LOWER)
    return primary, mobile_key(mobile_alt)


def _chunks(items: Sequence[object]) -> list[Sequence[object]]:
    return [items[start:start + _CHUNK] for start in range(0, len(items), _CHUNK)]


def _marks(chunk: Sequence[object]) -> str:
    return ", ".join("?" * len(chunk))


def refresh_buyers(conn: sqlite3.Connection, account: str, query_ids: Sequence[str]) -> None:
    """Set the keys of these (new or changed) leads and recount every lead of their
    buyers, inside the caller's transaction."""
    touched: set[str] = set()
    for chunk in _chunks(list(query_ids)):
        rows = conn.execute(
            "SELECT id, mobile, mobile_alt, email, buyer_key, buyer_alt_key FROM leads "
            f"WHERE account = ? AND query_id IN ({_marks(chunk)})", (account, *chunk)).fetchall()
        updates = []
        for row in rows:
            keys = buyer_keys(str(row[1]), str(row[2]), str(row[3]))
            touched.update(k for k in (*keys, str(row[4]), str(row[5])) if k)
            if keys != (row[4], row[5]):
                updates.append((*keys, int(row[0])))
        conn.executemany("UPDATE leads SET buyer_key = ?, buyer_alt_key = ? WHERE id = ?",
                         updates)
    # Leads with the same pair of keys have the same buyer, so each pair is counted once and
    # its leads updated together: a buyer with thousands of leads costs thousands of index
    # steps, not thousands squared.
    pairs: set[tuple[str, str]] = set()
    for chunk in _chunks(sorted(touched)):
        marks = _marks(chunk)
        pairs.update((str(row[0]), str(row[1])) for row in conn.execute(
            f"SELECT buyer_key, buyer_alt_key FROM leads WHERE buyer_key IN ({marks}) "
            f"UNION SELECT buyer_key, buyer_alt_key FROM leads WHERE buyer_alt_key IN ({marks})",
            (*chunk, *chunk)))
    for key, alt in sorted(pairs):
        count = int(conn.execute(_COUNT_BUYER, (key, alt, key, alt)).fetchone()[0])
        conn.execute("UPDATE leads SET buyer_leads = ? WHERE buyer_key = ? AND buyer_alt_key = ? "
                     "AND buyer_leads <> ?", (max(1, count), key, alt, max(1, count)))


@dataclass(frozen=True)
class BuyerLead:
    """One enquiry of a buyer, for "4th enquiry from this buyer, first on 12-09-2026"."""

    id: int
    query_id: str
    received_ts: int
    product: str
    status: str

    @property
    def received_at(self) -> datetime:
        return datetime.fromtimestamp(self.received_ts, IST)


def buyer_history(db: Database, lead_id: int, limit: int = 100) -> list[BuyerLead]:
    """The buyer's enquiries received before this lead, oldest first."""
    row = db.conn.execute("SELECT buyer_key, buyer_alt_key, received_ts FROM leads "
                          "WHERE id = ?", (lead_id,)).fetchone()
    if row is None:
        return []
    keys = [k for k in (str(row[0]), str(row[1])) if k]
    if not keys:
        return []
    marks = _marks(keys)
    found = db.conn.execute(
        "SELECT id, query_id, received_ts, product, status FROM leads WHERE id IN ("
        f"SELECT id FROM leads WHERE buyer_key IN ({marks}) "
        f"UNION SELECT id FROM leads WHERE buyer_alt_key IN ({marks})) "
        "AND id <> ? AND (received_ts < ? OR (received_ts = ? AND id < ?)) "
        "ORDER BY received_ts, id LIMIT ?",
        (*keys, *keys, lead_id, row[2], row[2], lead_id, limit))
    return [BuyerLead(int(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in found]

