"""Tell what one HTTP answer of IndiaMART's pull API means (see ``indiamart-api.md``).

IndiaMART's message texts drift ("CRM key"/"Pull API Key", "minutes,but"/"minutes, but"),
so answers are told apart by codes and lower-case substrings, never by whole strings.
Nothing here raises: whatever the bytes, the answer is a :class:`Classified`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from indiamart_desktop.indiamart.outcomes import KEY_PROBLEMS, Classified, Outcome
from indiamart_desktop.indiamart.redact import redact

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 300
_SCAN_LIMIT = 4000  # only the head of a huge message is cleaned and redacted
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NUMERIC_CODE = re.compile(r"\s*\d{1,4}\s*")
_V1_ERROR_KEY = "error message"  # "Error_Message" in real output, "Error Message" in the docs


def _outcome_of_message(text: str) -> Outcome | None:
    """Recognise IndiaMART's message wording; the order of the checks matters."""
    m = " ".join(text.lower().split())
    if "available after 24 hours" in m or "will be available after" in m:
        return Outcome.KEY_NOT_ACTIVE  # may come with CODE 204: must win over NO_LEADS
    if "too many requests" in m:
        return Outcome.BLOCKED
    if "once in every" in m or "hit this api" in m:
        return Outcome.TOO_SOON
    if "no lead" in m:
        return Outcome.NO_LEADS
    if "date format" in m or "7 days" in m or "365 days" in m or "seven days" in m:
        return Outcome.BAD_REQUEST  # before WRONG_KEY: "Date format ... is incorrect"
    if "no longer in use" in m:
        return Outcome.KEY_EXPIRED
    if "use the new key" in m or ("expired" in m and "generated on" in m):
        return Outcome.KEY_REPLACED
    if "expired" in m and "key" in m:
        return Outcome.KEY_EXPIRED
    if "incorrect" in m or ("invalid" in m and "key" in m):
        return Outcome.WRONG_KEY
    if "some error occur" in m:
        return Outcome.SERVER_ERROR
    return None


def _clean(text: str) -> str:
    """Whitespace collapsed, the key masked, capped at :data:`MESSAGE_LIMIT` characters."""
    text = redact(" ".join(_CONTROL.sub(" ", text[:_SCAN_LIMIT]).split()))
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _result(outcome: Outcome, message: str, records: list[Any] | None = None) -> Classified:
    return Classified(outcome, records if records is not None else [], _clean(message))


class _Unparsable(Exception):
    """The body is empty or not JSON; the text says which."""


def _parse(body: bytes) -> object:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        # One bad byte must not cost the other leads of the answer (nor, with the frontier
        # held, every later lead): read on with U+FFFD in place of the bad bytes.
        logger.warning("IndiaMART's answer is not valid UTF-8; unreadable bytes replaced")
        text = body.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise _Unparsable("empty")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise _Unparsable("not JSON") from None


def _unparsable(http_status: int, problem: str) -> Classified:
    message = f"IndiaMART's answer was {problem} (HTTP {http_status})"
    if http_status == 429:
        return _result(Outcome.TOO_SOON, message)
    if http_status == 400:
        return _result(Outcome.BAD_REQUEST, message)
    if problem == "empty":
        return _result(Outcome.SERVER_ERROR, message)
    return _result(Outcome.MALFORMED, message)


def _safely(
    classify: Callable[[int, bytes], Classified], http_status: int, body: bytes
) -> Classified:
    try:
        return classify(http_status, body)
    except Exception as exc:  # a bug must not take the poller down; the window is retried
        logger.error("could not classify an answer (HTTP %s): %s", http_status, type(exc).__name__)
        return _result(Outcome.MALFORMED, f"unclassifiable answer (HTTP {http_status})")


