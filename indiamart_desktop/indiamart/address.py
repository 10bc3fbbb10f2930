"""Tidy IndiaMART's free-text addresses and find the Indian pincode inside them."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"\s+")
# Six digits, first 1-9, not part of a longer number (a phone); "500 072" also seen.
_PINCODE = re.compile(r"(?<!\d)([1-9]\d{5})(?!\d)")
_SPACED_PINCODE = re.compile(r"(?<!\d)(?<!\d )([1-9]\d{2}) (\d{3})(?!\d)(?! \d)")


def clean_address(raw: str) -> str:
    """Collapse runs of whitespace and drop empty comma slots (", , , ")."""
    parts = (_WHITESPACE.sub(" ", part).strip() for part in raw.split(","))
    return ", ".join(part for part in parts if part)


def is_pincode(text: str) -> bool:
    """True when ``text`` is exactly one pincode ("500072" or "500 072")."""
    return bool(re.fullmatch(r"[1-9]\d{2} ?\d{3}", text.strip()))


def find_pincode(*texts: str) -> str:
    """The first 6-digit Indian pincode in ``texts`` (address, then city); ``""`` if none."""
    for pattern in (_PINCODE, _SPACED_PINCODE):
        for text in texts:
            match = pattern.search(text)
            if match:
                return "".join(match.groups())
    return ""
