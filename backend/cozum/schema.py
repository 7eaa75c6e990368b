"""The GraphQL schema: every domain's fields in one place, and the guards around them."""

from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from cozum.analytics.queries import department_stats
from cozum.analytics.types import DepartmentStats
from cozum.attachments import mutations as attachments
from cozum.attachments.types import Attachment, PublicAttachment
from cozum.attachments.uploads import UPLOAD_SCALAR, Upload
from cozum.audit import queries as audit_queries
from cozum.audit.types import AuditEntry
from cozum.auth import admin_mutations as admin
from cozum.auth import admin_queries, password_reset
from cozum.auth import mutations as auth
from cozum.auth.admin_types import ApiKey
from cozum.auth.assignable import assignable_staff
from cozum.auth.guard import PUBLIC, requires
from cozum.auth.permissions import Permission
from cozum.auth.types import StaffUser
from cozum.contacts.mutations import RevealContactPayload, reveal_contact
from cozum.departments import mutations as department_admin
from cozum.departments import queries as department_queries
from cozum.departments.types import Category, Department
from cozum.feedback.mutations import AnswerSatisfactionPayload, answer_satisfaction
from cozum.gatekeeper import Gatekeeper
from cozum.kit import input_plans
from cozum.kit.document_cache import DocumentCache
from cozum.kit.document_guard import DocumentGuard, DocumentLimits
from cozum.kit.execution import ReleasedWhenDone
from cozum.kit.pagination import Connection
from cozum.kit.relay import Node
from cozum.kit.request_errors import CodedVariableErrors, code_refused_operation, is_clients
from cozum.live import subscriptions as live
from cozum.live.executor import SharedResultExecutionContext
from cozum.live.types import LiveStats, TicketEventMessage, TicketViewers
from cozum.live.viewing import ticket_viewers
from cozum.nodes import node
from cozum.notifications import queries as notification_queries
from cozum.notifications import template_mutations as templates
from cozum.notifications.types import Template
from cozum.reads.executor import AnsweredInSql
from cozum.tickets import queries as ticket_queries
from cozum.tickets.counts import TicketStatusCount, ticket_counts
from cozum.tickets.mutations import comments, payloads, workflow
from cozum.tickets.mutations.create_ticket import CreateTicketPayload, create_ticket_mutation
from cozum.tickets.mutations.reopen_request import ReopenRequestPayload, reopen_request
from cozum.tickets.mutations.submit_request import SubmitRequestPayload, submit_request
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.types import Ticket, TicketEvent
from cozum.unit_of_work import UnitOfWork
from cozum.views import mutations as views
from cozum.views.queries import saved_views
from cozum.views.types import SavedView
from cozum.webhooks import mutations as webhooks
from cozum.webhooks.queries import webhook_endpoints
from cozum.webhooks.types import WebhookEndpoint
from cozum.whatsapp import mutations as whatsapp
from cozum.whatsapp.types import WhatsAppMessage

P = Permission


@strawberry.type
class Query:
    node: Node | None = strawberry.field(resolver=node, extensions=requires(PUBLIC))
    me: StaffUser | None = strawberry.field(resolver=auth.me, extensions=requires(PUBLIC))
    departments: Connection[Department] = strawberry.field(
        resolver=department_queries.departments, extensions=requires(P.READ_PUBLIC)
    )
    categories: Connection[Category] = strawberry.field(
        resolver=department_queries.categories, extensions=requires(P.READ_PUBLIC)
    )
    tickets: Connection[Ticket] = strawberry.field(
        resolver=ticket_queries.tickets, extensions=requires(P.READ_TICKETS)
    )
    ticket_counts: list[TicketStatusCount] = strawberry.field(
        resolver=ticket_counts, extensions=requires(P.READ_TICKETS),
        description=(
            "Every status with how many of the tickets you may read match `filter`, in lifecycle "
            "order; the filter's own `status` list is ignored (one statement, a GROUP BY)."
        ),
    )
    department_stats: list[DepartmentStats] = strawberry.field(
        resolver=department_stats, extensions=requires(P.VIEW_DASHBOARDS),
        description=(
            "Each active department's received, resolved, pending and overdue tickets, most resolved "
            "first. Counts across the whole municipality for every dashboard reader, a department's "
            "manager included: numbers only, no ticket of another department."
        ),
    )
    saved_views: list[SavedView] = strawberry.field(
        resolver=saved_views, extensions=requires(P.USE_CONSOLE),
        description="Your own saved views, by name.",
    )
    track_request: TrackedRequest | None = strawberry.field(
        resolver=ticket_queries.track_request, extensions=requires(P.READ_PUBLIC),
        description="Public: a request by reference and secret; null when either is wrong.",
    )
    api_keys: Connection[ApiKey] = strawberry.field(
        resolver=admin_queries.api_keys, extensions=requires(P.MANAGE_API_KEYS)
    )
    staff_users: Connection[StaffUser] = strawberry.field(
        resolver=admin_queries.staff_users, extensions=requires(P.MANAGE_USERS)
    )
    assignable_staff: list[StaffUser] = strawberry.field(
        resolver=assignable_staff, extensions=requires(P.ASSIGN),
        description="Who may be given a ticket of the department: its active agents and managers.",
    )
    audit_log: Connection[AuditEntry] = strawberry.field(
        resolver=audit_queries.audit_log, extensions=requires(P.READ_AUDIT_LOG)
    )
    message_templates: list[Template] = strawberry.field(
        resolver=notification_queries.message_templates, extensions=requires(P.MANAGE_TEMPLATES),
        description="Every kind of message in every language: the administrators' wording or the built-in one.",
    )
    webhook_endpoints: list[WebhookEndpoint] = strawberry.field(
        resolver=webhook_endpoints, extensions=requires(P.MANAGE_WEBHOOKS),
        description="Every registered webhook endpoint, oldest first.",
    )


