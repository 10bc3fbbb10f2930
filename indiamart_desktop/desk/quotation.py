"""A price quotation: its parties, lines and the sums on it, in Decimal rupees.

Each line's taxable value is quantity x rate rounded to paise, and its tax is rounded to
paise on that line (CGST and SGST each get half the rate, each rounded), so the printed
lines always add up to the printed totals.

Which GST applies: CGST + SGST when the buyer's state is the seller's state, IGST when
both are known and differ. When either state is unknown the quotation shows IGST and says
so: most IndiaMART enquiries come from other states, the buyer's total is the same either
way (half + half of a rate is the rate, up to a paisa of rounding), and the tax invoice
that follows the order settles the place of supply.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from indiamart_desktop.desk.money import to_paise
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.query import StoredLead

logger = logging.getLogger(__name__)

_NOT_LETTER = re.compile(r"[\W\d_]+")


class TaxSplit(enum.Enum):
    INTRA_STATE = "CGST+SGST"
    INTER_STATE = "IGST"
    ASSUMED_INTER_STATE = "IGST (a state is not known)"


@dataclass(frozen=True)
class Letterhead:
    name: str
    company: str
    address: str
    gstin: str
    phone: str
    state: str
    logo_path: str = ""


@dataclass(frozen=True)
class Buyer:
    name: str
    company: str = ""
    city: str = ""
    state: str = ""


@dataclass(frozen=True)
class QuoteLine:
    product: str
    quantity: Decimal
    unit: str
    rate: Decimal
    gst_rate: Decimal
    hsn: str = ""


@dataclass(frozen=True)
class LineSums:
    line: QuoteLine
    taxable: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal

    @property
    def total(self) -> Decimal:
        return self.taxable + self.cgst + self.sgst + self.igst


@dataclass(frozen=True)
class QuoteSums:
    split: TaxSplit
    lines: tuple[LineSums, ...]
    taxable: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    total: Decimal


@dataclass(frozen=True)
class Quotation:
    number: str
    issued: date
    seller: Letterhead
    buyer: Buyer
    lines: tuple[QuoteLine, ...]
    validity_days: int = 15
    terms: str = ""
    lead_query_id: str = field(default="", compare=False)

    @property
    def valid_until(self) -> date:
        return self.issued + timedelta(days=self.validity_days)

    def sums(self) -> QuoteSums:
        return quote_sums(self.lines, tax_split(self.seller.state, self.buyer.state))


def _state_key(state: str) -> str:
    return _NOT_LETTER.sub("", state.casefold().replace("&", "and"))


def tax_split(seller_state: str, buyer_state: str) -> TaxSplit:
    seller, buyer = _state_key(seller_state), _state_key(buyer_state)
    if not seller or not buyer:
        return TaxSplit.ASSUMED_INTER_STATE
    return TaxSplit.INTRA_STATE if seller == buyer else TaxSplit.INTER_STATE


def line_sums(line: QuoteLine, split: TaxSplit) -> LineSums:
    if line.quantity < 0 or line.rate < 0 or not Decimal(0) <= line.gst_rate <= 100:
        raise ValueError(f"line {line.product!r}: quantity, rate and GST rate must be positive")
    taxable = to_paise(line.quantity * line.rate)
    zero = Decimal("0.00")
    if split is TaxSplit.INTRA_STATE:
        half = to_paise(taxable * line.gst_rate / 200)
        return LineSums(line, taxable, half, half, zero)
    return LineSums(line, taxable, zero, zero, to_paise(taxable * line.gst_rate / 100))


def quote_sums(lines: Sequence[QuoteLine], split: TaxSplit) -> QuoteSums:
    sums = tuple(line_sums(line, split) for line in lines)
    zero = Decimal("0.00")
    taxable = sum((s.taxable for s in sums), zero)
    cgst = sum((s.cgst for s in sums), zero)
    sgst = sum((s.sgst for s in sums), zero)
    igst = sum((s.igst for s in sums), zero)
    return QuoteSums(split, sums, taxable, cgst, sgst, igst, taxable + cgst + sgst + igst)


def today_ist(now: datetime) -> date:
    """The IST calendar day of ``now`` (an aware datetime), whatever the machine's zone."""
    return now.astimezone(IST).date()


def buyer_of(lead: StoredLead) -> Buyer:
    return Buyer(name=lead.sender_name, company=lead.sender_company, city=lead.city,
                 state=lead.state)


def lead_quantity(lead: StoredLead) -> tuple[Decimal, str]:
    """The quantity the buyer asked for, as a Decimal (1 when the lead gives none)."""
    if lead.quantity is None or lead.quantity <= 0:
        return Decimal(1), lead.quantity_unit
    return Decimal(str(lead.quantity)), lead.quantity_unit
