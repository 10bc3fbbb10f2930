"""What the filter bar shows, saved across restarts and turned into a store filter.

Date presets are kept as names ("today", "last7"...) and resolved against the IST
calendar when applied, so "Today" still means today after midnight.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.query import LeadFilter

log = logging.getLogger(__name__)

PRESETS = ("all", "today", "yesterday", "last7", "this_month", "custom")


@dataclass(frozen=True)
class FilterState:
    preset: str = "all"
    custom_from: str = ""  # ISO dates, IST days, inclusive
    custom_to: str = ""
    types: tuple[str, ...] = ()
    state: str = ""
    city: str = ""
    status: str = ""
    starred_only: bool = False
    unread_only: bool = False
    search: str = ""

    def is_default(self) -> bool:
        return self == FilterState()

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> FilterState:
        try:
            data = json.loads(text)
            state = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
            state = replace(state, types=tuple(state.types))
        except (ValueError, TypeError):
            log.warning("Ignoring a saved filter that cannot be read")
            return cls()
        return state if state.preset in PRESETS else replace(state, preset="all")

    def date_range(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """[from, to) as aware datetimes for the preset, on IST days."""
        today = now.astimezone(IST).date()

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
            low = start_of(date.fromisoformat(self.custom_from)) if self.custom_from else None
            high = (start_of(date.fromisoformat(self.custom_to) + timedelta(days=1))
                    if self.custom_to else None)
            return low, high
        return None, None

    def to_filter(self, now: datetime) -> LeadFilter:
        low, high = self.date_range(now)
        return LeadFilter(
            received_from=low,
            received_to=high,
            types=frozenset(self.types),
            state=self.state,
            city=self.city,
            statuses=frozenset({self.status}) if self.status else frozenset(),
            starred_only=self.starred_only,
            unread_only=self.unread_only,
            search=self.search.strip(),
        )
