"""Every spelling of a CRM key that an answer, a proxy or a library may give back: what the
redaction tests feed in, and what the leak scans look for."""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, quote_plus


def lower_hex(text: str) -> str:
    """Percent-encoding with lower-case hex digits (``%2b``, ``%2f``)."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


def _references(text: str, form: str) -> str:
    return "".join(c if c.isalnum() else form.format(ord(c)) for c in text)


def spellings(key: str) -> dict[str, str]:
    once = quote(key, safe="")
    return {
        "plain": key,
        "percent": once,
        "percent, path-safe": quote(key),
        "percent, lower-case hex": lower_hex(once),
        "percent, mixed-case hex": once.replace("%2F", "%2f"),
        "form (quote_plus)": quote_plus(key),
        "plus turned into a space": key.replace("+", " "),
        "plus turned into spaces, collapsed": " ".join(key.replace("+", " ").split()),
        "plus turned into %20": once.replace("%2B", "%20"),
        "plus turned into a space, lower-case hex": lower_hex(once).replace("%2b", " "),
        "double encoding": quote(once, safe=""),
        "double encoding, lower-case hex": lower_hex(quote(once, safe="")),
        "triple encoding": quote(quote(once, safe=""), safe=""),
        "HTML decimal references": _references(key, "&#{};"),
        "HTML hex references": _references(key, "&#x{:X};"),
        "HTML lower-case hex references": _references(key, "&#x{:x};"),
        "key base64-encoded": base64.b64encode(key.encode()).decode(),
        "key base64url-encoded, unpadded":
            base64.urlsafe_b64encode(key.encode()).decode().rstrip("="),
    }


def same_bytes_spellings(key: str) -> dict[str, str]:
    """A base64 key written in the URL-safe alphabet or with other padding."""
    url_safe = key.replace("+", "-").replace("/", "_")
    return {"URL-safe alphabet": url_safe, "URL-safe, unpadded": url_safe.rstrip("="),
            "unpadded": key.rstrip("="), "padded twice": key.rstrip("=") + "=="}
