"""IndiaMART's answer bodies, as the simulated service sends them."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from indiamart_desktop.demo.generator import DemoLead, to_v1_record, to_v2_record

logger = logging.getLogger(__name__)

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=UTF-8"

NO_LEADS_V1 = "There are no leads in the given time duration.please try for a different duration."
NO_LEADS_V2 = "There are no leads in the given time duration. Please try for a different duration."
TOO_SOON = ("It is advised to hit this API once in every 5 minutes,but it seems that you have "
            "crossed this limit. please try again after 5 minutes.")
BLOCKED = "Too Many Requests"
SERVER_ERROR = "Some Error Occured"
BAD_DATE = ("Date format used in API URL is incorrect.\n\tPlease use the date format "
            "'DD-MM-YYYY HH:MM:SS' or 'DD-MON-YYYY'.\n\tFor example: 25-01-2019 16:30:00")
END_BEFORE_START = "End time should be greater than start time in API URL."


def window_too_wide(days: int) -> str:
    return f"Difference between start time and end time should not be more than {days} days."


def history_too_old(days: int) -> str:
    return f"Leads older than {days} days can not be fetched. Kindly change the start time."


def wrong_key(version: str) -> str:
    name = "CRM key" if version == "v1" else "Pull API Key"
    return (f"{name} that you are using is incorrect. Kindly use the correct key or generate "
            "a new key from Lead Manager.")


def key_expired(version: str) -> str:
    name = "CRM key" if version == "v1" else "Pull API Key"
    return (f"{name} that you are using has expired as it was no longer in use. Kindly "
            "generate the new CRM key from Lead Manager and use it.")


def key_replaced(since: datetime) -> str:
    return ("CRM key that you are using has expired. Kindly use the new key which you have "
            f"generated on '{since:%d-%m-%Y %I:%M:%S %p}'.")


def key_not_active(since: datetime) -> str:
    return ("Your key has been generated recently. The data will be available after 24 hours "
            f"from {since:%d-%m-%Y %I:%M:%S %p}.")


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, content type and body bytes."""

    status: int
    body: bytes
    content_type: str = JSON


def dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def v2_reply(code: int, message: str, *, status: int = 200,
             extra: dict[str, object] | None = None) -> Reply:
    """A v2 envelope without records (errors, no leads)."""
    body: dict[str, object] = {"CODE": code, "STATUS": "FAILURE", "MESSAGE": message}
    if code == 204:
        body.update(TOTAL_RECORDS=0, RESPONSE=[])
    body.update(extra or {})
    return Reply(status, dump(body))


def v1_error(message: str) -> Reply:
    return Reply(200, dump([{"Error_Message": message}]))


def v2_leads_body(leads: Sequence[DemoLead]) -> dict[str, object]:
    """The v2 success envelope, records oldest first."""
    ordered = sorted(leads, key=lambda lead: (lead.received_at, lead.query_id))
    return {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": len(ordered),
            "RESPONSE": [to_v2_record(lead) for lead in ordered]}


def v1_leads_body(leads: Sequence[DemoLead]) -> list[dict[str, object]]:
    """The v1 success array, newest first, numbered from 1."""
    ordered = sorted(leads, key=lambda lead: (lead.received_at, lead.query_id), reverse=True)
    return [to_v1_record(lead, row, len(ordered)) for row, lead in enumerate(ordered, 1)]


def leads_reply(version: str, leads: Sequence[DemoLead]) -> Reply:
    """Leads, or the version's "no leads" answer when there are none."""
    if version == "v1":
        return Reply(200, dump(v1_leads_body(leads))) if leads else v1_error(NO_LEADS_V1)
    if not leads:
        return v2_reply(204, NO_LEADS_V2)
    return Reply(200, dump(v2_leads_body(leads)))


def html_page(title: str, text: str) -> bytes:
    return (f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body>\n"
            f"<h1>{title}</h1>\n<p>{text}</p>\n</body></html>\n").encode()
