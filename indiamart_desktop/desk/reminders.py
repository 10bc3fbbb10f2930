"""Follow-up reminders: quick picks, falling due once, snooze, done, and what fell due
while the program was closed.

A lead has at most one open follow-up (``leads.follow_up_ts``). A reminder fires when the
clock passes its time: :meth:`Reminders.due` returns those due since the last check, so
each fires once; the moment of the last check is kept in settings, so at the next start
:meth:`Reminders.start` returns those that fell due while the program was closed, for ONE
summary (never a burst). Snoozing sets the follow-up again later (it fires again then).
The quick picks are pure functions of ``now`` in IST.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time

from indiamart_desktop.desk.timeline import record_event
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.settings import read_settings, write_settings

log = logging.getLogger(__name__)

#: When the reminders were last looked at (epoch seconds), kept across restarts.
LAST_RUN_SETTING = "desk_reminders_checked_ts"
MORNING = clock_time(10, 0)
EVENING = clock_time(18, 0)


class Pick(enum.Enum):
    IN_1_HOUR = "in_1_hour"
    THIS_EVENING = "this_evening"
    TOMORROW_MORNING = "tomorrow_morning"
    IN_3_DAYS = "in_3_days"
    NEXT_WEEK = "next_week"


class Snooze(enum.Enum):
    MINUTES_15 = "15_min"
    HOUR_1 = "1_hour"
    TOMORROW = "tomorrow"


def _at(day_of: datetime, days: int, moment: clock_time) -> datetime:
    return datetime.combine(day_of.date() + timedelta(days=days), moment, IST)


def quick_pick(pick: Pick, now: datetime) -> datetime:
    """The follow-up time of a quick pick, in IST.

    "This evening" is 18:00 today, or one hour from now once 18:00 has passed; "in 3 days"
    is 10:00 on the third day from today; "next week" is Monday 10:00 of next week.
    """
    local = now.astimezone(IST)
    if pick is Pick.IN_1_HOUR:
        return local + timedelta(hours=1)
    if pick is Pick.THIS_EVENING:
        evening = _at(local, 0, EVENING)
        return evening if evening > local else local + timedelta(hours=1)
    if pick is Pick.TOMORROW_MORNING:
        return _at(local, 1, MORNING)
    if pick is Pick.IN_3_DAYS:
        return _at(local, 3, MORNING)
    return _at(local, 7 - local.weekday(), MORNING)


def snoozed_until(snooze: Snooze, now: datetime) -> datetime:
    local = now.astimezone(IST)
    if snooze is Snooze.MINUTES_15:
        return local + timedelta(minutes=15)
    if snooze is Snooze.HOUR_1:
        return local + timedelta(hours=1)
    return _at(local, 1, MORNING)


@dataclass(frozen=True)
class Reminder:
    lead_id: int
    query_id: str
    due_ts: float
    name: str
    company: str
    product: str

    @property
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due_ts, IST)


_SELECT = ("SELECT id, query_id, follow_up_ts, sender_name, sender_company, product "
           "FROM leads WHERE follow_up_ts IS NOT NULL")


class Reminders:
    """The reminder clock of one database; ``clock`` gives epoch seconds (tests set it)."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        self._checked: float | None = None

    def _between(self, after: float, until: float) -> list[Reminder]:
        rows = self.db.conn.execute(
            f"{_SELECT} AND follow_up_ts > ? AND follow_up_ts <= ? ORDER BY follow_up_ts, id",
            (after, until))
        return [Reminder(int(r[0]), str(r[1]), float(r[2]), str(r[3]), str(r[4]), str(r[5]))
                for r in rows]

    def _save(self, now: float) -> None:
        """Remember the check; the reminders it found are returned whether or not the
        database takes the note (a locked one only means they are summarised once more)."""
        self._checked = now
        try:
            write_settings(self.db, {LAST_RUN_SETTING: repr(now)})
        except StoreError as error:
            log.warning("The reminder check could not be noted (%s); the follow-ups found "
                        "now may be summarised again at the next start", error)

    def start(self) -> list[Reminder]:
        """Those that fell due since the program last looked (for one summary); on the
        very first start, none."""
        now = self.clock()
        try:
            last = float(read_settings(self.db).get(LAST_RUN_SETTING, ""))
        except ValueError:
            last = now
        missed = self._between(min(last, now), now)
        self._save(now)
        if missed:
            log.info("%d follow-up(s) fell due while the program was closed", len(missed))
        return missed

    def due(self) -> list[Reminder]:
        """Those that fell due since the last check (each reminder fires once)."""
        now = self.clock()
        after = now if self._checked is None else min(self._checked, now)
        found = self._between(after, now)
        self._save(now)
        return found

    def next_due_ts(self) -> float | None:
        """When the next reminder falls due (to arm one timer), or None."""
        after = self.clock() if self._checked is None else self._checked
        row = self.db.conn.execute(
            "SELECT MIN(follow_up_ts) FROM leads WHERE follow_up_ts IS NOT NULL "
            "AND follow_up_ts > ?", (after,)).fetchone()
        return None if row[0] is None else float(row[0])

    def snooze(self, lead_id: int, snooze: Snooze, author: str = "") -> datetime:
        """Set the lead's follow-up again later; it fires again then."""
        now = self.clock()
        until = snoozed_until(snooze, datetime.fromtimestamp(now, IST))
        record_event(self.db, lead_id, "follow_up_set", now=now, outcome="snoozed",
                     due_ts=until.timestamp(), author=author)
        return until

    def done(self, lead_id: int, author: str = "") -> None:
        record_event(self.db, lead_id, "follow_up_done", now=self.clock(), author=author)
