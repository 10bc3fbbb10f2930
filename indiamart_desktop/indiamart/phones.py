"""One phone format for every number IndiaMART sends: ``+<country code>-<national number>``.

IndiaMART mixes ``+91-98XXXXXXXX``, ``+9198XXXXXXXX``, bare 10 digits (calls), ``0``-prefixed
numbers and landlines such as ``0120-2222222``. One form makes repeat buyers findable and
feeds ``tel:`` and WhatsApp links. This module is the one adapter over Google's
libphonenumber metadata (``phonenumberslite``): it decides country codes, national
prefixes, and whether an Indian number is a landline, whose STD code then stands apart
(``+91-80-22345678``), or a mobile (``+91-8012345678``). The digits decide, never how the
buyer grouped them: Bangalore's 080 landlines and the 80 mobile series share their first
digits, and libphonenumber knows which subscriber ranges are which.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType

logger = logging.getLogger(__name__)

_MIN_DIGITS = 6
_MAX_DIGITS = 15  # E.164
_MAX_CACHED = 64  # longer text is not worth remembering (and could be hostile)
_INDIA = 91
# Digits a buyer may type on an Indian keyboard: Devanagari, Bengali, Gurmukhi, Gujarati,
# Oriya, Tamil, Telugu, Kannada, Malayalam (U+0966 to U+0D6F), and fullwidth digits.
_INDIAN_DIGIT_ZEROS = (0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66)
_TO_ASCII = {
    zero + value: str(value) for zero in (*_INDIAN_DIGIT_ZEROS, 0xFF10) for value in range(10)
}
_PARTS = re.compile(r"[,;/|]")  # "9876543210, 9123456780": the first usable number wins
_CANDIDATE = re.compile(r"\+?[0-9][0-9 \t().\-]*")
_NON_DIGITS = re.compile(r"[^0-9]")


def _ascii_digits(text: str) -> str | None:
    """``text`` with Indian-script and fullwidth digits made ASCII; ``None`` if others remain."""
    ascii_text = text.translate(_TO_ASCII)
    if any(not char.isascii() and unicodedata.category(char) == "Nd" for char in ascii_text):
        return None
    return ascii_text


@functools.lru_cache(maxsize=64)
def _national_length(region: str) -> int:
    """The usual length of a national number in ``region`` (10 in India)."""
    example = phonenumbers.example_number(region)
    return len(phonenumbers.national_significant_number(example)) if example else 0


def _format(number: PhoneNumber, kind: int) -> str:
    national = phonenumbers.national_significant_number(number)
    # Only a number that is a landline for sure gets its STD code apart; one that may be
    # either (FIXED_LINE_OR_MOBILE) is written like a mobile.
    if number.country_code == _INDIA and kind == PhoneNumberType.FIXED_LINE:
        std = phonenumbers.length_of_geographical_area_code(number)
        if std:
            return f"+{_INDIA}-{national[:std]}-{national[std:]}"
    return f"+{number.country_code}-{national}"


def _read(digits: str, international: bool, region: str) -> tuple[str, bool]:
    """The formatted number and whether libphonenumber knows it as allocated."""
    try:
        number = phonenumbers.parse(("+" if international else "") + digits, region,
                                    keep_raw_input=True)
    except NumberParseException:
        # "+" or "00" before an unknown country code is no number; other digits stay.
        return ("" if international or digits.startswith("00") else digits.lstrip("0")), False
    national = phonenumbers.national_significant_number(number)
    kind = phonenumbers.number_type(number)  # UNKNOWN exactly when the number is not valid
    if kind != PhoneNumberType.UNKNOWN:
        return _format(number, kind), True
    if national.startswith("0"):
        return "", False
    if number.country_code_source != phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
        # Written with its country code: kept, allocated or not, at a length that the
        # country uses.
        possible = phonenumbers.is_possible_number(number)
        return (f"+{number.country_code}-{national}" if possible else ""), False
    if len(national) == _national_length(region):
        return f"+{number.country_code}-{national}", False
    return digits.lstrip("0"), False  # such as a local number without its area code


def _normalize_one(text: str, region: str) -> str:
    digits = _NON_DIGITS.sub("", text)
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS or not digits.strip("0"):
        return ""
    result, known = _read(digits, text.startswith("+"), region)
    if known or not result:
        return result
    # A number libphonenumber does not know is kept only if it reads the same next time
    # ("00..." and trunk-zero forms of junk could otherwise turn into another number).
    again = _NON_DIGITS.sub("", result)
    stable = len(again) >= _MIN_DIGITS and _read(again, result.startswith("+"), region)[0]
    return result if stable == result else ""


@functools.lru_cache(maxsize=4096)
def _normalize(text: str, default_country: str) -> str:
    region = phonenumbers.region_code_for_country_code(int(default_country))
    for part in _PARTS.split(text):
        match = _CANDIDATE.search(part)
        if match:
            result = _normalize_one(match.group().strip(), region)
            if result:
                return result
    return ""


def normalize_phone(raw: str, default_country: str = "91") -> str:
    """Return ``raw`` as ``+<cc>-<number>`` ("+91-9876543210", "+91-120-2222222").

    Numbers without a country code get ``default_country``; a number that cannot be placed
    keeps its digits only; junk (too few or too many digits, digits of a script other
    than the Indian ones) gives ``""``.
    """
    if not default_country.isdigit():
        raise ValueError("default_country must be digits, e.g. '91'")
    text = _ascii_digits(raw)
    if text is None:
        logger.debug("a phone field holds digits of a script that is not Indian; left empty")
        return ""
    if len(text) > _MAX_CACHED:
        return _normalize.__wrapped__(text, default_country)
    return _normalize(text, default_country)


def national_digits(text: str) -> str:
    """The digits of a whole or partial number after its country code.

    "+91 98765 43210" and "098765 43210" give "9876543210", "+91-120-2222222" gives
    "1202222222", a partial "+91 98765" gives "98765"; digits without a code stay as typed
    (without trunk zeros). This is what the search index holds for every phone.
    """
    normalized = normalize_phone(text)
    if normalized.startswith("+"):
        return _NON_DIGITS.sub("", normalized.partition("-")[2])
    ascii_text = _ascii_digits(text) or ""
    digits = _NON_DIGITS.sub("", ascii_text)
    if ascii_text.lstrip().startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        for length in (1, 2, 3):  # country calling codes are prefix-free
            if int(digits[:length] or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                return digits[length:]
    return normalized or digits.lstrip("0")
