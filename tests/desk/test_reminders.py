"""Follow-up reminders on a simulated clock: fired once, snoozed, done, and those that fell
due while the program was closed shown as one summary at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from desk_helpers import arrive, at, lead_id, record

from indiamart_desktop.desk.reminders import (
    LAST_RUN_SETTING,
    Pick,
    Reminders,
    Snooze,
    quick_pick,
    snoozed_until,
)
from indiamart_desktop.desk.timeline import events, record_event
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.settings import read_settings


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    arrive(database, record(1, 0, SENDER_NAME="Vinod Das"), record(2, 1), record(3, 2))
    yield database
    database.close()


def _due(db: Database, query_id: int, minutes: float) -> None:
    record_event(db, lead_id(db, query_id), "follow_up_set", now=at(0), due_ts=at(minutes))


def test_a_reminder_fires_once_then_snoozed_fires_again_then_done(db: Database) -> None:
    clock = Clock(at(10))
    reminders = Reminders(db, clock)
    assert reminders.start() == []  # the very first start: no summary
    _due(db, 1, 60)
    assert reminders.next_due_ts() == at(60)
    clock.now = at(59)
    assert reminders.due() == []
    clock.now = at(61)
    fired = reminders.due()
    assert [(r.name, r.product, r.due_ts) for r in fired] == [("Vinod Das", "Steel Pipes",
                                                                at(60))]
    clock.now = at(62)
    assert reminders.due() == []  # fired once
    until = reminders.snooze(fired[0].lead_id, Snooze.MINUTES_15)
    assert until.timestamp() == at(62 + 15)
    clock.now = at(76)
    assert reminders.due() == []
    clock.now = at(77)
    assert [r.lead_id for r in reminders.due()] == [fired[0].lead_id]
    reminders.done(fired[0].lead_id)
    assert reminders.next_due_ts() is None
    assert [(e.kind, e.outcome) for e in events(db, fired[0].lead_id)] == [
        ("follow_up_set", ""), ("follow_up_set", "snoozed"), ("follow_up_done", "")]
    assert float(read_settings(db)[LAST_RUN_SETTING]) == at(77)


def test_those_due_while_closed_come_as_one_summary(db: Database) -> None:
    clock = Clock(at(10))
    first = Reminders(db, clock)
    first.start()
    clock.now = at(20)
    first.due()  # the program is closed at +20 min
    _due(db, 1, 15)  # already past when closed: it fired (or was shown) in its time
    _due(db, 2, 30)
    _due(db, 3, 45)
    clock.now = at(200)  # started again
    again = Reminders(db, clock)
    summary = again.start()
    assert [r.query_id for r in summary] == ["2", "3"]
    assert again.due() == []  # never again as single notifications
    clock.now = at(300)
    assert Reminders(db, clock).start() == []


def test_quick_picks_and_snoozes_in_ist() -> None:
    now = datetime(2026, 9, 12, 14, 20, tzinfo=IST)  # a Saturday
    picks = {pick: quick_pick(pick, now) for pick in Pick}
    assert {p: v.strftime("%d-%m %H:%M") for p, v in picks.items()} == {
        Pick.IN_1_HOUR: "12-09 15:20", Pick.THIS_EVENING: "12-09 18:00",
        Pick.TOMORROW_MORNING: "13-09 10:00", Pick.IN_3_DAYS: "15-09 10:00",
        Pick.NEXT_WEEK: "14-09 10:00"}
    late = datetime(2026, 9, 14, 18, 30, tzinfo=IST)  # a Monday evening
    assert quick_pick(Pick.THIS_EVENING, late).strftime("%d-%m %H:%M") == "14-09 19:30"
    assert quick_pick(Pick.NEXT_WEEK, late).strftime("%d-%m %H:%M") == "21-09 10:00"
    # The machine's zone never matters: the same instant given in UTC.
    utc = now.astimezone(timezone.utc)
    assert quick_pick(Pick.TOMORROW_MORNING, utc) == picks[Pick.TOMORROW_MORNING]
    assert snoozed_until(Snooze.HOUR_1, now).strftime("%H:%M") == "15:20"
    assert snoozed_until(Snooze.TOMORROW, now).strftime("%d-%m %H:%M") == "13-09 10:00"


def test_a_locked_database_never_loses_the_reminders_found(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(at(10))
    reminders = Reminders(db, clock)
    reminders.start()
    _due(db, 1, 60)

    def locked(*_args: object) -> None:
        raise StoreError("database is locked")

    monkeypatch.setattr("indiamart_desktop.desk.reminders.write_settings", locked)
    clock.now = at(61)
    assert [r.lead_id for r in reminders.due()] == [lead_id(db, 1)]
    clock.now = at(62)
    assert reminders.due() == []  # still fired once
