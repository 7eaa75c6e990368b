from enum import Enum

import strawberry


@strawberry.enum(description="Where a ticket stands; see `statusLabel` for the citizen's wording.")
class TicketStatus(Enum):
    NEW = "NEW"
    ROUTED = "ROUTED"
    IN_PROGRESS = "IN_PROGRESS"
    SCHEDULED = "SCHEDULED"
    ON_HOLD = "ON_HOLD"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    FORWARDED = "FORWARDED"
    DUPLICATE = "DUPLICATE"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset(
    {TicketStatus.RESOLVED, TicketStatus.REJECTED, TicketStatus.FORWARDED, TicketStatus.DUPLICATE}
)
OPEN_STATUSES = frozenset(TicketStatus) - CLOSED_STATUSES

STATUS_LABELS: dict[TicketStatus, tuple[str, str]] = {
    TicketStatus.NEW: ("Alındı", "Received"),
    TicketStatus.ROUTED: ("İlgili birime iletildi", "Sent to the department"),
    TicketStatus.IN_PROGRESS: ("İnceleniyor", "Under review"),
    TicketStatus.SCHEDULED: ("Çalışma planlandı", "Work scheduled"),
    TicketStatus.ON_HOLD: ("Beklemede", "On hold"),
    TicketStatus.RESOLVED: ("Sonuçlandı", "Resolved"),
    TicketStatus.REJECTED: ("İşlem yapılamadı", "Could not be done"),
    TicketStatus.FORWARDED: ("Başka kuruma yönlendirildi", "Forwarded to another institution"),
    TicketStatus.DUPLICATE: ("Mükerrer", "Duplicate"),
}


@strawberry.enum(description="How the request reached the municipality.")
class IntakeChannel(Enum):
    WHATSAPP = "WHATSAPP"
    PHONE = "PHONE"
    PETITION = "PETITION"
    EMAIL = "EMAIL"
    IN_PERSON = "IN_PERSON"
    SOCIAL_MEDIA = "SOCIAL_MEDIA"
    WEB = "WEB"
    OPEN311 = "OPEN311"
    API = "API"
    CIMER = "CIMER"


@strawberry.enum(description="How the citizen wants to hear back.")
class ReplyChannel(Enum):
    WHATSAPP = "WHATSAPP"
    SMS = "SMS"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    LETTER = "LETTER"
    NONE = "NONE"


@strawberry.enum(description="What kind of request this is; INFORMATION runs on Law 4982's clock.")
class RequestType(Enum):
    COMPLAINT = "COMPLAINT"
    REQUEST = "REQUEST"
    SUGGESTION = "SUGGESTION"
    REPORT = "REPORT"
    INFORMATION = "INFORMATION"
    THANKS = "THANKS"


@strawberry.enum
class Priority(Enum):
    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"
    URGENT = "URGENT"


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


@strawberry.enum(description="What a timeline entry records.")
class TicketEventType(Enum):
    CREATED = "CREATED"
    ROUTED = "ROUTED"
    ASSIGNED = "ASSIGNED"
    STATUS_CHANGED = "STATUS_CHANGED"
    PUBLIC_REPLY = "PUBLIC_REPLY"
    INTERNAL_NOTE = "INTERNAL_NOTE"
    MERGED = "MERGED"
    REOPENED = "REOPENED"
    ATTACHMENT_ADDED = "ATTACHMENT_ADDED"
    NOTIFICATION_SENT = "NOTIFICATION_SENT"
    CONTACT_REVEALED = "CONTACT_REVEALED"
    CITIZEN_MESSAGE = "CITIZEN_MESSAGE"
    SATISFACTION_ANSWERED = "SATISFACTION_ANSWERED"
    NOTIFICATION_FAILED = "NOTIFICATION_FAILED"
    MESSAGE_SPLIT = "MESSAGE_SPLIT"  # staff moved a WhatsApp message to a ticket of its own


# Only these reach the citizen's timeline; internal notes and assignments never do.
PUBLIC_EVENT_TYPES = frozenset(
    {
        TicketEventType.CREATED,
        TicketEventType.ROUTED,
        TicketEventType.STATUS_CHANGED,
        TicketEventType.PUBLIC_REPLY,
        TicketEventType.MERGED,
        TicketEventType.REOPENED,
        TicketEventType.CITIZEN_MESSAGE,
    }
)