def _code(value: object) -> int | None:
    """CODE as a number; IndiaMART sends 200, some proxies "200"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _NUMERIC_CODE.fullmatch(value):
        return int(value)
    return None


def _redirected(http_status: int) -> Classified | None:
    """A 3xx is never followed (the key would go to another host): an unexpected answer."""
    if 300 <= http_status < 400:
        return _result(Outcome.MALFORMED, f"IndiaMART answered with a redirect "
                                          f"(HTTP {http_status}); it was not followed.")
    return None


def _upper_keys(data: dict[Any, Any]) -> dict[str, Any]:
    return {str(k).upper(): v for k, v in data.items()}


def _gateway_blocked(fields: dict[str, Any]) -> bool:
    """IndiaMART's gateway marks the 15-minute block with APP_AUTH_FAILURE_CODE (429 seen),
    with or without a MESSAGE: any value present means blocked."""
    return fields.get("APP_AUTH_FAILURE_CODE") not in (None, "")


def _classify_v2(http_status: int, body: bytes) -> Classified:
    redirected = _redirected(http_status)
    if redirected is not None:
        return redirected
    try:
        data = _parse(body)
    except _Unparsable as problem:
        if http_status >= 500:
            return _result(Outcome.SERVER_ERROR, f"HTTP {http_status} from IndiaMART")
        return _unparsable(http_status, str(problem))
    fields = _upper_keys(data) if isinstance(data, dict) else None
    if fields is None:
        if http_status >= 500:
            return _result(Outcome.SERVER_ERROR, f"HTTP {http_status} from IndiaMART")
        return _result(Outcome.MALFORMED, "IndiaMART's answer is not a JSON object")
    message = _text(fields.get("MESSAGE"))
    said = _outcome_of_message(message)
    if http_status >= 500:
        return _result(Outcome.SERVER_ERROR, message or f"HTTP {http_status} from IndiaMART")
    if "CODE" not in fields:
        if said is not None:
            return _result(said, message)
        return _unparsable(http_status, "without a CODE")
    code = _code(fields["CODE"])
    if code is None:
        return _result(Outcome.MALFORMED, "IndiaMART's CODE is not a number")
    if code == 200:
        records = fields.get("RESPONSE")
        if not isinstance(records, list):
            return _result(Outcome.MALFORMED, "CODE 200 without a RESPONSE list")
        if records and not any(isinstance(r, dict) for r in records):
            return _result(Outcome.MALFORMED, "RESPONSE holds no records")
        return _result(Outcome.LEADS, message, records)
    if code == 204:
        if said is Outcome.KEY_NOT_ACTIVE:
            return _result(said, message)
        return _result(Outcome.NO_LEADS, message)
    if code == 429:
        if _gateway_blocked(fields) or said is Outcome.BLOCKED:
            return _result(Outcome.BLOCKED, message.strip() or "Too Many Requests")
        return _result(Outcome.TOO_SOON, message)
    if code in (401, 403):
        if said is not None and said in KEY_PROBLEMS:
            return _result(said, message)
        return _result(Outcome.WRONG_KEY, message)
    if code == 400:
        return _result(Outcome.BAD_REQUEST, message)
    if code >= 500:
        return _result(Outcome.SERVER_ERROR, message or f"CODE {code}")
    return _result(said or Outcome.MALFORMED, message or f"unknown CODE {code}")


def _v1_error(item: object) -> str | None:
    """The error text of a v1 ``{"Error_Message": ...}`` item, ``None`` for a record."""
    if isinstance(item, dict):
        for key, value in item.items():
            if isinstance(key, str) and key.strip().lower().replace("_", " ") == _V1_ERROR_KEY:
                return _text(value)
    return None


def _v1_gateway_object(http_status: int, data: dict[Any, Any]) -> Classified:
    """A v1 answer that is a JSON object: the gateway's v2-style refusal (e.g. the 15-minute
    block, ``{"CODE": 429, "MESSAGE": "Too Many Requests", "APP_AUTH_FAILURE_CODE": 429}``)."""
    fields = _upper_keys(data)
    message = _text(fields.get("MESSAGE"))
    said = _outcome_of_message(message)
    if _gateway_blocked(fields) or said is Outcome.BLOCKED:
        return _result(Outcome.BLOCKED, message.strip() or "Too Many Requests")
    if said is not None:
        return _result(said, message)
    if http_status == 429 or _code(fields.get("CODE")) == 429:
        return _result(Outcome.TOO_SOON, message or "HTTP 429")
    return _result(Outcome.MALFORMED, "IndiaMART's answer is not a JSON array")


def _classify_v1(http_status: int, body: bytes) -> Classified:
    redirected = _redirected(http_status)
    if redirected is not None:
        return redirected
    if http_status >= 500:
        return _result(Outcome.SERVER_ERROR, f"HTTP {http_status} from IndiaMART")
    try:
        data = _parse(body)
    except _Unparsable as problem:
        return _unparsable(http_status, str(problem))
    if isinstance(data, dict) and _v1_error(data) is not None:
        data = [data]  # tolerate the error object without its array
    if isinstance(data, dict):
        return _v1_gateway_object(http_status, data)
    if not isinstance(data, list):
        return _result(Outcome.MALFORMED, "IndiaMART's answer is not a JSON array")
    if not data:
        if http_status == 429:
            return _result(Outcome.TOO_SOON, "HTTP 429 with a blank []")
        return _result(
            Outcome.AMBIGUOUS_EMPTY, "blank []: no leads, called too soon or a wrong key"
        )
    errors = [e for e in map(_v1_error, data) if e is not None]
    records = [r for r in data if isinstance(r, dict) and _v1_error(r) is None]
    if not records:
        if not errors:
            return _result(Outcome.MALFORMED, "the array holds no records")
        said = _outcome_of_message(errors[0])
        if said is None and http_status == 429:
            said = Outcome.TOO_SOON
        return _result(said or Outcome.MALFORMED, errors[0] or "empty Error_Message")
    return _result(Outcome.LEADS, "", records)


def classify_v2(http_status: int, body: bytes) -> Classified:
    """Classify a v2 answer: ``{"CODE": ..., "MESSAGE": ..., "RESPONSE": [...]}``."""
    return _safely(_classify_v2, http_status, body)


def classify_v1(http_status: int, body: bytes) -> Classified:
    """Classify a v1 answer: a bare array of records or ``[{"Error_Message": ...}]``."""
    return _safely(_classify_v1, http_status, body)
