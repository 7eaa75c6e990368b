import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.attachments import service as attachments
from cozum.attachments.uploads import Upload
from cozum.auth.actor import CITIZEN
from cozum.contacts.service import ContactDetails
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError
from cozum.kit.language import Language
from cozum.kit.mutations import at_input, run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets.enums import IntakeChannel, ReplyChannel, RequestType
from cozum.tickets.inputs import ContactInput, LocationInput
from cozum.tickets.intake import Created, Location, NewTicket
from cozum.tickets.mutations.citizen_limit import too_many, wait_before_writing


@strawberry.input(description="A citizen's request from the web form or an app.")
class SubmitRequestInput:
    category_id: strawberry.ID
    description: str
    title: str | None = None
    request_type: RequestType = RequestType.COMPLAINT
    location: LocationInput | None = None
    contact: ContactInput | None = None
    reply_channel: ReplyChannel = ReplyChannel.NONE
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key returns the same reference and secret."
    )
    language: Language = strawberry.field(
        default=Language.TR, description="The citizen's language: every message about the request is sent in it."
    )
    privacy_notice_version: str | None = strawberry.field(
        default=None, description="The version of the KVKK information notice (aydınlatma metni) the citizen was shown."
    )
    attachments: list[Upload] | None = strawberry.field(
        default=None,
        description=(
            "At most 5 photos or one video. A photo's GPS position becomes the location when none is given "
            "(and it lies in the municipality's area)."
        ),
    )


@strawberry.type
class SubmitRequestPayload:
    reference: str | None = None
    secret: str | None = strawberry.field(
        default=None, description="Shown once: with the reference, it lets the citizen track the request."
    )
    retry_after: int | None = strawberry.field(default=None, description="Seconds to wait when throttled.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def location_of(value: LocationInput | None) -> Location:
    if value is None:
        return Location()
    return Location(value.latitude, value.longitude, value.address, value.neighbourhood)


def contact_of(value: ContactInput | None) -> ContactDetails:
    if value is None:
        return ContactDetails()
    return ContactDetails(name=value.name, phone=value.phone, email=value.email)


async def submit_request(info: Info, input: SubmitRequestInput) -> SubmitRequestPayload:  # noqa: A002
    settings, actor = info.context.settings, info.context.actor
    wait = wait_before_writing(info.context)
    if wait is not None:
        return SubmitRequestPayload(retry_after=wait, user_errors=too_many(wait))
    via_key = actor.api_key_id is not None
    try:  # checked and re-encoded before the transaction: no connection waits on Pillow
        files = await attachments.prepare(input.attachments, settings, ["input", "attachments"])
    except DomainError as error:
        return SubmitRequestPayload(user_errors=[UserError.from_error(error)])

    async def act(session: AsyncSession) -> Created:
        data = NewTicket(
            description=input.description,
            category_id=decode_id(input.category_id, "Category", ["input", "categoryId"]),
            # An integrator's app submitting with its key is the API channel, not the web form.
            channel=IntakeChannel.API if via_key else IntakeChannel.WEB,
            request_type=input.request_type, title=input.title,
            reply_channel=input.reply_channel, contact=contact_of(input.contact),
            location=location_of(input.location), idempotency_key=input.idempotency_key,
            language=input.language, privacy_notice_version=input.privacy_notice_version,
        )
        by = actor if via_key else CITIZEN
        return await at_input(attachments.create_with_files(session, by, data, files, settings))

    # The payload is plain values: nothing in it can fail after the ticket is filed.
    created, errors = await run_mutation(info, act, alone=True)
    if created is None:
        return SubmitRequestPayload(user_errors=errors)
    return SubmitRequestPayload(reference=created.reference, secret=created.secret)
