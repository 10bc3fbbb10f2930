"""Phone numbers: one international format, decided by libphonenumber's metadata."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indiamart_desktop.indiamart.phones import national_digits, normalize_phone


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
        ("+977-9841234567", "+977-9841234567"),
        ("+1 (555) 010-4567", "+1-5550104567"),  # unallocated, but its country code is given
        ("+971-501234567", "+971-501234567"),
        ("0120-2222222", "+91-120-2222222"),
        ("+91-120-2222222", "+91-120-2222222"),
        ("(0120) 2222222", "+91-120-2222222"),
        ("022-22222222", "+91-22-22222222"),
        ("0120-22222222", "12022222222"),  # 11 national digits: no Indian number has them
        ("9876543210, 9123456780", "+91-9876543210"),
        ("junk, 9123456780", "+91-9123456780"),
        ("22222222", "22222222"),  # a landline without its STD code cannot be placed
        ("", ""),
        ("   ", ""),
        ("abc", ""),
        ("12345", ""),
        ("0000000000", ""),
        ("+91-", ""),
        ("+999123456", ""),  # no such country code
        ("1" * 30, ""),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


# India's national numbers all have 10 digits, so Bangalore's landlines (STD code 80 plus
# 8 digits) share their leading digits with the 80xx mobile series. Grouping proves
# nothing (buyers group mobiles as "80 1234 5678" too): the subscriber range decides,
# as allocated (libphonenumber: 80[2-7]... are Bangalore exchanges, 80[01]... mobiles).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+91 80 1234 5678", "+91-8012345678"),
        ("080 1234 5678", "+91-8012345678"),
        ("08012345678", "+91-8012345678"),
        ("+91 8012345678", "+91-8012345678"),
        ("+91 70 1234 5678", "+91-7012345678"),
        ("+91 60 1234 5678", "+91-6012345678"),
        ("+91 80 2234 5678", "+91-80-22345678"),
        ("080-22345678", "+91-80-22345678"),
        ("08022345678", "+91-80-22345678"),
        ("+91 80223 45678", "+91-80-22345678"),
    ],
)
def test_the_digits_not_the_grouping_tell_a_mobile_from_a_landline(
    raw: str, expected: str
) -> None:
    assert normalize_phone(raw) == expected


def test_default_country_applies_to_numbers_without_a_code() -> None:
    assert normalize_phone("2015550123", default_country="1") == "+1-2015550123"
    assert normalize_phone("5550104567", default_country="1") == "+1-5550104567"
    assert normalize_phone("9876543210", default_country="999") == "9876543210"
    with pytest.raises(ValueError, match="digits"):
        normalize_phone("9876543210", default_country="+91")


def test_long_text_is_normalised_the_same_without_the_cache() -> None:
    padding = " " * 100
    assert normalize_phone(padding + "09876543210" + padding) == "+91-9876543210"


_SHAPE = re.compile(r"\+[1-9][0-9]{0,2}-[0-9]+(?:-[0-9]+)?|[0-9]{6,15}")
_PHONEISH = st.text(alphabet="0123456789+-() ,/.\t", max_size=40)


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=60), _PHONEISH))
def test_any_text_gives_the_format_or_nothing(raw: str) -> None:
    result = normalize_phone(raw)
    assert result == "" or _SHAPE.fullmatch(result), result
    assert result.isascii()
    assert normalize_phone(result) == result  # normalising twice changes nothing


@given(
    st.from_regex(r"[6-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "0", "+91", "+91-", "91"])
)
def test_every_written_form_of_an_indian_number_is_the_same(number: str, prefix: str) -> None:
    result = normalize_phone(prefix + number)
    assert result == normalize_phone(f"+91 {number}")
    assert result.replace("-", "") == f"+91{number}"


@given(st.from_regex(r"9[0-9]{9}", fullmatch=True), st.sampled_from([" ", "-", "  "]))
def test_a_mobile_grouped_anyhow_stays_a_mobile(number: str, sep: str) -> None:
    assert normalize_phone(f"0{number[:2]}{sep}{number[2:6]}{sep}{number[6:]}") == f"+91-{number}"


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


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("+91 98765 43210", "9876543210"),
        ("098765 43210", "9876543210"),
        ("+91-120-2222222", "1202222222"),
        ("+91 98765", "98765"),  # partial, as typed into the search box
        ("0091 98765", "98765"),
        ("+27 61 12", "6112"),
        ("91709", "91709"),
        ("2222 2222", "22222222"),
        ("+", ""),
    ],
)
def test_national_digits(text: str, digits: str) -> None:
    assert national_digits(text) == digits
