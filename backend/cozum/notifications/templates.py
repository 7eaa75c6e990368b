"""Message templates: which placeholders a kind may use, checking an administrator's text,
and filling one in.

Placeholders are substituted by name with a regular expression, never with str.format: a
template is an administrator's text, and format() would read `{reference.__class__}` or
`{message:>99999999}` as code. Any other brace is left as written.
"""

import re
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.language import Language
from cozum.kit.text import required_text
from cozum.notifications.models import MessageTemplate, NotificationKind
from cozum.notifications.wording import Wording, built_in

K = NotificationKind
SUBJECT_MAX = 200
BODY_MAX = 2000
REQUIRED = ("reference", "link")  # every message lets the citizen find their request
_COMMON = ("reference", "link", "status", "department")
_EXTRA: dict[NotificationKind, tuple[str, ...]] = {
    K.RESOLVED: ("message",),
    K.REJECTED: ("message",),
    K.REPLY: ("message",),
    K.FORWARDED: ("institution",),
    K.DUPLICATE: ("mergedInto",),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BLANK_LINES = re.compile(r"\n{3,}")


def placeholders(kind: NotificationKind) -> list[str]:
    return [*_COMMON, *_EXTRA.get(kind, ())]


def _names(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def _check_names(kind: NotificationKind, text: str, field: Sequence[str]) -> None:
    allowed = placeholders(kind)
    unknown = [name for name in _names(text) if name not in allowed]
    if unknown:
        raise DomainError(
            UserErrorCode.UNKNOWN_PLACEHOLDER,
            f"Unknown placeholder {{{unknown[0]}}}; this message may use: "
            + ", ".join(f"{{{name}}}" for name in allowed),
            field,
        )


def checked(kind: NotificationKind, subject: str, body: str) -> Wording:
    """An administrator's wording, or the first thing wrong with it as a DomainError."""
    subject = required_text(subject, SUBJECT_MAX, ["input", "subject"])
    body = required_text(body, BODY_MAX, ["input", "body"])
    if "\n" in subject or "\r" in subject:
        # A subject is one header line; a line break would start another header.
        raise DomainError(UserErrorCode.INVALID, "The subject must be a single line.", ["input", "subject"])
    _check_names(kind, subject, ["input", "subject"])
    _check_names(kind, body, ["input", "body"])
    missing = [name for name in REQUIRED if name not in _names(body)]
    if missing:
        raise DomainError(
            UserErrorCode.REQUIRED,
            f"The text must contain {{{missing[0]}}}: every message carries the reference and the tracking link.",
            ["input", "body"],
        )
    return Wording(subject, body.replace("\r\n", "\n"))


def fill(text: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def render(wording: Wording, values: Mapping[str, str]) -> Wording:
    """Subject on one line; the body without the empty paragraphs an absent value leaves."""
    subject = " ".join(fill(wording.subject, values).split())
    body = _BLANK_LINES.sub("\n\n", fill(wording.body, values)).strip()
    return Wording(subject[:SUBJECT_MAX * 2], body)


Stored = dict[tuple[NotificationKind, Language], MessageTemplate]


async def stored_templates(session: AsyncSession) -> Stored:
    """Every administrator's override (at most kinds × languages rows)."""
    rows = (await session.execute(select(MessageTemplate))).scalars()
    return {(row.kind, row.language): row for row in rows}


def wording_for(stored: Stored, kind: NotificationKind, language: Language) -> Wording:
    row = stored.get((kind, language))
    return Wording(row.subject, row.body) if row is not None else built_in(kind, language)
