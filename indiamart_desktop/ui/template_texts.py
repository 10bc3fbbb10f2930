"""Words for reply templates: channels, languages, placeholders and why a template or
snippet cannot be saved, all translatable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from indiamart_desktop.desk.templates import (
    PLACEHOLDERS,
    SNIPPET_PREFIX,
    Channel,
    Language,
    Reply,
    TemplateError,
)

_tr = QCoreApplication.translate


def channel_label(channel: Channel) -> str:
    return {"whatsapp": _tr("TemplateTexts", "WhatsApp"),
            "email": _tr("TemplateTexts", "E-mail"),
            "sms": _tr("TemplateTexts", "SMS")}[channel]


def language_label(language: Language) -> str:
    # Each language in its own script, so a seller finds it whatever the UI language.
    return {"en": "English", "hi": "हिन्दी"}[language]


def placeholder_label(name: str) -> str:
    return {
        "buyer_name": _tr("TemplateTexts", "Buyer's name"),
        "buyer_company": _tr("TemplateTexts", "Buyer's company"),
        "product": _tr("TemplateTexts", "Product"),
        "quantity": _tr("TemplateTexts", "Quantity with unit"),
        "city": _tr("TemplateTexts", "Buyer's city"),
        "seller_name": _tr("TemplateTexts", "Your name"),
        "seller_company": _tr("TemplateTexts", "Your company"),
        "seller_phone": _tr("TemplateTexts", "Your phone"),
        "catalogue_url": _tr("TemplateTexts", "Your catalogue address"),
    }[name]


def problem_text(error: TemplateError) -> str:
    """Why a template or snippet is refused, naming the placeholder, brace or name."""
    found = error.token
    if error.kind == "unknown":
        choices = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        return (_tr("TemplateTexts", "Unknown placeholder %1: use one of %2, or %3 for a "
                                     "snippet")
                .replace("%1", found).replace("%2", choices)
                .replace("%3", "{" + SNIPPET_PREFIX + "NAME}"))
    if error.kind == "unknown_snippet":
        return (_tr("TemplateTexts", "Unknown snippet %1: save it under Snippets first, or "
                                     "correct the name")
                .replace("%1", "{" + SNIPPET_PREFIX + found + "}"))
    if error.kind == "nested_snippet":
        return _tr("TemplateTexts", "A snippet cannot include another snippet (%1)").replace(
            "%1", found)
    if error.kind == "unbalanced":
        return _tr("TemplateTexts", "Unbalanced brace %1: write %2 for a literal %1").replace(
            "%1", found).replace("%2", found * 2)
    if error.kind == "bad_name":
        return _tr("TemplateTexts", "Snippet name “%1”: use 1 to 40 letters, digits, _ or -"
                   ).replace("%1", found)
    if found == "name":
        return _tr("TemplateTexts", "The template needs a name")
    return _tr("TemplateTexts", "The template has no text")


def reply_text(reply: Reply) -> str:
    """The reply as the seller would paste it: subject line first for an e-mail."""
    return f"{reply.subject}\n\n{reply.body}" if reply.subject else reply.body
