"""Rupee amounts: Indian grouping, parsing what sellers type, and amounts in words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indiamart_desktop.desk.amount_words import english_words, hindi_number, hindi_words
from indiamart_desktop.desk.money import format_inr, format_quantity, parse_amount

D = Decimal


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0", "₹0.00"),
        ("-0.001", "₹0.00"),
        ("7", "₹7.00"),
        ("999.995", "₹1,000.00"),
        ("1234.5", "₹1,234.50"),
        ("123450", "₹1,23,450.00"),
        ("1234567.891", "₹12,34,567.89"),
        ("100000000", "₹10,00,00,000.00"),
        ("12345678901", "₹12,34,56,78,901.00"),
        ("-1234.5", "-₹1,234.50"),
        ("-123450", "-₹1,23,450.00"),
    ],
)
def test_indian_grouping(amount: str, text: str) -> None:
    assert format_inr(D(amount)) == text


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("₹1,250.00", "1250.00"), ("1,25,000", "125000"), ("Rs. 500/-", "500"),
        ("INR 99.5", "99.5"), (" 1,250 ", "1250"), (1250, "1250"), (0.1, "0.1"),
        ("-5", "-5"), (".5", ".5"),
    ],
)
def test_amounts_as_sellers_write_them(typed: object, amount: str) -> None:
    assert parse_amount(typed) == D(amount)


@pytest.mark.parametrize("typed", ["abc", "", "1.2.3", "12abc", "NaN", "Infinity", None, True,
                                   "1e5"])
def test_not_amounts(typed: object) -> None:
    assert parse_amount(typed) is None


def test_quantities_drop_trailing_zeros() -> None:
    assert [format_quantity(D(q)) for q in ("10", "2.50", "0.000", "1E+1")] == [
        "10", "2.5", "0", "10"]


@pytest.mark.parametrize(
    ("amount", "english", "hindi"),
    [
        ("0", "Rupees zero only", "शून्य रुपये मात्र"),
        ("1", "Rupees one only", "एक रुपया मात्र"),
        ("15", "Rupees fifteen only", "पंद्रह रुपये मात्र"),
        ("100", "Rupees one hundred only", "एक सौ रुपये मात्र"),
        ("0.50", "Fifty paise only", "पचास पैसे मात्र"),
        ("100000", "Rupees one lakh only", "एक लाख रुपये मात्र"),
        ("123450.50",
         "Rupees one lakh, twenty-three thousand, four hundred and fifty and fifty paise only",
         "एक लाख तेईस हज़ार चार सौ पचास रुपये और पचास पैसे मात्र"),
        ("100000000", "Rupees ten crore only", "दस करोड़ रुपये मात्र"),
        ("9999999.99",
         "Rupees ninety-nine lakh, ninety-nine thousand, nine hundred and ninety-nine and "
         "ninety-nine paise only",
         "निन्यानबे लाख निन्यानबे हज़ार नौ सौ निन्यानबे रुपये और निन्यानबे पैसे मात्र"),
    ],
)
def test_amount_in_words(amount: str, english: str, hindi: str) -> None:
    assert english_words(D(amount)) == english
    assert hindi_words(D(amount)) == hindi


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (21, "इक्कीस"), (49, "उनचास"), (50, "पचास"), (79, "उन्यासी"), (99, "निन्यानबे"),
        (1001, "एक हज़ार एक"), (250000, "दो लाख पचास हज़ार"),
        (1000000000, "एक सौ करोड़"), (12345678901, "एक हज़ार दो सौ चौंतीस करोड़ छप्पन लाख "
                                                  "अठहत्तर हज़ार नौ सौ एक"),
    ],
)
def test_hindi_numbers(number: int, words: str) -> None:
    assert hindi_number(number) == words


def test_negative_amounts_have_no_words() -> None:
    with pytest.raises(ValueError, match="negative"):
        english_words(D("-1"))
