"""Enquiry text: cleaning IndiaMART's markup and reading the embedded facts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indiamart_desktop.indiamart.message import Embedded, clean_message, parse_embedded

_BREAK_TAG = re.compile(r"<\s*(?:br|/\s*p)\s*/?\s*>", re.IGNORECASE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one<br>two", "one\ntwo"),
        ("one<br/>two", "one\ntwo"),
        ("one<BR />two", "one\ntwo"),
        ("one<br clear='all'>two", "one\ntwo"),
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\r\rtwo", "one\ntwo"),
        ("<p>one</p><p>two</p>", "one\ntwo"),
        ("<b>bold</b> and <i>italic</i>", "<b>bold</b> and <i>italic</i>"),
        ("size <M> and <XL>", "size <M> and <XL>"),
        ("&lt;urgent&gt; need it", "<urgent> need it"),
        ("a<br and more>", "a<br and more>"),
        ("R&D & tools &copy 2020", "R&D & tools &copy 2020"),
        ("5 &amp; 6 &lt;kg&gt; &quot;x&quot; &#8377;5", '5 & 6 <kg> "x" ₹5'),
        ("&amp;lt;br&amp;gt;", "&lt;br&gt;"),
        ("a&nbsp;b", "a b"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("<<b>b>nested", "<<b>b>nested"),
        ("&lt;\x1f?&gt;x", "<?>x"),
        ("one&lt;br&gt;two", "one<br>two"),
        ("x < 5 and y > 3", "x < 5 and y > 3"),
        ("line   \nnext\t\t", "line\nnext"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a<br><br><br><br>b", "a\n\nb"),
        ("a\x00b\x07c\u200bd", "abc\u200bd"),
        ("\n\n  hello\n\n", "hello"),
        ("", ""),
    ],
)
def test_clean_message(raw: str, expected: str) -> None:
    assert clean_message(raw) == expected


def test_a_real_looking_enquiry_keeps_its_lines() -> None:
    raw = (
        "I am interested in buying Steel Almirah.<br><br>Quantity : 6<br>"
        "Quantity Unit : piece<br>Probable Order Value : Rs. 3,000 to 10,000<br>"
        "Probable Requirement Type : Business Use<br>"
        "Preferred Location: Suppliers from all over India can contact<br>"
    )
    text = clean_message(raw)
    assert text.splitlines() == [
        "I am interested in buying Steel Almirah.",
        "",
        "Quantity : 6",
        "Quantity Unit : piece",
        "Probable Order Value : Rs. 3,000 to 10,000",
        "Probable Requirement Type : Business Use",
        "Preferred Location: Suppliers from all over India can contact",
    ]
    assert parse_embedded(text) == Embedded(
        quantity=6.0,
        quantity_unit="piece",
        order_value="Rs. 3,000 to 10,000",
        order_value_min=3000,
        order_value_max=10000,
        requirement_type="Business Use",
        preferred_location="Suppliers from all over India can contact",
    )


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("Rs. 3,000 to 10,000", 3000, 10000),
        ("Rs. 1 to 2 Lakh", 100_000, 200_000),
        ("Rs. 50,000 to 1 Lakh", 50_000, 100_000),
        ("Rs. 2 to 5 Lakhs", 200_000, 500_000),
        ("Rs. 50 Lakh to 1 Crore", 5_000_000, 10_000_000),
        ("Upto Rs. 5,000", None, 5000),
        ("Up to Rs. 1,000", None, 1000),
        ("Rs. 10 Lakh & Above", 1_000_000, None),
        ("Rs. 1 Crore & Above", 10_000_000, None),
        ("Rs. 1.5 Lakh", 150_000, 150_000),
        ("Rs. 5,000", 5000, 5000),
        ("Not sure", None, None),
    ],
)
def test_order_value_bounds(value: str, low: int | None, high: int | None) -> None:
    embedded = parse_embedded(f"Probable Order Value : {value}")
    assert embedded.order_value == value
    assert (embedded.order_value_min, embedded.order_value_max) == (low, high)


def test_embedded_lines_tolerate_spacing_case_and_gaps() -> None:
    text = (
        "need urgently\n  QUANTITY:12.5  \nquantity   unit :  Kilogram\n"
        "requirement type:Reselling\nPreferred  location :Local"
    )
    embedded = parse_embedded(text)
    assert embedded.quantity == 12.5
    assert embedded.quantity_unit == "Kilogram"
    assert embedded.requirement_type == "Reselling"
    assert embedded.preferred_location == "Local"
    assert embedded.order_value == ""
    assert embedded.order_value_min is None


def test_quantity_with_its_unit_on_one_line_and_raw_carriage_returns() -> None:
    embedded = parse_embedded("Quantity : 1,000 pieces\rProbable Requirement Type : Business Use")
    assert embedded.quantity == 1000.0
    assert embedded.quantity_unit == "pieces"
    assert embedded.requirement_type == "Business Use"


def test_no_embedded_lines_gives_empty_fields() -> None:
    assert parse_embedded("Please send your catalogue. Quantity needed soon.") == Embedded()
    assert parse_embedded("Quantity : many") == Embedded()


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                ["<br>", "<BR />", "\r", "\r\r", "\r\n", "&amp;", "&lt;", "&gt;", "&#60;",
                 "<", ">", "&", "<b>", "</p>", "\x00", "\t", " ", "\n\n\n", "&#x0;", "&#13;"]
            ),
        ),
        max_size=25,
    ).map("".join)
)  # fmt: skip
def test_clean_message_output_is_always_clean(raw: str) -> None:
    text = clean_message(raw)
    if "&" not in raw:  # a decoded "&lt;br&gt;" is the buyer's text, kept as written
        assert not _BREAK_TAG.search(text)
    assert "\r" not in text and "\x00" not in text and "\t" not in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    parse_embedded(text)  # never raises


@given(st.text(max_size=200))
def test_parse_embedded_never_raises(text: str) -> None:
    embedded = parse_embedded("Quantity : " + text + "\nProbable Order Value : " + text)
    assert embedded.quantity is None or embedded.quantity >= 0
    assert embedded.order_value_min is None or embedded.order_value_min >= 0


def test_huge_adversarial_message_is_handled_quickly() -> None:
    raw = "<" * 50_000 + "b>" * 50_000 + "Quantity : " + " " * 100_000 + "x" + "&amp;" * 10_000
    text = clean_message(raw)
    assert text.startswith("<<<") and text.endswith("&" * 10_000)
    assert parse_embedded(text).quantity is None
