"""Turn IndiaMART's raw records (v1 or v2) into :class:`Lead` objects.

Every field is optional and may be missing, ``null``, ``""``, a number or, in broken
output, a list or object. Only a record without an id or without a usable time is
refused (:class:`RecordError`); anything else degrades to an empty field.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from indiamart_desktop.indiamart.address import clean_address, find_pincode, is_pincode
from indiamart_desktop.indiamart.emails import normalize_email
from indiamart_desktop.indiamart.message import clean_message, parse_embedded
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.phones import normalize_phone
from indiamart_desktop.indiamart.times import IST, parse_ist

logger = logging.getLogger(__name__)

#: v1 key -> v2 key (``indiamart-api.md``); v1 records are read through this map.
V1_TO_V2: dict[str, str] = {
    "QUERY_ID": "UNIQUE_QUERY_ID",
    "QTYPE": "QUERY_TYPE",
    "DATE_TIME_RE": "QUERY_TIME",
    "SENDERNAME": "SENDER_NAME",
    "SENDEREMAIL": "SENDER_EMAIL",
    "SUBJECT": "SUBJECT",
    "GLUSR_USR_COMPANYNAME": "SENDER_COMPANY",
    "MOB": "SENDER_MOBILE",
    "ENQ_ADDRESS": "SENDER_ADDRESS",
    "ENQ_CITY": "SENDER_CITY",
    "ENQ_STATE": "SENDER_STATE",
    "COUNTRY_ISO": "SENDER_COUNTRY_ISO",
    "MOBILE_ALT": "SENDER_MOBILE_ALT",
    "PHONE": "SENDER_PHONE",
    "PHONE_ALT": "SENDER_PHONE_ALT",
    "EMAIL_ALT": "SENDER_EMAIL_ALT",
    "PRODUCT_NAME": "QUERY_PRODUCT_NAME",
    "ENQ_MESSAGE": "QUERY_MESSAGE",
    "ENQ_CALL_DURATION": "CALL_DURATION",
    "ENQ_RECEIVER_MOB": "RECEIVER_MOBILE",
}

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_MAX_ID_LENGTH = 64
_MAX_TIME_LENGTH = 40
_V2_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# "13-Mar-2020 05:51:21 PM". Parsed by hand: strptime's %b and %p follow the C locale,
# which Qt sets from the user's environment (a Hindi desktop would fail on "Mar").
_V1_TIME = re.compile(
    r"\s*(\d{1,2})-([A-Za-z]{3})[A-Za-z]*-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})"
    r"\s*(?:([AaPp])\.?[Mm]\.?)?\s*"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LOG_TIME = re.compile(r"\s*(\d{14})\s*")
_CLOCK_DURATION = re.compile(r"\s*(?:(\d{1,4}):)?(\d{1,4}):(\d{2})\s*")
_DURATION_PART = re.compile(r"(\d{1,9})\s*(h|m|s)?", re.IGNORECASE)
_DECIMAL = re.compile(r"\s*\d{1,9}(?:\.\d{1,6})?\s*")


class RecordError(ValueError):
    """A record that cannot become a lead: no id, or no usable time."""


def _number_text(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e18 else str(value)
    return str(value) if value.bit_length() < 1000 else ""


def _plain(value: object, key: str, lead_id: str) -> str:
    """The text of one field, control characters (except newlines) still in."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value)
    logger.warning("lead %s: %s is a %s, not text; left empty", lead_id, key, type(value).__name__)
    return ""


