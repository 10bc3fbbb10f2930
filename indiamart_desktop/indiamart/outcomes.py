"""Every kind of answer IndiaMART gives, and what each means for polling."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from indiamart_desktop.indiamart.models import Lead


class Outcome(enum.Enum):
    LEADS = "leads"
    NO_LEADS = "no_leads"
    TOO_SOON = "too_soon"
    BLOCKED = "blocked"
    WRONG_KEY = "wrong_key"
    KEY_EXPIRED = "key_expired"
    KEY_REPLACED = "key_replaced"
    KEY_NOT_ACTIVE = "key_not_active"
    BAD_REQUEST = "bad_request"
    SERVER_ERROR = "server_error"
    AMBIGUOUS_EMPTY = "ambiguous_empty"
    MALFORMED = "malformed"
    NETWORK_ERROR = "network_error"

    @property
    def is_definite(self) -> bool:
        """Only these answers may move the covered frontier."""
        return self in (Outcome.LEADS, Outcome.NO_LEADS)

    @property
    def is_key_problem(self) -> bool:
        return self in KEY_PROBLEMS


KEY_PROBLEMS = frozenset(
    {Outcome.WRONG_KEY, Outcome.KEY_EXPIRED, Outcome.KEY_REPLACED, Outcome.KEY_NOT_ACTIVE}
)


@dataclass(frozen=True)
class Classified:
    """What one HTTP answer said: the outcome, the raw records (for LEADS) and the message."""

    outcome: Outcome
    records: list[Any] = field(default_factory=list)
    message: str = ""


@dataclass(frozen=True)
class Answer:
    """One finished call: the outcome, its leads and skipped records, IndiaMART's time.

    A client hands over a leads answer's raw ``records`` (of API ``version``) rather than
    normalised ``leads``: the engine normalises and stores them a batch at a time (see
    :class:`~indiamart_desktop.indiamart.normalize.RecordStream`), and they are consumed
    then. ``server_time`` is the time IndiaMART's answer was sent by its own clock (the
    HTTP Date header), when it said.
    """

    outcome: Outcome
    leads: list[Lead] = field(default_factory=list)
    skipped: int = 0
    message: str = ""
    http_status: int | None = None
    duration: float = 0.0
    #: False only when the request certainly never left (see indiamart.unsent): such a
    #: call cannot count toward IndiaMART's 5-minute rule.
    sent: bool = True
    records: list[Any] = field(default_factory=list, repr=False)
    version: str = "v2"
    server_time: datetime | None = None
