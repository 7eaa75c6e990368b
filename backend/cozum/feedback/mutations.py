"""answerSatisfaction: the 1–5 question after a result, on the tracking page."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.feedback import service
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation
from cozum.tickets import tracking
from cozum.tickets.mutations.citizen_limit import too_many, wait_before_writing
from cozum.tickets.public_types import TrackedRequest


@strawberry.input
class AnswerSatisfactionInput:
    reference: str
    secret: str
    score: int = strawberry.field(description="1 (not at all satisfied) to 5 (very satisfied).")
    comment: str | None = None


@strawberry.type
class AnswerSatisfactionPayload:
    request: TrackedRequest | None = None
    retry_after: int | None = strawberry.field(default=None, description="Seconds to wait when throttled.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def answer_satisfaction(info: Info, input: AnswerSatisfactionInput) -> AnswerSatisfactionPayload:  # noqa: A002
    wait = wait_before_writing(info.context)
    if wait is not None:
        return AnswerSatisfactionPayload(retry_after=wait, user_errors=too_many(wait))

    async def act(session: AsyncSession) -> TrackedRequest | None:
        ticket = await tracking.tracked_or_refused(session, input.reference, input.secret)
        assert ticket.id is not None
        await service.answer(session, ticket.id, input.score, input.comment)
        return await tracking.tracked_request(session, ticket.id)

    request, errors = await run_mutation(info, act)
    return AnswerSatisfactionPayload(request=request, user_errors=errors)
