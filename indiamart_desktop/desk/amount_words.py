"""A rupee amount in words, for the "Amount in words" line of a quotation.

English comes from ``num2words`` in its Indian-English mode (lakh, crore). It has no Hindi,
so Hindi is built here from the 1-99 words and the Indian scale (सौ, हज़ार, लाख, करोड़);
a count of crores above 99 is itself spelt out ("एक सौ करोड़").
"""

from __future__ import annotations

import logging
from decimal import Decimal

from num2words import num2words

from indiamart_desktop.desk.money import to_paise

logger = logging.getLogger(__name__)

_HINDI_1_99 = tuple(word for tens in (
    "एक दो तीन चार पाँच छह सात आठ नौ दस",
    "ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस बीस",
    "इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस",
    "इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस चालीस",
    "इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास पचास",
    "इक्यावन बावन तिरपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ",
    "इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर",
    "इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी अस्सी",
    "इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे",
    "इक्यानबे बानबे तिरानबे चौरानबे पंचानबे छियानबे सत्तानबे अट्ठानबे निन्यानबे",
) for word in tens.split())
_HINDI_SCALES = ((10_000_000, "करोड़"), (100_000, "लाख"), (1_000, "हज़ार"), (100, "सौ"))


def _split(amount: Decimal) -> tuple[int, int]:
    rounded = to_paise(amount)
    if rounded < 0:
        raise ValueError("an amount in words cannot be negative")
    rupees = int(rounded)
    return rupees, int((rounded - rupees) * 100)


def hindi_number(number: int) -> str:
    """A whole number in Hindi words with Indian grouping: 123450 -> 'एक लाख तेईस हज़ार
    चार सौ पचास'."""
    if number < 0:
        raise ValueError("negative numbers have no words here")
    if number == 0:
        return "शून्य"
    words: list[str] = []
    rest = number
    for size, name in _HINDI_SCALES:
        count, rest = divmod(rest, size)
        if count:
            words += [hindi_number(count), name]
    if rest:
        words.append(_HINDI_1_99[rest - 1])
    return " ".join(words)


def english_words(amount: Decimal) -> str:
    """'Rupees one lakh, twenty-three thousand, four hundred and fifty and fifty paise only'."""
    rupees, paise = _split(amount)
    paise_words = f"{num2words(paise, lang='en_IN')} paise" if paise else ""
    if rupees == 0 and paise:
        return f"{paise_words.capitalize()} only"
    text = f"Rupees {num2words(rupees, lang='en_IN')}"
    return f"{text} and {paise_words} only" if paise else f"{text} only"


def hindi_words(amount: Decimal) -> str:
    """'एक लाख तेईस हज़ार चार सौ पचास रुपये और पचास पैसे मात्र'."""
    rupees, paise = _split(amount)
    paise_words = f"{hindi_number(paise)} पैसे" if paise else ""
    if rupees == 0 and paise:
        return f"{paise_words} मात्र"
    text = f"{hindi_number(rupees)} {'रुपया' if rupees == 1 else 'रुपये'}"
    return f"{text} और {paise_words} मात्र" if paise else f"{text} मात्र"
