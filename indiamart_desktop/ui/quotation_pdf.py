"""A quotation as an A4 PDF, drawn by Qt's own PDF writer from a QTextDocument.

Everything the seller or a buyer typed reaches the document through :func:`html.escape`,
so a name such as ``Ram & Sons <b>`` prints as typed and never becomes markup. The file
is written all-or-nothing and private (0600) under ``quotations`` beside the database.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from indiamart_desktop.desk.amount_words import english_words, hindi_words
from indiamart_desktop.desk.money import format_inr, format_quantity
from indiamart_desktop.desk.quotation import Quotation, QuoteSums, TaxSplit
from indiamart_desktop.export.atomic import ExportError, atomic_path, describe_os_error

logger = logging.getLogger(__name__)

_LOGO = "quotation-logo"
_NOWRAP = ' style="white-space:nowrap"'
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9-]+")


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuotationPdf", text)


def _plain(text: str) -> str:
    """Seller or buyer text as HTML that shows exactly that text, line breaks kept."""
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def _day(quote_day: date) -> str:
    return f"{quote_day:%d-%m-%Y}"


def _letterhead(quote: Quotation, has_logo: bool) -> str:
    seller = quote.seller
    rows = [f'<span style="font-size:16pt; font-weight:bold">{_plain(seller.company)}</span>']
    rows += [_plain(t) for t in (seller.name, seller.address) if t]
    contact = [_tr("Phone: %1").replace("%1", _plain(seller.phone)) if seller.phone else "",
               _tr("GSTIN: %1").replace("%1", _plain(seller.gstin)) if seller.gstin else "",
               _tr("State: %1").replace("%1", _plain(seller.state)) if seller.state else ""]
    rows.append(" · ".join(c for c in contact if c))
    logo = f'<td align="right"><img src="{_LOGO}" height="70"></td>' if has_logo else ""
    return (f'<table width="100%"><tr><td>{"<br>".join(rows)}</td>{logo}</tr></table>'
            "<hr>")


def _heading(quote: Quotation) -> str:
    buyer = quote.buyer
    place = ", ".join(t for t in (buyer.city, buyer.state) if t)
    to = [f"<b>{_plain(buyer.name)}</b>" if buyer.name else ""]
    to += [_plain(t) for t in (buyer.company, place) if t]
    facts = [
        _tr("Quotation No.: %1").replace("%1", _plain(quote.number)),
        _tr("Date: %1").replace("%1", _day(quote.issued)),
        _tr("Valid until: %1").replace("%1", _day(quote.valid_until)),
    ]
    return (f'<h2 align="center">{_tr("QUOTATION")}</h2>'
            f'<table width="100%"><tr><td width="60%">{_tr("To:")}<br>'
            f'{"<br>".join(t for t in to if t)}</td>'
            f'<td align="right">{"<br>".join(facts)}</td></tr></table><br>')


def _lines_table(sums: QuoteSums) -> str:
    heads = [_tr("#"), _tr("Product"), _tr("HSN"), _tr("Qty"), _tr("Unit"), _tr("Rate"),
             _tr("Taxable value"), _tr("GST %"), _tr("Amount")]
    cells = "".join(f'<th bgcolor="#e8e8e8"{"" if i == 1 else _NOWRAP}>{h}</th>'
                    for i, h in enumerate(heads))
    rows = [f"<tr>{cells}</tr>"]
    for number, line_sum in enumerate(sums.lines, start=1):
        line = line_sum.line
        values = [str(number), _plain(line.product), _plain(line.hsn),
                  format_quantity(line.quantity), _plain(line.unit), format_inr(line.rate),
                  format_inr(line_sum.taxable), f"{format_quantity(line.gst_rate)}%",
                  format_inr(line_sum.total)]
        aligns = ["right", "left", "left", "right", "left", "right", "right", "right", "right"]
        rows.append("<tr>" + "".join(
            f'<td align="{a}"{"" if i == 1 else _NOWRAP}>{v}</td>'
            for i, (a, v) in enumerate(zip(aligns, values, strict=True))) + "</tr>")
    return ('<table width="100%" border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse:collapse">{"".join(rows)}</table>')


def _totals(sums: QuoteSums, hindi: bool) -> str:
    rows = [(_tr("Taxable value"), sums.taxable)]
    if sums.split is TaxSplit.INTRA_STATE:
        rows += [(_tr("CGST"), sums.cgst), (_tr("SGST"), sums.sgst)]
    else:
        rows.append((_tr("IGST"), sums.igst))
    body = "".join(f'<tr><td width="60%"></td><td align="right">{label}</td>'
                   f'<td align="right"{_NOWRAP}>{format_inr(v)}</td></tr>' for label, v in rows)
    body += (f'<tr><td></td><td align="right"><b>{_tr("Total")}</b></td>'
             f'<td align="right"{_NOWRAP}><b>{format_inr(sums.total)}</b></td></tr>')
    words = _tr("Amount in words: %1").replace("%1", html.escape(english_words(sums.total)))
    if hindi:
        words += "<br>" + html.escape(hindi_words(sums.total))
    note = ""
    if sums.split is TaxSplit.ASSUMED_INTER_STATE:
        note = ("<p><i>" + _tr("The buyer's or the seller's state is not known, so IGST is "
                              "shown. Within one state the same tax is CGST + SGST, half "
                              "each.") + "</i></p>")
    return (f'<table width="100%" cellpadding="3">{body}</table>'
            f'<p>{words}</p>{note}')


def _footer(quote: Quotation) -> str:
    validity = (_tr("This quotation is valid for %1 days, until %2.")
                .replace("%1", str(quote.validity_days)).replace("%2", _day(quote.valid_until)))
    terms = f'<p><b>{_tr("Terms")}</b><br>{_plain(quote.terms)}</p>' if quote.terms else ""
    sign = _tr("For %1").replace("%1", _plain(quote.seller.company or quote.seller.name))
    return f'<p>{validity}</p>{terms}<br><p align="right">{sign}</p>'


def quotation_document(quote: Quotation, hindi_words_too: bool = False) -> QTextDocument:
    """The quotation laid out as a rich-text document (its text is what the PDF shows)."""
    document = QTextDocument()
    font = QFont("DejaVu Sans", 9)
    if hasattr(font, "setFeature"):  # Qt 6.7+: "fi" stays two letters when copied from the PDF
        font.setFeature(QFont.Tag("liga"), 0)
    document.setDefaultFont(font)
    logo = QImage(quote.seller.logo_path) if quote.seller.logo_path else QImage()
    if quote.seller.logo_path and logo.isNull():
        logger.warning("The letterhead logo cannot be read; the quotation is made without it")
    if not logo.isNull():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_LOGO), logo)
    sums = quote.sums()
    document.setHtml(_letterhead(quote, not logo.isNull()) + _heading(quote)
                     + _lines_table(sums) + _totals(sums, hindi_words_too) + _footer(quote))
    return document


def pdf_bytes(quote: Quotation, hindi_words_too: bool = False) -> bytes:
    document = quotation_document(quote, hindi_words_too)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(_tr("Quotation %1").replace("%1", quote.number))
    writer.setCreator("IndiaMART Lead Desktop")
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


def pdf_file_name(number: str) -> str:
    return f"{_UNSAFE_NAME.sub('_', number).strip('_') or 'quotation'}.pdf"


def save_quotation_pdf(quote: Quotation, folder: Path, hindi_words_too: bool = False) -> Path:
    """Writes ``<folder>/<number>.pdf`` (0600, via a temporary file) and returns its path.

    Raises :class:`indiamart_desktop.export.atomic.ExportError` with a sentence to show
    when the file cannot be written.
    """
    data = pdf_bytes(quote, hindi_words_too)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(describe_os_error(error, folder / "x")) from error
    target = folder / pdf_file_name(quote.number)
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    logger.info("Quotation %s saved (%d bytes)", quote.number, len(data))
    return target
