"""The export columns, defined once for every file format: header, width, kind, value."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TypeAlias

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.query import StoredLead

#: Excel refuses longer cell texts.
MAX_CELL_TEXT = 32_767

# Control characters, lone surrogates and the two non-characters that XML 1.0 forbids.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_IST_EPOCH = datetime(1970, 1, 1) + timedelta(hours=5, minutes=30)

#: A cell starting with one of these is a formula to Excel when it reads a csv file:
#: https://owasp.org/www-community/attacks/CSV_Injection
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Kind(enum.Enum):
    TEXT = "text"
    PHONE = "phone"  # the store's one phone format, "+91-9876543210"
    LONG_TEXT = "long text"  # wrapped in xlsx
    NUMBER = "number"
    DATETIME = "datetime"  # naive IST wall time
    DATE = "date"


Value: TypeAlias = str | int | float | datetime | date | None


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: Kind
    value: Callable[[StoredLead], Value]


def clean_text(text: str) -> str:
    """Text safe for any cell: no XML-illegal characters, no longer than Excel allows.

    Line breaks become Excel's LF (an XML reader would turn a bare CR into LF anyway).
    """
    if _ILLEGAL_XML.search(text):
        text = _ILLEGAL_XML.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_TEXT] if len(text) > MAX_CELL_TEXT else text


def _received(lead: StoredLead) -> datetime:
    # Faster than fromtimestamp(..., IST).replace(tzinfo=None), and the same wall time.
    return _IST_EPOCH + timedelta(seconds=lead.received_ts)


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


COLUMNS: tuple[Column, ...] = (
    Column("Received (IST)", 17, Kind.DATETIME, _received),
    Column("Lead ID", 14, Kind.TEXT, lambda lead: lead.query_id),
    Column("Type", 15, Kind.TEXT, lambda lead: lead.type_label),
    Column("Buyer name", 22, Kind.TEXT, lambda lead: lead.sender_name),
    Column("Company", 24, Kind.TEXT, lambda lead: lead.sender_company),
    Column("Mobile", 16, Kind.PHONE, lambda lead: lead.mobile),
    Column("Alternate mobile", 16, Kind.PHONE, lambda lead: lead.mobile_alt),
    Column("Phone", 16, Kind.PHONE, lambda lead: lead.phone),
    Column("E-mail", 26, Kind.TEXT, lambda lead: lead.email),
    Column("City", 14, Kind.TEXT, lambda lead: lead.city),
    Column("State", 16, Kind.TEXT, lambda lead: lead.state),
    Column("Pincode", 9, Kind.TEXT, lambda lead: lead.pincode),
    Column("Country", 8, Kind.TEXT, lambda lead: lead.country_iso),
    Column("Product", 26, Kind.TEXT, lambda lead: lead.product),
    Column("Category", 20, Kind.TEXT, lambda lead: lead.category),
    Column("Subject", 30, Kind.TEXT, lambda lead: lead.subject),
    Column("Message", 60, Kind.LONG_TEXT, lambda lead: lead.message),
    Column("Quantity", 10, Kind.NUMBER, lambda lead: _number(lead.quantity)),
    Column("Unit", 10, Kind.TEXT, lambda lead: lead.quantity_unit),
    Column("Order value", 18, Kind.TEXT, lambda lead: lead.order_value),
    Column("Requirement", 14, Kind.TEXT, lambda lead: lead.requirement_type),
    Column("Preferred location", 18, Kind.TEXT, lambda lead: lead.preferred_location),
    Column("Call duration (s)", 10, Kind.NUMBER, lambda lead: lead.call_duration),
    Column("Status", 11, Kind.TEXT, lambda lead: lead.status.capitalize()),
    Column("Starred", 8, Kind.TEXT, lambda lead: "Yes" if lead.starred else ""),
    Column("Follow-up", 11, Kind.DATE, lambda lead: lead.follow_up_date),
    Column("Notes", 40, Kind.LONG_TEXT, lambda lead: lead.notes),
)

HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)


def row_values(lead: StoredLead) -> list[Value]:
    """One lead as typed cell values in column order, text already cleaned."""
    return [clean_text(v) if isinstance(v, str) else v
            for v in (column.value(lead) for column in COLUMNS)]


@dataclass(frozen=True)
class Summary:
    """What the summary sheet says about an export (csv files carry only the rows)."""

    title: str
    created: datetime  # aware
    sort: str
    filter: list[tuple[str, str]]
    by_type: list[tuple[str, int]]
    by_state: list[tuple[str, int]]
    by_product: list[tuple[str, int]]

    def groups(self) -> list[tuple[str, list[tuple[str, int]]]]:
        return [("By lead type", self.by_type), ("By state", self.by_state),
                ("By product", self.by_product)]

    def created_ist(self) -> datetime:
        """Creation time as naive IST wall time (Excel knows no zones)."""
        return self.created.astimezone(IST).replace(tzinfo=None, microsecond=0)

    def created_utc(self) -> datetime:
        """Creation time as naive UTC, as document properties expect."""
        return self.created.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
