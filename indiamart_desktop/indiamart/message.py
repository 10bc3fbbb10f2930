"""Enquiry text: IndiaMART's line-break markup to plain text, and the facts embedded in it.

IndiaMART separates lines with ``<br>``, ``\\r\\n``, bare ``\\r`` or ``\\r\\r`` and appends
lines such as "Quantity : 6" and "Probable Order Value : Rs. 3,000 to 10,000". The text is
shown and exported as plain text only, so nothing else in it is treated as markup.
"""

from __future__ import annotations

import html
import logging
import math
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# Only line-break and paragraph markup is IndiaMART's; any other "<...>" is the buyer's own
# words ("size <M> and <XL>", "&lt;urgent&gt;") and stays, since messages are plain text.
_LINE_BREAK_TAG = re.compile(r"<\s*(?:br|/\s*(?:p|div|li|tr|h[1-6]))\s*/?\s*>"
                             r"|<\s*br\s+[a-z-]+\s*=[^<>]*>", re.IGNORECASE)
_PARAGRAPH_START = re.compile(r"<\s*(?:p|div)\s*>", re.IGNORECASE)
# Only ";"-terminated entities are decoded, so a raw "&" (or "&copy 2020") stays as sent.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_BLANK_RUN = re.compile(r"\n{3,}")


def clean_message(raw: str) -> str:
    """Return the enquiry as plain text: IndiaMART's line breaks as newlines, entities
    decoded once, everything else (angle brackets included) as the buyer wrote it."""
    text = raw.replace("\r\n", "\n").replace("\r\r", "\n").replace("\r", "\n")
    text = _PARAGRAPH_START.sub("", _LINE_BREAK_TAG.sub("\n", text))
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    # Decoded entities may bring "\r", tabs, no-break spaces and control characters.
    text = _CONTROL.sub("", text.replace("\r", "\n").replace("\t", " ").replace("\xa0", " "))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip()


@dataclass(frozen=True)
class Embedded:
    """Facts IndiaMART writes into the enquiry text; empty or ``None`` when absent."""

    quantity: float | None = None
    quantity_unit: str = ""
    order_value: str = ""
    order_value_min: int | None = None
    order_value_max: int | None = None
    requirement_type: str = ""
    preferred_location: str = ""


_FIELD_LINE = re.compile(
    r"^[ \t]*(quantity[ \t]*unit|quantity|(?:probable[ \t]*)?order[ \t]*value"
    r"|(?:probable[ \t]*)?requirement[ \t]*type|preferred[ \t]*location)[ \t]*:(.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_QUANTITY = re.compile(r"^(\d{1,15}(?:,\d{1,3}){0,5}(?:\.\d{1,6})?)\s*(.*)$")
_AMOUNT = re.compile(
    r"(\d{1,12}(?:,\d{1,3}){0,5}(?:\.\d{1,4})?)\s*"
    r"(lakhs?|lacs?|lakh's|crores?|cr\b|thousands?|k\b)?",
    re.IGNORECASE,
)
_UPPER_ONLY = re.compile(r"\b(?:up\s*to|upto|below|less\s+than|under|max(?:imum)?)\b|<", re.I)
_LOWER_ONLY = re.compile(r"\b(?:above|more\s+than|over|min(?:imum)?)\b|>|\+\s*$", re.I)


def _multiplier(unit: str | None) -> int:
    unit = (unit or "").lower()
    if unit.startswith(("lakh", "lac")):
        return 100_000
    if unit.startswith("cr"):
        return 10_000_000
    if unit.startswith(("thousand", "k")):
        return 1_000
    return 1


def parse_order_value(text: str) -> tuple[int | None, int | None]:
    """Rupee bounds of "Rs. 1 to 2 Lakh", "Upto Rs. 5,000", "Rs. 10 Lakh & Above" etc."""
    amounts: list[tuple[float, int]] = []
    for match in _AMOUNT.finditer(text):
        value = float(match.group(1).replace(",", ""))
        amounts.append((value, _multiplier(match.group(2))))
        if len(amounts) == 2:
            break
    if not amounts:
        return None, None
    if len(amounts) == 2:
        (low, low_unit), (high, high_unit) = amounts
        # "Rs. 1 to 2 Lakh": the unit written once covers both, unless that overshoots
        # the upper bound ("Rs. 50,000 to 1 Lakh").
        if low_unit == 1 and high_unit > 1 and low <= high:
            low_unit = high_unit
        return round(low * low_unit), round(high * high_unit)
    value = round(amounts[0][0] * amounts[0][1])
    if _UPPER_ONLY.search(text):
        return None, value
    if _LOWER_ONLY.search(text):
        return value, None
    return value, value


def _parse_quantity(text: str) -> tuple[float | None, str]:
    match = _QUANTITY.match(text)
    if not match:
        return None, ""
    value = float(match.group(1).replace(",", ""))
    return (value if math.isfinite(value) else None), match.group(2).strip()


def parse_embedded(message: str) -> Embedded:
    """Read the "Key : value" lines IndiaMART appends; the first line of each kind wins."""
    found: dict[str, str] = {}
    for match in _FIELD_LINE.finditer(message.replace("\r", "\n")):
        name = re.sub(r"[ \t]+", "", match.group(1).lower()).removeprefix("probable")
        found.setdefault(name, match.group(2).strip())
    quantity, unit_in_quantity = _parse_quantity(found.get("quantity", ""))
    order_value = found.get("ordervalue", "")
    low, high = parse_order_value(order_value)
    return Embedded(
        quantity=quantity,
        quantity_unit=found.get("quantityunit", "") or unit_in_quantity,
        order_value=order_value,
        order_value_min=low,
        order_value_max=high,
        requirement_type=found.get("requirementtype", ""),
        preferred_location=found.get("preferredlocation", ""),
    )
