"""The satisfaction question: one answer per result, from the citizen who proved the secret."""

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import CITIZEN
from cozum.feedback.models import SatisfactionAnswer
from cozum.feedback.types import may_answer
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import clean_text
from cozum.kit.time import utcnow
from cozum.tickets import events
from cozum.tickets.models import Ticket

COMMENT_MAX = 2000


async def answer(session: AsyncSession, ticket_id: int, score: int, comment: str | None) -> SatisfactionAnswer:
    if not 1 <= score <= 5:
        raise DomainError(UserErrorCode.INVALID, "Choose a score from 1 to 5.", ["input", "score"])
    comment = clean_text(comment, COMMENT_MAX, ["input", "comment"])
    # The same lock as a reopening: an answer and a reopening at once are taken one after the other.
    ticket = await session.get(Ticket, ticket_id, with_for_update={"key_share": True}, populate_existing=True)
    assert ticket is not None and ticket.id is not None
    earlier = await session.get(SatisfactionAnswer, ticket_id)
    if not may_answer(ticket.status, ticket.closed_at, earlier):
        message = (
            "This result has already been rated." if earlier is not None and ticket.status.is_closed
            else "The question is asked once the request is resolved."
        )
        raise DomainError(UserErrorCode.INVALID_TRANSITION, message, ["input"])
    values = {"score": score, "comment": comment, "department_id": ticket.department_id, "answered_at": utcnow()}
    stmt = (
        insert(SatisfactionAnswer).values(ticket_id=ticket_id, **values)
        .on_conflict_do_update(index_elements=["ticket_id"], set_=values)
        .returning(SatisfactionAnswer)
    )
    row = (await session.execute(stmt)).scalar_one()
    events.satisfaction_answered_event(session, ticket, CITIZEN, score, comment)
    await session.flush()
    return row
