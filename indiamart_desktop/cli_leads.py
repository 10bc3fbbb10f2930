"""Headless ``leads`` commands: list a queue, change a lead, show its timeline.

``leads set`` records its changes on the lead's timeline exactly as the desktop does
(desk/timeline.py), all in one transaction. Bad input is one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from indiamart_desktop.account import Account
from indiamart_desktop.desk.buyers import buyer_history
from indiamart_desktop.desk.queues import View, parse_view
from indiamart_desktop.desk.timeline import (
    CHANNELS,
    LOST_REASONS,
    STATUSES,
    Event,
    append_event,
    events,
    morning_of,
)
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import QUEUE_ORDER, LeadFilter, LeadQuery, Sort, StoredLead

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 1  # as cli.EXIT_USAGE: bad input, nothing changed
#: Follow-up times must lie in these years.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class _Refused(ValueError):
    """Input that changes nothing; the message is the one line the user sees."""


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, IST).isoformat(timespec="seconds")


def lead_json(lead: StoredLead) -> dict[str, Any]:
    return {
        "query_id": lead.query_id, "account": lead.account, "type": lead.query_type,
        "received_at": _iso(lead.received_ts), "name": lead.sender_name,
        "company": lead.sender_company, "mobile": lead.mobile, "mobile_alt": lead.mobile_alt,
        "email": lead.email, "city": lead.city, "state": lead.state, "product": lead.product,
        "quantity": lead.quantity, "quantity_unit": lead.quantity_unit,
        "message": lead.message, "status": lead.status, "lost_reason": lead.lost_reason,
        "starred": bool(lead.starred), "read": bool(lead.is_read), "notes": lead.notes,
        "follow_up_at": _iso(lead.follow_up_ts), "first_contact_at": _iso(lead.first_contact_ts),
        "buyer_leads": lead.buyer_leads,
    }


def _event_json(event: Event) -> dict[str, Any]:
    return {"id": event.id, "at": _iso(event.ts), "kind": event.kind, "channel": event.channel,
            "outcome": event.outcome, "text": event.text, "due_at": _iso(event.due_ts),
            "author": event.author}


def parse_follow_up(text: str) -> float | None:
    """``none``, a day (due 09:00 IST) or an ISO 8601 time (IST unless it has an offset)."""
    if text.strip().lower() == "none":
        return None
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            moment = datetime.combine(day, datetime.min.time(), IST)
        else:
            moment = datetime.fromisoformat(text.strip())
            day = moment.date()
    except ValueError:
        raise _Refused(f"--follow-up {text!r} is not a time (e.g. 2026-09-14T15:00, "
                       "2026-09-14 or none)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _Refused(f"--follow-up {text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    if len(text.strip()) == 10:
        return morning_of(day)
    return (moment if moment.tzinfo else moment.replace(tzinfo=IST)).timestamp()


def _find(db: Database, query_id: str) -> StoredLead:
    rows = db.conn.execute("SELECT id FROM leads WHERE query_id = ? LIMIT 2",
                           (query_id.strip(),)).fetchall()
    if not rows:
        raise _Refused(f"No lead with query id {query_id!r}.")
    if len(rows) > 1:
        raise _Refused(f"Query id {query_id!r} is in more than one account.")
    lead = LeadQuery(db).get(int(rows[0][0]))
    assert lead is not None  # found just above, in the same connection
    return lead


def _filter(args: argparse.Namespace) -> LeadFilter:
    if args.from_day and args.to_day and args.from_day > args.to_day:
        raise _Refused("--from is after --to.")
    statuses = frozenset(s.strip().lower() for s in (args.status or "").split(",") if s.strip())
    unknown = sorted(statuses - set(STATUSES))
    if unknown:
        raise _Refused(f"Unknown status {unknown[0]!r} (one of {', '.join(STATUSES)}).")
    try:
        view = parse_view(args.view)
    except ValueError as error:
        raise _Refused(f"{str(error).capitalize()}.") from None
    return LeadFilter(
        received_from=args.from_day,
        received_to=(args.to_day + timedelta(days=1)) if args.to_day else None,
        types=frozenset(t.strip().upper() for t in (args.type or "").split(",") if t.strip()),
        state=args.state or "", statuses=statuses, search=args.search or "",
        view=view, now=time.time())


def _list(args: argparse.Namespace, db: Database) -> int:
    flt = _filter(args)
    sort = Sort() if flt.view is View.ALL else Sort(QUEUE_ORDER)
    leads: Iterator[StoredLead] = LeadQuery(db).iterate(flt, sort)
    out = sys.stdout
    if args.json:
        out.write("[")
        for n, lead in enumerate(leads):
            out.write(("," if n else "") + "\n" + json.dumps(lead_json(lead), ensure_ascii=False))
        out.write("\n]\n")
        return EXIT_OK
    for lead in leads:
        follow = _iso(lead.follow_up_ts) or "-"
        out.write("\t".join((lead.query_id, lead.received_at.strftime("%d-%m-%Y %H:%M"),
                             lead.query_type, lead.status, follow, lead.sender_name,
                             lead.product)) + "\n")
    return EXIT_OK


def _set(args: argparse.Namespace, db: Database) -> int:
    if args.status is not None and args.status.strip().lower() not in STATUSES:
        raise _Refused(f"Unknown status {args.status!r} (one of {', '.join(STATUSES)}).")
    due = parse_follow_up(args.follow_up) if args.follow_up is not None else None
    lead = _find(db, args.query_id)
    if all(v is None for v in (args.status, args.note, args.follow_up, args.contacted)):
        raise _Refused("Nothing to change: give --status, --note, --follow-up or --contacted.")
    now = time.time()
    with db.transaction() as conn:
        if args.contacted is not None:
            append_event(conn, lead.id, "contact", now=now, channel=args.contacted,
                         outcome="reached")
        if args.status is not None and args.status.strip().lower() != lead.status:
            append_event(conn, lead.id, "status", now=now, outcome=args.status.strip().lower(),
                         text=args.lost_reason or "")
        if args.note is not None and args.note.strip():
            append_event(conn, lead.id, "note", now=now, text=args.note.strip())
        if args.follow_up is not None:
            if due is not None:
                append_event(conn, lead.id, "follow_up_set", now=now, due_ts=due)
            elif lead.follow_up_ts is not None:
                append_event(conn, lead.id, "follow_up_done", now=now)
    changed = LeadQuery(db).get(lead.id)
    assert changed is not None
    print(f"Lead {changed.query_id}: status {changed.status}, follow-up "
          f"{_iso(changed.follow_up_ts) or 'none'}, first contact "
          f"{_iso(changed.first_contact_ts) or 'none'}.")
    return EXIT_OK


def _show(args: argparse.Namespace, db: Database) -> int:
    lead = _find(db, args.query_id)
    shown = lead_json(lead)
    shown["timeline"] = [_event_json(e) for e in events(db, lead.id)]
    shown["earlier_enquiries"] = [
        {"query_id": b.query_id, "received_at": _iso(b.received_ts), "product": b.product,
         "status": b.status} for b in buyer_history(db, lead.id)]
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return EXIT_OK
    for name, value in shown.items():
        if name not in ("timeline", "earlier_enquiries"):
            print(f"{name}: {'' if value is None else value}")
    for event in shown["timeline"]:
        print(f"{event['at']}  {event['kind']} {event['channel']} {event['outcome']} "
              f"{event['text']} {event['due_at'] or ''}".rstrip())
    return EXIT_OK


def cmd_leads(args: argparse.Namespace, account: Account) -> int:
    handler = {"list": _list, "set": _set, "show": _show}[args.leads_action]
    try:
        return handler(args, account.db)
    except _Refused as error:
        print(f"leads {args.leads_action}: {error}", file=sys.stderr)
        return EXIT_USAGE


def add_leads_commands(sub: Any, parse_day: Callable[[str], datetime]) -> None:
    """Add ``leads list|set|show`` to the CLI's sub-command parsers ``sub``."""
    leads = sub.add_parser("leads", help="list work queues, change a lead, show its timeline")
    actions = leads.add_subparsers(dest="leads_action", required=True)
    listing = actions.add_parser("list", help="leads of a view, with the export's filters")
    listing.add_argument("--json", action="store_true", help="one JSON array on stdout")
    listing.add_argument("--view", default=View.ALL.value,
                         help=f"one of {', '.join(v.value for v in View)}")
    listing.add_argument("--from", dest="from_day", type=parse_day, default=None)
    listing.add_argument("--to", dest="to_day", type=parse_day, default=None)
    listing.add_argument("--type", help="lead types, e.g. W,B,P")
    listing.add_argument("--state")
    listing.add_argument("--status", help="e.g. new,contacted")
    listing.add_argument("--search")
    change = actions.add_parser("set", help="change a lead, recorded on its timeline")
    change.add_argument("query_id")
    change.add_argument("--status", help=", ".join(STATUSES))
    change.add_argument("--lost-reason", choices=LOST_REASONS, help="with --status lost")
    change.add_argument("--note")
    change.add_argument("--follow-up", help="ISO time (IST unless it has an offset), a day "
                                            "(09:00 IST) or none")
    change.add_argument("--contacted", choices=CHANNELS)
    show = actions.add_parser("show", help="a lead with its timeline")
    show.add_argument("query_id")
    show.add_argument("--json", action="store_true")
