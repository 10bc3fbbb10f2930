"""Reading a price list from the xlsx or csv file a seller already keeps.

Columns are found by their heading, whatever its case and spacing, under the usual names
(Product/Item/Name, Rate/Price/MRP, GST/GST %/Tax, HSN/HSN Code, Unit/UOM). Every row that
can be read is imported; each one that cannot gives one line naming its row and why.
"""

from __future__ import annotations

import csv
import logging
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from indiamart_desktop.desk.money import parse_amount
from indiamart_desktop.desk.pricelist import Product

logger = logging.getLogger(__name__)

_HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("product", "productname", "item", "itemname", "name", "description",
             "particulars", "goods"),
    "price": ("rate", "price", "mrp", "unitprice", "rateperunit", "sellingprice"),
    "gst_rate": ("gst", "gstrate", "gstpercent", "tax", "taxrate", "taxpercent", "igst"),
    "hsn": ("hsn", "hsncode", "hsnsac", "hsnsaccode", "sac"),
    "unit": ("unit", "uom", "units", "unitofmeasure"),
}
_REQUIRED = ("name", "price", "gst_rate")
_HEADING_ROWS = 10
_NOT_WORD = re.compile(r"[\W_]+")
_HSN = re.compile(r"\d{2,8}")
_HSN_MARKS = re.compile(r"[\s.]+")


class PriceListFileError(ValueError):
    """The file cannot be read as a price list at all (no heading row, unreadable file)."""


@dataclass
class ImportResult:
    products: list[Product] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _heading_key(cell: object) -> str:
    return _NOT_WORD.sub("", str(cell or "").casefold().replace("%", "percent"))


def _columns(row: Sequence[object]) -> dict[str, int]:
    keys = [_heading_key(c) for c in row]
    found: dict[str, int] = {}
    for column, names in _HEADINGS.items():
        for name in names:
            if name in keys:
                found[column] = keys.index(name)
                break
    return found


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _gst(value: object) -> Decimal | None:
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    rate = parse_amount(value)
    if rate is None:
        return None
    return rate.normalize() if 0 <= rate <= 100 else None


def product_from_values(name: object, unit: object, price: object, gst_rate: object,
                        hsn: object) -> Product | str:
    """A product from the values of one row (cells or typed text), or why it is not one."""
    shown_name = _text(name)
    if not shown_name:
        return "product name is empty"
    code = _HSN_MARKS.sub("", _text(hsn))  # "7306.90" and "7306 90 00" are written too
    amount = parse_amount(price)
    if amount is None or amount < 0:
        shown = _text(price)
        return f"price '{shown}' is not a number" if shown else "price is empty"
    rate = _gst(gst_rate)
    if rate is None:
        shown = _text(gst_rate)
        return (f"GST rate '{shown}' is not a percentage from 0 to 100" if shown
                else "GST rate is empty")
    if code and not _HSN.fullmatch(code):
        return f"HSN code '{code}' is not 2 to 8 digits"
    return Product(name=shown_name, unit=_text(unit), price=amount, gst_rate=rate, hsn=code)


def _product(cells: Sequence[object], columns: dict[str, int]) -> Product | str:
    def cell(column: str) -> object:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    return product_from_values(cell("name"), cell("unit"), cell("price"), cell("gst_rate"),
                               cell("hsn"))


def _cell_value(cell: Any) -> object:
    """A cell's value; a number shown as a percentage (0.18 shown as 18%) as the text shown."""
    value = cell.value
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and "%" in str(getattr(cell, "number_format", ""))):
        amount = parse_amount(value)
        return f"{amount * 100}%" if amount is not None else value
    return value


def _rows(path: Path) -> Iterator[Sequence[object]]:
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            for row in workbook.active.iter_rows():
                yield [_cell_value(cell) for cell in row]
        finally:
            workbook.close()
        return
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.reader(handle)


def read_price_list(path: Path) -> ImportResult:
    """The products in ``path`` (xlsx or csv) and one error line per row left out.

    Raises :class:`PriceListFileError` when the file cannot be read or has no heading row
    naming at least the product, its price and its GST rate.
    """
    result = ImportResult()
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    try:
        for number, cells in enumerate(_rows(path), start=1):
            if columns is None:
                found = _columns(cells)
                if all(c in found for c in _REQUIRED):
                    columns = found
                elif number >= _HEADING_ROWS:
                    break
                continue
            if not any(_text(c) for c in cells):
                continue
            product = _product(cells, columns)
            if isinstance(product, str):
                result.errors.append(f"row {number}: {product}")
                continue
            key = product.name.casefold()
            if key in seen:
                result.errors.append(f"row {number}: '{product.name}' is already in row "
                                     f"{seen[key]}")
                continue
            seen[key] = number
            result.products.append(product)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError,
            zipfile.BadZipFile) as error:
        raise PriceListFileError(f"Cannot read {path.name}: {error}") from error
    if columns is None:
        raise PriceListFileError(
            f"{path.name} has no heading row naming the product, its price and its GST rate "
            "(for example: Product, Rate, GST %)."
        )
    logger.info("Price list %s: %d products, %d rows left out", path.name,
                len(result.products), len(result.errors))
    return result
