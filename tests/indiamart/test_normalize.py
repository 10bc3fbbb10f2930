"""Record normalisation (v1 and v2) and the address helpers it relies on."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indiamart_desktop.indiamart.address import clean_address, find_pincode
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.normalize import (
    V1_TO_V2,
    RecordError,
    normalize_records,
    normalize_v1,
    normalize_v2,
)
from indiamart_desktop.indiamart.times import IST

# Made-up people, numbers and places only.
V2: dict[str, Any] = {
    "UNIQUE_QUERY_ID": "2600000001",
    "QUERY_TYPE": "W",
    "QUERY_TIME": "2023-12-29 18:14:37",
    "SENDER_NAME": "Asha Testbuyer",
    "SENDER_MOBILE": "+91-9000000001",
    "SENDER_EMAIL": " Asha.Buyer@Example.COM ",
    "SUBJECT": "Requirement for Steel Almirah",
    "SENDER_COMPANY": "Example Traders",
    "SENDER_ADDRESS": "Plot 1, KTR Colony, , Hyderabad, Telangana,         500072",
    "SENDER_CITY": "Hyderabad",
    "SENDER_STATE": "Telangana",
    "SENDER_PINCODE": "",
    "SENDER_COUNTRY_ISO": "in",
    "SENDER_MOBILE_ALT": "9000000002",
    "SENDER_PHONE": "0120-2222222",
    "SENDER_PHONE_ALT": "",
    "SENDER_EMAIL_ALT": "ALT@example.com",
    "QUERY_PRODUCT_NAME": "Steel Almirah",
    "QUERY_MESSAGE": (
        "I need almirahs.<br>Quantity : 6<br>Quantity Unit : piece<br>"
        "Probable Order Value : Rs. 3,000 to 10,000<br>Probable Requirement Type : "
        "Business Use<br>Preferred Location: Suppliers from all over India can contact"
    ),
    "QUERY_MCAT_NAME": "Steel Almirahs",
    "CALL_DURATION": "",
    "RECEIVER_MOBILE": "",
}

V2_CALL: dict[str, Any] = {
    "UNIQUE_QUERY_ID": "1900000001",
    "QUERY_TYPE": "P",
    "QUERY_TIME": "2023-12-30 09:05:00",
    "SENDER_NAME": "",
    "SENDER_MOBILE": "9000000003",
    "SUBJECT": "Buyer Call",
    "QUERY_MESSAGE": "",
    "CALL_DURATION": "105",
    "RECEIVER_MOBILE": "9000000004",
}

V1: dict[str, Any] = {
    "RN": "1",
    "QUERY_ID": "900000001",
    "QTYPE": "B",
    "SENDERNAME": "Ravi Testbuyer",
    "SENDEREMAIL": "Ravi@Example.com",
    "SUBJECT": "Requirement for Office Chair",
    "DATE_RE": "13 Mar 2020",
    "DATE_R": "13-Mar-20",
    "DATE_TIME_RE": " 13-Mar-2020 05:51:21 PM",
    "GLUSR_USR_COMPANYNAME": "Example Works",
    "READ_STATUS": None,
    "SENDER_GLUSR_USR_ID": None,
    "MOB": "+9190000000 05",
    "COUNTRY_FLAG": "",
    "QUERY_MODID": "DIRECT",
    "LOG_TIME": "20200313164138",
    "QUERY_MODREFID": None,
    "DIR_QUERY_MODREF_TYPE": None,
    "ORG_SENDER_GLUSR_ID": None,
    "ENQ_MESSAGE": "Need chairs\r\nQuantity : 20\r\nQuantity Unit : Piece",
    "ENQ_ADDRESS": ", , , ",
    "ENQ_CALL_DURATION": None,
    "ENQ_RECEIVER_MOB": None,
    "ENQ_CITY": "110001",
    "ENQ_STATE": "Delhi",
    "PRODUCT_NAME": "Office Chair",
    "COUNTRY_ISO": "IN",
    "EMAIL_ALT": None,
    "MOBILE_ALT": None,
    "PHONE": None,
    "PHONE_ALT": None,
    "IM_MEMBER_SINCE": "Feb-2019",
    "TOTAL_COUNT": "1",
}


def test_full_v2_record() -> None:
    lead = normalize_v2(V2)
    assert lead == Lead(
        query_id="2600000001",
        query_type="W",
        received_at=datetime(2023, 12, 29, 18, 14, 37, tzinfo=IST),
        api_version="v2",
        sender_name="Asha Testbuyer",
        sender_company="Example Traders",
        mobile="+91-9000000001",
        mobile_raw="+91-9000000001",
        mobile_alt="+91-9000000002",
        phone="+91-120-2222222",
        email="asha.buyer@example.com",
        email_alt="alt@example.com",
        subject="Requirement for Steel Almirah",
        address="Plot 1, KTR Colony, Hyderabad, Telangana, 500072",
        city="Hyderabad",
        state="Telangana",
        pincode="500072",
        country_iso="IN",
        product="Steel Almirah",
        category="Steel Almirahs",
        message=(
            "I need almirahs.\nQuantity : 6\nQuantity Unit : piece\n"
            "Probable Order Value : Rs. 3,000 to 10,000\n"
            "Probable Requirement Type : Business Use\n"
            "Preferred Location: Suppliers from all over India can contact"
        ),
        quantity=6.0,
        quantity_unit="piece",
        order_value="Rs. 3,000 to 10,000",
        order_value_min=3000,
        order_value_max=10000,
        requirement_type="Business Use",
        preferred_location="Suppliers from all over India can contact",
    )
    assert lead.raw == V2
    assert lead.received_at.utcoffset() is not None


def test_v2_phone_call() -> None:
    lead = normalize_v2(V2_CALL)
    assert lead.query_type == "P"
    assert lead.call_duration == 105
    assert lead.receiver_mobile == "+91-9000000004"
    assert lead.mobile == "+91-9000000003"
    assert lead.mobile_raw == "9000000003"
    assert lead.message == ""
    assert lead.quantity is None


def test_full_v1_record_through_the_mapping() -> None:
    lead = normalize_v1(V1)
    assert lead.api_version == "v1"
    assert lead.query_id == "900000001"
    assert lead.query_type == "B"
    assert lead.received_at == datetime(2020, 3, 13, 17, 51, 21, tzinfo=IST)
    assert lead.sender_name == "Ravi Testbuyer"
    assert lead.sender_company == "Example Works"
    assert lead.email == "ravi@example.com"
    assert lead.mobile == "+91-9000000005"
    assert lead.mobile_raw == "+9190000000 05"
    assert lead.address == ""
    assert (lead.city, lead.pincode, lead.state) == ("", "110001", "Delhi")
    assert lead.product == "Office Chair"
    assert lead.subject == "Requirement for Office Chair"
    assert lead.country_iso == "IN"
    assert lead.message == "Need chairs\nQuantity : 20\nQuantity Unit : Piece"
    assert (lead.quantity, lead.quantity_unit) == (20.0, "Piece")
    assert lead.call_duration is None
    assert lead.raw == V1


def test_every_v1_key_of_the_mapping_lands_in_the_lead() -> None:
    record = {
        "QUERY_ID": "900000009", "QTYPE": "w", "DATE_TIME_RE": "01-Sep-2020 09:00:00 AM",
        "SENDERNAME": "N", "SENDEREMAIL": "e@example.com", "SUBJECT": "S",
        "GLUSR_USR_COMPANYNAME": "C", "MOB": "9000000006", "ENQ_ADDRESS": "A, 400001",
        "ENQ_CITY": "Mumbai", "ENQ_STATE": "Maharashtra", "COUNTRY_ISO": "IN",
        "MOBILE_ALT": "9000000007", "PHONE": "022-22222222", "PHONE_ALT": "022-33333333",
        "EMAIL_ALT": "f@example.com", "PRODUCT_NAME": "P", "ENQ_MESSAGE": "M",
        "ENQ_CALL_DURATION": "51 Secs", "ENQ_RECEIVER_MOB": "9000000008",
    }  # fmt: skip
    assert set(record) == set(V1_TO_V2)
    lead = normalize_v1(record)
    assert (lead.query_type, lead.sender_name, lead.email, lead.subject) == (
        "W", "N", "e@example.com", "S",
    )  # fmt: skip
    assert (lead.sender_company, lead.mobile, lead.address, lead.city, lead.state) == (
        "C", "+91-9000000006", "A, 400001", "Mumbai", "Maharashtra",
    )  # fmt: skip
    assert (lead.country_iso, lead.mobile_alt, lead.phone, lead.phone_alt) == (
        "IN", "+91-9000000007", "+91-22-22222222", "+91-22-33333333",
    )  # fmt: skip
    assert (lead.email_alt, lead.product, lead.message, lead.call_duration) == (
        "f@example.com", "P", "M", 51,
    )  # fmt: skip
    assert (lead.receiver_mobile, lead.pincode) == ("+91-9000000008", "400001")
    assert lead.received_at == datetime(2020, 9, 1, 9, 0, tzinfo=IST)


@pytest.mark.parametrize(
    ("date_time_re", "log_time", "expected"),
    [
        ("13-Mar-2020 05:51:21 PM", "20200313000000", datetime(2020, 3, 13, 17, 51, 21)),
        (" 13-Mar-2020 12:05:00 AM", None, datetime(2020, 3, 13, 0, 5)),
        ("13-MAR-2020 12:05:00 pm", None, datetime(2020, 3, 13, 12, 5)),
        ("13-Mar-2020 17:51:21", None, datetime(2020, 3, 13, 17, 51, 21)),
        (None, "20200313164138", datetime(2020, 3, 13, 16, 41, 38)),
        ("", 20200313164138, datetime(2020, 3, 13, 16, 41, 38)),
        ("garbage", "20200313164138", datetime(2020, 3, 13, 16, 41, 38)),
        ("31-Feb-2020 01:00:00 PM", "20200313164138", datetime(2020, 3, 13, 16, 41, 38)),
    ],
)
def test_v1_time_prefers_date_time_re_then_log_time(
    date_time_re: str | None, log_time: object, expected: datetime
) -> None:
    lead = normalize_v1({"QUERY_ID": "1", "DATE_TIME_RE": date_time_re, "LOG_TIME": log_time})
    assert lead.received_at == expected.replace(tzinfo=IST)
    assert lead.received_at.tzinfo is IST


@pytest.mark.parametrize(
    "times",
    [{}, {"DATE_TIME_RE": "soon"}, {"LOG_TIME": "2020"}, {"DATE_TIME_RE": {"a": 1}},
     {"LOG_TIME": "20201340000000"}, {"DATE_TIME_RE": "13-Mar-2020 13:00:00 PM"}],
)  # fmt: skip
def test_v1_without_a_usable_time_is_refused(times: dict[str, object]) -> None:
    with pytest.raises(RecordError, match="900000001"):
        normalize_v1({"QUERY_ID": "900000001", **times})


@pytest.mark.parametrize(
    "time", [None, "", "29-12-2023 18:14:37", "2023-12-29", 1703853877, [], "x" * 1000]
)
def test_v2_without_a_usable_time_is_refused(time: object) -> None:
    with pytest.raises(RecordError, match="2600000001"):
        normalize_v2({**V2, "QUERY_TIME": time})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2600000001, "2600000001"), (" 2600000001 ", "2600000001"), (2600000001.0, "2600000001"),
     ("26000\x0000001", "2600000001")],
)  # fmt: skip
def test_query_id_is_a_clean_string(value: object, expected: str) -> None:
    assert normalize_v2({**V2, "UNIQUE_QUERY_ID": value}).query_id == expected


@pytest.mark.parametrize("value", [None, "", "   ", {}, [], True, "9" * 100, float("nan")])
def test_record_without_a_usable_id_is_refused(value: object) -> None:
    with pytest.raises(RecordError):
        normalize_v2({**V2, "UNIQUE_QUERY_ID": value})
    with pytest.raises(RecordError):
        normalize_v1({**V1, "QUERY_ID": value})


def test_missing_id_key_is_refused() -> None:
    record = {k: v for k, v in V2.items() if k != "UNIQUE_QUERY_ID"}
    with pytest.raises(RecordError):
        normalize_v2(record)


@pytest.mark.parametrize(
    ("code", "expected"), [(" w ", "W"), ("b", "B"), ("xyz", "XYZ"), (None, "")]
)
def test_query_type_is_stripped_and_uppercased(code: object, expected: str) -> None:
    assert normalize_v2({**V2, "QUERY_TYPE": code}).query_type == expected


def test_missing_null_and_empty_all_mean_empty() -> None:
    base = {"UNIQUE_QUERY_ID": "1", "QUERY_TIME": "2023-12-29 18:14:37"}
    missing = normalize_v2(base)
    nulls = normalize_v2({**base, **dict.fromkeys(V2.keys() - base.keys())})
    empties = normalize_v2({**base, **dict.fromkeys(V2.keys() - base.keys(), "")})
    assert missing == nulls == empties
    assert missing.sender_name == missing.mobile == missing.message == missing.pincode == ""
    assert missing.quantity is None and missing.call_duration is None


def test_numbers_where_strings_belong_are_converted() -> None:
    lead = normalize_v2(
        {**V2, "SENDER_MOBILE": 9000000001, "SENDER_PINCODE": 500072, "CALL_DURATION": 105,
         "SENDER_NAME": 42, "SENDER_MOBILE_ALT": 9000000002.0}
    )  # fmt: skip
    assert lead.mobile == "+91-9000000001"
    assert lead.mobile_raw == "9000000001"
    assert lead.mobile_alt == "+91-9000000002"
    assert lead.pincode == "500072"
    assert lead.call_duration == 105
    assert lead.sender_name == "42"


def test_containers_where_strings_belong_are_dropped_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="indiamart_desktop.indiamart.normalize"):
        lead = normalize_v2({**V2, "SENDER_NAME": {"first": "Asha"}, "QUERY_MESSAGE": ["x"]})
    assert lead.sender_name == ""
    assert lead.message == ""
    assert lead.product == "Steel Almirah"
    assert "2600000001" in caplog.text and "SENDER_NAME" in caplog.text
    assert "Asha" not in caplog.text


def test_control_characters_are_stripped_but_message_lines_kept() -> None:
    lead = normalize_v2(
        {**V2, "SENDER_NAME": "As\x00ha\x1b Test\tbuyer", "QUERY_MESSAGE": "a\x00b\nc\x07",
         "SENDER_COMPANY": "Line\none", "SENDER_EMAIL": "a\x00@example.com"}
    )  # fmt: skip
    assert lead.sender_name == "As ha Test buyer"
    assert lead.message == "ab\nc"
    assert lead.sender_company == "Line one"
    assert lead.email == "a@example.com"


@pytest.mark.parametrize(
    ("pincode", "address", "city", "expected_pin", "expected_city"),
    [
        ("500072", "", "Hyderabad", "500072", "Hyderabad"),
        (" 500 072 ", "", "Hyderabad", "500072", "Hyderabad"),
        ("", "KTR Colony, Hyderabad,   500072", "Hyderabad", "500072", "Hyderabad"),
        ("12345", "Near Gate, 110001", "Delhi", "110001", "Delhi"),
        ("", "Shop 4", "110001", "110001", ""),
        ("560001", "", "110001", "560001", ""),
        ("", "Call 9000000001", "Pune", "", "Pune"),
        ("012345", "", "", "", ""),
    ],
)
def test_pincode_rules(
    pincode: str, address: str, city: str, expected_pin: str, expected_city: str
) -> None:
    lead = normalize_v2(
        {**V2, "SENDER_PINCODE": pincode, "SENDER_ADDRESS": address, "SENDER_CITY": city}
    )
    assert (lead.pincode, lead.city) == (expected_pin, expected_city)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("105", 105), ("51 Secs", 51), ("1 Min 5 Secs", 65), ("01:45", 105), ("105.0", 105),
     ("", None), ("n/a", None)],
)  # fmt: skip
def test_call_duration(raw: str, seconds: int | None) -> None:
    assert normalize_v2({**V2_CALL, "CALL_DURATION": raw}).call_duration == seconds


def test_raw_is_a_copy_of_the_record() -> None:
    record = dict(V2)
    lead = normalize_v2(record)
    record["SENDER_NAME"] = "changed"
    assert lead.raw["SENDER_NAME"] == "Asha Testbuyer"
    assert lead.raw is not record


# ---- normalize_records ---------------------------------------------------------------


def test_records_skip_bad_ones_and_keep_duplicates_once(caplog: pytest.LogCaptureFixture) -> None:
    second = {**V2, "UNIQUE_QUERY_ID": "2600000002", "SENDER_NAME": "Second"}
    records: list[object] = [
        V2,
        {**V2, "UNIQUE_QUERY_ID": "2600000099", "QUERY_TIME": "yesterday"},
        "not a record",
        None,
        {**V2, "UNIQUE_QUERY_ID": ""},
        {**V2, "SENDER_NAME": "Duplicate"},
        second,
    ]
    with caplog.at_level(logging.WARNING, logger="indiamart_desktop.indiamart.normalize"):
        leads, skipped = normalize_records(records, "v2")
    assert [lead.query_id for lead in leads] == ["2600000001", "2600000002"]
    assert leads[0].sender_name == "Asha Testbuyer"
    assert skipped == 4
    assert "2600000099" in caplog.text
    assert "Asha" not in caplog.text and "Testbuyer" not in caplog.text


def test_an_unexpected_failure_loses_only_its_own_record(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from indiamart_desktop.indiamart import normalize

    real = normalize.normalize_v2

    def flaky(record: Any) -> Lead:
        if record.get("UNIQUE_QUERY_ID") == "2600000002":
            raise KeyError("SENDER_NAME Second")
        return real(record)

    monkeypatch.setattr(normalize, "normalize_v2", flaky)
    second = {**V2, "UNIQUE_QUERY_ID": "2600000002", "SENDER_NAME": "Second"}
    with caplog.at_level(logging.ERROR, logger="indiamart_desktop.indiamart.normalize"):
        leads, skipped = normalize_records([second, V2], "v2")
    assert [lead.query_id for lead in leads] == ["2600000001"]
    assert skipped == 1
    assert "2600000002" in caplog.text and "KeyError" in caplog.text
    assert "Second" not in caplog.text


def test_records_v1() -> None:
    leads, skipped = normalize_records([V1, {"QUERY_ID": "x"}], "v1")
    assert [lead.api_version for lead in leads] == ["v1"]
    assert skipped == 1


def test_records_unknown_version_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="v3"):
        normalize_records([V2], "v3")


# ---- address helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "KTR Colony, Hyderabad, Telangana,         500072",
            "KTR Colony, Hyderabad, Telangana, 500072",
        ),
        (", , , ", ""),
        ("  Shop  4 ,,Main   Road,\n Pune ", "Shop 4, Main Road, Pune"),
        ("", ""),
    ],
)  # fmt: skip
def test_clean_address(raw: str, expected: str) -> None:
    assert clean_address(raw) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("KTR Colony, Hyderabad, 500072",), "500072"),
        (("no pin here", "Delhi 110001"), "110001"),
        (("Sector 5, 201 301",), "201301"),
        (("Call 9000000001",), ""),
        (("012345",), ""),
        (("1234567",), ""),
        (("a 500072", "b 110001"), "500072"),
        ((), ""),
    ],
)
def test_find_pincode(texts: tuple[str, ...], expected: str) -> None:
    assert find_pincode(*texts) == expected


def test_huge_and_deep_values_do_not_break_a_record() -> None:
    deep: object = []
    for _ in range(10_000):
        deep = [deep]
    lead = normalize_v2(
        {
            **V2,
            "SENDER_ADDRESS": "x, " * 200_000 + "500072",
            "QUERY_MESSAGE": "<br>" * 100_000 + "hi",
            "SENDER_NAME": deep,
            "SENDER_MOBILE": "9" * 100_000,
            "SENDER_COMPANY": 10**2000,
            "SUBJECT": "\x00" * 1000 + "ok",
        }
    )
    assert lead.pincode == "500072"
    assert lead.sender_name == "" and lead.mobile == "" and lead.sender_company == ""
    assert lead.subject == "ok"
    assert lead.message == "hi"


# ---- properties --------------------------------------------------------------------

_HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "\ud800", "<br>", "&amp;", "9" * 5000, " " * 50, "Rs. 1 to 2 Lakh"]),
    st.binary(max_size=20).map(lambda b: b.decode("utf-8", "surrogateescape")),
)
_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=5,
)
_KEYS = st.sampled_from(sorted(set(V2) | set(V1) | {"LOG_TIME", "x"}))
_RECORD = st.one_of(
    st.dictionaries(_KEYS, _VALUE, max_size=12),
    st.dictionaries(_KEYS, _VALUE, max_size=6).map(lambda changes: {**V2, **changes}),
    st.dictionaries(_KEYS, _VALUE, max_size=6).map(lambda changes: {**V1, **changes}),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_RECORD)
def test_random_records_only_ever_raise_record_error(record: dict[str, Any]) -> None:
    for normalize in (normalize_v1, normalize_v2):
        try:
            lead = normalize(record)
        except RecordError:
            continue
        assert lead.query_id and lead.received_at.tzinfo is IST
        for value in (lead.sender_name, lead.message, lead.address, lead.email):
            value.encode("utf-8")
            assert "\x00" not in value


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_RECORD, _VALUE), max_size=5), st.data())
def test_a_valid_record_survives_any_garbage(garbage: list[object], data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(garbage)))
    valid = {**V2, "UNIQUE_QUERY_ID": "valid-0001"}
    records = [*garbage[:position], valid, *garbage[position:]]
    leads, skipped = normalize_records(records, "v2")
    assert "valid-0001" in [lead.query_id for lead in leads]
    assert len(leads) + skipped <= len(records)
    v1_valid = {**V1, "QUERY_ID": "valid-0002"}
    v1_leads, _ = normalize_records([*garbage[:position], v1_valid, *garbage[position:]], "v1")
    assert "valid-0002" in [lead.query_id for lead in v1_leads]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Asha.Buyer@Example.COM", "asha.buyer@example.com"),
        (" asha buyer@example.com ", "ashabuyer@example.com"),
        ("not-an-address, asha@example.com", "asha@example.com"),
        ("x@y.in?cc=spy@z.in&bcc=b@z.in&attach=/etc/passwd&body=hi", ""),
        ("x@y.in,spy@z.in?cc=a@b.in", "x@y.in"),
        ("<asha@example.com>", ""),
        ("asha@localhost", ""),
        ("asha@[10.0.0.1]", ""),
        ("mailto:asha@example.com", ""),
        ("asha", ""),
    ],
)
def test_only_a_valid_address_is_used_as_the_e_mail(raw: str, expected: str) -> None:
    lead = normalize_v2({**V2, "SENDER_EMAIL": raw, "SENDER_EMAIL_ALT": raw})
    assert (lead.email, lead.email_alt) == (expected, expected)
    assert lead.raw["SENDER_EMAIL"] == raw  # what IndiaMART sent is kept as received
