"""Reply templates: hostile buyer text stays data, exact URLs, refusals that name the
problem, defaults valid in both languages. Buyer data is made up."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indiamart_desktop.desk.contact_links import sms_url
from indiamart_desktop.desk.template_defaults import DEFAULT_TEMPLATES
from indiamart_desktop.desk.templates import (
    CHANNELS,
    LANGUAGES,
    BuyerDetails,
    Reply,
    SellerDetails,
    Template,
    TemplateError,
    check_snippets,
    check_template,
    quantity_text,
    render,
    reply_url,
)

SELLER = SellerDetails("Vinod Das", "Das Steel Traders", "+91-9123456780",
                       "https://example.in/catalogue?ref=im&x=1")
HOSTILE = BuyerDetails(name="Ram & Sons <b>", company="R&S <i>Pvt</i>",
                       product="Pipes?text=hi&phone=1", quantity=6, unit="piece",
                       city="Pune#top", mobile="Mob:+91-98765-43210 call after 6pm",
                       email="ram.sons@example.in")
_PREFIXES = {"whatsapp": "https://wa.me/919876543210?text=", "sms": "sms:+919876543210?body=",
             "email": "mailto:ram.sons@example.in?subject="}
ONE_LINE = "Hi {buyer_name}, about {product} ({quantity})"


def _template(body: str, channel: str = "whatsapp", subject: str = "",
              language: str = "en") -> Template:
    return Template("t1", channel, "Test", language, body, subject)  # type: ignore[arg-type]


def test_whatsapp_url_of_hostile_buyer_text_is_exact() -> None:
    url = reply_url(_template(ONE_LINE), HOSTILE, SELLER, {})
    assert url == ("https://wa.me/919876543210?text=Hi%20Ram%20%26%20Sons%20%3Cb%3E%2C%20"
                   "about%20Pipes%3Ftext%3Dhi%26phone%3D1%20%286%20piece%29")


def test_mailto_url_of_hostile_buyer_text_is_exact() -> None:
    template = _template("Dear {buyer_name}\n{city}", "email",
                         subject="{product} & {buyer_company}")
    url = reply_url(template, HOSTILE, SELLER, {})
    assert url == ("mailto:ram.sons@example.in"
                   "?subject=Pipes%3Ftext%3Dhi%26phone%3D1%20%26%20R%26S%20%3Ci%3EPvt%3C%2Fi%3E"
                   "&body=Dear%20Ram%20%26%20Sons%20%3Cb%3E%0D%0APune%23top")


def test_sms_url_of_hostile_buyer_text_is_exact() -> None:
    url = reply_url(_template(ONE_LINE + "\n{seller_phone}", "sms"), HOSTILE, SELLER, {})
    assert url == ("sms:+919876543210?body=Hi%20Ram%20%26%20Sons%20%3Cb%3E%2C%20about%20"
                   "Pipes%3Ftext%3Dhi%26phone%3D1%20%286%20piece%29%0A%2B91-9123456780")


def test_a_mobile_that_is_only_letters_gives_no_url() -> None:
    buyer = BuyerDetails(name="Asha", mobile="call me on whatsapp", email="not an address")
    assert reply_url(_template("Hi"), buyer, SELLER, {}) is None
    assert reply_url(_template("Hi", "sms"), buyer, SELLER, {}) is None
    assert reply_url(_template("Hi", "email"), buyer, SELLER, {}) is None


def test_a_recipient_in_buyer_text_never_becomes_one() -> None:
    buyer = BuyerDetails(name="x@spy.in&cc=spy@z.in", product="?bcc=spy@z.in",
                         email="asha@example.in", mobile="+91-9876543210")
    url = reply_url(_template("{buyer_name} {product}", "email", "{product}"), buyer,
                    SELLER, {})
    assert url == ("mailto:asha@example.in?subject=%3Fbcc%3Dspy%40z.in"
                   "&body=x%40spy.in%26cc%3Dspy%40z.in%20%3Fbcc%3Dspy%40z.in")


@pytest.mark.parametrize("name", ["{seller_phone}", "{0.__class__}", "{buyer_name!r:>99}",
                                  "{{x}}", "{snippet:bank}", "%s %(x)s"])
def test_buyer_text_that_looks_like_a_placeholder_prints_as_typed(name: str) -> None:
    buyer = BuyerDetails(name=name, product="{product}")
    reply = render(_template("Dear {buyer_name}: {product}"), buyer, SELLER,
                   {"bank": "IFSC SECRET"})
    assert reply == Reply("", f"Dear {name}: {{product}}")


def test_buyer_text_cannot_add_lines_to_a_subject() -> None:
    buyer = BuyerDetails(name="Ram\r\nBcc: spy@z.in", product="Pipes\n\nX")
    reply = render(_template("{buyer_name}", "email", "About {product} {buyer_name}"), buyer,
                   SELLER, {})
    assert reply == Reply("About Pipes X Ram Bcc: spy@z.in", "Ram Bcc: spy@z.in")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Dear Sir/Madam, your requirement, the quantity you need, []\nBye"),
    ("hi", "Dear महोदय/महोदया, आपकी आवश्यकता, आवश्यक मात्रा, []\nBye"),
])
def test_missing_values_read_sensibly(language: str, expected: str) -> None:
    template = _template("Dear {buyer_name}, {product}, {quantity}, [{city}]\n"
                         "{seller_name}\n{seller_phone} {catalogue_url}\nBye",
                         language=language)
    blank = BuyerDetails(name="  ", mobile="+91-9876543210")
    assert render(template, blank, SellerDetails(), {}).body == expected


@pytest.mark.parametrize(("quantity", "unit", "text"), [
    (6.0, "piece", "6 piece"), (2.5, "Tonne", "2.5 Tonne"), (1_500_000, "meter", "1500000 meter"),
    (0.125, "kg", "0.125 kg"), (10, "", "10"), (None, "piece", "")])
def test_quantity_with_its_unit(quantity: float | None, unit: str, text: str) -> None:
    assert quantity_text(quantity, unit) == text


def test_snippets_are_filled_with_their_own_placeholders() -> None:
    snippets = {"bank": "Pay to {seller_company}, IFSC ABCD0123456", "note": "{{fixed}}"}
    reply = render(_template("Hi {buyer_name}\n{snippet:bank}\n{snippet:note} {{ok}}"),
                   HOSTILE, SELLER, snippets)
    assert reply.body == ("Hi Ram & Sons <b>\nPay to Das Steel Traders, IFSC ABCD0123456\n"
                          "{fixed} {ok}")


@pytest.mark.parametrize(("body", "kind", "token", "message"), [
    ("Hi {buyr_name}", "unknown", "{buyr_name}",
     "Unknown placeholder {buyr_name}: use one of {buyer_name}, {buyer_company}, {product}, "
     "{quantity}, {city}, {seller_name}, {seller_company}, {seller_phone}, {catalogue_url}, "
     "or {snippet:NAME} for a snippet"),
    ("Hi {}", "unknown", "{}", None),
    ("Hi {buyer_name} { product}", "unknown", "{ product}", None),
    ("Hi {0.__class__}", "unknown", "{0.__class__}", None),
    ("Price {buyer_name", "unbalanced", "{",
     "Unbalanced brace { at character 7: write {{ for a literal {"),
    ("Price } 5", "unbalanced", "}",
     "Unbalanced brace } at character 7: write }} for a literal }"),
    ("{a{buyer_name}}", "unbalanced", "{", None),
    ("{snippet:gst}", "unknown_snippet", "gst",
     "Unknown snippet {snippet:gst}: your snippets are bank"),
    ("{snippet:}", "unknown_snippet", "", None),
    ("   ", "empty", "body", None),
])
def test_a_bad_template_is_refused_naming_the_problem(
        body: str, kind: str, token: str, message: str | None) -> None:
    with pytest.raises(TemplateError) as refused:
        check_template(_template(body), {"bank": "Pay to {seller_company}"})
    assert (refused.value.kind, refused.value.token) == (kind, token)
    if message is not None:
        assert str(refused.value) == message


def test_an_email_subject_is_checked_too() -> None:
    with pytest.raises(TemplateError, match=r"Unknown placeholder \{prodct\}"):
        check_template(_template("Hi", "email", "About {prodct}"), {})


@pytest.mark.parametrize(("snippets", "kind"), [
    ({"bank details": "x"}, "bad_name"), ({"": "x"}, "bad_name"),
    ({"a": "{snippet:b}", "b": "x"}, "nested_snippet"), ({"a": "{nme}"}, "unknown"),
    ({"a": "50% {"}, "unbalanced")])
def test_a_bad_snippet_is_refused(snippets: dict[str, str], kind: str) -> None:
    with pytest.raises(TemplateError) as refused:
        check_snippets(snippets)
    assert refused.value.kind == kind


def test_defaults_are_valid_in_every_channel_and_language() -> None:
    assert len({t.id for t in DEFAULT_TEMPLATES}) == len(DEFAULT_TEMPLATES)
    for channel in CHANNELS:
        for language in LANGUAGES:
            mine = [t for t in DEFAULT_TEMPLATES
                    if (t.channel, t.language) == (channel, language)]
            assert len(mine) == 3, (channel, language)
            for template in mine:
                check_template(template, {})
                assert (template.subject != "") == (channel == "email")
                reply = render(template, HOSTILE, SELLER, {})
                assert "{" not in reply.subject + reply.body
                assert "Pipes?text=hi&phone=1" in reply.subject + reply.body
                url = reply_url(template, HOSTILE, SELLER, {})
                assert url is not None and url.startswith(_PREFIXES[channel])


def test_hindi_defaults_speak_formally() -> None:
    hindi = [t for t in DEFAULT_TEMPLATES if t.language == "hi"]
    assert all("आप" in t.body for t in hindi)
    assert not any(word in t.body for t in hindi for word in (" तुम", " तू ", "तुम्हारा"))


def test_default_with_nothing_filled_in_has_no_blank_signature() -> None:
    thanks = next(t for t in DEFAULT_TEMPLATES if t.id == "whatsapp-thanks-en")
    body = render(thanks, BuyerDetails(), SellerDetails(), {}).body
    assert body == ("Namaste Sir/Madam, thank you for your enquiry for your requirement on "
                    "IndiaMART. We will send you our best price for the quantity you need "
                    "shortly. Please tell us the delivery city and any specification you "
                    "need.")


@pytest.mark.parametrize(("number", "body", "url"), [
    ("+91-9876543210", "", "sms:+919876543210"),
    ("098765 43210", "Hi & bye?body=x\r\nline 2", "sms:+919876543210?body=Hi%20%26%20bye%3F"
     "body%3Dx%0Aline%202"),
    ("+27-611234567", "#1", "sms:+27611234567?body=%231"),
    ("22222222", "x", "sms:22222222?body=x"),
    ("call me", "x", None),
])
def test_sms_url(number: str, body: str, url: str | None) -> None:
    assert sms_url(number, body) == url


_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60) | \
    st.text(alphabet="{}?&=#%+:/@,;<> \r\nabc09९", max_size=60)


@settings(max_examples=200, deadline=None)
@given(name=_TEXT, company=_TEXT, product=_TEXT, city=_TEXT, unit=_TEXT)
def test_no_buyer_text_changes_scheme_host_or_recipient(
        name: str, company: str, product: str, city: str, unit: str) -> None:
    buyer = BuyerDetails(name=name, company=company, product=product, quantity=6, unit=unit,
                         city=city, mobile="+91-9876543210", email="asha@example.in")
    body = "{buyer_name} {buyer_company}\n{product} {quantity} {city}"
    for channel, recipient, fields in (("whatsapp", "https://wa.me/919876543210", ["text"]),
                                       ("sms", "sms:+919876543210", ["body"]),
                                       ("email", "mailto:asha@example.in",
                                        ["subject", "body"])):
        template = _template(body, channel, subject="{product} {buyer_name}")
        reply = render(template, buyer, SELLER, {})
        url = reply_url(template, buyer, SELLER, {})
        assert url is not None
        head, _, query = url.partition("?")
        assert head == recipient
        parsed = parse_qs(query, keep_blank_values=True, strict_parsing=True)
        assert list(parsed) == fields
        assert all(len(values) == 1 for values in parsed.values())
        sent = parsed[fields[-1]][0].replace("\r\n", "\n")
        assert sent == reply.body.encode("utf-8", "replace").decode("utf-8")
