"""Rupee amounts as Decimals: parsing what sellers write, rounding to paise, Indian grouping.

Money never passes through ``float``: a price read from a spreadsheet cell that holds a
float goes through ``str`` first, so 0.1 stays 0.1.
"""

from __future__ import annotations

import logging
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

logger = logging.getLogger(__name__)

PAISE = Decimal("0.01")
_CURRENCY_MARKS = re.compile(r"^(?:₹|rs\.?|inr)\s*|\s*(?:/-|₹|rs\.?|inr)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")


def to_paise(amount: Decimal) -> Decimal:
    """``amount`` rounded to whole paise, half a paisa rounding away from zero."""
    return amount.quantize(PAISE, rounding=ROUND_HALF_UP)


def parse_amount(value: object) -> Decimal | None:
    """A number from a cell or typed text ("₹1,250.00", "1,25,000", "Rs. 500/-", 1250.5);
    ``None`` when it is not one. Grouping commas may sit anywhere (Indian or Western)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        for _ in range(2):
            text = _CURRENCY_MARKS.sub("", text).strip()
        text = text.replace(",", "").replace(" ", "")
    else:
        return None
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def group_indian(digits: str) -> str:
    """'12345678' -> '1,23,45,678': the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def format_inr(amount: Decimal, symbol: str = "₹") -> str:
    """``Decimal("123450")`` -> '₹1,23,450.00'; negatives as '-₹1,234.50'."""
    rounded = to_paise(amount)
    sign = "-" if rounded < 0 else ""
    rupees, _, paise = f"{abs(rounded):.2f}".partition(".")
    return f"{sign}{symbol}{group_indian(rupees)}.{paise}"


def format_quantity(quantity: Decimal) -> str:
    """A quantity without trailing zeros: 10 -> '10', 2.50 -> '2.5'."""
    text = f"{quantity:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
