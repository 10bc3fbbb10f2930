"""The seller's product price list, kept as JSON in the settings table, and the product a
lead asks about.

A lead names a product in the buyer's or IndiaMART's words ("MS Steel Pipes 2 inch"); the
matching entry is the one sharing the most words with it, case-insensitive.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings

logger = logging.getLogger(__name__)

PRICELIST_KEY = "desk/pricelist"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Product:
    name: str
    unit: str
    price: Decimal
    gst_rate: Decimal
    hsn: str = ""


def _to_json(product: Product) -> dict[str, str]:
    return {"name": product.name, "unit": product.unit, "price": str(product.price),
            "gst_rate": str(product.gst_rate), "hsn": product.hsn}


def _from_json(item: object) -> Product | None:
    if not isinstance(item, dict):
        return None
    try:
        return Product(name=str(item["name"]), unit=str(item.get("unit", "")),
                       price=Decimal(str(item["price"])),
                       gst_rate=Decimal(str(item["gst_rate"])), hsn=str(item.get("hsn", "")))
    except (KeyError, ArithmeticError):
        return None


def load_pricelist(db: Database) -> list[Product]:
    """The stored price list; an entry that cannot be read is left out and logged."""
    text = read_settings(db).get(PRICELIST_KEY, "")
    if not text:
        return []
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        logger.warning("The stored price list is not valid JSON; it is ignored")
        return []
    if not isinstance(items, list):
        items = [items]
    products = [p for p in map(_from_json, items) if p is not None]
    if len(products) != len(items):
        logger.warning("%d stored price list entries could not be read and were skipped",
                       len(items) - len(products))
    return products


def save_pricelist(db: Database, products: Sequence[Product]) -> None:
    write_settings(db, {PRICELIST_KEY: json.dumps([_to_json(p) for p in products],
                                                  ensure_ascii=False)})


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def match_product(products: Sequence[Product], wanted: str) -> Product | None:
    """The product named ``wanted`` (case-insensitive), else the one sharing most words with
    it (ties: the larger share of its own name, then list order); ``None`` if no word is
    shared."""
    key = wanted.strip().casefold()
    if not key:
        return None
    for product in products:
        if product.name.strip().casefold() == key:
            return product
    wanted_words = _words(wanted)
    best: Product | None = None
    best_score: tuple[int, float] = (0, 0.0)
    for product in products:
        own = _words(product.name)
        shared = len(own & wanted_words)
        score = (shared, shared / len(own | wanted_words) if own else 0.0)
        if shared and score > best_score:
            best, best_score = product, score
    return best


def merge_products(existing: Sequence[Product], incoming: Sequence[Product]) -> list[Product]:
    """``existing`` with each product of the same name (case-insensitive) replaced by the
    incoming one, in place, and the new ones added at the end."""
    fresh = {p.name.strip().casefold(): p for p in incoming}
    merged = [fresh.pop(p.name.strip().casefold(), p) for p in existing]
    return merged + list(fresh.values())
