"""The GraphQL schema: every domain's fields in one place, and the guards around them."""

from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from cozum.auth import mutations as auth
from cozum.auth.types import StaffUser
from cozum.departments import queries as department_queries
from cozum.departments.types import Category, Department
from cozum.kit.pagination import Connection
from cozum.kit.relay import Node
from cozum.nodes import node
from cozum.tickets import queries as ticket_queries
from cozum.tickets.mutations import lifecycle, messages
from cozum.tickets.mutations.create_ticket import CreateTicketPayload, create_ticket_mutation
from cozum.tickets.mutations.submit_request import SubmitRequestPayload, submit_request
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.types import Ticket, TicketEvent
from cozum.unit_of_work import UnitOfWork


@strawberry.type
class Query:
    node: Node | None = strawberry.field(resolver=node)
    me: StaffUser | None = strawberry.field(resolver=auth.me)
    departments: Connection[Department] = strawberry.field(resolver=department_queries.departments)
    categories: Connection[Category] = strawberry.field(resolver=department_queries.categories)
    tickets: Connection[Ticket] = strawberry.field(resolver=ticket_queries.tickets)
    track_request: TrackedRequest | None = strawberry.field(
        resolver=ticket_queries.track_request,
        description="Public: a request by reference and secret; null when either is wrong.",
    )


@strawberry.type
class Mutation:
    login: auth.LoginPayload = strawberry.mutation(resolver=auth.login)
    logout: auth.LogoutPayload = strawberry.mutation(resolver=auth.logout)
    submit_request: SubmitRequestPayload = strawberry.mutation(resolver=submit_request)
    create_ticket: CreateTicketPayload = strawberry.mutation(resolver=create_ticket_mutation)
    route_ticket: lifecycle.RouteTicketPayload = strawberry.mutation(resolver=lifecycle.route_ticket)
    assign_ticket: lifecycle.AssignTicketPayload = strawberry.mutation(resolver=lifecycle.assign_ticket)
    change_ticket_status: lifecycle.ChangeTicketStatusPayload = strawberry.mutation(
        resolver=lifecycle.change_ticket_status
    )
    reopen_ticket: lifecycle.ReopenTicketPayload = strawberry.mutation(resolver=lifecycle.reopen_ticket)
    merge_tickets: lifecycle.MergeTicketsPayload = strawberry.mutation(resolver=lifecycle.merge_tickets)
    add_internal_note: messages.AddInternalNotePayload = strawberry.mutation(resolver=messages.add_internal_note)
    reply_to_citizen: messages.ReplyToCitizenPayload = strawberry.mutation(resolver=messages.reply_to_citizen)


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    mask_errors: bool = False


def _is_expected(error: GraphQLError) -> bool:
    # Errors we raise on purpose carry a code; anything else is a bug and stays hidden.
    return bool(error.extensions and error.extensions.get("code")) or error.original_error is None


def create_schema(limits: Limits = Limits()) -> strawberry.Schema:
    # The rule classes are built once: a new class per request would miss the
    # validation cache on every request (see STACK.md).
    rules: list[type[ASTValidationRule]] = [
        depth_validator(limits.max_depth, None),
        alias_validator(limits.max_aliases),
    ]
    extensions: list[Any] = [
        UnitOfWork,
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
        lambda: AddValidationRules(rules),
    ]
    if limits.mask_errors:
        extensions.append(lambda: MaskErrors(should_mask_error=lambda e: not _is_expected(e)))
    return strawberry.Schema(
        query=Query, mutation=Mutation, types=[TicketEvent], extensions=extensions
    )


schema = create_schema()

__all__ = ["Limits", "SchemaExtension", "create_schema", "schema"]
