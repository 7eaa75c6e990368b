"""routeTicket, assignTicket, changeTicketStatus, reopenTicket, mergeTickets: staff moving a
ticket through its lifecycle (the services are in tickets/lifecycle.py)."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.mutations import at_input, run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets import lifecycle
from cozum.tickets.enums import TicketStatus
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.mutations.payloads import (
    AssignTicketPayload,
    ChangeTicketStatusPayload,
    MergeTicketsPayload,
    ReopenTicketPayload,
    RouteTicketPayload,
    TicketPayload,
)
from cozum.tickets.types import Ticket

P = TypeVar("P", bound=TicketPayload)
Change = Callable[[AsyncSession], Awaitable[TicketRow]]


async def _changed(info: Info, payload: type[P], change: Change) -> P:
    """`change` in the mutation's savepoint: the ticket as it left it, or why it refused."""
    row, errors = await run_mutation(info, change)
    return payload(ticket=Ticket.from_row(row) if row else None, user_errors=errors)


def _ticket_pk(value: strawberry.ID) -> int:
    return decode_id(value, "Ticket", ["input", "ticketId"])


@strawberry.input
class RouteTicketInput:
    ticket_id: strawberry.ID
    department_id: strawberry.ID
    note: str | None = strawberry.field(default=None, description="For the department; not shown to the citizen.")
    expected_version: int | None = None


async def route_ticket_mutation(info: Info, input: RouteTicketInput) -> RouteTicketPayload:  # noqa: A002
    actor = info.context.actor

    async def route(session: AsyncSession) -> TicketRow:
        department_id = decode_id(input.department_id, "Department", ["input", "departmentId"])
        return await at_input(lifecycle.route_ticket(
            session, actor, _ticket_pk(input.ticket_id), department_id, input.note, input.expected_version
        ))

    return await _changed(info, RouteTicketPayload, route)


@strawberry.input
class AssignTicketInput:
    ticket_id: strawberry.ID
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Null unassigns.")
    expected_version: int | None = None


async def assign_ticket_mutation(info: Info, input: AssignTicketInput) -> AssignTicketPayload:  # noqa: A002
    actor = info.context.actor

    async def assign(session: AsyncSession) -> TicketRow:
        assignee = None
        if input.assignee_id is not None:
            assignee = decode_id(input.assignee_id, "StaffUser", ["input", "assigneeId"])
        return await at_input(lifecycle.assign_ticket(
            session, actor, _ticket_pk(input.ticket_id), assignee, input.expected_version
        ))

    return await _changed(info, AssignTicketPayload, assign)


@strawberry.input
class ChangeTicketStatusInput:
    ticket_id: strawberry.ID
    status: TicketStatus
    expected_version: int = strawberry.field(description="The version you saw; a stale one is a VERSION_CONFLICT.")
    reason: str | None = strawberry.field(
        default=None, description="Shown to the citizen; required for REJECTED."
    )
    institution: str | None = strawberry.field(default=None, description="Required for FORWARDED.")
    duplicate_of_id: strawberry.ID | None = strawberry.field(default=None, description="Required for DUPLICATE.")


async def change_ticket_status_mutation(
    info: Info, input: ChangeTicketStatusInput  # noqa: A002
) -> ChangeTicketStatusPayload:
    actor = info.context.actor

    async def change_status(session: AsyncSession) -> TicketRow:
        duplicate_of = None
        if input.duplicate_of_id is not None:
            duplicate_of = decode_id(input.duplicate_of_id, "Ticket", ["input", "duplicateOfId"])
        change = lifecycle.StatusChange(
            status=input.status, expected_version=input.expected_version, reason=input.reason,
            institution=input.institution, duplicate_of_id=duplicate_of,
        )
        return await at_input(lifecycle.change_status(session, actor, _ticket_pk(input.ticket_id), change))

    return await _changed(info, ChangeTicketStatusPayload, change_status)


@strawberry.input
class ReopenTicketInput:
    ticket_id: strawberry.ID
    reason: str | None = None
    expected_version: int | None = None


async def reopen_ticket_mutation(info: Info, input: ReopenTicketInput) -> ReopenTicketPayload:  # noqa: A002
    actor = info.context.actor

    async def reopen(session: AsyncSession) -> TicketRow:
        return await at_input(lifecycle.reopen_ticket(
            session, actor, _ticket_pk(input.ticket_id), input.reason, input.expected_version
        ))

    return await _changed(info, ReopenTicketPayload, reopen)


@strawberry.input
class MergeTicketsInput:
    target_id: strawberry.ID = strawberry.field(description="The ticket that stays open.")
    source_ids: list[strawberry.ID] = strawberry.field(description="Closed as DUPLICATE of the target.")


MERGE_MAX = 50


async def merge_tickets_mutation(info: Info, input: MergeTicketsInput) -> MergeTicketsPayload:  # noqa: A002
    actor = info.context.actor

    async def merge(session: AsyncSession) -> TicketRow:
        target = decode_id(input.target_id, "Ticket", ["input", "targetId"])
        if len(input.source_ids) > MERGE_MAX:
            message = f"Merge at most {MERGE_MAX} tickets at once."
            raise DomainError(UserErrorCode.TOO_LONG, message, ["input", "sourceIds"])
        sources = [decode_id(s, "Ticket", ["input", "sourceIds"]) for s in input.source_ids]
        return await at_input(lifecycle.merge_tickets(session, actor, target, sources))

    return await _changed(info, MergeTicketsPayload, merge)
