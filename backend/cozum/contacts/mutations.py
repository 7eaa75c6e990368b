import strawberry

from cozum.contacts.models import Contact
from cozum.contacts.reveal import reveal_contact as reveal
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError
from cozum.kit.relay import decode_id


@strawberry.input
class RevealContactInput:
    ticket_id: strawberry.ID
    reason: str = strawberry.field(description="Why you need the details; kept in the audit log.")


@strawberry.type(description="A citizen's contact details, unmasked.")
class RevealedContact:
    name: str | None
    phone: str | None
    email: str | None


@strawberry.type
class RevealContactPayload:
    contact: RevealedContact | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def reveal_contact(info: Info, input: RevealContactInput) -> RevealContactPayload:  # noqa: A002
    ctx = info.context
    try:
        ticket_id = decode_id(input.ticket_id, "Ticket", ["input", "ticketId"])
        # Its own transaction, committed before the details leave: a reveal is never
        # shown without its audit row, whatever happens to the rest of the request.
        async with ctx.independent() as session:
            contact: Contact = await reveal(session, ctx.actor, ticket_id, input.reason, ctx.address)
    except DomainError as error:
        return RevealContactPayload(user_errors=[UserError.from_error(error)])
    return RevealContactPayload(contact=RevealedContact(name=contact.name, phone=contact.phone, email=contact.email))
