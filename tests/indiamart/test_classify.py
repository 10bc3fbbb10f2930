"""Classifying IndiaMART's answers: every row of the outcome table, both versions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indiamart_desktop.indiamart.classify import MESSAGE_LIMIT, classify_v1, classify_v2
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.redact import MASK, register_secret

NO_LEADS_V2 = "There are no leads in the given time duration. Please try for a different duration."
NO_LEADS_V1 = "There are no leads in the given time duration.please try for a different duration."
TOO_SOON_5 = (
    "It is advised to hit this API once in every 5 minutes,but it seems that you have "
    "crossed this limit. please try again after 5 minutes."
)
TOO_SOON_5_SPACED = TOO_SOON_5.replace("minutes,but", "minutes, but")
TOO_SOON_15 = TOO_SOON_5.replace("5 minutes", "15 minutes")
WRONG_CRM = "CRM key that you are using is incorrect. Kindly use the correct CRM key."
WRONG_PULL = "Pull API Key that you are using is incorrect. Kindly use the correct key."
EXPIRED = (
    "CRM key that you are using has expired as it was no longer in use. Kindly generate "
    "the new CRM key from the Lead Manager."
)
REPLACED = (
    "CRM key that you are using has expired. Kindly use the new key which you have "
    "generated on '16-09-2020 02:00:00 PM'."
)
REPLACED_PULL = (
    "Pull API Key has expired. Key was generated on 16-09-2020 02:00:00 PM, please check."
)
NOT_ACTIVE = (
    "Your key is generated successfully. Data will be available after 24 hours from "
    "29-12-2023 18:14:37."
)
DATE_FORMAT = (
    "Date format used in API URL is incorrect.\n\t\tPlease use DD-MM-YYYY HH:MM:SS,\n"
    "\t\te.g. 25-01-2019 16:30:00"
)
SEVEN_DAYS = "Difference between start_time and end_time should not be more than 7 days."
YEAR_BACK = "Data older than 365 days cannot be fetched."

V2_RECORD: dict[str, Any] = {
    "UNIQUE_QUERY_ID": "2600000001",
    "QUERY_TYPE": "W",
    "QUERY_TIME": "2023-12-29 18:14:37",
    "SENDER_NAME": "Test Buyer",
    "SENDER_MOBILE": "+91-9000000001",
}
V1_RECORD: dict[str, Any] = {
    "RN": "1",
    "QUERY_ID": "900000001",
    "QTYPE": "W",
    "SENDERNAME": "Test Buyer",
    "DATE_TIME_RE": "13-Mar-2020 05:51:21 PM",
    "MOB": "+91-9000000001",
}


def v2(code: object, message: str = "", **extra: object) -> bytes:
    body: dict[str, object] = {"CODE": code, "STATUS": "FAILURE", "MESSAGE": message}
    body.update(extra)
    return json.dumps(body).encode()


def v1_error(message: str, key: str = "Error_Message") -> bytes:
    return json.dumps([{key: message}]).encode()


# ---- v2 ----------------------------------------------------------------------------


def test_v2_leads_keeps_the_raw_list() -> None:
    body = json.dumps(
        {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": 1,
         "RESPONSE": [V2_RECORD]}
    ).encode()  # fmt: skip
    result = classify_v2(200, body)
    assert result.outcome is Outcome.LEADS
    assert result.records == [V2_RECORD]


@pytest.mark.parametrize("code", ["200", " 200 ", 200.0])
def test_v2_numeric_code_written_differently_is_accepted(code: object) -> None:
    result = classify_v2(200, v2(code, RESPONSE=[V2_RECORD]))
    assert result.outcome is Outcome.LEADS
    assert len(result.records) == 1


def test_v2_code_200_with_an_empty_list_is_a_definite_empty_answer() -> None:
    result = classify_v2(200, v2(200, RESPONSE=[], TOTAL_RECORDS=0))
    assert result.outcome is Outcome.LEADS
    assert result.records == []


def test_v2_mixed_records_stay_leads_for_the_normaliser_to_sort() -> None:
    result = classify_v2(200, v2(200, RESPONSE=[V2_RECORD, "junk", 7]))
    assert result.outcome is Outcome.LEADS
    assert result.records == [V2_RECORD, "junk", 7]


@pytest.mark.parametrize(
    ("code", "message", "extra", "outcome"),
    [
        (204, NO_LEADS_V2, {}, Outcome.NO_LEADS),
        (204, "", {}, Outcome.NO_LEADS),
        (429, TOO_SOON_5, {}, Outcome.TOO_SOON),
        (429, TOO_SOON_5_SPACED, {}, Outcome.TOO_SOON),
        (429, TOO_SOON_15, {}, Outcome.TOO_SOON),
        (429, "", {}, Outcome.TOO_SOON),
        (429, "Too Many Requests", {"APP_AUTH_FAILURE_CODE": 429}, Outcome.BLOCKED),
        (429, "Too Many Requests", {}, Outcome.BLOCKED),
        (429, "Limit crossed", {"APP_AUTH_FAILURE_CODE": "429"}, Outcome.BLOCKED),
        (401, WRONG_CRM, {}, Outcome.WRONG_KEY),
        (401, WRONG_PULL, {}, Outcome.WRONG_KEY),
        (401, "Unauthorised", {}, Outcome.WRONG_KEY),
        (401, EXPIRED, {}, Outcome.KEY_EXPIRED),
        (401, EXPIRED.replace("CRM key", "Pull API Key"), {}, Outcome.KEY_EXPIRED),
        (401, REPLACED, {}, Outcome.KEY_REPLACED),
        (401, REPLACED_PULL, {}, Outcome.KEY_REPLACED),
        (204, NOT_ACTIVE, {}, Outcome.KEY_NOT_ACTIVE),
        (401, NOT_ACTIVE, {}, Outcome.KEY_NOT_ACTIVE),
        (400, DATE_FORMAT, {}, Outcome.BAD_REQUEST),
        (400, SEVEN_DAYS, {}, Outcome.BAD_REQUEST),
        (400, YEAR_BACK, {}, Outcome.BAD_REQUEST),
        (500, "Some Error Occured", {}, Outcome.SERVER_ERROR),
        (503, "", {}, Outcome.SERVER_ERROR),
        ("429", TOO_SOON_5, {}, Outcome.TOO_SOON),
        (418, "teapot", {}, Outcome.MALFORMED),
        (418, NO_LEADS_V2, {}, Outcome.NO_LEADS),
    ],
)
def test_v2_outcome_table(
    code: object, message: str, extra: dict[str, object], outcome: Outcome
) -> None:
    result = classify_v2(200, v2(code, message, **extra))
    assert result.outcome is outcome
    assert result.records == []


def test_v2_without_code_falls_back_to_the_message() -> None:
    assert classify_v2(200, b'{"MESSAGE": "' + TOO_SOON_5.encode() + b'"}').outcome is (
        Outcome.TOO_SOON
    )
    assert classify_v2(200, b'{"STATUS": "SUCCESS"}').outcome is Outcome.MALFORMED


def test_v2_message_is_cleaned_of_newlines_and_tabs() -> None:
    result = classify_v2(200, v2(400, DATE_FORMAT))
    assert result.message == (
        "Date format used in API URL is incorrect. Please use DD-MM-YYYY HH:MM:SS, "
        "e.g. 25-01-2019 16:30:00"
    )
    assert classify_v2(200, v2(204, NO_LEADS_V2)).message == NO_LEADS_V2


def test_message_is_capped_and_the_key_is_hidden() -> None:
    key = "TUFERS1VUC1LRVktZm9yLXRlc3Rz+/="
    register_secret(key)
    result = classify_v2(200, v2(401, f"Key {key} is incorrect. " + "x" * 5000))
    assert result.outcome is Outcome.WRONG_KEY
    assert key not in result.message
    assert MASK in result.message
    assert len(result.message) <= MESSAGE_LIMIT
    v1_result = classify_v1(200, v1_error(f"CRM key {key} that you are using is incorrect"))
    assert key not in v1_result.message and MASK in v1_result.message


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (429, b"", Outcome.TOO_SOON),
        (429, b"<html>Too Many Requests</html>", Outcome.TOO_SOON),
        (200, b"", Outcome.SERVER_ERROR),
        (502, b"<html><body>Bad Gateway</body></html>", Outcome.SERVER_ERROR),
        (500, v2(200, RESPONSE=[V2_RECORD]), Outcome.SERVER_ERROR),
        (200, b"<html><body>Maintenance</body></html>", Outcome.MALFORMED),
        (404, b"<html>Not Found</html>", Outcome.MALFORMED),
        (400, b"Bad Request", Outcome.BAD_REQUEST),
        (200, b"not json", Outcome.MALFORMED),
        (200, v2(200, RESPONSE=[V2_RECORD])[:-15], Outcome.MALFORMED),
        (200, b'{"CODE": 200, "MESSAGE": "\xff\xfe"}', Outcome.MALFORMED),
        (200, v2(200, RESPONSE={"a": V2_RECORD}), Outcome.MALFORMED),
        (200, v2(200, RESPONSE=None), Outcome.MALFORMED),
        (200, v2(200), Outcome.MALFORMED),
        (200, v2(200, RESPONSE=["a", 1, None]), Outcome.MALFORMED),
        (200, v2({"value": 200}, RESPONSE=[V2_RECORD]), Outcome.MALFORMED),
        (200, v2("OK", RESPONSE=[V2_RECORD]), Outcome.MALFORMED),
        (200, v2(True, RESPONSE=[V2_RECORD]), Outcome.MALFORMED),
        (200, v2(None), Outcome.MALFORMED),
        (200, json.dumps([V2_RECORD]).encode(), Outcome.MALFORMED),
        (200, b"null", Outcome.MALFORMED),
        (200, b'"CODE"', Outcome.MALFORMED),
    ],
)
def test_v2_transport_and_shape_problems(status: int, body: bytes, outcome: Outcome) -> None:
    result = classify_v2(status, body)
    assert result.outcome is outcome
    assert result.records == []


def test_v2_accepts_a_byte_order_mark() -> None:
    assert classify_v2(200, b"\xef\xbb\xbf" + v2(204, NO_LEADS_V2)).outcome is Outcome.NO_LEADS


# ---- v1 ----------------------------------------------------------------------------


def test_v1_leads_keep_the_raw_list() -> None:
    second = {**V1_RECORD, "QUERY_ID": "900000002", "RN": "2"}
    result = classify_v1(200, json.dumps([V1_RECORD, second]).encode())
    assert result.outcome is Outcome.LEADS
    assert result.records == [V1_RECORD, second]


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        (NO_LEADS_V1, Outcome.NO_LEADS),
        (NO_LEADS_V2, Outcome.NO_LEADS),
        (TOO_SOON_5, Outcome.TOO_SOON),
        (TOO_SOON_5_SPACED, Outcome.TOO_SOON),
        (TOO_SOON_15, Outcome.TOO_SOON),
        (WRONG_CRM, Outcome.WRONG_KEY),
        (WRONG_PULL, Outcome.WRONG_KEY),
        (EXPIRED, Outcome.KEY_EXPIRED),
        (REPLACED, Outcome.KEY_REPLACED),
        (NOT_ACTIVE, Outcome.KEY_NOT_ACTIVE),
        (DATE_FORMAT, Outcome.BAD_REQUEST),
        ("Something nobody has seen before", Outcome.MALFORMED),
        ("", Outcome.MALFORMED),
    ],
)
@pytest.mark.parametrize("key", ["Error_Message", "Error Message", "error_message"])
def test_v1_error_messages(message: str, outcome: Outcome, key: str) -> None:
    result = classify_v1(200, v1_error(message, key))
    assert result.outcome is outcome
    assert result.records == []


def test_v1_error_object_without_its_array_is_understood() -> None:
    body = json.dumps({"Error_Message": NO_LEADS_V1}).encode()
    assert classify_v1(200, body).outcome is Outcome.NO_LEADS


def test_v1_error_entries_are_not_passed_on_as_records() -> None:
    body = json.dumps([V1_RECORD, {"Error_Message": "odd"}]).encode()
    result = classify_v1(200, body)
    assert result.outcome is Outcome.LEADS
    assert result.records == [V1_RECORD]


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (200, b"[]", Outcome.AMBIGUOUS_EMPTY),
        (200, b" [ ] \n", Outcome.AMBIGUOUS_EMPTY),
        (429, b"[]", Outcome.TOO_SOON),
        (429, b"", Outcome.TOO_SOON),
        (200, b"", Outcome.SERVER_ERROR),
        (200, b"  \r\n", Outcome.SERVER_ERROR),
        (500, b"", Outcome.SERVER_ERROR),
        (503, b"<html>Service Unavailable</html>", Outcome.SERVER_ERROR),
        (502, json.dumps([V1_RECORD]).encode(), Outcome.SERVER_ERROR),
        (200, b"<!DOCTYPE html><html><body>Error</body></html>", Outcome.MALFORMED),
        (200, json.dumps([V1_RECORD]).encode()[:-3], Outcome.MALFORMED),
        (200, b"[\xff]", Outcome.MALFORMED),
        (200, b"[1, 2, 3]", Outcome.MALFORMED),
        (200, b'["a"]', Outcome.MALFORMED),
        (200, b'{"CODE": 200}', Outcome.MALFORMED),
        (200, b"42", Outcome.MALFORMED),
        (403, b"Forbidden", Outcome.MALFORMED),
        (400, b"Bad Request", Outcome.BAD_REQUEST),
        (429, v1_error("unexpected words"), Outcome.TOO_SOON),
    ],
)
def test_v1_transport_and_shape_problems(status: int, body: bytes, outcome: Outcome) -> None:
    result = classify_v1(status, body)
    assert result.outcome is outcome
    assert result.records == []


# ---- never raises ------------------------------------------------------------------

_HOSTILE = [
    b"[" * 10_000 + b"]" * 10_000,
    b'{"CODE":' * 10_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    b"\x00" * 1000,
    b'{"CODE": 429, "MESSAGE": "\x00\x01\x02"}',
    b'{"CODE": 200, "RESPONSE": [' + b'{"UNIQUE_QUERY_ID": "1"},' * 200_000 + b"{}]}",
    b'{"CODE": 1' + b"0" * 5000 + b"}",
    b'{"CODE": 1e999}',
    b'{"CODE": NaN}',
    b'[{"Error_Message": "' + b"A" * 5_000_000 + b'"}]',
    b'{"CODE": 401, "MESSAGE": "\\ud800 lone surrogate incorrect"}',
]


@pytest.mark.parametrize("body", _HOSTILE)
@pytest.mark.parametrize("status", [200, 429, 500])
def test_hostile_bodies_never_raise(body: bytes, status: int) -> None:
    for classify in (classify_v1, classify_v2):
        result = classify(status, body)
        assert isinstance(result.outcome, Outcome)
        assert len(result.message) <= MESSAGE_LIMIT
        result.message.encode("utf-8")  # no lone surrogates leak out


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["CODE", "MESSAGE", "RESPONSE", "Error_Message", "x"])
            | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=999), _JSON)
def test_any_json_is_classified(status: int, value: object) -> None:
    body = json.dumps(value).encode()
    for classify in (classify_v1, classify_v2):
        result = classify(status, body)
        assert isinstance(result.outcome, Outcome)
        assert len(result.message) <= MESSAGE_LIMIT
        if result.outcome is Outcome.LEADS:
            assert any(isinstance(r, dict) for r in result.records)
        else:
            assert result.records == []


@settings(max_examples=300)
@given(st.integers(min_value=-1, max_value=999), st.binary(max_size=300))
def test_any_bytes_are_classified(status: int, body: bytes) -> None:
    for classify in (classify_v1, classify_v2):
        assert isinstance(classify(status, body).outcome, Outcome)


def test_v1_gateway_block_object_is_blocked_not_malformed() -> None:
    body = (b'{"CODE":429,"STATUS":"FAILURE","MESSAGE":"Too Many Requests",'
            b'"APP_AUTH_FAILURE_CODE":429}')
    assert classify_v1(429, body).outcome is Outcome.BLOCKED
    assert classify_v1(429, b'{"CODE":429,"MESSAGE":""}').outcome is Outcome.TOO_SOON
    assert classify_v1(200, b'{"unexpected": true}').outcome is Outcome.MALFORMED


# ---- what mutation testing found unguarded -------------------------------------------


@pytest.mark.parametrize("message", ["Invalid request", "Invalid date range given",
                                     "invalid parameters", "INVALID"])
def test_an_invalid_request_is_not_a_wrong_key(message: str) -> None:
    """Only a message about the key stops polling; any other "invalid" is retried."""
    assert classify_v1(200, v1_error(message)).outcome is Outcome.MALFORMED
    assert classify_v2(200, json.dumps({"MESSAGE": message}).encode()).outcome is (
        Outcome.MALFORMED)
    assert classify_v2(200, v2(418, message)).outcome is Outcome.MALFORMED


@pytest.mark.parametrize("message", ["Invalid CRM key", "The key is invalid",
                                     "Invalid Pull API Key"])
def test_an_invalid_key_is_a_wrong_key(message: str) -> None:
    assert classify_v1(200, v1_error(message)).outcome is Outcome.WRONG_KEY
    assert classify_v2(200, json.dumps({"MESSAGE": message}).encode()).outcome is (
        Outcome.WRONG_KEY)


@pytest.mark.parametrize("body", [b'{"CODE":429}', b'{"CODE":"429","MESSAGE":""}',
                                  b'{"code":429,"message":""}'])
@pytest.mark.parametrize("status", [200, 429])
def test_a_v1_code_429_object_is_too_soon_whatever_the_http_status(
        body: bytes, status: int) -> None:
    result = classify_v1(status, body)
    assert result.outcome is Outcome.TOO_SOON
    assert result.message


@pytest.mark.parametrize("message", ["", "   ", "Limit crossed"])
@pytest.mark.parametrize("gateway", [429, "429", "AUTH_BLOCKED"])
@pytest.mark.parametrize("status", [200, 429])
def test_a_gateway_block_is_blocked_even_without_its_message(
        message: str, gateway: object, status: int) -> None:
    """APP_AUTH_FAILURE_CODE marks the 15-minute block, whatever MESSAGE says (or not)."""
    body = v2(429, message, APP_AUTH_FAILURE_CODE=gateway)
    for classify in (classify_v1, classify_v2):
        result = classify(status, body)
        assert result.outcome is Outcome.BLOCKED, classify
        assert result.message
    lower = json.dumps({"code": 429, "message": message,
                        "app_auth_failure_code": gateway}).encode()
    assert classify_v1(status, lower).outcome is Outcome.BLOCKED
    assert classify_v2(status, lower).outcome is Outcome.BLOCKED


@pytest.mark.parametrize("gateway", [None, ""])
def test_an_empty_gateway_code_is_no_block(gateway: object) -> None:
    body = v2(429, "", APP_AUTH_FAILURE_CODE=gateway)
    assert classify_v1(200, body).outcome is Outcome.TOO_SOON
    assert classify_v2(200, body).outcome is Outcome.TOO_SOON
