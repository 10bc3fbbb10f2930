"""IndiaMART's two request URLs, with IST times and the key URL-encoded."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urlencode

from indiamart_desktop.indiamart.times import format_v1, format_v2

V1_PATH = "/wservce/enquiry/listing/"
V2_PATH = "/wservce/crm/crmListing/v2/"


def v2_url(endpoint: str, key: str, start: datetime, end: datetime) -> str:
    query = urlencode(
        {"glusr_crm_key": key, "start_time": format_v2(start), "end_time": format_v2(end)},
        quote_via=quote,
    )
    return f"{endpoint.rstrip('/')}{V2_PATH}?{query}"


def v1_url(endpoint: str, mobile: str, key: str, start: datetime, end: datetime) -> str:
    def seg(value: str) -> str:
        return quote(value, safe="")

    return (
        f"{endpoint.rstrip('/')}{V1_PATH}GLUSR_MOBILE/{seg(mobile)}/GLUSR_MOBILE_KEY/{seg(key)}"
        f"/Start_Time/{seg(format_v1(start))}/End_Time/{seg(format_v1(end))}/"
    )
