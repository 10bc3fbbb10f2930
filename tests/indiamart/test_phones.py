"""Phone numbers: one international format, WhatsApp digits and tel: URIs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indiamart_desktop.indiamart.phones import normalize_phone, tel_uri, whatsapp_digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+91-9876543210", "+91-9876543210"),
        ("+919876543210", "+91-9876543210"),
        ("9876543210", "+91-9876543210"),
        ("09876543210", "+91-9876543210"),
        ("919876543210", "+91-9876543210"),
        ("0091 9876543210", "+91-9876543210"),
        ("+91 98765 43210", "+91-9876543210"),
        (" +91-9876543210 ", "+91-9876543210"),
        ("+27-611234567", "+27-611234567"),
        ("+27611234567", "+27-611234567"),
        ("+1 (555) 010-4567", "+1-5550104567"),
        ("+971-501234567", "+971-501234567"),
        ("0120-22222222", "+91-120-22222222"),
        ("+91-120-22222222", "+91-120-22222222"),
        ("(0120) 2222222", "+91-120-2222222"),
        ("9876543210, 9123456780", "+91-9876543210"),
        ("junk, 9123456780", "+91-9123456780"),
        ("22222222", "22222222"),
        ("", ""),
        ("   ", ""),
        ("abc", ""),
        ("12345", ""),
        ("0000000000", ""),
        ("+91-", ""),
        ("1" * 30, ""),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


def test_default_country_applies_to_numbers_without_a_code() -> None:
    assert normalize_phone("5550104567", default_country="1") == "+1-5550104567"
    with pytest.raises(ValueError, match="digits"):
        normalize_phone("9876543210", default_country="+91")


@pytest.mark.parametrize(
    ("normalized", "digits", "uri"),
    [
        ("+91-9876543210", "919876543210", "tel:+919876543210"),
        ("+91-120-22222222", "9112022222222", "tel:+9112022222222"),
        ("+27-611234567", "27611234567", "tel:+27611234567"),
        ("22222222", "22222222", "tel:22222222"),
        ("", "", ""),
    ],
)
def test_whatsapp_digits_and_tel_uri(normalized: str, digits: str, uri: str) -> None:
    assert whatsapp_digits(normalized) == digits
    assert tel_uri(normalized) == uri


_SHAPE = re.compile(r"\+[1-9]\d{0,2}-\d+(?:-\d+)?|\d{6,15}")
_PHONEISH = st.text(alphabet="0123456789+-() ,/.\t", max_size=40)


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=60), _PHONEISH))
def test_any_text_gives_the_format_or_nothing(raw: str) -> None:
    result = normalize_phone(raw)
    assert result == "" or _SHAPE.fullmatch(result), result
    assert normalize_phone(result) == result  # normalising twice changes nothing
    if result:
        assert whatsapp_digits(result).isdigit()
        assert tel_uri(result).startswith("tel:")


@given(
    st.from_regex(r"[6-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "0", "+91", "+91-", "91"])
)
def test_every_written_form_of_an_indian_mobile_is_the_same(number: str, prefix: str) -> None:
    assert normalize_phone(prefix + number) == f"+91-{number}"


@pytest.mark.parametrize(
    "raw",
    [
        "+91-९८७६५४३२१०",  # Devanagari
        "+৯১ ৯৮৭৬৫ ৪৩২১০",  # Bengali
        "૯૮૭૬૫૪૩૨૧૦",  # Gujarati
        "੦੯੮੭੬੫੪੩੨੧੦",  # Gurmukhi, trunk zero
        "+91 ௯௮௭௬௫௪௩௨௧௦",  # Tamil
        "+９１-９８７６５４３２１０",  # fullwidth
        "+91-98765४३२१०",  # mixed
    ],
)
def test_indian_script_digits_become_ascii(raw: str) -> None:
    result = normalize_phone(raw)
    assert result == "+91-9876543210"
    assert result.isascii()


@pytest.mark.parametrize(
    "raw",
    [
        "+91-٩٨٧٦٥٤٣٢١٠",  # Arabic-Indic
        "+91-๙๘๗๖๕๔๓๒๑๐",  # Thai
        "+91-𝟗𝟖𝟕𝟔𝟓𝟒𝟑𝟐𝟏𝟎",  # mathematical bold
        "+91-98765٤٣٢١٠",  # ASCII mixed with another script
    ],
)
def test_digits_of_other_scripts_are_refused(raw: str) -> None:
    assert normalize_phone(raw) == ""
