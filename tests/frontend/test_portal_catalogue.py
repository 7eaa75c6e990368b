"""The portal's labels that the code builds at run time (`portal.event.${type}`…) exist in both
languages for every value the server can send, and the KVKK notice's version fits the server."""

import csv
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from cozum.kit.errors import UserErrorCode
from cozum.tickets.enums import PUBLIC_EVENT_TYPES, ReplyChannel, TicketEventType
from cozum.tickets.models import DESCRIPTION_MAX

SRC = Path(__file__).resolve().parents[2] / "frontend" / "src"


def portal(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((SRC / "i18n" / language / "portal.json").read_text(encoding="utf-8"))
    return data


def source(path: str) -> str:
    return (SRC / "portal" / path).read_text(encoding="utf-8")


def seeded_categories() -> list[str]:
    text = resources.files("cozum").joinpath("seed", "categories.csv").read_text(encoding="utf-8")
    return [row["code"] for row in csv.DictReader(text.splitlines())]


def built_keys() -> set[str]:
    keys = {f"portal.categoryHelp.{code}" for code in seeded_categories()}
    keys |= {f"portal.event.{t.value}" for t in PUBLIC_EVENT_TYPES | {TicketEventType.ATTACHMENT_ADDED}}
    keys |= {f"portal.satisfaction.score.{score}" for score in range(1, 6)}
    keys |= {f"portal.live.{state}" for state in ("connecting", "connected", "reconnecting", "offline")}
    keys |= {f"portal.map.{state}" for state in ("none", "error", "failed")}
    keys |= {f"portal.location.source.{s}" for s in ("device", "photo", "map")}
    choices = re.search(r"REPLY_CHOICES = .*?\(\[(.*?)\]\)", source("request/contact-page.js"))
    assert choices
    keys |= {f"portal.contact.channel.{c}" for c in re.findall(r'"(\w+)"', choices.group(1))}
    paragraphs = re.search(r"FULL_TEXT_PARAGRAPHS = (\d+);", source("request/privacy.js"))
    assert paragraphs
    keys |= {f"portal.privacy.full.{i}" for i in range(1, int(paragraphs.group(1)) + 1)}
    return keys


@pytest.mark.parametrize("language", ["tr", "en"])
def test_every_label_built_at_run_time_exists(language: str) -> None:
    assert sorted(built_keys() - set(portal(language))) == []


def test_the_reply_choices_are_the_servers_channels() -> None:
    choices = {key.rsplit(".", 1)[1] for key in built_keys() if key.startswith("portal.contact.channel.")}
    assert choices == {"WHATSAPP", "SMS", "EMAIL", "NONE"} and choices <= {c.value for c in ReplyChannel}


def test_error_wordings_are_for_codes_the_server_has() -> None:
    codes = {key.removeprefix("portal.error.") for key in portal("tr") if key.startswith("portal.error.")} - {"wait"}
    assert {"OUT_OF_AREA", "UNSUPPORTED_FILE", "FILE_TOO_LARGE", "TOO_MANY_FILES"} <= codes
    assert sorted(codes - {c.value for c in UserErrorCode}) == []


def test_the_form_keeps_the_servers_limits() -> None:
    # The server stores the notice's version in 20 characters and a description in DESCRIPTION_MAX.
    version = re.search(r'PRIVACY_NOTICE_VERSION = "([^"]+)"', source("request/privacy.js"))
    assert version and len(version.group(1)) <= 20
    assert f"DESCRIPTION_MAX = {DESCRIPTION_MAX};" in source("request/description-page.js")
