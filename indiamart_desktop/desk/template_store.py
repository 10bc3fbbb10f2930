"""Reply templates, snippets and the seller's details in the settings table (JSON).

Until the seller saves, the defaults are used. The seller's name, company and phone are
the quotation letterhead's (one place for them); the catalogue address is kept here.
What cannot be read back (a hand-edited database) is logged and left out, never fatal.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from indiamart_desktop.desk.quotation import Letterhead
from indiamart_desktop.desk.quotation_store import load_letterhead, save_letterhead
from indiamart_desktop.desk.template_defaults import DEFAULT_TEMPLATES
from indiamart_desktop.desk.templates import (
    CHANNELS,
    LANGUAGES,
    Channel,
    SellerDetails,
    Template,
    TemplateError,
    check_snippets,
    check_template,
)
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings

logger = logging.getLogger(__name__)

TEMPLATES_KEY = "desk/reply_templates"
SNIPPETS_KEY = "desk/reply_snippets"
CATALOGUE_KEY = "desk/catalogue_url"


@dataclass(frozen=True)
class ReplyBook:
    """Everything a reply is made from, besides the lead."""

    templates: tuple[Template, ...]
    snippets: Mapping[str, str]
    seller: SellerDetails


def _json(settings: Mapping[str, str], key: str) -> object:
    text = settings.get(key, "")
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        logger.warning("The stored %s is not valid JSON; it is ignored", key)
        return None


def load_snippets(db: Database) -> dict[str, str]:
    data = _json(read_settings(db), SNIPPETS_KEY)
    if not isinstance(data, dict):
        return {}
    snippets: dict[str, str] = {}
    for name, text in data.items():
        try:
            check_snippets({str(name): str(text)})
        except TemplateError:
            logger.warning("A stored snippet cannot be used and is left out")
            continue
        snippets[str(name)] = str(text)
    return snippets


def _template(item: object, snippets: Mapping[str, str]) -> Template | None:
    if not isinstance(item, dict):
        return None
    channel, language = item.get("channel"), item.get("language")
    if channel not in CHANNELS or language not in LANGUAGES:
        return None
    template = Template(id=str(item.get("id", "")), channel=channel,
                        name=str(item.get("name", "")), language=language,
                        body=str(item.get("body", "")), subject=str(item.get("subject", "")))
    try:
        check_template(template, snippets)
    except TemplateError:
        return None
    return template


def load_templates(db: Database) -> list[Template]:
    """The seller's templates, or the defaults while none are saved."""
    data = _json(read_settings(db), TEMPLATES_KEY)
    if not isinstance(data, list):
        return list(DEFAULT_TEMPLATES)
    snippets = load_snippets(db)
    templates = []
    for item in data:
        template = _template(item, snippets)
        if template is None:
            logger.warning("A stored reply template cannot be used and is left out")
        else:
            templates.append(template)
    return templates


def templates_for(templates: Sequence[Template], channel: Channel) -> list[Template]:
    return [t for t in templates if t.channel == channel]


def save_replies(db: Database, templates: Sequence[Template],
                 snippets: Mapping[str, str]) -> None:
    """Stores templates and snippets together; raises :class:`TemplateError` (nothing is
    stored) if one of them cannot be saved."""
    check_snippets(snippets)
    for template in templates:
        check_template(template, snippets)
    write_settings(db, {
        TEMPLATES_KEY: json.dumps([asdict(t) for t in templates], ensure_ascii=False),
        SNIPPETS_KEY: json.dumps(dict(snippets), ensure_ascii=False),
    })


def load_seller(db: Database) -> SellerDetails:
    letterhead = load_letterhead(db)
    catalogue = read_settings(db).get(CATALOGUE_KEY, "")
    if letterhead is None:
        return SellerDetails(catalogue_url=catalogue)
    return SellerDetails(letterhead.name, letterhead.company, letterhead.phone, catalogue)


def save_seller(db: Database, seller: SellerDetails) -> None:
    """Stores the catalogue address, and name, company and phone on the letterhead (its
    other fields are kept)."""
    letterhead = load_letterhead(db) or Letterhead(name="", company="", address="", gstin="",
                                                   phone="", state="")
    save_letterhead(db, replace(letterhead, name=seller.name, company=seller.company,
                                phone=seller.phone))
    write_settings(db, {CATALOGUE_KEY: seller.catalogue_url.strip()})


def load_book(db: Database) -> ReplyBook:
    return ReplyBook(tuple(load_templates(db)), load_snippets(db), load_seller(db))
