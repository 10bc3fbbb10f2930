"""Faults the simulated service can be told to answer the next requests with."""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from datetime import datetime

from indiamart_desktop.demo import responses as r
from indiamart_desktop.demo.generator import DemoLead

logger = logging.getLogger(__name__)


class Fault(enum.Enum):
    """A canned answer (or non-answer) replacing the service's normal one."""

    TOO_SOON = "too_soon"
    BLOCKED = "blocked"
    WRONG_KEY = "wrong_key"
    KEY_EXPIRED = "key_expired"
    KEY_REPLACED = "key_replaced"
    KEY_NOT_ACTIVE = "key_not_active"
    SERVER_ERROR = "server_error"  # v2: HTTP 200, CODE 500; v1: HTTP 500, empty body
    HTTP_500 = "http_500"  # HTTP 500 with an HTML page
    HTML_PAGE = "html_page"  # HTTP 200 with an HTML page
    MALFORMED_JSON = "malformed_json"
    TRUNCATED_JSON = "truncated_json"  # a valid body cut off halfway (Content-Length fits)
    WRONG_TYPES = "wrong_types"  # valid JSON of the wrong shape (variants cycle)
    SLOW = "slow"  # the normal answer, after the service's slow_seconds
    DROP_CONNECTION = "drop_connection"  # socket closed without any answer
    EMPTY_ARRAY = "empty_array"  # HTTP 200, body "[]"


_WRONG_TYPES_V2: tuple[object, ...] = (
    {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": 1, "RESPONSE": "null"},
    {"CODE": {"value": 200}, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": "1",
     "RESPONSE": []},
    {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": 2,
     "RESPONSE": [17, "lead"]},
    ["CODE", 200],
)
_WRONG_TYPES_V1: tuple[object, ...] = (
    {"Error_Message": r.NO_LEADS_V1},
    [17, "lead"],
    "no data",
    [{"QUERY_ID": {"id": 1}, "QTYPE": ["W"]}],
)


def fault_reply(fault: Fault, version: str, *, sample: Sequence[DemoLead], variant: int,
                since: datetime) -> r.Reply | None:
    """The canned reply for ``fault``; ``None`` for SLOW and DROP_CONNECTION.

    ``sample`` feeds TRUNCATED_JSON, ``variant`` picks the WRONG_TYPES shape and ``since``
    is the time quoted by the key-state messages.
    """
    v1 = version == "v1"
    if fault is Fault.TOO_SOON:
        return r.v1_error(r.TOO_SOON) if v1 else r.v2_reply(429, r.TOO_SOON)
    if fault is Fault.BLOCKED:
        return blocked_reply()
    key_messages = {
        Fault.WRONG_KEY: r.wrong_key(version),
        Fault.KEY_EXPIRED: r.key_expired(version),
        Fault.KEY_REPLACED: r.key_replaced(since),
        Fault.KEY_NOT_ACTIVE: r.key_not_active(since),
    }
    if fault in key_messages:
        return r.v1_error(key_messages[fault]) if v1 else r.v2_reply(401, key_messages[fault])
    if fault is Fault.SERVER_ERROR:
        return r.Reply(500, b"", r.HTML) if v1 else r.v2_reply(500, r.SERVER_ERROR)
    if fault is Fault.HTTP_500:
        return r.Reply(500, r.html_page("500 Internal Server Error",
                                        "The server encountered an internal error."), r.HTML)
    if fault is Fault.HTML_PAGE:
        return r.Reply(200, r.html_page("IndiaMART - Under Maintenance",
                                        "We are upgrading our systems. Please visit later."),
                       r.HTML)
    if fault is Fault.MALFORMED_JSON:
        body = b'[{"QUERY_ID":"2600000001",,}' if v1 else b'{"CODE":200,"STATUS":"SUCCESS",,'
        return r.Reply(200, body)
    if fault is Fault.TRUNCATED_JSON:
        whole = r.dump(r.v1_leads_body(sample) if v1 else r.v2_leads_body(sample))
        return r.Reply(200, whole[: max(1, len(whole) // 2)])
    if fault is Fault.WRONG_TYPES:
        shapes = _WRONG_TYPES_V1 if v1 else _WRONG_TYPES_V2
        return r.Reply(200, r.dump(shapes[variant % len(shapes)]))
    if fault is Fault.EMPTY_ARRAY:
        return r.Reply(200, b"[]")
    return None


def blocked_reply() -> r.Reply:
    """A key blocked for bursts: HTTP 429 with IndiaMART's gateway body (both versions)."""
    return r.v2_reply(429, r.BLOCKED, status=429, extra={"APP_AUTH_FAILURE_CODE": 429})