def _line(value: object, key: str, lead_id: str) -> str:
    """One-line text: control characters gone, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", _plain(value, key, lead_id)).split())


def _query_id(value: object) -> str:
    if isinstance(value, str):
        text = _CONTROL.sub("", value).strip()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = _number_text(value)
    else:
        text = ""
    if not text:
        raise RecordError("record without a query id")
    if len(text) > _MAX_ID_LENGTH:
        raise RecordError(f"record with an implausible query id ({len(text)} characters)")
    return text


def _time_text(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return _number_text(value)
    return value if isinstance(value, str) and len(value) <= _MAX_TIME_LENGTH else ""


def _v1_time(text: str) -> datetime | None:
    match = _V1_TIME.fullmatch(text)
    if not match or match.group(2).lower() not in _MONTHS:
        return None
    day, month, year, hour, minute, second, half = match.groups()
    clock = int(hour)
    if half:
        if not 1 <= clock <= 12:
            return None
        clock = clock % 12 + (12 if half.lower() == "p" else 0)
    try:
        return datetime(
            int(year),
            _MONTHS.index(month.lower()) + 1,
            int(day),
            clock,
            int(minute),
            int(second),
            tzinfo=IST,
        )
    except ValueError:
        return None


def _call_duration(text: str) -> int | None:
    """Seconds from "105", "51 Secs", "1 Min 5 Secs" or "01:45"; ``None`` if absent."""
    if not text.strip():
        return None
    if _DECIMAL.fullmatch(text):
        return int(float(text))
    clock = _CLOCK_DURATION.fullmatch(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    parts = _DURATION_PART.findall(text)
    if not parts:
        return None
    scale = {"h": 3600, "m": 60}
    return sum(int(number) * scale.get(unit.lower(), 1) for number, unit in parts)


def _build(
    fields: Mapping[str, Any],
    *,
    record: Mapping[str, Any],
    version: str,
    query_id: str,
    received_at: datetime,
) -> Lead:
    """Build the lead from v2-named ``fields`` (a v1 record arrives already mapped)."""

    def line(key: str) -> str:
        return _line(fields.get(key), key, query_id)

    def phone(key: str) -> str:
        return normalize_phone(line(key))

    def email(key: str) -> str:
        return normalize_email(line(key))

    message = clean_message(_plain(fields.get("QUERY_MESSAGE"), "QUERY_MESSAGE", query_id))
    embedded = parse_embedded(message)
    address = clean_address(line("SENDER_ADDRESS"))
    city = line("SENDER_CITY")
    pincode = line("SENDER_PINCODE").replace(" ", "")
    if not is_pincode(pincode):
        pincode = ""
    if is_pincode(city):  # the city field sometimes holds just a pincode
        pincode = pincode or city.replace(" ", "")
        city = ""
    mobile_raw = line("SENDER_MOBILE")
    return Lead(
        query_id=query_id,
        query_type=line("QUERY_TYPE").upper(),
        received_at=received_at,
        api_version=version,
        sender_name=line("SENDER_NAME"),
        sender_company=line("SENDER_COMPANY"),
        mobile=normalize_phone(mobile_raw),
        mobile_raw=mobile_raw,
        mobile_alt=phone("SENDER_MOBILE_ALT"),
        phone=phone("SENDER_PHONE"),
        phone_alt=phone("SENDER_PHONE_ALT"),
        email=email("SENDER_EMAIL"),
        email_alt=email("SENDER_EMAIL_ALT"),
        subject=line("SUBJECT"),
        address=address,
        city=city,
        state=line("SENDER_STATE"),
        pincode=pincode or find_pincode(address, city),
        country_iso=line("SENDER_COUNTRY_ISO").upper(),
        product=line("QUERY_PRODUCT_NAME"),
        category=line("QUERY_MCAT_NAME"),
        message=message,
        quantity=embedded.quantity,
        quantity_unit=embedded.quantity_unit,
        order_value=embedded.order_value,
        order_value_min=embedded.order_value_min,
        order_value_max=embedded.order_value_max,
        requirement_type=embedded.requirement_type,
        preferred_location=embedded.preferred_location,
        call_duration=_call_duration(line("CALL_DURATION")),
        receiver_mobile=phone("RECEIVER_MOBILE"),
        raw=dict(record),
    )


def normalize_v2(record: Mapping[str, Any]) -> Lead:
    """A v2 record (``UNIQUE_QUERY_ID``, ``QUERY_TIME`` "YYYY-MM-DD HH:MM:SS" IST, ...)."""
    query_id = _query_id(record.get("UNIQUE_QUERY_ID"))
    text = _time_text(record.get("QUERY_TIME"))
    try:
        received_at = parse_ist(text, _V2_TIME_FORMAT)
    except ValueError:
        raise RecordError(f"lead {query_id}: no usable QUERY_TIME ({text!r})") from None
    return _build(record, record=record, version="v2", query_id=query_id, received_at=received_at)


def normalize_v1(record: Mapping[str, Any]) -> Lead:
    """A v1 record: time from ``DATE_TIME_RE``, else ``LOG_TIME`` (000000 on calls)."""
    fields = {v2: record.get(v1) for v1, v2 in V1_TO_V2.items()}
    query_id = _query_id(fields["UNIQUE_QUERY_ID"])
    received_at = _v1_time(_time_text(record.get("DATE_TIME_RE")))
    if received_at is None:
        log_time = _LOG_TIME.fullmatch(_time_text(record.get("LOG_TIME")))
        try:
            received_at = parse_ist(log_time.group(1), "%Y%m%d%H%M%S") if log_time else None
        except ValueError:
            received_at = None
    if received_at is None:
        raise RecordError(f"lead {query_id}: neither DATE_TIME_RE nor LOG_TIME is a time")
    return _build(fields, record=record, version="v1", query_id=query_id, received_at=received_at)


def _id_hint(record: Mapping[Any, Any]) -> str:
    for key in ("UNIQUE_QUERY_ID", "QUERY_ID"):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return _CONTROL.sub("", str(value))[:_MAX_ID_LENGTH]
    return "?"


def _normalizer(version: str) -> Callable[[Mapping[str, Any]], Lead]:
    if version not in ("v1", "v2"):
        raise ValueError(f"unknown API version {version!r}")
    return normalize_v1 if version == "v1" else normalize_v2


def _normalize_one(normalize: Callable[[Mapping[str, Any]], Lead], index: int,
                   record: object) -> Lead | None:
    """The lead of one record, or ``None`` (logged by id, never its content) if it has none."""
    if not isinstance(record, Mapping):
        logger.warning("record #%d is a %s, not an object; skipped", index,
                       type(record).__name__)
        return None
    try:
        return normalize(record)
    except RecordError as exc:
        logger.warning("record #%d skipped: %s", index, exc)
    except Exception as exc:  # a normaliser bug must not lose the other leads
        hint, kind = _id_hint(record), type(exc).__name__
        logger.error("record #%d (lead %s) skipped: unexpected %s", index, hint, kind)
    return None


def normalize_records(records: Iterable[object], version: str) -> tuple[list[Lead], int]:
    """Normalise one answer's records: ``(leads, number skipped)``.

    A bad record is logged (by id, never its content) and skipped without sinking the
    others; a query id seen twice in one answer is kept once (the first).
    """
    normalize = _normalizer(version)
    leads: list[Lead] = []
    seen: set[str] = set()
    skipped = 0
    for index, record in enumerate(records):
        lead = _normalize_one(normalize, index, record)
        if lead is None:
            skipped += 1
            continue
        if lead.query_id in seen:
            logger.debug("lead %s appears twice in one answer; kept once", lead.query_id)
            continue
        seen.add(lead.query_id)
        leads.append(lead)
    return leads, skipped


class RecordStream:
    """One answer's records, normalised one at a time as an upsert reads them in batches.

    Each raw record is dropped from ``records`` as soon as it is read, so an answer of a
    million records never holds a million leads as well: memory beyond the parsed answer
    stays bounded by one batch. Read it once; :attr:`skipped` then counts the records that
    could not become leads. Duplicate query ids are left to the writer (it keeps the first).
    """

    def __init__(self, records: list[Any], version: str) -> None:
        self._records = records
        self._normalize = _normalizer(version)
        self.skipped = 0

    def __iter__(self) -> Iterator[Lead]:
        records = self._records
        for index in range(len(records)):
            record, records[index] = records[index], None
            lead = _normalize_one(self._normalize, index, record)
            if lead is None:
                self.skipped += 1
            else:
                yield lead
        records.clear()