def _mutation(resolver: Any, permission: Permission | None) -> Any:
    return strawberry.mutation(resolver=resolver, extensions=requires(permission))


@strawberry.type
class Mutation:
    login: auth.LoginPayload = _mutation(auth.login, PUBLIC)
    logout: auth.LogoutPayload = _mutation(auth.logout, PUBLIC)
    logout_everywhere: auth.LogoutPayload = _mutation(auth.logout_everywhere, PUBLIC)
    submit_request: SubmitRequestPayload = _mutation(submit_request, P.SUBMIT_REQUEST)
    reopen_request: ReopenRequestPayload = _mutation(reopen_request, P.SUBMIT_REQUEST)
    add_request_information: attachments.AddRequestInformationPayload = _mutation(
        attachments.add_request_information, P.SUBMIT_REQUEST
    )
    add_attachment: attachments.AddAttachmentPayload = _mutation(attachments.add_attachment, P.NOTE)
    answer_satisfaction: AnswerSatisfactionPayload = _mutation(answer_satisfaction, P.SUBMIT_REQUEST)
    create_ticket: CreateTicketPayload = _mutation(create_ticket_mutation, P.CREATE_TICKETS)
    route_ticket: payloads.RouteTicketPayload = _mutation(workflow.route_ticket_mutation, P.ROUTE)
    assign_ticket: payloads.AssignTicketPayload = _mutation(workflow.assign_ticket_mutation, P.ASSIGN)
    change_ticket_status: payloads.ChangeTicketStatusPayload = _mutation(
        workflow.change_ticket_status_mutation, P.CHANGE_STATUS
    )
    reopen_ticket: payloads.ReopenTicketPayload = _mutation(workflow.reopen_ticket_mutation, P.REOPEN)
    merge_tickets: payloads.MergeTicketsPayload = _mutation(workflow.merge_tickets_mutation, P.MERGE)
    add_internal_note: payloads.AddInternalNotePayload = _mutation(comments.add_internal_note_mutation, P.NOTE)
    reply_to_citizen: payloads.ReplyToCitizenPayload = _mutation(comments.reply_to_citizen_mutation, P.REPLY)
    reveal_contact: RevealContactPayload = _mutation(reveal_contact, P.REVEAL_CONTACT)
    create_api_key: admin.CreateApiKeyPayload = _mutation(admin.create_api_key, P.MANAGE_API_KEYS)
    revoke_api_key: admin.RevokeApiKeyPayload = _mutation(admin.revoke_api_key, P.MANAGE_API_KEYS)
    create_staff_user: admin.StaffUserPayload = _mutation(admin.create_staff_user, P.MANAGE_USERS)
    update_staff_user: admin.StaffUserPayload = _mutation(admin.update_staff_user, P.MANAGE_USERS)
    reset_staff_password: password_reset.ResetStaffPasswordPayload = _mutation(
        password_reset.reset_staff_password, P.MANAGE_USERS
    )
    create_department: department_admin.DepartmentPayload = _mutation(
        department_admin.create_department, P.MANAGE_CATEGORIES
    )
    update_department: department_admin.DepartmentPayload = _mutation(
        department_admin.update_department, P.MANAGE_CATEGORIES
    )
    create_category: department_admin.CategoryPayload = _mutation(department_admin.create_category, P.MANAGE_CATEGORIES)
    update_category: department_admin.CategoryPayload = _mutation(department_admin.update_category, P.MANAGE_CATEGORIES)
    save_view: views.SaveViewPayload = _mutation(views.save_view, P.USE_CONSOLE)
    delete_view: views.DeleteViewPayload = _mutation(views.delete_view, P.USE_CONSOLE)
    update_message_template: templates.MessageTemplatePayload = _mutation(
        templates.update_message_template, P.MANAGE_TEMPLATES
    )
    reset_message_template: templates.MessageTemplatePayload = _mutation(
        templates.reset_message_template, P.MANAGE_TEMPLATES
    )
    # Like creating a ticket (it makes one), and only for whoever may change the source ticket.
    split_whatsapp_message: whatsapp.SplitWhatsAppMessagePayload = strawberry.mutation(
        resolver=whatsapp.split_whatsapp_message, name="splitWhatsAppMessage", extensions=requires(P.CREATE_TICKETS),
    )
    create_webhook_endpoint: webhooks.CreateWebhookEndpointPayload = _mutation(
        webhooks.create_webhook_endpoint, P.MANAGE_WEBHOOKS
    )
    update_webhook_endpoint: webhooks.UpdateWebhookEndpointPayload = _mutation(
        webhooks.update_webhook_endpoint, P.MANAGE_WEBHOOKS
    )
    rotate_webhook_secret: webhooks.RotateWebhookSecretPayload = _mutation(
        webhooks.rotate_webhook_secret, P.MANAGE_WEBHOOKS
    )
    resend_webhook_delivery: webhooks.ResendWebhookDeliveryPayload = _mutation(
        webhooks.resend_webhook_delivery, P.MANAGE_WEBHOOKS
    )


