"""What the filter bar shows, saved across restarts and turned into a store filter.

Date presets are kept as names ("today", "last7"...) and resolved against the IST
calendar when applied, so "Today" still means today after midnight.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from indiamart_desktop.desk.timeline import STATUSES
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.query import LeadFilter

log = logging.getLogger(__name__)

PRESETS = ("all", "today", "yesterday", "last7", "this_month", "custom")
#: The days a custom range may name (the date boxes are bounded to the same).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def ist_today(now: datetime) -> date:
    """The IST calendar day at ``now`` (an aware datetime), whatever the machine's zone."""
    return now.astimezone(IST).date()


def _day(value: object) -> date | None:
    """An ISO day within [FIRST_DAY, LAST_DAY], else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _day_or_blank(value: object) -> str:
    day = _day(value)
    return day.isoformat() if day else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _statuses(value: object, single: object) -> tuple[str, ...]:
    """Known statuses of a saved list, in their own order; a filter saved before several
    could be chosen held one ``status`` text."""
    chosen = value if isinstance(value, list) else [single] if value is None else []
    return tuple(s for s in STATUSES if s in chosen)


def _flag(value: object) -> bool:
    return value if isinstance(value, bool) else False


@dataclass(frozen=True)
class FilterState:
    preset: str = "all"
    custom_from: str = ""  # ISO dates, IST days, inclusive
    custom_to: str = ""
    types: tuple[str, ...] = ()
    state: str = ""
    city: str = ""
    statuses: tuple[str, ...] = ()
    starred_only: bool = False
    unread_only: bool = False
    search: str = ""

    def is_default(self) -> bool:
        return self == FilterState()

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> FilterState:
        """A saved filter, field by field: a field of the wrong type or out of range falls
        back to its default, so no saved text can stop the window from opening."""
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError):
            data = None
        if not isinstance(data, dict):
            log.warning("Ignoring a saved filter that cannot be read")
            return cls()
        types, preset = data.get("types"), data.get("preset")
        state = cls(
            preset=preset if isinstance(preset, str) and preset in PRESETS else "all",
            custom_from=_day_or_blank(data.get("custom_from")),
            custom_to=_day_or_blank(data.get("custom_to")),
            types=tuple(t for t in types if isinstance(t, str) and t)
            if isinstance(types, list) else (),
            state=_text(data.get("state")),
            city=_text(data.get("city")),
            statuses=_statuses(data.get("statuses"), data.get("status")),
            starred_only=_flag(data.get("starred_only")),
            unread_only=_flag(data.get("unread_only")),
            search=_text(data.get("search")),
        )
        reset = [name for name, value in asdict(state).items()
                 if name in data
                 and data[name] != (list(value) if name in ("types", "statuses") else value)]
        if reset:
            log.warning("Saved filter: reset invalid %s", ", ".join(reset))
        return state

    def date_range(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """[from, to) as aware datetimes for the preset, on IST days."""
        today = ist_today(now)

        def start_of(day: date) -> datetime:
            return datetime.combine(day, time(0), IST)

        if self.preset == "today":
            return start_of(today), start_of(today + timedelta(days=1))
        if self.preset == "yesterday":
            return start_of(today - timedelta(days=1)), start_of(today)
        if self.preset == "last7":
            return start_of(today - timedelta(days=6)), start_of(today + timedelta(days=1))
        if self.preset == "this_month":
            return start_of(today.replace(day=1)), start_of(today + timedelta(days=1))
        if self.preset == "custom":
            low_day, high_day = _day(self.custom_from), _day(self.custom_to)
            if low_day and high_day and low_day > high_day:
                low_day, high_day = high_day, low_day  # an inverted range means the same days
            return (start_of(low_day) if low_day else None,
                    start_of(high_day + timedelta(days=1)) if high_day else None)
        return None, None

    def to_filter(self, now: datetime) -> LeadFilter:
        low, high = self.date_range(now)
        return LeadFilter(
            received_from=low,
            received_to=high,
            types=frozenset(self.types),
            state=self.state,
            city=self.city,
            statuses=frozenset(self.statuses),
            starred_only=self.starred_only,
            unread_only=self.unread_only,
            search=self.search.strip(),
        )
