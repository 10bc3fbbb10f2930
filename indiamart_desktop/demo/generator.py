"""Made-up IndiaMART leads and their v1 / v2 wire records.

A :class:`LeadGenerator` is deterministic for a seed and a call sequence. The wire
quirks (``null`` vs ``""``, missing keys, leading spaces, phone forms, line breaks) are
chosen from a hash of the query id, so one lead always looks the same on the wire.
"""

from __future__ import annotations

import logging
import math
import random
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from indiamart_desktop.demo.catalog import (
    CITIES,
    COMPANY_FORMS,
    DEITIES,
    FIRST_NAMES,
    FOREIGN,
    LAST_NAMES,
    MOBILE_PREFIXES,
    MONTHS,
    OPENINGS,
    ORDER_VALUES,
    PREFERRED_LOCATIONS,
    PRODUCTS,
    REQUIREMENT_TYPES,
    TRADES,
    City,
    Product,
)
from indiamart_desktop.indiamart.times import to_ist

logger = logging.getLogger(__name__)

#: The v2 record's keys in wire order.
V2_KEYS = (
    "UNIQUE_QUERY_ID", "QUERY_TYPE", "QUERY_TIME", "SENDER_NAME", "SENDER_MOBILE",
    "SENDER_EMAIL", "SUBJECT", "SENDER_COMPANY", "SENDER_ADDRESS", "SENDER_CITY",
    "SENDER_STATE", "SENDER_PINCODE", "SENDER_COUNTRY_ISO", "SENDER_MOBILE_ALT",
    "SENDER_PHONE", "SENDER_PHONE_ALT", "SENDER_EMAIL_ALT", "QUERY_PRODUCT_NAME",
    "QUERY_MESSAGE", "QUERY_MCAT_NAME", "CALL_DURATION", "RECEIVER_MOBILE",
)
#: The v1 record's keys in wire order.
V1_KEYS = (
    "RN", "QUERY_ID", "QTYPE", "SENDERNAME", "SENDEREMAIL", "SUBJECT", "DATE_RE", "DATE_R",
    "DATE_TIME_RE", "GLUSR_USR_COMPANYNAME", "READ_STATUS", "SENDER_GLUSR_USR_ID", "MOB",
    "COUNTRY_FLAG", "QUERY_MODID", "LOG_TIME", "QUERY_MODREFID", "DIR_QUERY_MODREF_TYPE",
    "ORG_SENDER_GLUSR_ID", "ENQ_MESSAGE", "ENQ_ADDRESS", "ENQ_CALL_DURATION",
    "ENQ_RECEIVER_MOB", "ENQ_CITY", "ENQ_STATE", "PRODUCT_NAME", "COUNTRY_ISO", "EMAIL_ALT",
    "MOBILE_ALT", "PHONE", "PHONE_ALT", "IM_MEMBER_SINCE", "TOTAL_COUNT",
)
#: v2 field -> v1 field, for the fields both versions carry.
V2_TO_V1 = {
    "SENDER_NAME": "SENDERNAME", "SENDER_EMAIL": "SENDEREMAIL", "SUBJECT": "SUBJECT",
    "SENDER_COMPANY": "GLUSR_USR_COMPANYNAME", "SENDER_ADDRESS": "ENQ_ADDRESS",
    "SENDER_CITY": "ENQ_CITY", "SENDER_STATE": "ENQ_STATE",
    "SENDER_COUNTRY_ISO": "COUNTRY_ISO", "SENDER_MOBILE_ALT": "MOBILE_ALT",
    "SENDER_PHONE": "PHONE", "SENDER_PHONE_ALT": "PHONE_ALT", "SENDER_EMAIL_ALT": "EMAIL_ALT",
    "QUERY_PRODUCT_NAME": "PRODUCT_NAME", "RECEIVER_MOBILE": "ENQ_RECEIVER_MOB",
}

#: Query-id ranges per lead type: ids of different types come from different ranges.
_ID_RANGES: dict[str, tuple[int, int]] = {
    "W": (2_600_000_000, 2_799_999_999),
    "WA": (2_600_000_000, 2_799_999_999),
    "B": (310_000_000, 399_999_999),
    "P": (10_000_000, 99_999_999),
    "BIZ": (1_900_000_000, 1_999_999_999),
}
_TYPE_WEIGHTS = (("W", 55.0), ("B", 22.0), ("P", 18.0), ("BIZ", 3.0), ("WA", 2.0))
#: Relative arrival rate by IST hour: quiet nights, busy working hours.
_HOUR_WEIGHTS = (
    0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.3, 0.6, 1.0, 1.5, 1.8, 1.9,
    1.8, 1.6, 1.7, 1.8, 1.7, 1.5, 1.2, 1.0, 0.8, 0.6, 0.4, 0.25,
)
_SUNDAY_FACTOR = 0.5