@strawberry.type
class Subscription:
    ticket_events: AsyncGenerator[TicketEventMessage, None] = strawberry.subscription(
        resolver=live.ticket_events, extensions=requires(P.SUBSCRIBE)
    )
    request_status: AsyncGenerator[TrackedRequest, None] = strawberry.subscription(
        resolver=live.request_status, extensions=requires(P.READ_PUBLIC)
    )
    live_stats: AsyncGenerator[LiveStats, None] = strawberry.subscription(
        resolver=live.live_stats, extensions=requires(P.READ_PUBLIC)
    )
    ticket_viewers: AsyncGenerator[TicketViewers, None] = strawberry.subscription(
        resolver=ticket_viewers, extensions=requires(P.USE_CONSOLE),
        description=(
            "Who has the ticket open in the console, you included: now, and whenever someone opens "
            "or leaves it, in any server process. Subscribing marks you as viewing it until you "
            "unsubscribe or disconnect. A ticket you may not read is refused like a missing one (NOT_FOUND)."
        ),
    )


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_cost: int = 1000
    max_fields: int = 2000
    max_length: int = 100_000
    validation_ms: int = 500
    mask_errors: bool = False
    guard_introspection: bool = False
    compiled_reads: bool = True


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Clients' mistakes are answered, not logged: a line each would let anyone fill the log.
        for error in errors:
            code_refused_operation(error)  # before masking, which spares what has a code
        super().process_errors([e for e in errors if not is_clients(e)], execution_context)

    async def execute(self, query: str | None, **options: Any) -> ExecutionResult:  # type: ignore[override]
        # Strawberry's HTTP view allows subscriptions (for a streaming transport that is off
        # here) and would run one as a query, failing as a fault of ours. Refused instead: a 400.
        given: Iterable[OperationType] | None = options.pop("allowed_operation_types", None)
        allowed = set(DEFAULT_ALLOWED_OPERATION_TYPES if given is None else given) - {OperationType.SUBSCRIPTION}
        return await super().execute(query, allowed_operation_types=allowed, **options)


def create_schema(limits: Limits = Limits()) -> strawberry.Schema:
    documents = DocumentLimits(
        max_length=limits.max_length, max_tokens=limits.max_tokens, max_depth=limits.max_depth,
        max_aliases=limits.max_aliases, max_fields=limits.max_fields, time_budget_ms=limits.validation_ms,
        hide_suggestions=limits.mask_errors,
    )
    cache = DocumentCache(documents.cache_bytes)

    reads: tuple[type, ...] = (AnsweredInSql,) if limits.compiled_reads else ()

    class Execution(ReleasedWhenDone, *reads, CodedVariableErrors, SharedResultExecutionContext):  # type: ignore[misc]
        hide_suggestions_always = limits.mask_errors

    extensions: list[Any] = [
        lambda: Gatekeeper(max_cost=limits.max_cost, guard_introspection=limits.guard_introspection, documents=cache),
        UnitOfWork,
        lambda: DocumentGuard(documents, cache),
    ]
    if limits.mask_errors:
        extensions.append(lambda: MaskErrors(should_mask_error=lambda e: not is_clients(e)))
    built = _Schema(
        query=Query, mutation=Mutation, subscription=Subscription,
        types=[TicketEvent, AuditEntry, ApiKey, Attachment, PublicAttachment, WhatsAppMessage], extensions=extensions,
        execution_context_class=Execution, config=StrawberryConfig(scalar_map={Upload: UPLOAD_SCALAR}),
    )
    input_plans.install(built)
    return built


schema = create_schema()

__all__ = ["Limits", "SchemaExtension", "create_schema", "schema"]
