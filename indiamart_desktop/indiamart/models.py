"""The normalised lead, the same whichever API version delivered it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: IndiaMART's lead-type codes and their English labels. Unknown codes pass through,
#: labelled by the code itself. The desktop translates these labels for display.
LEAD_TYPE_LABELS: dict[str, str] = {
    "W": "Direct enquiry",
    "B": "Buy-lead",
    "P": "Phone call",
    "BIZ": "Catalog view",
    "V": "Catalog view",
    "WA": "WhatsApp enquiry",
}


def lead_type_label(code: str) -> str:
    return LEAD_TYPE_LABELS.get(code, code or "?")


@dataclass(frozen=True, slots=True)
class Lead:
    """One buyer enquiry. Empty text fields are ``""``; unknown numbers are ``None``.

    ``received_at`` is always an aware datetime in IST. ``mobile`` is the normalised
    international form (``+91-9876543210``); ``mobile_raw`` what IndiaMART sent.
    """

    query_id: str
    query_type: str
    received_at: datetime
    api_version: str = "v2"
    sender_name: str = ""
    sender_company: str = ""
    mobile: str = ""
    mobile_raw: str = ""
    mobile_alt: str = ""
    phone: str = ""
    phone_alt: str = ""
    email: str = ""
    email_alt: str = ""
    subject: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    pincode: str = ""
    country_iso: str = ""
    product: str = ""
    category: str = ""
    message: str = ""
    quantity: float | None = None
    quantity_unit: str = ""
    order_value: str = ""
    order_value_min: int | None = None
    order_value_max: int | None = None
    requirement_type: str = ""
    preferred_location: str = ""
    call_duration: int | None = None
    receiver_mobile: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def type_label(self) -> str:
        return lead_type_label(self.query_type)
