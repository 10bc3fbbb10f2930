"""Follow-up reminders on a simulated clock: fired once, snoozed, missed while closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.reminders import Snooze, snoozed_until
from indiamart_desktop.desk.timeline import record_event
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui.reminder_scheduler import MAX_WAIT_MS, ReminderScheduler, wait_ms

T0 = datetime(2026, 12, 4, 11, 0, tzinfo=IST).timestamp()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _lead(db: Database, n: int, name: str, product: str) -> int:
    lead = Lead(query_id=f"70000000{n:02d}", query_type="W",
                received_at=datetime.fromtimestamp(T0 - 86400, IST), sender_name=name,
                product=product)
    return LeadWriter(db).upsert("main", [lead]).new_ids[0]


def _scheduler(db: Database, clock: Clock) -> tuple[ReminderScheduler, list[tuple[str, str, int]]]:
    scheduler = ReminderScheduler(db, clock=clock)
    fired: list[tuple[str, str, int]] = []
    scheduler.remind.connect(lambda title, body, lead: fired.append((title, body, lead)))
    return scheduler, fired


def test_a_follow_up_fires_once_and_again_after_a_snooze(qtbot: QtBot, db: Database) -> None:
    lead = _lead(db, 1, "Vinod Das", "Steel Pipes")
    record_event(db, lead, "follow_up_set", now=T0, due_ts=T0 + 600)
    clock = Clock(T0)
    scheduler, fired = _scheduler(db, clock)
    scheduler.start()
    assert fired == [], "a first start has nothing missed"
    assert scheduler.timer.isActive() and scheduler.timer.isSingleShot()
    assert scheduler.timer.interval() == 600_000

    clock.now = T0 + 601
    scheduler.fire()  # what the timer does when it runs out
    assert fired == [("Follow up: Vinod Das, Steel Pipes", "Due 04-12-2026 11:10 IST", lead)]
    scheduler.fire()
    clock.now += 60
    scheduler.fire()
    assert len(fired) == 1, "a reminder fires once"
    assert not scheduler.timer.isActive(), "nothing left to wait for"

    until = snoozed_until(Snooze.MINUTES_15, datetime.fromtimestamp(clock.now, IST))
    record_event(db, lead, "follow_up_set", now=clock.now, outcome="snoozed",
                 due_ts=until.timestamp())
    scheduler.arm()  # what the desk does after every saved edit
    assert scheduler.timer.isActive() and scheduler.timer.interval() == 15 * 60 * 1000
    clock.now = until.timestamp()
    scheduler.fire()
    assert len(fired) == 2 and fired[1][2] == lead
    scheduler.timer.stop()


def test_a_far_follow_up_waits_in_steps_qtimer_can_hold(qtbot: QtBot, db: Database) -> None:
    lead = _lead(db, 2, "Asha Rao", "Valves")
    record_event(db, lead, "follow_up_set", now=T0, due_ts=T0 + 60 * 86400)
    clock = Clock(T0)
    scheduler, fired = _scheduler(db, clock)
    scheduler.start()
    assert scheduler.timer.interval() == MAX_WAIT_MS
    assert wait_ms(T0 + 400 * 86400, T0) <= 2**31 - 1
    assert wait_ms(T0 - 5, T0) == 0
    clock.now = T0 + MAX_WAIT_MS / 1000
    scheduler.fire()
    assert fired == [] and scheduler.timer.isActive(), "re-armed, nothing announced early"
    scheduler.timer.stop()


def test_follow_ups_missed_while_closed_come_as_one_summary(qtbot: QtBot, db: Database) -> None:
    clock = Clock(T0)
    first, _ = _scheduler(db, clock)
    first.start()  # the program ran at T0, then closed
    first.timer.stop()
    ids = [_lead(db, 3 + i, name, "Pipes") for i, name in enumerate(
        ("Ravi", "Meena", "Kiran", "Zoya"))]
    for i, lead in enumerate(ids):
        record_event(db, lead, "follow_up_set", now=T0, due_ts=T0 + 3600 * (i + 1))
    clock.now = T0 + timedelta(hours=3, minutes=30).total_seconds()
    again, fired = _scheduler(db, clock)
    again.start()
    assert len(fired) == 1, "one summary, never a burst"
    title, body, lead = fired[0]
    assert title == "3 follow-ups fell due while the program was closed"
    assert body == "Ravi, Pipes\nMeena, Pipes\nKiran, Pipes"
    assert lead == ids[0]
    assert again.timer.interval() == MAX_WAIT_MS, "the next is 30 min away: the first step"
    again.fire()
    assert len(fired) == 1, "the missed ones do not fire again"
    again.timer.stop()
