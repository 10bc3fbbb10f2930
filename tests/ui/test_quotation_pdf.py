"""The quotation PDF read back with pdftotext: lines, GST split, totals, words, and buyer
text printed exactly as typed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFontDatabase, QImage
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.quotation import Buyer, Letterhead, Quotation, QuoteLine
from indiamart_desktop.export.atomic import ExportError
from indiamart_desktop.ui.quotation_pdf import pdf_file_name, save_quotation_pdf

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None,
                                reason="pdftotext is missing (Debian package poppler-utils)")

D = Decimal
SELLER = Letterhead("Asha Rao", "Rao Pipes & Fittings", "Plot 4, MIDC\nPune 411001",
                    "27ABCDE1234F1Z5", "+91 98765 00000", "Maharashtra")
LINES = (QuoteLine("MS Steel Pipe", D("10"), "m", D("1250"), D("18"), "7306"),
         QuoteLine("Tee & <x>", D("2.5"), "pcs", D("99.99"), D("5")))


def _quote(buyer_state: str, seller: Letterhead = SELLER) -> Quotation:
    return Quotation("Q-2026-0007", date(2026, 12, 4), seller,
                     Buyer("Ram & Sons <b>", "Ram <i>Traders</i>", "Nashik", buyer_state), LINES,
                     validity_days=15, terms="Payment: 50% advance.\nDelivery: <ex-works> & 7 days")


def _text(path: Path) -> list[str]:
    assert PDFTOTEXT is not None
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    # NFC: pdftotext gives ज़ as U+095B, which NFC spells as ज + nukta, like our words.
    return [" ".join(line.split()) for line in unicodedata.normalize("NFC", out).splitlines()
            if line.strip()]


def test_same_state_quotation_prints_cgst_and_sgst(qtbot: QtBot, tmp_path: Path) -> None:
    path = save_quotation_pdf(_quote("maharashtra"), tmp_path / "quotations")
    assert path == tmp_path / "quotations" / "Q-2026-0007.pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(path.parent) == ["Q-2026-0007.pdf"]
    lines = _text(path)
    for expected in [
        "Rao Pipes & Fittings",
        "Phone: +91 98765 00000 · GSTIN: 27ABCDE1234F1Z5 · State: Maharashtra",
        "QUOTATION",
        "To: Quotation No.: Q-2026-0007",
        "Ram & Sons <b> Date: 04-12-2026",
        "Ram <i>Traders</i> Valid until: 19-12-2026",
        "1 MS Steel Pipe 7306 10 m ₹1,250.00 ₹12,500.00 18% ₹14,750.00",
        "2 Tee & <x> 2.5 pcs ₹99.99 ₹249.98 5% ₹262.48",
        "Taxable value ₹12,749.98",
        "CGST ₹1,131.25",
        "SGST ₹1,131.25",
        "Total ₹15,012.48",
        "Amount in words: Rupees fifteen thousand and twelve and forty-eight paise only",
        "This quotation is valid for 15 days, until 19-12-2026.",
        "Payment: 50% advance.",
        "Delivery: <ex-works> & 7 days",
        "For Rao Pipes & Fittings",
    ]:
        assert expected in lines, (expected, lines)
    assert not [line for line in lines if "IGST" in line]


def test_other_state_and_unknown_state_print_igst(qtbot: QtBot, tmp_path: Path) -> None:
    lines = _text(save_quotation_pdf(_quote("Gujarat"), tmp_path))
    assert "IGST ₹2,262.50" in lines
    assert "Total ₹15,012.48" in lines
    assert not [line for line in lines if "CGST" in line or "not known" in line]
    unknown = _text(save_quotation_pdf(_quote(""), tmp_path / "unknown"))
    assert "IGST ₹2,262.50" in unknown
    assert any("state is not known, so IGST is shown" in line for line in unknown)


def test_saving_again_replaces_the_file_and_a_blocked_folder_says_so(qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "quotations"
    save_quotation_pdf(_quote("Gujarat"), folder)
    save_quotation_pdf(_quote("maharashtra"), folder)
    assert os.listdir(folder) == ["Q-2026-0007.pdf"]
    assert "CGST ₹1,131.25" in _text(folder / "Q-2026-0007.pdf")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        save_quotation_pdf(_quote("Gujarat"), blocker / "quotations")


def test_an_unreadable_logo_is_left_out(qtbot: QtBot, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    seller = Letterhead(**{**SELLER.__dict__, "logo_path": str(logo)})
    lines = _text(save_quotation_pdf(_quote("Gujarat", seller), tmp_path / "q"))
    assert "Total ₹15,012.48" in lines


def test_a_logo_is_drawn_on_the_letterhead(qtbot: QtBot, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("darkblue"))
    assert image.save(str(logo))
    seller = Letterhead(**{**SELLER.__dict__, "logo_path": str(logo)})
    path = save_quotation_pdf(_quote("Gujarat", seller), tmp_path / "q")
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=True, timeout=60).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["200", "100"]]


def test_hindi_words_when_asked(qtbot: QtBot, tmp_path: Path) -> None:
    if QFontDatabase.WritingSystem.Devanagari not in QFontDatabase.writingSystems():
        pytest.skip("no Devanagari font (Debian package fonts-lohit-deva)")
    quote = Quotation("Q-2026-0009", date(2026, 12, 4), SELLER, Buyer("Vinod Das"),
                      (QuoteLine("Pipe", D("1"), "m", D("123450.50"), D("0")),))
    lines = _text(save_quotation_pdf(quote, tmp_path, hindi_words_too=True))
    # pdftotext drops conjunct glyphs (रुपये, मात्र); the words without them come back whole.
    assert any(line.startswith("एक लाख तेईस हज़ार चार सौ पचास") for line in lines), lines
    assert not [line for line in _text(save_quotation_pdf(quote, tmp_path / "en"))
                if "लाख" in line]


def test_file_names_come_from_the_number_only() -> None:
    assert pdf_file_name("Q-2026-0001") == "Q-2026-0001.pdf"
    assert pdf_file_name("../x/Q 1") == "x_Q_1.pdf"
