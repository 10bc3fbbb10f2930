"""The one lead query the table, the detail pane and the exports share.

Filtering, sorting and counting happen in SQL, one page at a time; user text is always a
bound parameter (LIKE wildcards escaped, search text through :func:`fts_search`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from indiamart_desktop.desk.queues import View, view_order, view_source, view_where
from indiamart_desktop.indiamart.models import lead_type_label
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.fts import fts_search
from indiamart_desktop.store.schema import STATUS_RANK


@dataclass(frozen=True)
class LeadFilter:
    """What the seller asked to see. Empty values mean "no restriction"."""

    received_from: datetime | None = None
    received_to: datetime | None = None
    types: frozenset[str] = frozenset()
    state: str = ""
    city: str = ""
    product: str = ""
    statuses: frozenset[str] = frozenset()
    starred_only: bool = False
    unread_only: bool = False
    search: str = ""
    mobile: str = ""
    account: str = ""
    #: Leads shown whatever the other conditions say (the desktop keeps a lead it just
    #: opened in an "unread only" view until the seller applies the filter again).
    keep_ids: frozenset[int] = frozenset()
    #: Only these leads (a selection in the table, e.g. to export it).
    ids: frozenset[int] = frozenset()
    #: A work queue (desk/queues.py); ``now`` (epoch seconds, default the clock) fixes
    #: what "due today" means for follow-ups.
    view: View = View.ALL
    now: float | None = None

    def describe(self) -> list[tuple[str, str]]:
        """The active conditions as (name, value) pairs, for an export's summary sheet."""
        out: list[tuple[str, str]] = []
        if self.received_from:
            out.append(("From", self.received_from.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")))
        if self.received_to:
            out.append(("Before", self.received_to.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")))
        if self.types:
            out.append(("Lead types", ", ".join(lead_type_label(t) for t in sorted(self.types))))
        for name, value in (("State", self.state), ("City", self.city),
                            ("Product", self.product), ("Search", self.search),
                            ("Mobile", self.mobile)):
            if value:
                out.append((name, value))
        if self.statuses:
            out.append(("Status", ", ".join(sorted(self.statuses))))
        if self.starred_only:
            out.append(("Starred", "only"))
        if self.unread_only:
            out.append(("Unread", "only"))
        if self.view is not View.ALL:
            out.append(("View", self.view.value))
        if self.ids:
            out.append(("Selected leads", str(len(self.ids))))
        return out


@dataclass(frozen=True)
class SortKey:
    """How one sort key orders rows: ``expression``, after ``blank_last`` if given.

    ``blank_last`` is an SQL test true for a row without a value (``''`` or NULL); it is
    always sorted ascending, so blank rows come last in either direction.
    """

    expression: str
    blank_last: str = ""


def _text(column: str, collate: str = " COLLATE NOCASE") -> SortKey:
    return SortKey(f"{column}{collate}", f"({column} = '')")


def _nullable(column: str) -> SortKey:
    return SortKey(column, f"({column} IS NULL)")


#: Sort keys the UI and CLI may ask for, mapped to SQL.
SORT_COLUMNS: dict[str, SortKey] = {
    "received": SortKey("received_ts"),
    "type": SortKey("query_type"),
    "name": _text("sender_name"),
    "company": _text("sender_company"),
    "mobile": _text("mobile", collate=""),
    "email": _text("email"),
    "city": _text("city"),
    "state": _text("state"),
    "product": _text("product"),
    "category": _text("category"),
    "quantity": _nullable("quantity"),
    "order_value": _nullable("order_value_max"),
    "status": SortKey(STATUS_RANK),
    "follow_up": _nullable("follow_up_ts"),
    "query_id": SortKey("query_id"),
}


#: The sort "column" that orders as the filter's work queue does.
QUEUE_ORDER = "queue"


@dataclass(frozen=True)
class Sort:
    column: str = "received"
    descending: bool = True

    def sql(self, view: View = View.ALL) -> str:
        """The ORDER BY clause; the column "queue" orders as ``view`` does."""
        if self.column == QUEUE_ORDER:
            return view_order(view)
        key = SORT_COLUMNS.get(self.column, SORT_COLUMNS["received"])
        direction = "DESC" if self.descending else "ASC"
        blank_last = f"{key.blank_last}, " if key.blank_last else ""
        return f"ORDER BY {blank_last}{key.expression} {direction}, id {direction}"


@dataclass(frozen=True)
class StoredLead:
    """A lead as the database holds it, with the seller's own fields."""

    id: int
    account: str
    query_id: str
    query_type: str
    received_ts: int
    api_version: str
    sender_name: str
    sender_company: str
    mobile: str
    mobile_raw: str
    mobile_alt: str
    phone: str
    phone_alt: str
    email: str
    email_alt: str
    subject: str
    address: str
    city: str
    state: str
    pincode: str
    country_iso: str
    product: str
    category: str
    message: str
    quantity: float | None
    quantity_unit: str
    order_value: str
    order_value_min: int | None
    order_value_max: int | None
    requirement_type: str
    preferred_location: str
    call_duration: int | None
    receiver_mobile: str
    raw_json: str
    first_seen_ts: int
    updated_ts: int
    status: str
    notes: str
    follow_up: str | None
    starred: int
    is_read: int
    first_contact_ts: float | None = None
    follow_up_ts: float | None = None
    lost_reason: str = ""
    buyer_key: str = ""
    buyer_alt_key: str = ""
    buyer_leads: int = 1

    @property
    def received_at(self) -> datetime:
        return datetime.fromtimestamp(self.received_ts, IST)

    @property
    def follow_up_date(self) -> date | None:
        return date.fromisoformat(self.follow_up) if self.follow_up else None

    @property
    def type_label(self) -> str:
        return lead_type_label(self.query_type)


_FIELD_NAMES = tuple(f.name for f in fields(StoredLead))
_COLUMNS_SQL = ", ".join("leads." + n for n in _FIELD_NAMES)
_SELECT = f"SELECT {_COLUMNS_SQL} FROM leads"


def _select(flt: LeadFilter) -> str:
    """The lead columns from the lead table, through the work queue's index if any."""
    return f"SELECT {_COLUMNS_SQL} FROM {_source(flt)}"


def _source(flt: LeadFilter) -> str:
    """The queue's index, unless kept leads join the view (an OR no index can answer:
    naming the index there makes SQLite fail with "no query solution")."""
    return "leads" if flt.keep_ids else view_source(flt.view)


def _plain(text: str) -> str:
    """Filter text as SQLite can take it: no NUL (which ends a LIKE pattern), no lone
    surrogates (which cannot be encoded)."""
    return text.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")


def _like(text: str) -> str:
    text = _plain(text)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: Above this many search hits, a page is found by walking the sort index and testing
#: each row against the hits, instead of sorting every hit (measured on 1,000,000 leads).
WALK_SORT_INDEX_ABOVE = 2000


def where_clause(flt: LeadFilter, *, walk_sort_index: bool = False) -> tuple[str, list[object]]:
    """Build the WHERE clause and its parameters for ``flt``."""
    conds: list[str] = []
    args: list[object] = []
    if flt.account:
        conds.append("leads.account = ?")
        args.append(flt.account)
    if flt.received_from is not None:
        conds.append("leads.received_ts >= ?")
        args.append(int(flt.received_from.timestamp()))
    if flt.received_to is not None:
        conds.append("leads.received_ts < ?")
        args.append(int(flt.received_to.timestamp()))
    if flt.types:
        conds.append(f"leads.query_type IN ({', '.join('?' * len(flt.types))})")
        args.extend(sorted(flt.types))
    if flt.state:
        conds.append("leads.state = ? COLLATE NOCASE")
        args.append(_plain(flt.state))
    if flt.city:
        conds.append("leads.city = ? COLLATE NOCASE")
        args.append(_plain(flt.city))
    if flt.product:
        conds.append("(leads.product LIKE ? ESCAPE '\\' OR leads.category LIKE ? ESCAPE '\\')")
        args.extend([_like(flt.product)] * 2)
    if flt.statuses:
        conds.append(f"leads.status IN ({', '.join('?' * len(flt.statuses))})")
        args.extend(sorted(flt.statuses))
    if flt.starred_only:
        conds.append("leads.starred = 1")
    if flt.unread_only:
        conds.append("leads.is_read = 0")
    if flt.mobile:
        conds.append("leads.mobile = ?")
        args.append(flt.mobile)
    if flt.ids:
        # One parameter however large the selection (SQLite limits bound parameters).
        conds.append("leads.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(flt.ids)))
    if flt.view is not View.ALL:
        view_sql, view_args = view_where(flt.view, time.time() if flt.now is None else flt.now)
        conds.append(view_sql)
        args.extend(view_args)
    search = fts_search(flt.search) if flt.search else None
    if search:
        # A unary + keeps SQLite from driving the query by the hits' rowids.
        column = "+leads.id" if walk_sort_index or not search.match else "leads.id"
        test = "IN" if search.match else "NOT IN"
        conds.append(f"{column} {test} (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)")
        args.append(search.match or search.exclude)
    if conds and flt.keep_ids:
        kept = sorted(flt.keep_ids)
        conds = [f"(({' AND '.join(conds)}) OR leads.id IN ({', '.join('?' * len(kept))}))"]
        args.extend(kept)
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


class LeadQuery:
    """Counts and pages of leads for a filter and sort."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self, flt: LeadFilter) -> int:
        search = fts_search(flt.search) if flt.search else None
        if search and replace(flt, search="") == LeadFilter():
            # Search alone: count in the full-text index without touching the table.
            hits = int(self.db.conn.execute(
                "SELECT COUNT(*) FROM leads_fts WHERE leads_fts MATCH ?",
                (search.match or search.exclude,),
            ).fetchone()[0])
            return hits if search.match else self.total() - hits
        where, args = where_clause(flt)
        return int(self.db.conn.execute(f"SELECT COUNT(*) FROM {_source(flt)}{where}",
                                        args).fetchone()[0])

    def total(self) -> int:
        return int(self.db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0])

    def page(self, flt: LeadFilter, sort: Sort, offset: int, limit: int,
             matching: int | None = None) -> list[StoredLead]:
        """Rows ``offset`` .. ``offset + limit`` in order; ``matching`` is the known count
        of the filter, which picks the faster plan for a broad search."""
        walk = bool(flt.search) and (matching is None or matching > WALK_SORT_INDEX_ABOVE)
        where, args = where_clause(flt, walk_sort_index=walk)
        sql = f"{_select(flt)}{where} {sort.sql(flt.view)} LIMIT ? OFFSET ?"
        return [_to_lead(row) for row in self.db.conn.execute(sql, [*args, limit, offset])]

    def iterate(self, flt: LeadFilter, sort: Sort, batch: int = 1000) -> Iterator[StoredLead]:
        """Every matching lead in order, fetched ``batch`` rows at a time."""
        where, args = where_clause(flt)
        cursor = self.db.conn.execute(f"{_select(flt)}{where} {sort.sql(flt.view)}", args)
        try:
            while rows := cursor.fetchmany(batch):
                yield from (_to_lead(row) for row in rows)
        finally:
            cursor.close()

    def shows(self, flt: LeadFilter, lead_id: int) -> bool:
        """Whether the view of ``flt`` holds the lead ``lead_id``."""
        where, args = where_clause(flt)
        test = f"{where} AND leads.id = ?" if where else " WHERE leads.id = ?"
        row = self.db.conn.execute(f"SELECT 1 FROM leads{test}", [*args, lead_id]).fetchone()
        return row is not None

    def get(self, lead_id: int) -> StoredLead | None:
        row = self.db.conn.execute(f"{_SELECT} WHERE leads.id = ?", (lead_id,)).fetchone()
        return _to_lead(row) if row else None

    def distinct(self, column: str, state: str = "") -> list[str]:
        """Distinct non-empty states or cities (cities optionally within a state)."""
        if column not in ("state", "city"):
            raise ValueError(column)
        sql = f"SELECT DISTINCT {column} FROM leads WHERE {column} != ''"
        args: list[object] = []
        if state and column == "city":
            sql += " AND state = ? COLLATE NOCASE"
            args.append(state)
        sql += f" ORDER BY {column} COLLATE NOCASE"
        return [str(row[0]) for row in self.db.conn.execute(sql, args)]

    def unread_count(self) -> int:
        return int(self.db.conn.execute(
            "SELECT COUNT(*) FROM leads WHERE is_read = 0").fetchone()[0])

    def counts_by(self, column: str, flt: LeadFilter, limit: int = 50) -> list[tuple[str, int]]:
        """Lead counts per value of ``column`` under ``flt``, largest first (summaries)."""
        if column not in ("query_type", "state", "product", "city", "status"):
            raise ValueError(column)
        where, args = where_clause(flt)
        sql = (f"SELECT {column}, COUNT(*) AS n FROM leads{where} GROUP BY {column} "
               f"ORDER BY n DESC, {column} LIMIT ?")
        return [(str(row[0]), int(row[1])) for row in self.db.conn.execute(sql, [*args, limit])]


def _to_lead(row: sqlite3.Row) -> StoredLead:
    return StoredLead(*row)
