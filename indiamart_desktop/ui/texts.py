"""Words the seller reads: lead types, statuses, times and money, all translatable."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication

from indiamart_desktop.desk.money import group_indian
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.leads import LeadStatus

_tr = QCoreApplication.translate

#: Every lead type IndiaMART sends, in the order a seller meets them. A catalogue view
#: comes as "BIZ" or "V", so one choice stands for both codes; any other code passes
#: through, labelled by itself.
LEAD_TYPES: tuple[tuple[str, ...], ...] = (("W",), ("B",), ("P",), ("WA",), ("BIZ", "V"))


def type_label(code: str) -> str:
    labels = {
        "W": _tr("Texts", "Direct enquiry"),
        "B": _tr("Texts", "Buy-lead"),
        "P": _tr("Texts", "Phone call"),
        "BIZ": _tr("Texts", "Catalog view"),
        "V": _tr("Texts", "Catalog view"),
        "WA": _tr("Texts", "WhatsApp enquiry"),
    }
    return labels.get(code, code or "?")


def status_label(status: LeadStatus | str) -> str:
    value = status.value if isinstance(status, LeadStatus) else status
    labels = {
        "new": _tr("Texts", "New"),
        "contacted": _tr("Texts", "Contacted"),
        "quoted": _tr("Texts", "Quoted"),
        "won": _tr("Texts", "Won"),
        "lost": _tr("Texts", "Lost"),
        "spam": _tr("Texts", "Spam"),
    }
    return labels.get(value, value)


def lost_reason_label(reason: str) -> str:
    """Why a lead was lost (desk/timeline.py LOST_REASONS), in the seller's words."""
    labels = {"price": _tr("Texts", "Price"), "no_stock": _tr("Texts", "No stock"),
              "not_serious": _tr("Texts", "Buyer not serious"), "other": _tr("Texts", "Other")}
    return labels.get(reason, reason)


def received_text(moment: datetime, now: datetime | None = None) -> str:
    """'10:42' today, 'Yesterday 18:05', '24 Nov 18:05' this year, then '24 Nov 2025'."""
    ist = moment.astimezone(IST)
    today = (now or datetime.now(IST)).astimezone(IST).date()
    if ist.date() == today:
        return ist.strftime("%H:%M")
    if ist.date() == today - timedelta(days=1):
        return _tr("Texts", "Yesterday %1").replace("%1", ist.strftime("%H:%M"))
    if ist.year == today.year:
        return ist.strftime("%d %b %H:%M")
    return ist.strftime("%d %b %Y")


def full_time(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M:%S IST")


def indian_grouping(amount: int) -> str:
    """1234567 -> '12,34,567' (lakh/crore grouping)."""
    return ("-" if amount < 0 else "") + group_indian(str(abs(amount)))


def rupees(low: int | None, high: int | None) -> str:
    """An order value range: '₹3,000 – ₹10,000', 'up to ₹5,000', '₹10,00,000 and above'."""
    if low is None and high is None:
        return ""
    if low is None:
        assert high is not None
        return _tr("Texts", "up to %1").replace("%1", f"₹{indian_grouping(high)}")
    if high is None:
        return _tr("Texts", "%1 and above").replace("%1", f"₹{indian_grouping(low)}")
    if low == high:
        return f"₹{indian_grouping(low)}"
    return f"₹{indian_grouping(low)} – ₹{indian_grouping(high)}"


def duration_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}" if minutes else _tr("Texts", "%1 s").replace("%1", str(secs))


def follow_up_text(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""
