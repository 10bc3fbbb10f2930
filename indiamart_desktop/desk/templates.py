"""Reply templates: checking what the seller wrote, and filling in a lead's details.

A template is the seller's own text with placeholders in braces: ``{buyer_name}``,
``{buyer_company}``, ``{product}``, ``{quantity}``, ``{city}``, ``{seller_name}``,
``{seller_company}``, ``{seller_phone}``, ``{catalogue_url}``, and ``{snippet:NAME}`` for
one of the seller's saved snippets (NAME: letters, digits, ``_`` or ``-``). A snippet may
hold the other placeholders but no snippet. ``{{`` and ``}}`` write a literal brace.

Filling in never uses ``str.format``: the template is read once into pieces, and each
value is pasted in as plain text that is never read again, so a buyer called
``{seller_phone}`` or ``{0.__class__}`` is printed as typed. Buyer values are made one
line (a name cannot add lines to a subject). A missing value reads sensibly: "Sir/Madam"
for an empty name, "your requirement" for an empty product (in the template's language);
a template line whose placeholders all came out empty is left out, so an unfilled
``{seller_phone}`` line leaves no blank line behind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from indiamart_desktop.desk.contact_links import mailto_url, sms_url, whatsapp_url
from indiamart_desktop.store.query import StoredLead

logger = logging.getLogger(__name__)

Channel = Literal["whatsapp", "email", "sms"]
Language = Literal["en", "hi"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)
LANGUAGES: tuple[Language, ...] = get_args(Language)

BUYER_PLACEHOLDERS = ("buyer_name", "buyer_company", "product", "quantity", "city")
SELLER_PLACEHOLDERS = ("seller_name", "seller_company", "seller_phone", "catalogue_url")
PLACEHOLDERS = BUYER_PLACEHOLDERS + SELLER_PLACEHOLDERS
SNIPPET_PREFIX = "snippet:"
SNIPPET_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")

_FALLBACKS: dict[Language, dict[str, str]] = {
    "en": {"buyer_name": "Sir/Madam", "product": "your requirement",
           "quantity": "the quantity you need"},
    "hi": {"buyer_name": "महोदय/महोदया", "product": "आपकी आवश्यकता",
           "quantity": "आवश्यक मात्रा"},
}
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Template:
    id: str
    channel: Channel
    name: str
    language: Language
    body: str
    subject: str = ""  # e-mail only


@dataclass(frozen=True)
class BuyerDetails:
    """What a reply may say about the buyer, and where it goes (mobile, e-mail)."""

    name: str = ""
    company: str = ""
    product: str = ""
    quantity: float | None = None
    unit: str = ""
    city: str = ""
    mobile: str = ""
    email: str = ""

    @classmethod
    def from_lead(cls, lead: StoredLead) -> BuyerDetails:
        return cls(name=lead.sender_name, company=lead.sender_company,
                   product=lead.product or lead.subject, quantity=lead.quantity,
                   unit=lead.quantity_unit, city=lead.city, mobile=lead.mobile,
                   email=lead.email)


@dataclass(frozen=True)
class SellerDetails:
    name: str = ""
    company: str = ""
    phone: str = ""
    catalogue_url: str = ""


@dataclass(frozen=True)
class Reply:
    subject: str
    body: str


class TemplateError(ValueError):
    """A template or snippet that cannot be saved. ``kind`` is one of ``unknown``,
    ``unknown_snippet``, ``nested_snippet``, ``unbalanced``, ``empty``, ``bad_name``;
    ``token`` is the offending text (the placeholder, the brace, the snippet name)."""

    def __init__(self, kind: str, token: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.token = token


# A piece of a read template: ("text", literal), ("field", name) or ("snippet", name).
Piece = tuple[Literal["text", "field", "snippet"], str]


def parse(text: str, snippets: Mapping[str, str] | None = None,
          allow_snippets: bool = True) -> list[Piece]:
    """``text`` read into pieces; :class:`TemplateError` names the first problem.

    With ``snippets`` given, a ``{snippet:NAME}`` must name one of them.
    """
    pieces: list[Piece] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            pieces.append(("text", text[position:match.start()]))
        position = match.end()
        token = match.group()
        if token in ("{{", "}}"):
            pieces.append(("text", token[0]))
        elif match.group(1) is None:
            raise TemplateError(
                "unbalanced", token,
                f"Unbalanced brace {token} at character {match.start() + 1}: "
                f"write {token}{token} for a literal {token}")
        else:
            pieces.append(_placeholder(match.group(1), snippets, allow_snippets))
    if position < len(text):
        pieces.append(("text", text[position:]))
    return pieces


def _placeholder(name: str, snippets: Mapping[str, str] | None,
                 allow_snippets: bool) -> Piece:
    if name in PLACEHOLDERS:
        return ("field", name)
    if name.startswith(SNIPPET_PREFIX):
        snippet = name[len(SNIPPET_PREFIX):]
        if not allow_snippets:
            raise TemplateError("nested_snippet", "{" + name + "}",
                                f"A snippet cannot include another snippet ({{{name}}})")
        if snippets is not None and snippet not in snippets:
            known = ", ".join(sorted(snippets)) or "none saved yet"
            raise TemplateError("unknown_snippet", snippet,
                                f"Unknown snippet {{{name}}}: your snippets are {known}")
        if SNIPPET_NAME.fullmatch(snippet):
            return ("snippet", snippet)
    choices = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    raise TemplateError("unknown", "{" + name + "}",
                        f"Unknown placeholder {{{name}}}: use one of {choices}, "
                        f"or {{{SNIPPET_PREFIX}NAME}} for a snippet")


def check_snippets(snippets: Mapping[str, str]) -> None:
    """Refuses a snippet with a bad name or text (a snippet holds no snippet)."""
    for name, text in snippets.items():
        if not SNIPPET_NAME.fullmatch(name):
            raise TemplateError("bad_name", name,
                                f"Snippet name {name!r}: use 1 to 40 letters, digits, _ or -")
        parse(text, allow_snippets=False)


def check_template(template: Template, snippets: Mapping[str, str]) -> None:
    """Refuses a template that cannot be saved, with a message naming the problem."""
    if not template.name.strip():
        raise TemplateError("empty", "name", "The template needs a name")
    if not template.body.strip():
        raise TemplateError("empty", "body", f"The template {template.name!r} has no text")
    if template.channel == "email":
        parse(template.subject, snippets)
    parse(template.body, snippets)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def quantity_text(quantity: float | None, unit: str) -> str:
    """``6 piece``, ``2.5 tonne``, ``1500000 meter``; ``""`` without a quantity."""
    if quantity is None:
        return ""
    number = f"{quantity:.3f}".rstrip("0").rstrip(".")
    return _one_line(f"{number} {unit}")


def values(buyer: BuyerDetails, seller: SellerDetails, language: Language) -> dict[str, str]:
    """Every placeholder's text for ``buyer``, with the language's words for missing ones."""
    given = {
        "buyer_name": buyer.name, "buyer_company": buyer.company, "product": buyer.product,
        "quantity": quantity_text(buyer.quantity, buyer.unit), "city": buyer.city,
        "seller_name": seller.name, "seller_company": seller.company,
        "seller_phone": seller.phone, "catalogue_url": seller.catalogue_url,
    }
    fallbacks = _FALLBACKS[language]
    return {name: _one_line(value) or fallbacks.get(name, "") for name, value in given.items()}


def _fill(pieces: Sequence[Piece], filled: Mapping[str, str],
          snippets: Mapping[str, str]) -> str:
    """The text of ``pieces``; a line whose placeholders all came out blank is left out."""
    lines: list[str] = []
    parts: list[str] = []
    has_value = False

    def end_line() -> None:
        line = "".join(parts)
        if not (has_value and not line.strip()):
            lines.append(line)
        parts.clear()

    for kind, value in pieces:
        if kind == "text":
            first, *rest = value.split("\n")
            parts.append(first)
            for later in rest:
                end_line()
                has_value = False
                parts.append(later)
            continue
        has_value = True
        if kind == "field":
            parts.append(filled[value])
        elif value in snippets:
            parts.append(_fill(parse(snippets[value], allow_snippets=False), filled, {}))
        else:
            logger.info("A template names a snippet that is no longer saved")
    end_line()
    return "\n".join(lines)


def render(template: Template, buyer: BuyerDetails, seller: SellerDetails,
           snippets: Mapping[str, str]) -> Reply:
    """The reply ``template`` makes for ``buyer``; raises :class:`TemplateError` only for a
    template that would not have been saved."""
    filled = values(buyer, seller, template.language)
    subject = ""
    if template.channel == "email":
        subject = _one_line(_fill(parse(template.subject), filled, snippets))
    return Reply(subject, _fill(parse(template.body), filled, snippets).strip("\n"))


def reply_url(template: Template, buyer: BuyerDetails, seller: SellerDetails,
              snippets: Mapping[str, str]) -> str | None:
    """The ``https://wa.me/``, ``mailto:`` or ``sms:`` URL of the filled-in reply;
    ``None`` when the lead has no number or address the channel can use."""
    reply = render(template, buyer, seller, snippets)
    if template.channel == "whatsapp":
        return whatsapp_url(buyer.mobile, reply.body) if buyer.mobile else None
    if template.channel == "email":
        return mailto_url(buyer.email, reply.subject, reply.body) if buyer.email else None
    return sms_url(buyer.mobile, reply.body) if buyer.mobile else None
