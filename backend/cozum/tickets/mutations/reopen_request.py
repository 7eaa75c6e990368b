"""reopenRequest: the citizen asks again, within 30 days, when the result was not right."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.mutations import at_input, run_mutation
from cozum.tickets import lifecycle, tracking
from cozum.tickets.mutations.citizen_limit import too_many, wait_before_writing
from cozum.tickets.public_types import TrackedRequest


@strawberry.input
class ReopenRequestInput:
    reference: str
    secret: str
    reason: str = strawberry.field(description="What is still wrong; staff and the tracking page see it.")


@strawberry.type
class ReopenRequestPayload:
    request: TrackedRequest | None = None
    retry_after: int | None = strawberry.field(default=None, description="Seconds to wait when throttled.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def reopen_request(info: Info, input: ReopenRequestInput) -> ReopenRequestPayload:  # noqa: A002
    wait = wait_before_writing(info.context)
    if wait is not None:
        return ReopenRequestPayload(retry_after=wait, user_errors=too_many(wait))

    async def act(session: AsyncSession) -> TrackedRequest | None:
        ticket = await tracking.tracked_or_refused(session, input.reference, input.secret)
        assert ticket.id is not None
        await at_input(lifecycle.reopen_by_citizen(session, ticket.id, input.reason))
        return await tracking.tracked_request(session, ticket.id)

    request, errors = await run_mutation(info, act)
    return ReopenRequestPayload(request=request, user_errors=errors)
