"""A POST's form fields as a NewTicket, each refused with a 400 naming the field."""

from collections.abc import Mapping

from cozum.contacts.service import ContactDetails
from cozum.open311 import params
from cozum.open311.errors import bad_request
from cozum.open311.services import REQUEST_TYPE_ATTRIBUTE
from cozum.tickets.enums import IntakeChannel, ReplyChannel, RequestType
from cozum.tickets.intake import Location, NewTicket


def _location(fields: Mapping[str, str]) -> Location:
    latitude, longitude = params.number(fields, "lat"), params.number(fields, "long")
    address, address_id = params.text(fields, "address_string"), params.text(fields, "address_id")
    if (latitude is None) != (longitude is None):
        raise bad_request("Give both lat and long.")
    if latitude is None and address is None and address_id is None:
        raise bad_request("A location is required: lat and long, address_string or address_id.")
    if address is None and address_id is not None:
        address = f"address_id {address_id}"  # we keep no address register of our own
    return Location(latitude=latitude, longitude=longitude, address=address)


def _request_type(fields: Mapping[str, str]) -> RequestType:
    given = params.text(fields, f"attribute[{REQUEST_TYPE_ATTRIBUTE}]")
    if given is None:
        return RequestType.COMPLAINT
    try:
        return RequestType(given.upper())
    except ValueError:
        field = f"attribute[{REQUEST_TYPE_ATTRIBUTE}]"
        raise bad_request(f"{field} must be one of the service definition's keys.") from None


def _description(fields: Mapping[str, str]) -> str:
    description = params.text(fields, "description")
    if description is None:
        raise bad_request("A description is required.")
    media_url = params.text(fields, "media_url")
    if media_url is not None:
        # Not fetched (a server of ours opening any URL a client names would be an SSRF hole):
        # kept with the words, for staff to open.
        if not media_url.lower().startswith(("http://", "https://")):
            raise bad_request("media_url must be an http(s) URL.")
        description = f"{description}\n\nmedia_url: {media_url}"
    return description


def _contact(fields: Mapping[str, str]) -> tuple[ContactDetails, ReplyChannel]:
    names = [params.text(fields, "first_name"), params.text(fields, "last_name")]
    name = " ".join(n for n in names if n) or None
    email, phone = params.text(fields, "email"), params.text(fields, "phone")
    # The citizen hears of progress as any other would: by e-mail if given, else by SMS.
    reply = ReplyChannel.EMAIL if email else ReplyChannel.SMS if phone else ReplyChannel.NONE
    return ContactDetails(name=name, phone=phone, email=email), reply


def new_ticket(fields: Mapping[str, str], category_id: int, idempotency_key: str | None) -> NewTicket:
    contact, reply = _contact(fields)
    return NewTicket(
        description=_description(fields), category_id=category_id, channel=IntakeChannel.OPEN311,
        request_type=_request_type(fields), reply_channel=reply, contact=contact, location=_location(fields),
        idempotency_key=idempotency_key,
    )
