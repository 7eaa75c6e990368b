"""The built-in wording, filling templates in, and the back-off: no database needed."""

import random

import pytest

from cozum.kit.errors import DomainError
from cozum.kit.language import Language
from cozum.notifications.backoff import retry_delay
from cozum.notifications.links import tracking_link
from cozum.notifications.models import NotificationKind
from cozum.notifications.templates import checked, placeholders, render
from cozum.notifications.wording import built_in


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_built_in_wording_passes_the_checks_an_administrator_s_must_pass(
    kind: NotificationKind, language: Language
) -> None:
    wording = built_in(kind, language)
    assert checked(kind, wording.subject, wording.body) == wording
    filled = render(wording, {name: f"<{name}>" for name in placeholders(kind)})
    assert "<reference>" in filled.subject and "<reference>" in filled.body and "<link>" in filled.body
    assert "{" not in filled.body and len(filled.body) < 600  # one SMS-sized paragraph or three


def test_an_absent_value_leaves_no_empty_paragraph() -> None:
    wording = built_in(NotificationKind.RESOLVED, Language.EN)
    values = {name: name.upper() for name in placeholders(NotificationKind.RESOLVED)} | {"message": ""}
    assert "\n\n\n" not in render(wording, values).body


def test_braces_that_are_not_placeholders_are_text_and_format_syntax_is_refused() -> None:
    filled = render(checked(NotificationKind.REPLY, "Yanıt", "{reference} {{link}} {link}"), {"reference": "R", "link": "L"})
    assert filled.body == "R {L} L"
    with pytest.raises(DomainError) as refused:
        checked(NotificationKind.REPLY, "Yanıt", "{reference} {link} {message!r}")
    assert refused.value.code.value == "UNKNOWN_PLACEHOLDER"


def test_the_tracking_link_carries_the_secret_in_the_fragment() -> None:
    assert tracking_link("https://cozum.example.gov.tr/", "CZM-2026-000123", "ab12") == (
        "https://cozum.example.gov.tr/track#r=CZM-2026-000123&s=ab12"
    )


def test_the_back_off_doubles_up_to_its_ceiling_with_full_jitter() -> None:
    rand = random.Random(7)
    for attempts in range(1, 30):
        cap = min(3600, 5 * 2 ** (attempts - 1))
        delays = [retry_delay(attempts, 5, 3600, rand) for _ in range(200)]
        assert all(0 <= d <= cap for d in delays)
        assert max(delays) > cap * 0.8 and min(delays) < cap * 0.2  # spread over the whole range
    assert retry_delay(10_000, 5, 3600, rand) <= 3600
