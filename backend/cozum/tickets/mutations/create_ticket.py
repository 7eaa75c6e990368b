import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.attachments import service as attachments
from cozum.attachments.uploads import Upload
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError
from cozum.kit.mutations import at_input, run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets.enums import IntakeChannel, Priority, ReplyChannel, RequestType
from cozum.tickets.inputs import ContactInput, LocationInput
from cozum.tickets.intake import Created, NewTicket
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.mutations.submit_request import contact_of, location_of
from cozum.tickets.types import Ticket


@strawberry.input(description="A request taken by staff: a call, a petition, a walk-in, an e-mail…")
class CreateTicketInput:
    channel: IntakeChannel
    category_id: strawberry.ID
    description: str
    title: str | None = None
    request_type: RequestType = RequestType.COMPLAINT
    channel_reference: str | None = strawberry.field(
        default=None, description="Petition document number, CİMER application number… (required for those two)."
    )
    priority: Priority | None = None
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="Overrides the category's default department."
    )
    location: LocationInput | None = None
    contact: ContactInput | None = None
    reply_channel: ReplyChannel = ReplyChannel.NONE
    idempotency_key: str | None = None
    attachments: list[Upload] | None = strawberry.field(
        default=None, description="At most 5 photos or one video, shown to the citizen; see submitRequest."
    )


@strawberry.type
class CreateTicketPayload:
    ticket: Ticket | None = None
    secret: str | None = strawberry.field(default=None, description="To hand to the citizen, once.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def create_ticket_mutation(info: Info, input: CreateTicketInput) -> CreateTicketPayload:  # noqa: A002
    actor = info.context.actor
    settings = info.context.settings
    try:  # checked and re-encoded before the transaction: no connection waits on Pillow
        files = await attachments.prepare(input.attachments, settings, ["input", "attachments"])
    except DomainError as error:
        return CreateTicketPayload(user_errors=[UserError.from_error(error)])

    async def act(session: AsyncSession) -> tuple[Created, TicketRow]:
        department_id = None
        if input.department_id is not None:
            department_id = decode_id(input.department_id, "Department", ["input", "departmentId"])
        data = NewTicket(
            description=input.description,
            category_id=decode_id(input.category_id, "Category", ["input", "categoryId"]),
            channel=input.channel, request_type=input.request_type, title=input.title,
            reply_channel=input.reply_channel, contact=contact_of(input.contact),
            location=location_of(input.location), channel_reference=input.channel_reference,
            idempotency_key=input.idempotency_key, priority=input.priority, department_id=department_id,
        )
        created = await at_input(attachments.create_with_files(session, actor, data, files, settings))
        return created, await created.row(session)

    done, errors = await run_mutation(info, act)
    if done is None:
        return CreateTicketPayload(user_errors=errors)
    created, row = done
    return CreateTicketPayload(ticket=Ticket.from_row(row), secret=created.secret)
