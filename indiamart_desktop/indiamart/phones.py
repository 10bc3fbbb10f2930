"""One phone format for every number IndiaMART sends: ``+<country code>-<national number>``.

IndiaMART mixes ``+91-98XXXXXXXX``, ``+9198XXXXXXXX``, bare 10 digits (calls), ``0``-prefixed
numbers and landlines such as ``0120-22222222``. One form makes repeat buyers findable and
feeds ``tel:`` and WhatsApp links.
"""

from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

# ITU country calling codes are prefix-free: "1" and "7" are the only one-digit codes,
# these are the two-digit ones, and every other code has three digits.
_TWO_DIGIT_CODES = frozenset(
    {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46"}
    | {"47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62"}
    | {"63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"}
)
_MIN_DIGITS = 6
_MAX_DIGITS = 15  # E.164
_INDIA = "91"

# Digits a buyer may type on an Indian keyboard: Devanagari, Bengali, Gurmukhi, Gujarati,
# Oriya, Tamil, Telugu, Kannada, Malayalam (U+0966 to U+0D6F), and fullwidth digits.
_INDIAN_DIGIT_ZEROS = (0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66)
_TO_ASCII = {
    zero + value: str(value) for zero in (*_INDIAN_DIGIT_ZEROS, 0xFF10) for value in range(10)
}
_PARTS = re.compile(r"[,;/|]")  # "9876543210, 9123456780": the first usable number wins
_CANDIDATE = re.compile(r"\+?[0-9][0-9 \t().\-]*")
_DIGIT_RUNS = re.compile(r"[0-9]+")
_NON_DIGITS = re.compile(r"[^0-9]")


def _ascii_digits(text: str) -> str | None:
    """``text`` with Indian-script and fullwidth digits made ASCII; ``None`` if others remain."""
    ascii_text = text.translate(_TO_ASCII)
    if any(not char.isascii() and unicodedata.category(char) == "Nd" for char in ascii_text):
        return None
    return ascii_text


def _country_code(digits: str) -> str:
    if not digits or digits[0] == "0":
        return ""
    if digits[0] in "17":
        return digits[0]
    if digits[:2] in _TWO_DIGIT_CODES:
        return digits[:2]
    return digits[:3]


def _drop_prefix(groups: list[str], count: int) -> list[str]:
    """Remove the first ``count`` digits from the digit groups."""
    rest = list(groups)
    while count and rest:
        head = rest[0]
        if len(head) <= count:
            count -= len(head)
            rest.pop(0)
        else:
            rest[0] = head[count:]
            count = 0
    return rest


def _indian(groups: list[str], trunk_zero: bool) -> str:
    """Format an Indian national number; a landline keeps its STD code apart."""
    if groups and groups[0].startswith("0"):
        trunk_zero = True
    groups = [g for g in groups if g]
    national = "".join(groups).lstrip("0")
    if len(national) < _MIN_DIGITS:
        return ""
    head = groups[0].lstrip("0") if groups else ""
    rest = national[len(head) :]
    # Indian STD codes have 2-4 digits and never start with 9 (the mobile series).
    looks_landline = (
        len(groups) > 1 and 2 <= len(head) <= 4 and head[0] != "9" and len(rest) >= _MIN_DIGITS
    )
    is_mobile = len(national) == 10 and national[0] in "6789"
    if looks_landline and (trunk_zero or not is_mobile):
        return f"+{_INDIA}-{head}-{rest}"
    return f"+{_INDIA}-{national}"


def _normalize_one(text: str, default_country: str) -> str:
    groups = _DIGIT_RUNS.findall(text)
    digits = "".join(groups)
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS or not digits.strip("0"):
        return ""
    international = text.startswith("+")
    if not international and digits.startswith("00"):
        international = True
        digits = digits[2:]
        groups = _drop_prefix(groups, 2)
    if international:
        code = _country_code(digits)
        if not code:
            return ""
        national_groups = _drop_prefix(groups, len(code))
        if code == _INDIA:
            return _indian(national_groups, trunk_zero=False)
        national = "".join(national_groups)
        return f"+{code}-{national}" if len(national) >= 4 else ""
    if digits.startswith("0"):
        if default_country == _INDIA:
            return _indian(groups, trunk_zero=True)
        return f"+{default_country}-{digits.lstrip('0')}"
    if len(digits) == 10:
        if default_country == _INDIA:
            return _indian(groups, trunk_zero=False)
        return f"+{default_country}-{digits}"
    if len(digits) == len(default_country) + 10 and digits.startswith(default_country):
        return normalize_phone("+" + digits, default_country)
    return digits


def normalize_phone(raw: str, default_country: str = "91") -> str:
    """Return ``raw`` as ``+<cc>-<number>`` ("+91-9876543210", "+91-120-22222222").

    Numbers without a country code get ``default_country``; a number that cannot be placed
    keeps its digits only; junk (too few or too many digits) gives ``""``.
    """
    if not default_country.isdigit():
        raise ValueError("default_country must be digits, e.g. '91'")
    text = _ascii_digits(raw)
    if text is None:
        logger.debug("a phone field holds digits of a script that is not Indian; left empty")
        return ""
    for part in _PARTS.split(text):
        match = _CANDIDATE.search(part)
        if match:
            result = _normalize_one(match.group().strip(), default_country)
            if result:
                return result
    return ""


def whatsapp_digits(normalized: str) -> str:
    """Digits for ``https://wa.me/<digits>``: "+91-9876543210" -> "919876543210"."""
    return _NON_DIGITS.sub("", normalized)


def tel_uri(normalized: str) -> str:
    """A ``tel:`` URI ("tel:+919876543210"); ``""`` for an empty number."""
    digits = _NON_DIGITS.sub("", normalized)
    if not digits:
        return ""
    return f"tel:+{digits}" if normalized.startswith("+") else f"tel:{digits}"
