"""Turning a seller's search box text into safe FTS5 MATCH expressions.

Whatever is typed (quotes, ``*``, ``AND``, ``-``, brackets) becomes quoted literal terms,
so FTS syntax can never raise. Supported on purpose: ``"exact phrase"``, ``-word`` to
exclude (a search of exclusions only finds the leads without them), and every other word
matched as a prefix. A phone number matches however it is written (``09170930180``,
``+91 91709 30180``, ``917-093-0180``): it goes through the one phone normaliser and its
national digits are looked up in the ``phones`` column, which holds the national digits
of every phone of a lead (``+91-120-2222222`` as ``1202222222``).

Words are split exactly as the index's tokenizer splits them (:data:`TOKENIZER`):
letters, numbers, private-use characters and combining marks, so a Devanagari vowel
sign stays inside its word ("हिंदी" is one word, not "ह" and "द").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indiamart_desktop.indiamart.phones import national_digits

#: The FTS5 tokenizer: marks (Mn, Mc, Me) are word characters, as Indian scripts need.
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
#: The index column holding phone digits (see :mod:`indiamart_desktop.store.schema`).
PHONES_COLUMN = "phones"

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
_PHONE_PART = re.compile(r"\+?\(?[0-9][0-9().\-]*")
_NON_DIGITS = re.compile(r"[^0-9]")
_MIN_PHONE_DIGITS = 4
_WORD_CATEGORIES = frozenset("LNM")


@dataclass(frozen=True)
class FtsSearch:
    """What a search asks of the index.

    ``match``: the expression every shown lead must match (``""``: no such condition).
    ``exclude``: when nothing is to be included, the expression no shown lead may match.
    """

    match: str = ""
    exclude: str = ""

    def __bool__(self) -> bool:
        return bool(self.match or self.exclude)


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in _WORD_CATEGORIES or category == "Co"


def _words(text: str) -> list[str]:
    """The words of ``text`` as the index's tokenizer sees them."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _prefix_term(token: str) -> str:
    words = _words(token)
    # "+91-98765" or "a.b" splits into several words: all must follow each other.
    return _quote(" ".join(words)) + "*" if words else ""


def _phone_term(tokens: list[str]) -> str:
    """A run of number-looking tokens: the words as typed, or the digits as one phone."""
    terms = [term for term in (_prefix_term(token) for token in tokens) if term]
    typed = terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")"
    digits = national_digits(" ".join(tokens))
    if len(digits) < _MIN_PHONE_DIGITS:
        return typed
    return f"({PHONES_COLUMN} : {_quote(digits)}* OR {typed})"


def fts_search(text: str) -> FtsSearch:
    """The FTS5 expressions for ``text``; empty when nothing searchable remains."""
    include: list[str] = []
    exclude: list[str] = []
    phone_run: list[str] = []

    def end_phone_run() -> None:
        if phone_run:
            include.append(_phone_term(phone_run))
            phone_run.clear()

    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        if match.group(2) is not None:
            end_phone_run()
            words = _words(match.group(2))
            if words:
                (exclude if negated else include).append(_quote(" ".join(words)))
            continue
        token = match.group(4)
        if _PHONE_PART.fullmatch(token):
            if negated:
                end_phone_run()
                exclude.append(_phone_term([token]))
            else:
                phone_run.append(token)
            continue
        end_phone_run()
        term = _prefix_term(token)
        if term:
            (exclude if negated else include).append(term)
    end_phone_run()
    if not include:
        return FtsSearch(exclude=" OR ".join(exclude))
    expression = " AND ".join(include)
    for term in exclude:
        expression += f" NOT {term}"
    return FtsSearch(match=expression)
