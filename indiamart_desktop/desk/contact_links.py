"""``tel:``, ``sms:``, WhatsApp and ``mailto:`` URLs built from buyer text, treated as data.

Whatever a buyer typed into a phone or e-mail field, the URL built here has a fixed
scheme and host and at most one recipient: phone numbers go through the one phone
normaliser and only ASCII digits reach the URL; an address must be one valid address,
and every part of it and of the subject and body is percent-encoded (RFC 6068), so no
``?cc=``, ``&bcc=``, ``&attach=`` or second address can ride along. Each function
returns ``None`` when the input gives nothing usable.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from indiamart_desktop.indiamart.emails import parse_address
from indiamart_desktop.indiamart.phones import normalize_phone

logger = logging.getLogger(__name__)

_ASCII_NORMALIZED = re.compile(r"(\+[0-9]+(?:-[0-9]+)*|[0-9]+)")
_NON_DIGITS = re.compile(r"[^0-9]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _normalized(number: str) -> str | None:
    normalized = normalize_phone(number)
    if not _ASCII_NORMALIZED.fullmatch(normalized):
        return None
    return normalized


def tel_url(number: str) -> str | None:
    """``tel:+919876543210`` for any written form of a number; ``None`` if none is found."""
    normalized = _normalized(number)
    if normalized is None:
        return None
    digits = _NON_DIGITS.sub("", normalized)
    return f"tel:+{digits}" if normalized.startswith("+") else f"tel:{digits}"


def whatsapp_url(number: str, text: str = "") -> str | None:
    """``https://wa.me/<country code and number>[?text=...]``; ``None`` without a country code.

    WhatsApp needs the full international number, so a number that cannot be placed in a
    country (no code and not Indian-shaped) gives ``None``.
    """
    normalized = _normalized(number)
    if normalized is None or not normalized.startswith("+"):
        return None
    url = f"https://wa.me/{_NON_DIGITS.sub('', normalized)}"
    return f"{url}?text={quote(text, safe='', errors='replace')}" if text else url


def sms_url(number: str, body: str = "") -> str | None:
    """``sms:+<country code and number>[?body=...]`` (RFC 5724); ``None`` without a number.

    Like :func:`tel_url`, a number that cannot be placed in a country keeps its digits.
    Lines of ``body`` end in ``%0A``.
    """
    tel = tel_url(number)
    if tel is None:
        return None
    url = "sms:" + tel.removeprefix("tel:")
    if not body:
        return url
    lines = _NEWLINES.sub("\n", body)
    return f"{url}?body={quote(lines, safe='', errors='replace')}"


def _encode_text(text: str) -> str:
    return quote(_NEWLINES.sub("\r\n", text), safe="", errors="replace")


def mailto_url(address: str, subject: str = "", body: str = "") -> str | None:
    """``mailto:<one address>[?subject=...&body=...]``; ``None`` unless ``address`` is one address.

    The local part is percent-encoded whole (``?``, ``&``, ``%``, ``,`` included) and the
    domain is given in its ASCII (IDNA) form, so the address stays one recipient.
    """
    parsed = parse_address(address.strip())
    if parsed is None:
        logger.debug("no mailto URL: the address is not one valid address")
        return None
    url = f"mailto:{quote(parsed.local, safe='')}@{parsed.domain}"
    fields = [(name, value) for name, value in (("subject", subject), ("body", body)) if value]
    if not fields:
        return url
    return url + "?" + "&".join(f"{name}={_encode_text(value)}" for name, value in fields)
