"""The reply templates a new seller starts with: thank you with the price to follow, ask
for the requirement's details, share the catalogue; for WhatsApp, e-mail and SMS, in
English and in Hindi (formal आप). The seller edits or deletes them like their own."""

from __future__ import annotations

from indiamart_desktop.desk.templates import Template

_SIGNATURE = "{seller_name}\n{seller_company}\n{seller_phone}"


DEFAULT_TEMPLATES: tuple[Template, ...] = (
    # --- WhatsApp ---------------------------------------------------------------------
    Template("whatsapp-thanks-en", "whatsapp", "Thank you, price follows", "en",
             "Namaste {buyer_name}, thank you for your enquiry for {product} on IndiaMART. "
             "We will send you our best price for {quantity} shortly. Please tell us the "
             "delivery city and any specification you need.\n" + _SIGNATURE),
    Template("whatsapp-details-en", "whatsapp", "Ask for requirement details", "en",
             "Namaste {buyer_name}, thank you for your interest in {product}. To quote you "
             "correctly, please share:\n1. Quantity\n2. Size / specification\n"
             "3. Delivery location\n4. When you need it\n" + _SIGNATURE),
    Template("whatsapp-catalogue-en", "whatsapp", "Share catalogue", "en",
             "Namaste {buyer_name}, please see our full range of {product} in our "
             "catalogue: {catalogue_url}\nReply here with the items you like and we will "
             "send prices.\n" + _SIGNATURE),
    Template("whatsapp-thanks-hi", "whatsapp", "धन्यवाद, भाव जल्द", "hi",
             "नमस्ते {buyer_name}, IndiaMART पर {product} के लिए आपकी पूछताछ का धन्यवाद। "
             "हम {quantity} के लिए अपना सबसे अच्छा भाव जल्द ही आपको भेजेंगे। कृपया डिलीवरी "
             "का शहर और ज़रूरी विवरण बताएँ।\n" + _SIGNATURE),
    Template("whatsapp-details-hi", "whatsapp", "आवश्यकता का विवरण पूछें", "hi",
             "नमस्ते {buyer_name}, {product} में आपकी रुचि के लिए धन्यवाद। सही भाव देने के "
             "लिए कृपया बताएँ:\n1. मात्रा\n2. साइज़ / विवरण\n3. डिलीवरी का स्थान\n"
             "4. कब तक चाहिए\n" + _SIGNATURE),
    Template("whatsapp-catalogue-hi", "whatsapp", "कैटलॉग भेजें", "hi",
             "नमस्ते {buyer_name}, कृपया हमारे कैटलॉग में {product} की पूरी रेंज देखें: "
             "{catalogue_url}\nआपको जो आइटम पसंद आएँ, यहाँ बताएँ, हम भाव भेज देंगे।\n"
             + _SIGNATURE),
    # --- E-mail -----------------------------------------------------------------------
    Template("email-thanks-en", "email", "Thank you, price follows", "en",
             "Dear {buyer_name},\n\nThank you for your enquiry for {product} on IndiaMART. "
             "We will send you our best price for {quantity} shortly.\n\nTo make the "
             "quotation exact, please let us know the delivery city and any specification "
             "you need.\n\nRegards,\n" + _SIGNATURE,
             subject="Your enquiry for {product} on IndiaMART"),
    Template("email-details-en", "email", "Ask for requirement details", "en",
             "Dear {buyer_name},\n\nThank you for your interest in {product}. To quote you "
             "correctly, please share:\n\n1. Quantity\n2. Size / specification\n"
             "3. Delivery location\n4. When you need it\n\nRegards,\n" + _SIGNATURE,
             subject="Details for your {product} requirement"),
    Template("email-catalogue-en", "email", "Share catalogue", "en",
             "Dear {buyer_name},\n\nThank you for your enquiry. Our full range of {product} "
             "is in our catalogue:\n{catalogue_url}\n\nPlease reply with the items you like "
             "and we will send you our prices.\n\nRegards,\n" + _SIGNATURE,
             subject="Our catalogue for {product}"),
    Template("email-thanks-hi", "email", "धन्यवाद, भाव जल्द", "hi",
             "आदरणीय {buyer_name},\n\nIndiaMART पर {product} के लिए आपकी पूछताछ का "
             "धन्यवाद। हम {quantity} के लिए अपना सबसे अच्छा भाव जल्द ही आपको भेजेंगे।\n\n"
             "सही कोटेशन के लिए कृपया डिलीवरी का शहर और ज़रूरी विवरण बताएँ।\n\nसादर,\n"
             + _SIGNATURE,
             subject="IndiaMART पर {product} के लिए आपकी पूछताछ"),
    Template("email-details-hi", "email", "आवश्यकता का विवरण पूछें", "hi",
             "आदरणीय {buyer_name},\n\n{product} में आपकी रुचि के लिए धन्यवाद। सही भाव देने "
             "के लिए कृपया बताएँ:\n\n1. मात्रा\n2. साइज़ / विवरण\n3. डिलीवरी का स्थान\n"
             "4. कब तक चाहिए\n\nसादर,\n" + _SIGNATURE,
             subject="{product} की आपकी आवश्यकता का विवरण"),
    Template("email-catalogue-hi", "email", "कैटलॉग भेजें", "hi",
             "आदरणीय {buyer_name},\n\nआपकी पूछताछ का धन्यवाद। {product} की हमारी पूरी रेंज "
             "हमारे कैटलॉग में है:\n{catalogue_url}\n\nआपको जो आइटम पसंद आएँ, कृपया बताएँ, "
             "हम आपको भाव भेज देंगे।\n\nसादर,\n" + _SIGNATURE,
             subject="{product} के लिए हमारा कैटलॉग"),
    # --- SMS (short) ------------------------------------------------------------------
    Template("sms-thanks-en", "sms", "Thank you, price follows", "en",
             "Thank you for your IndiaMART enquiry for {product}. Our price follows "
             "shortly. {seller_company} {seller_phone}"),
    Template("sms-details-en", "sms", "Ask for requirement details", "en",
             "Thank you for your enquiry for {product}. Please send quantity, size and "
             "delivery city for an exact price. {seller_company} {seller_phone}"),
    Template("sms-catalogue-en", "sms", "Share catalogue", "en",
             "Our catalogue for {product}: {catalogue_url} {seller_company} {seller_phone}"),
    Template("sms-thanks-hi", "sms", "धन्यवाद, भाव जल्द", "hi",
             "{product} के लिए IndiaMART पर आपकी पूछताछ का धन्यवाद। भाव जल्द भेजेंगे। "
             "{seller_company} {seller_phone}"),
    Template("sms-details-hi", "sms", "आवश्यकता का विवरण पूछें", "hi",
             "{product} का सही भाव देने के लिए कृपया आप मात्रा, साइज़ और डिलीवरी का शहर "
             "भेजें। "
             "{seller_company} {seller_phone}"),
    Template("sms-catalogue-hi", "sms", "कैटलॉग भेजें", "hi",
             "आपके लिए {product} का हमारा कैटलॉग: {catalogue_url} {seller_company} {seller_phone}"),
)
