"""Contact URLs from buyer text: scheme, host and recipient never change."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indiamart_desktop.desk.contact_links import mailto_url, tel_url, whatsapp_url

_BUYER_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=80
) | st.text(alphabet="abcxyz0123456789@.?&=%,;:/+- <>\"'\r\n#९", max_size=80)
_HOSTILE = "?cc=spy@z.in&bcc=b@z.in&attach=/etc/passwd&body=pay%20here"


@pytest.mark.parametrize(
    ("number", "tel", "wa"),
    [
        ("+91-9876543210", "tel:+919876543210", "https://wa.me/919876543210"),
        ("098765 43210", "tel:+919876543210", "https://wa.me/919876543210"),
        ("+91-९८७६५४३२१०", "tel:+919876543210", "https://wa.me/919876543210"),
        ("+27-611234567", "tel:+27611234567", "https://wa.me/27611234567"),
        ("22222222", "tel:22222222", None),
        ("+91-٩٨٧٦٥٤٣٢١٠", None, None),
        ("call me", None, None),
        ("", None, None),
    ],
)
def test_phone_urls(number: str, tel: str | None, wa: str | None) -> None:
    assert tel_url(number) == tel
    assert whatsapp_url(number) == wa


def test_whatsapp_text_is_one_percent_encoded_parameter() -> None:
    url = whatsapp_url("+91-9876543210", "Hi Ram & co, 50% off? #1\n")
    assert url == "https://wa.me/919876543210?text=Hi%20Ram%20%26%20co%2C%2050%25%20off%3F%20%231%0A"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("ram@example.in", "mailto:ram@example.in"),
        ("  Ram.Kumar@Example.IN ", "mailto:Ram.Kumar@example.in"),
        ("x?cc=spy@z.in", "mailto:x%3Fcc%3Dspy@z.in"),
        ("a%40b@x.in", "mailto:a%2540b@x.in"),
        ("x@भारत.in", "mailto:x@xn--h2brj9c.in"),
        ("x@y.in" + _HOSTILE, None),
        ("x@y.in,spy@z.in", None),
        ("x@y.in spy@z.in", None),
        ("<x@y.in>", None),
        ('"x"@y.in', None),
        ("x@[127.0.0.1]", None),
        ("x@localhost", None),
        ("not an address", None),
        ("", None),
    ],
)
def test_mailto_has_one_recipient_or_none(address: str, expected: str | None) -> None:
    assert mailto_url(address) == expected


def test_mailto_subject_and_body_are_encoded_with_crlf_lines() -> None:
    url = mailto_url("ram@example.in", "Quote & price?", "Line 1\nbcc=spy@z.in&x")
    assert url == (
        "mailto:ram@example.in?subject=Quote%20%26%20price%3F"
        "&body=Line%201%0D%0Abcc%3Dspy%40z.in%26x"
    )


def _recipient(url: str) -> str:
    split = urlsplit(url)
    assert split.scheme == "mailto"
    assert split.netloc == ""
    assert split.fragment == ""
    assert split.path.count("@") == 1
    assert not re.search(r"[?&,;#\s<>\"]", split.path)
    return split.path


@settings(max_examples=300)
@given(_BUYER_TEXT, _BUYER_TEXT, _BUYER_TEXT)
@example("x@y.in" + _HOSTILE, "s", "b")
@example("ram@example.in", _HOSTILE, _HOSTILE)
@example("ram@example.in", "\ud800", "a\r\nb")
def test_no_buyer_text_changes_scheme_or_recipient(address: str, subject: str, body: str) -> None:
    url = mailto_url(address, subject, body)
    plain = mailto_url(address)
    if url is None:
        assert plain is None
        return
    assert plain is not None
    recipient = _recipient(url)
    assert recipient == _recipient(plain)
    query = urlsplit(url).query
    fields = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    assert set(fields) <= {"subject", "body"}
    assert all(len(values) == 1 for values in fields.values())
    local, domain = recipient.split("@")
    assert re.fullmatch(r"[a-z0-9.-]+", domain)
    assert unquote(local).strip() == unquote(local)


@settings(max_examples=300)
@given(_BUYER_TEXT, _BUYER_TEXT)
@example("+91-9876543210" + _HOSTILE, _HOSTILE)
@example("+91-9876543210", "\udfff")
def test_no_buyer_text_changes_phone_url_shape(number: str, text: str) -> None:
    tel = tel_url(number)
    assert tel is None or re.fullmatch(r"tel:\+?[0-9]{6,15}", tel), tel
    url = whatsapp_url(number, text)
    if url is None:
        return
    split = urlsplit(url)
    assert (split.scheme, split.netloc, split.fragment) == ("https", "wa.me", "")
    assert re.fullmatch(r"/[0-9]{6,15}", split.path)
    assert tel == f"tel:+{split.path[1:]}"
    if split.query:
        fields = parse_qs(split.query, keep_blank_values=True, strict_parsing=True)
        assert list(fields) == ["text"]
        assert len(fields["text"]) == 1
