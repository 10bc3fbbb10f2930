"""The timeline: events and the derived lead fields written together; the seller's edits
through LeadWriter recorded as events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from desk_helpers import arrive, at, lead_id, record

from indiamart_desktop.desk.timeline import TimelineError, events, morning_of, record_event
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    arrive(database, record(1, 0), record(2, 1))
    yield database
    database.close()


def _lead(db: Database, query_id: int) -> dict[str, object]:
    return dict(db.conn.execute("SELECT * FROM leads WHERE query_id = ?",
                                (str(query_id),)).fetchone())


def test_contact_quotation_status_and_notes_derive_the_lead(db: Database) -> None:
    lead = lead_id(db, 1)
    first = record_event(db, lead, "contact", now=at(12), channel="call", outcome="no_answer")
    record_event(db, lead, "contact", now=at(20), channel="whatsapp", outcome="replied")
    row = _lead(db, 1)
    assert (row["first_contact_ts"], row["status"]) == (at(12), "contacted")
    record_event(db, lead, "quotation", now=at(30), text="Q-2026-0001")
    record_event(db, lead, "note", now=at(31), text="Wants 2 inch pipes")
    record_event(db, lead, "note", now=at(32), text="Call after Diwali")
    record_event(db, lead, "status", now=at(40), outcome="lost", text="price")
    row = _lead(db, 1)
    assert (row["status"], row["lost_reason"], row["first_contact_ts"]) == ("lost", "price",
                                                                            at(12))
    assert row["notes"] == "Wants 2 inch pipes\nCall after Diwali"
    timeline = events(db, lead)
    assert [(e.kind, e.outcome) for e in timeline] == [
        ("contact", "no_answer"), ("contact", "replied"), ("quotation", ""),
        ("note", "added"), ("note", "added"), ("status", "lost")]
    assert timeline[0] == first and len({e.id for e in timeline}) == 6
    assert timeline[0].at.utcoffset() is not None and timeline[0].at.hour == 9
    # The notes text stays searchable.
    assert LeadQuery(db).count(LeadFilter(search="diwali")) == 1


def test_a_status_that_says_contacted_ends_needs_reply(db: Database) -> None:
    record_event(db, lead_id(db, 2), "status", now=at(5), outcome="quoted")
    assert _lead(db, 2)["first_contact_ts"] == at(5)
    record_event(db, lead_id(db, 2), "status", now=at(6), outcome="new")
    assert _lead(db, 2)["first_contact_ts"] == at(5)  # the first contact stays


def test_bad_events_are_refused_and_change_nothing(db: Database) -> None:
    lead = lead_id(db, 1)
    for kind, kwargs in (("call", {}), ("contact", {"channel": "fax", "outcome": "reached"}),
                         ("contact", {"channel": "call", "outcome": "maybe"}),
                         ("status", {"outcome": "hot"}), ("follow_up_set", {}),
                         ("status", {"outcome": "lost", "text": "weather"})):
        with pytest.raises(TimelineError):
            record_event(db, lead, kind, now=at(1), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="no lead"):
        record_event(db, 999, "note", now=at(1), text="x")
    assert events(db, lead) == []
    assert _lead(db, 1)["status"] == "new"


def test_the_writer_records_what_the_desktop_changes(db: Database) -> None:
    lead = lead_id(db, 1)
    writer = LeadWriter(db)
    writer.set_seller_fields(lead, status=LeadStatus.CONTACTED, notes="Sent price list",
                             follow_up=date(2026, 9, 14), starred=True, now=at(5))
    # The same values again record nothing; starred and read are no timeline matter.
    writer.set_seller_fields(lead, status=LeadStatus.CONTACTED, notes="Sent price list",
                             follow_up=date(2026, 9, 14), read=True, now=at(6))
    # The notes box holds the whole text: an edit replaces the notes text, both kept.
    writer.set_seller_fields(lead, notes="Sent price list. Wants samples", now=at(7))
    writer.set_seller_fields(lead, follow_up=None, now=at(8))
    writer.set_seller_fields(lead, follow_up=None, now=at(9))  # nothing open: nothing
    timeline = events(db, lead)
    assert [(e.kind, e.outcome, e.text, e.due_ts) for e in timeline] == [
        ("status", "contacted", "", None),
        ("note", "edited", "Sent price list", None),
        ("follow_up_set", "", "", morning_of(date(2026, 9, 14))),
        ("note", "edited", "Sent price list. Wants samples", None),
        ("follow_up_done", "", "", None),
    ]
    row = _lead(db, 1)
    assert (row["notes"], row["follow_up"], row["follow_up_ts"], row["starred"],
            row["is_read"], row["first_contact_ts"]) == (
        "Sent price list. Wants samples", None, None, 1, 1, at(5))


def test_a_follow_up_day_keeps_a_time_already_set_that_day(db: Database) -> None:
    lead = lead_id(db, 1)
    record_event(db, lead, "follow_up_set", now=at(0), due_ts=at(8 * 60))  # 17:00 IST
    LeadWriter(db).set_seller_fields(lead, follow_up=date(2026, 9, 12), now=at(1))
    assert _lead(db, 1)["follow_up_ts"] == at(8 * 60)
    assert _lead(db, 1)["follow_up"] == "2026-09-12"
    assert len(events(db, lead)) == 1
