import strawberry

from cozum.contacts import models
from cozum.contacts.masking import mask_email, mask_phone
from cozum.kit.relay import Node, to_global_id
from cozum.tickets.enums import ReplyChannel


@strawberry.type(description="The citizen behind a ticket; phone and e-mail are masked (KVKK).")
class Contact(Node):
    name: str | None
    phone: str | None = strawberry.field(description="Masked, e.g. +90 532 *** ** 33.")
    email: str | None = strawberry.field(description="Masked, e.g. a***@example.org.")
    preferred_channel: ReplyChannel

    @classmethod
    def from_row(cls, row: models.Contact) -> "Contact":
        assert row.id is not None
        return cls(
            id=to_global_id("Contact", row.id), name=row.name, phone=mask_phone(row.phone), email=mask_email(row.email),
            preferred_channel=row.preferred_channel,
        )
