"""What a ticket says and where: text from the templates, places from the vocabulary."""

import string
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate
from random import Random

from cozum.demo.replies_tr import FALLBACK_RESOLUTION, RESOLUTIONS, THANKS_RESOLUTION
from cozum.demo.requests_tr import TEMPLATES, THANKS, THANKS_SHARE
from cozum.demo.vocabulary import CENTRE, NEIGHBOURHOODS, PARKS, STREETS
from cozum.departments.models import Category
from cozum.kit.time import ISTANBUL
from cozum.tickets.enums import IntakeChannel, Priority, RequestType

_NEIGHBOURHOOD_CUM = list(accumulate(size for *_, size in NEIGHBOURHOODS))
# Requests about a person's affairs rather than a spot in the street carry no map pin.
NOT_A_PLACE = frozenset({"SOCIAL_AID", "CULTURE_EVENT", "TAX_DEBT", "INFO_REQUEST", "OTHER"})
# How often each channel brings coordinates: a WhatsApp location, a map pin, a geocoded address.
_PIN_SHARE = {
    IntakeChannel.WHATSAPP: 0.6, IntakeChannel.WEB: 0.8, IntakeChannel.OPEN311: 1.0, IntakeChannel.API: 0.7,
    IntakeChannel.PHONE: 0.35, IntakeChannel.IN_PERSON: 0.3, IntakeChannel.PETITION: 0.3,
}
_PIN_DEFAULT = 0.2
_ESCALATE = {Priority.LOW: Priority.NORMAL, Priority.NORMAL: Priority.HIGH, Priority.HIGH: Priority.URGENT}
_WAMID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Place:
    mahalle: str
    street: str
    street2: str
    park: str
    latitude: float
    longitude: float

    def fill(self, text: str, topic: str = "") -> str:
        return text.format(
            mahalle=self.mahalle, street=self.street, street2=self.street2, park=self.park, topic=topic
        )


@dataclass(frozen=True)
class Text:
    request_type: RequestType
    title: str
    description: str


def pick_place(rng: Random) -> Place:
    name, d_lat, d_lon, _ = rng.choices(NEIGHBOURHOODS, cum_weights=_NEIGHBOURHOOD_CUM)[0]
    street, street2 = rng.sample(STREETS, 2)
    if rng.random() < 0.3:
        street = f"{rng.randrange(1, 250)}. Sokak"
    # About 250 m of scatter around the neighbourhood's centre.
    return Place(
        mahalle=name, street=street, street2=street2, park=rng.choice(PARKS),
        latitude=round(CENTRE[0] + d_lat + rng.gauss(0, 0.0022), 6),
        longitude=round(CENTRE[1] + d_lon + rng.gauss(0, 0.0028), 6),
    )


def write(rng: Random, category: Category, place: Place) -> Text:
    templates = TEMPLATES.get(category.code) or TEMPLATES["OTHER"]
    thanks_possible = category.code not in ("INFO_REQUEST", "STREET_LIGHTING")
    template = THANKS if thanks_possible and rng.random() < THANKS_SHARE else rng.choice(templates)
    kind, title, description = template
    return Text(kind, place.fill(title, category.name_tr), place.fill(description, category.name_tr))


def resolution(rng: Random, category: Category, request_type: RequestType, place: Place) -> str:
    if request_type is RequestType.THANKS:
        return THANKS_RESOLUTION
    return place.fill(rng.choice(RESOLUTIONS.get(category.code) or [FALLBACK_RESOLUTION]))


def location(rng: Random, category: Category, channel: IntakeChannel, place: Place) -> dict[str, object]:
    """The ticket's location columns."""
    spatial = category.code not in NOT_A_PLACE
    pinned = spatial and rng.random() < _PIN_SHARE.get(channel, _PIN_DEFAULT)
    has_address = rng.random() < (0.85 if spatial else 0.3)
    number = f" No:{rng.randrange(1, 120)}" if rng.random() < 0.6 else ""
    return {
        "latitude": place.latitude if pinned else None,
        "longitude": place.longitude if pinned else None,
        "address": f"{place.street}{number}, {place.mahalle}, Elbistan/Kahramanmaraş" if has_address else None,
        "neighbourhood": place.mahalle,
    }


def priority(rng: Random, category: Category) -> Priority:
    # Operators raise a few: a fallen tree across a school road is not NORMAL.
    if rng.random() < 0.05:
        return _ESCALATE.get(category.default_priority, category.default_priority)
    return category.default_priority


class ChannelReferences:
    """The number a request carries from its channel: petition registry, CİMER, WhatsApp."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self._petitions: dict[int, int] = {}

    def next(self, channel: IntakeChannel, created_at: datetime) -> str | None:
        local = created_at.astimezone(ISTANBUL)
        if channel is IntakeChannel.PETITION:
            number = self._petitions.get(local.year, 0) + 1
            self._petitions[local.year] = number
            return f"DLK-{local.year}-{number:05d}"
        if channel is IntakeChannel.CIMER:
            return f"{local:%y%m}{self.rng.randrange(1_000_000):06d}"
        if channel is IntakeChannel.WHATSAPP:
            return wamid(self.rng)
        return None


def wamid(rng: Random) -> str:
    """A WhatsApp message id in the shape Meta gives them; the first one is the ticket's reference."""
    return "wamid." + "".join(rng.choices(_WAMID_ALPHABET, k=48))