@dataclass(frozen=True)
class DemoLead:
    """One simulated enquiry: its identity, times and v2 field values."""

    query_id: str
    query_type: str
    received_at: datetime
    visible_at: datetime
    fields: dict[str, str]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _flavour(query_id: str, salt: str = "") -> int:
    """A stable 0..99 value per query id (and salt) that picks a wire quirk."""
    return zlib.crc32(f"{salt}:{query_id}".encode()) % 100


class LeadGenerator:
    """Believable random leads; the same seed and calls give the same leads."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._used_ids: set[str] = set()
        self._seller_mobiles = tuple(
            self._rng.choice(MOBILE_PREFIXES) + _digits(self._rng, 8) for _ in range(2)
        )

    def lead_at(self, received_at: datetime) -> DemoLead:
        """One lead received at ``received_at`` (shown in IST), visible a little later."""
        rng = self._rng
        received = to_ist(received_at).replace(microsecond=0)
        query_type = rng.choices([t for t, _ in _TYPE_WEIGHTS],
                                 [w for _, w in _TYPE_WEIGHTS])[0]
        query_id = self._new_id(query_type)
        fields = self._fields(query_id, query_type, received)
        return DemoLead(query_id, query_type, received, received + self._delay(), fields)

    def leads_between(self, start: datetime, end: datetime,
                      per_day: float = 30.0) -> list[DemoLead]:
        """Random arrivals in ``[start, end)``, about ``per_day`` a day, sorted by time."""
        if end <= start or per_day <= 0:
            return []
        mean_weight = sum(_HOUR_WEIGHTS) / len(_HOUR_WEIGHTS)
        peak = per_day / 86400.0 * max(_HOUR_WEIGHTS) / mean_weight
        leads: list[DemoLead] = []
        moment = to_ist(start)
        limit = to_ist(end)
        while True:  # thinning of a Poisson process at the peak rate
            moment += timedelta(seconds=self._rng.expovariate(peak))
            if moment >= limit:
                return leads
            weight = _HOUR_WEIGHTS[moment.hour] / max(_HOUR_WEIGHTS)
            if moment.weekday() == 6:
                weight *= _SUNDAY_FACTOR
            if self._rng.random() < weight:
                leads.append(self.lead_at(moment))

    def _new_id(self, query_type: str) -> str:
        low, high = _ID_RANGES[query_type]
        while True:
            query_id = str(self._rng.randint(low, high))
            if query_id not in self._used_ids:
                self._used_ids.add(query_id)
                return query_id

    def _delay(self) -> timedelta:
        roll = self._rng.random()
        if roll < 0.86:
            return timedelta(seconds=self._rng.randint(0, 120))
        if roll < 0.97:
            return timedelta(seconds=self._rng.randint(120, 1800))
        return timedelta(seconds=self._rng.randint(3600, 4 * 3600))

    def _fields(self, query_id: str, query_type: str, received: datetime) -> dict[str, str]:
        rng = self._rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city = rng.choice(CITIES)
        product = rng.choice(PRODUCTS)
        is_call = query_type == "P"
        foreign = rng.choice(FOREIGN) if rng.random() < 0.03 else None
        fields = dict.fromkeys(V2_KEYS, "")
        fields.update(
            UNIQUE_QUERY_ID=query_id,
            QUERY_TYPE=query_type,
            QUERY_TIME=received.strftime("%Y-%m-%d %H:%M:%S"),
            SENDER_NAME="" if is_call and rng.random() < 0.2 else f"{first} {last}",
            QUERY_PRODUCT_NAME="" if is_call and rng.random() < 0.4 else product.name,
            QUERY_MCAT_NAME="" if is_call and rng.random() < 0.4 else product.category,
        )
        if foreign is None:
            fields["SENDER_MOBILE"] = f"+91-{rng.choice(MOBILE_PREFIXES)}{_digits(rng, 8)}"
            fields["SENDER_COUNTRY_ISO"] = "IN"
            self._indian_address(fields, city)
        else:
            fields["SENDER_MOBILE"] = (f"+{foreign.dial}-{foreign.mobile_prefix}"
                                       f"{_digits(rng, foreign.mobile_digits)}")
            fields["SENDER_COUNTRY_ISO"] = foreign.country_iso
            fields["SENDER_CITY"] = foreign.city
            fields["SENDER_STATE"] = foreign.state
            fields["SENDER_ADDRESS"] = f"{foreign.city}, {foreign.state}"
        if is_call:
            fields["SUBJECT"] = "Buyer Call"
            fields["CALL_DURATION"] = str(rng.choice((0, rng.randint(5, 60),
                                                      rng.randint(20, 420))))
            fields["RECEIVER_MOBILE"] = rng.choice(self._seller_mobiles)
            return fields
        if fields["QUERY_PRODUCT_NAME"]:
            fields["SUBJECT"] = f"Requirement for {product.name}"
        fields["QUERY_MESSAGE"] = self._message(product, query_type)
        self._contact_extras(fields, first, last, city)
        return fields

    def _indian_address(self, fields: dict[str, str], city: City) -> None:
        rng = self._rng
        pincode = city.pin_prefix + f"{rng.randint(1, 99):03d}"
        locality = rng.choice(city.localities)
        gap = " " * rng.choice((1, 1, 5, 9))
        form = rng.randrange(6)
        if form == 0:
            address = f"{locality}, {city.name}, {city.state},{gap}{pincode}"
        elif form == 1:
            address = f"Plot No. {rng.randint(1, 300)}, {locality},  , {city.name}, {city.state}"
        elif form == 2:
            house = f"{rng.randint(1, 99)}-{rng.randint(1, 40)}/{rng.randint(1, 9)}"
            address = f"{house}, {locality}, , , {city.name},{gap}{pincode}"
        elif form == 3:
            address = f"{city.name}, {city.state}"
        elif form == 4:
            address = f"Shop No. {rng.randint(1, 60)}, {locality}, {city.name}, {city.state}, "\
                      f"{pincode}"
        else:
            address = ""
        fields["SENDER_ADDRESS"] = address
        fields["SENDER_CITY"] = pincode if rng.random() < 0.05 else city.name
        fields["SENDER_STATE"] = city.state
        fields["SENDER_PINCODE"] = pincode if rng.random() < 0.35 else ""

    def _contact_extras(self, fields: dict[str, str], first: str, last: str,
                        city: City) -> None:
        rng = self._rng
        roll = rng.random()
        domain = rng.choice(("example.com", "example.in"))
        if roll < 0.55:
            fields["SENDER_EMAIL"] = f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{domain}"
        if rng.random() < 0.5:
            deity, trade = rng.choice(DEITIES), rng.choice(TRADES)
            initials = f"{first[0]}{last[0]}"
            fields["SENDER_COMPANY"] = rng.choice(COMPANY_FORMS).format(
                first=first, last=last, city=city.name, deity=deity, trade=trade,
                initials=initials)
        if rng.random() < 0.2:
            fields["SENDER_MOBILE_ALT"] = f"+91-{rng.choice(MOBILE_PREFIXES)}{_digits(rng, 8)}"
        if rng.random() < 0.15:
            local = 11 - len(city.std_code)  # STD code without its 0 + number = 10 digits
            fields["SENDER_PHONE"] = f"{city.std_code}-{_digits(rng, local)}"
            if rng.random() < 0.3:
                fields["SENDER_PHONE_ALT"] = f"{city.std_code}-{_digits(rng, local)}"
        if fields["SENDER_EMAIL"] and rng.random() < 0.1:
            fields["SENDER_EMAIL_ALT"] = f"{last.lower()}.{first[0].lower()}@{domain}"

    def _message(self, product: Product, query_type: str) -> str:
        rng = self._rng
        if query_type == "BIZ" and rng.random() < 0.5:
            return ""
        lines = [rng.choice(OPENINGS).format(product=product.name), ""]
        quantity = max(1, round(math.exp(rng.uniform(0, math.log(product.max_quantity)))))
        optional = [
            f"Quantity : {quantity}",
            f"Quantity Unit : {rng.choice(product.units)}",
            f"Probable Order Value : {rng.choice(ORDER_VALUES)}",
            f"Probable Requirement Type : {rng.choice(REQUIREMENT_TYPES)}",
            f"Preferred Location: {rng.choice(PREFERRED_LOCATIONS)}",
        ]
        if query_type == "B" and rng.random() < 0.4:
            optional.insert(2, f"Requirement Frequency : {rng.choice(('One-Time', 'Monthly'))}")
        lines += [line for line in optional if rng.random() < 0.85]
        separator = rng.choices(("<br>", "\r", "\r\r", "<br />"), (80, 8, 7, 5))[0]
        return separator.join(lines).rstrip()


def to_v2_record(lead: DemoLead) -> dict[str, object]:
    """The lead as one v2 ``RESPONSE`` element: wire order, ``""`` empties with quirks.

    About one record in seven sends some empties as ``null``, another one in seven leaves
    some empty keys out entirely.
    """
    mode = _flavour(lead.query_id, "v2")
    record: dict[str, object] = {}
    for key in V2_KEYS:
        value = lead.fields.get(key, "")
        if value == "" and mode < 28 and _flavour(lead.query_id, key) < 60:
            if mode < 14:
                record[key] = None
            continue
        record[key] = value
    return record


def _v1_time_parts(moment: datetime) -> tuple[str, str, str]:
    """``DATE_RE`` "13 Mar 2020", ``DATE_R`` "13-Mar-20", ``DATE_TIME_RE`` 12-hour form."""
    month = MONTHS[moment.month - 1]
    hour12 = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    return (
        f"{moment.day:02d} {month} {moment.year}",
        f"{moment.day:02d}-{month}-{moment.year % 100:02d}",
        f"{moment.day:02d}-{month}-{moment.year} {hour12:02d}:{moment:%M:%S} {meridiem}",
    )


def to_v1_record(lead: DemoLead, row_number: int, total: int) -> dict[str, object]:
    """The lead as one v1 array element: 33 keys in wire order, ``null`` for empties."""
    fields = lead.fields
    qid = lead.query_id
    moment = to_ist(lead.received_at)
    is_call = lead.query_type == "P"
    date_re, date_r, date_time_re = _v1_time_parts(moment)
    if _flavour(qid, "space") < 30:
        date_time_re = " " + date_time_re
    mobile = fields.get("SENDER_MOBILE", "")
    if mobile.startswith("+91-"):
        if is_call:
            mobile = mobile[4:]
        elif _flavour(qid, "mob") < 35:
            mobile = "+91" + mobile[4:]
    message = fields.get("QUERY_MESSAGE", "")
    if _flavour(qid, "crlf") < 40:
        message = message.replace("<br />", "\r\n").replace("<br>", "\r\n")
    sender_id = str(100_000_000 + zlib.crc32(mobile[-10:].encode()) % 900_000_000)
    since = zlib.crc32(f"since:{mobile}".encode())
    country = fields.get("SENDER_COUNTRY_ISO", "")
    values: dict[str, str] = {
        "RN": str(row_number),
        "QUERY_ID": qid,
        "QTYPE": lead.query_type,
        "DATE_RE": date_re,
        "DATE_R": date_r,
        "DATE_TIME_RE": date_time_re,
        "READ_STATUS": "0",
        "SENDER_GLUSR_USR_ID": sender_id,
        "MOB": mobile,
        "COUNTRY_FLAG": (f"https://1.imimg.com/country-flags/small/{country.lower()}_flag_s.png"
                         if country and _flavour(qid, "flag") < 50 else ""),
        "QUERY_MODID": ("DIRECT" if is_call else
                        ("DIRECT", "IMOB", "ASTBUY", "TDW")[_flavour(qid, "mod") % 4]),
        "LOG_TIME": moment.strftime("%Y%m%d") + ("000000" if is_call else moment.strftime(
            "%H%M%S")),
        "QUERY_MODREFID": "" if is_call else str(10_000_000 + zlib.crc32(
            fields.get("QUERY_PRODUCT_NAME", "").encode()) % 90_000_000),
        "DIR_QUERY_MODREF_TYPE": "" if is_call else "PRODUCT",
        "ORG_SENDER_GLUSR_ID": sender_id if _flavour(qid, "org") < 50 else "",
        "ENQ_MESSAGE": message,
        "ENQ_CALL_DURATION": f"{fields['CALL_DURATION']} Secs"
        if fields.get("CALL_DURATION") else "",
        "IM_MEMBER_SINCE": f"{MONTHS[since % 12]}-{2009 + since % 15}",
        "TOTAL_COUNT": str(total),
    }
    for v2_key, v1_key in V2_TO_V1.items():
        values[v1_key] = fields.get(v2_key, "")
    if not values["ENQ_ADDRESS"] and _flavour(qid, "addr") < 40:
        values["ENQ_ADDRESS"] = ", , , "
    return {key: values.get(key) or None for key in V1_KEYS}
