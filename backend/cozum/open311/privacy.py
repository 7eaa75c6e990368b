"""What a citizen typed, as anyone may read it: e-mail addresses and phone numbers hidden.

A GET is public and enumerable, unlike the tracking page; a citizen who wrote their number into
the description did not mean to publish it (KVKK). Names cannot be told from other words and
stay as written.
"""

import re

import phonenumbers

HIDDEN = "***"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redacted(text: str | None) -> str | None:
    if not text:
        return text
    text = _EMAIL.sub(HIDDEN, text)
    # Turkish numbers however they are written (0532 123 45 67, +90…), and others in E.164.
    matches = phonenumbers.PhoneNumberMatcher(text, "TR", leniency=phonenumbers.Leniency.POSSIBLE)
    spans = [(match.start, match.end) for match in matches]
    for start, end in reversed(spans):
        text = text[:start] + HIDDEN + text[end:]
    return text
