"""Work queues: membership as leads arrive (real upsert) and are contacted, order, counts,
plans that use the partial indexes, ages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_helpers import BASE, arrive, at, lead_id, record

from indiamart_desktop.desk.queues import (
    AMBER_SETTING,
    RED_SETTING,
    View,
    age_level,
    age_text,
    counts,
    parse_view,
    view_order,
    view_source,
    view_where,
)
from indiamart_desktop.desk.timeline import morning_of, record_event
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import QUEUE_ORDER, LeadFilter, LeadQuery, Sort


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _ids(db: Database, view: View, now: float) -> list[str]:
    leads = LeadQuery(db).page(LeadFilter(view=view, now=now), Sort(QUEUE_ORDER), 0, 100)
    return [lead.query_id for lead in leads]


def test_needs_reply_follows_arrivals_and_first_contacts(db: Database) -> None:
    now = at(300)
    arrive(db, record(1, 0), record(2, 10, QUERY_TYPE="B"), record(3, 20, QUERY_TYPE="P",
                                                                  CALL_DURATION="45"))
    assert _ids(db, View.NEEDS_REPLY, now) == ["2", "1"]  # one hour: the BuyLead first
    arrive(db, record(4, 5))
    assert _ids(db, View.NEEDS_REPLY, now) == ["2", "1", "4"]
    record_event(db, lead_id(db, 1), "contact", now=at(30), channel="whatsapp",
                 outcome="attempted")
    assert _ids(db, View.NEEDS_REPLY, now) == ["2", "4"]
    LeadWriter(db).set_seller_fields(lead_id(db, 4), status=LeadStatus.SPAM, now=at(31))
    assert _ids(db, View.NEEDS_REPLY, now) == ["2"]
    # A later IndiaMART update of a contacted lead does not bring it back.
    arrive(db, record(1, 0, SENDER_NAME="Buyer one, renamed"))
    assert _ids(db, View.NEEDS_REPLY, now) == ["2"]
    assert counts(db.conn, now)[View.NEEDS_REPLY] == 1


def test_buy_leads_first_only_within_the_same_hour(db: Database) -> None:
    # 09:00 W, 09:50 B, 10:05 B, 10:10 W: the hour 09 comes before the hour 10.
    arrive(db, record(1, 0), record(2, 50, QUERY_TYPE="B"), record(3, 65, QUERY_TYPE="B"),
           record(4, 70))
    assert _ids(db, View.NEEDS_REPLY, at(500)) == ["2", "1", "3", "4"]


def test_missed_calls_until_called_back(db: Database) -> None:
    arrive(db, record(1, 0, QUERY_TYPE="P", CALL_DURATION="0"),
           record(2, 1, QUERY_TYPE="P", CALL_DURATION=""),
           record(3, 2, QUERY_TYPE="P", CALL_DURATION="12"), record(4, 3))
    now = at(60)
    assert _ids(db, View.MISSED_CALLS, now) == ["1", "2"]
    assert "3" not in _ids(db, View.NEEDS_REPLY, now)  # an answered call is a contact
    stored = LeadQuery(db).get(lead_id(db, 3))
    assert stored is not None and stored.first_contact_ts == at(2)
    record_event(db, lead_id(db, 2), "contact", now=at(10), channel="call", outcome="reached")
    assert _ids(db, View.MISSED_CALLS, now) == ["1"]
    # IndiaMART later reports the first call as answered: it leaves the queue.
    arrive(db, record(1, 0, QUERY_TYPE="P", CALL_DURATION="30"))
    assert _ids(db, View.MISSED_CALLS, now) == []


def test_follow_ups_due_today_and_overdue_first(db: Database) -> None:
    arrive(db, *(record(n, n) for n in range(1, 5)))
    writer = LeadWriter(db)
    today = BASE.date()
    writer.set_seller_fields(lead_id(db, 1), follow_up=today.replace(day=10), now=at(0))
    record_event(db, lead_id(db, 2), "follow_up_set", now=at(0), due_ts=at(13 * 60))  # 22:00
    record_event(db, lead_id(db, 3), "follow_up_set", now=at(0), due_ts=at(15 * 60 + 1))
    writer.set_seller_fields(lead_id(db, 4), follow_up=today, now=at(0))
    now = at(60)
    assert _ids(db, View.FOLLOW_UPS, now) == ["1", "4", "2"]
    assert counts(db.conn, now)[View.FOLLOW_UPS] == 3
    assert _ids(db, View.FOLLOW_UPS, at(24 * 60)) == ["1", "4", "2", "3"]  # next day
    writer.set_seller_fields(lead_id(db, 4), follow_up=None, now=at(61))  # done
    assert _ids(db, View.FOLLOW_UPS, now) == ["1", "2"]
    stored = LeadQuery(db).get(lead_id(db, 1))
    assert stored is not None and stored.follow_up_ts == morning_of(today.replace(day=10))


def test_repeat_buyers_starred_and_all(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_MOBILE="+91-9812345678"),
           record(2, 5, SENDER_MOBILE="+91-9800000002"))
    now = at(60)
    assert _ids(db, View.REPEAT_BUYERS, now) == []
    arrive(db, record(3, 10, SENDER_MOBILE="09812345678"))
    assert _ids(db, View.REPEAT_BUYERS, now) == ["3", "1"]
    LeadWriter(db).set_seller_fields(lead_id(db, 2), starred=True)
    assert _ids(db, View.STARRED, now) == ["2"]
    assert _ids(db, View.ALL, now) == ["3", "2", "1"]
    assert counts(db.conn, now) == {View.NEEDS_REPLY: 3, View.MISSED_CALLS: 0,
                                    View.FOLLOW_UPS: 0, View.REPEAT_BUYERS: 2,
                                    View.STARRED: 1, View.ALL: 3}


def test_views_combine_with_the_other_filters(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_STATE="Punjab"), record(2, 1, SENDER_STATE="Kerala"))
    flt = LeadFilter(view=View.NEEDS_REPLY, now=at(60), state="kerala")
    assert LeadQuery(db).count(flt) == 1
    assert ("View", "needs-reply") in flt.describe()


@pytest.mark.parametrize("view", list(View))
def test_each_queue_is_read_from_an_index(db: Database, view: View) -> None:
    # Enough leads of every type for ANALYZE's statistics to tempt the planner towards
    # the older indexes (leads_type_received once won for missed calls).
    arrive(db, *(record(n, n, QUERY_TYPE="WWBP"[n % 4], CALL_DURATION=str(n % 3 * 10))
                 for n in range(1, 2000)))
    db.conn.execute("ANALYZE")
    where, args = view_where(view, at(0))
    condition = f" WHERE {where}" if where else ""
    source = view_source(view)
    for sql in (f"SELECT COUNT(*) FROM {source}{condition}",
                f"SELECT * FROM {source}{condition} {view_order(view)} LIMIT 50"):
        plan = " ".join(str(row[3]) for row in
                        db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))
        assert "USING" in plan and "TEMP B-TREE" not in plan, (view, plan)


def test_age_text_and_levels() -> None:
    assert [age_text(s) for s in (0, 59, 12 * 60, 3 * 3600 + 5, 2 * 86400 + 10)] == [
        "0 min", "0 min", "12 min", "3 h", "2 d"]
    assert [age_level(m * 60, {}) for m in (29, 30, 119, 120)] == [
        "ok", "amber", "amber", "red"]
    settings = {AMBER_SETTING: "10", RED_SETTING: "20"}
    assert [age_level(m * 60, settings) for m in (9, 10, 20)] == ["ok", "amber", "red"]
    assert age_level(31 * 60, {AMBER_SETTING: "x", RED_SETTING: "0"}) == "amber"


def test_view_names() -> None:
    assert parse_view("Needs-Reply") is View.NEEDS_REPLY
    with pytest.raises(ValueError, match="unknown view"):
        parse_view("hot")
