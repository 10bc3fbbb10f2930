"""Buyer e-mail addresses: one valid address or nothing.

IndiaMART's e-mail fields are free text. A value such as ``x@y.in?cc=spy@z&attach=...``
must never become a mail with copies or attachments, so an address is kept only when
``email-validator`` (syntax only, no DNS) accepts it as one plain address. The raw
record still holds whatever IndiaMART sent.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

logger = logging.getLogger(__name__)

_PARTS = re.compile(r"[,;]")  # "a@x.in, b@y.in": the first valid address wins
_MAX_PARTS = 4  # a hostile "a,a,a,..." field costs at most this many validations
_MAX_LENGTH = 254  # RFC 5321's limit on a whole address


@dataclass(frozen=True, slots=True)
class Address:
    """A validated address: ``local`` as written, ``domain`` in its ASCII (IDNA) form."""

    local: str
    domain: str


def parse_address(text: str) -> Address | None:
    """``text`` as exactly one address, or ``None`` (no quoting, no IP literals, no DNS)."""
    if len(text) > _MAX_LENGTH:
        return None
    try:
        valid = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None
    return Address(local=valid.local_part, domain=valid.ascii_domain)


def normalize_email(text: str) -> str:
    """The first valid address in ``text``, lower-cased, or ``""``.

    Spaces inside an address are dropped (IndiaMART's forms let buyers type them).
    """
    for part in _PARTS.split(text, maxsplit=_MAX_PARTS)[:_MAX_PARTS]:
        candidate = "".join(part.split())
        if not candidate or len(candidate) > _MAX_LENGTH:
            continue
        try:
            return validate_email(candidate, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            continue
    if text.strip():
        logger.debug("an e-mail field holds no valid address; left empty")
    return ""
