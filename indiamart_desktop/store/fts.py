"""Turning a seller's search box text into a safe FTS5 MATCH expression.

Whatever is typed (quotes, ``*``, ``AND``, ``-``, brackets) becomes quoted literal terms,
so FTS syntax can never raise. Supported on purpose: ``"exact phrase"``, ``-word`` to
exclude, and every other word matched as a prefix.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_expression(text: str) -> str:
    """Return an FTS5 expression for ``text``, or ``""`` when nothing searchable remains."""
    include: list[str] = []
    exclude: list[str] = []
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        if match.group(2) is not None:
            words = _WORD.findall(match.group(2))
            if not words:
                continue
            term = _quote(" ".join(words))
        else:
            words = _WORD.findall(match.group(4))
            if not words:
                continue
            # "+91-98765" or "a.b" splits into several words: all must follow each other.
            term = _quote(" ".join(words)) + "*"
        (exclude if negated else include).append(term)
    if not include:
        return ""
    expression = " AND ".join(include)
    for term in exclude:
        expression += f" NOT {term}"
    return expression
