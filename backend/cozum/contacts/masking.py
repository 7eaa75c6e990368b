"""Masked forms of personal data, as staff consoles show them by default (KVKK)."""

import phonenumbers


def mask_phone(e164: str | None) -> str | None:
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164, None)
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return "***"
    # Keep the country and operator code and the last two digits: "+90 532 *** ** 33".
    parts = formatted.split(" ")
    if len(parts) < 3:
        return parts[0] + " ***"
    middle = ["*" * len(p) for p in parts[2:-1]]
    return " ".join([parts[0], parts[1], *middle, parts[-1][-2:].rjust(len(parts[-1]), "*")])


def mask_email(email: str | None) -> str | None:
    if not email:
        return None
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
