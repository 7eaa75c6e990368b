from datetime import datetime

import strawberry

from cozum.feedback.models import SatisfactionAnswer
from cozum.tickets.enums import TicketStatus


@strawberry.type(description="The citizen's answer to “How satisfied are you with the result?”")
class Satisfaction:
    score: int = strawberry.field(description="1 (not at all) to 5 (very).")
    comment: str | None
    answered_at: datetime

    @classmethod
    def from_row(cls, row: SatisfactionAnswer) -> "Satisfaction":
        return cls(score=row.score, comment=row.comment, answered_at=row.answered_at)


def may_answer(status: TicketStatus, closed_at: datetime | None, answer: SatisfactionAnswer | None) -> bool:
    """Asked after a result, once per result: a reopened ticket resolved again is asked again."""
    if status is not TicketStatus.RESOLVED or closed_at is None:
        return False
    return answer is None or answer.answered_at < closed_at
