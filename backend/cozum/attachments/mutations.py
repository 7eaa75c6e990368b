"""addAttachment (staff) and addRequestInformation (the citizen, by reference and secret)."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.attachments import service
from cozum.attachments.checks import CheckedFile
from cozum.attachments.models import Attachment as AttachmentRow
from cozum.attachments.storage import storage_for
from cozum.attachments.types import Attachment
from cozum.attachments.uploads import Upload
from cozum.auth.actor import CITIZEN
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError, UserErrorCode
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id
from cozum.kit.text import clean_text
from cozum.tickets import events, tracking
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.mutations.citizen_limit import too_many, wait_before_writing
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import lock_readable
from cozum.tickets.types import Ticket

MESSAGE_MAX = 2000


@strawberry.input
class AddAttachmentInput:
    ticket_id: strawberry.ID
    file: Upload = strawberry.field(description="A JPEG, PNG, WebP or HEIC photo, or an MP4 video.")
    public: bool = strawberry.field(default=True, description="Shown to the citizen on the tracking page.")


@strawberry.type
class AddAttachmentPayload:
    attachment: Attachment | None = None
    ticket: Ticket | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddRequestInformationInput:
    reference: str
    secret: str
    message: str | None = strawberry.field(default=None, description="At most 2000 characters; staff see it.")
    attachments: list[Upload] | None = strawberry.field(default=None, description="At most 5 photos, or one video.")


@strawberry.type
class AddRequestInformationPayload:
    request: TrackedRequest | None = None
    retry_after: int | None = strawberry.field(default=None, description="Seconds to wait when throttled.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def add_attachment(info: Info, input: AddAttachmentInput) -> AddAttachmentPayload:  # noqa: A002
    actor, settings = info.context.actor, info.context.settings
    try:  # checked and re-encoded before the transaction: no connection waits on Pillow
        file = await service.prepare_one(input.file, settings, ["input", "file"])
    except DomainError as error:
        return AddAttachmentPayload(user_errors=[UserError.from_error(error)])

    async def act(session: AsyncSession) -> tuple[AttachmentRow, TicketRow]:
        ticket_id = decode_id(input.ticket_id, "Ticket", ["input", "ticketId"])
        ticket = await lock_readable(session, actor, ticket_id, ["input", "ticketId"])
        rows = await service.attach(session, storage_for(settings), ticket, actor, [file], public=input.public)
        return rows[0], ticket

    result, errors = await run_mutation(info, act)
    if result is None:
        return AddAttachmentPayload(user_errors=errors)
    return AddAttachmentPayload(attachment=Attachment.from_row(result[0]), ticket=Ticket.from_row(result[1]))


async def _citizen_input(info: Info, input: AddRequestInformationInput) -> tuple[str | None, list[CheckedFile]]:  # noqa: A002
    message = clean_text(input.message, MESSAGE_MAX, ["input", "message"])
    if message is None and not input.attachments:
        raise DomainError(UserErrorCode.REQUIRED, "Write a message or add a photo or video.", ["input", "message"])
    return message, await service.prepare(input.attachments, info.context.settings, ["input", "attachments"])


async def add_request_information(
    info: Info, input: AddRequestInformationInput  # noqa: A002
) -> AddRequestInformationPayload:
    wait = wait_before_writing(info.context)
    if wait is not None:
        return AddRequestInformationPayload(retry_after=wait, user_errors=too_many(wait))
    # The secret first: nobody without it makes this process decode a single photo.
    async with info.context.db() as session:
        known = await tracking.find_tracked(session, input.reference, input.secret) is not None
    if not known:
        return AddRequestInformationPayload(user_errors=[UserError.from_error(tracking.not_tracked())])
    try:
        message, files = await _citizen_input(info, input)
    except DomainError as error:
        return AddRequestInformationPayload(user_errors=[UserError.from_error(error)])

    async def act(session: AsyncSession) -> TrackedRequest | None:
        found = await tracking.tracked_or_refused(session, input.reference, input.secret)
        # Locked, so a status change cannot slip between this check and the writes.
        ticket = await session.get(TicketRow, found.id, with_for_update={"key_share": True}, populate_existing=True)
        assert ticket is not None and ticket.id is not None
        if ticket.status.is_closed:
            message_ = "This request is closed; to add information, reopen it (within 30 days of its result)."
            raise DomainError(UserErrorCode.INVALID_TRANSITION, message_, ["input"])
        await service.check_citizen_budget(session, ticket.id, files)
        if message is not None:
            events.citizen_message_event(session, ticket, CITIZEN, message)
        await service.attach(session, storage_for(info.context.settings), ticket, CITIZEN, files, public=True)
        await session.flush()
        return await tracking.tracked_request(session, ticket.id)

    request, errors = await run_mutation(info, act)
    return AddRequestInformationPayload(request=request, user_errors=errors)
