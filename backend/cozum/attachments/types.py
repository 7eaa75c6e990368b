"""Attachments in the API: staff see every one of a ticket they may read, citizens the public ones."""

from datetime import datetime

import strawberry

from cozum.attachments import models
from cozum.attachments.models import AttachmentKind
from cozum.attachments.storage import storage_for
from cozum.context import Info
from cozum.kit.relay import Node, to_global_id

# How long a signed URL opens its file: a page kept open past it asks again (a live event or a
# reload re-renders with fresh URLs). Short enough that a copied link soon stops working.
URL_SECONDS = 3600


def _url(info: Info, key: str | None) -> str | None:
    return storage_for(info.context.settings).url(key, URL_SECONDS) if key else None


@strawberry.type
class _StoredFile:
    """The links of a stored file and its preview, for staff and citizens alike."""

    storage_key: strawberry.Private[str]
    thumbnail_key: strawberry.Private[str | None]

    @strawberry.field(description="Signed; opens the file for about an hour.")  # type: ignore[untyped-decorator]
    def url(self, info: Info) -> str:
        url = _url(info, self.storage_key)
        assert url is not None
        return url

    @strawberry.field(description="Signed; a JPEG of at most 480 px. Photos have one; other files none.")  # type: ignore[untyped-decorator]
    def thumbnail_url(self, info: Info) -> str | None:
        return _url(info, self.thumbnail_key)


@strawberry.type(description="A photo, video, PDF document or audio file of a ticket, as staff see it.")
class Attachment(Node, _StoredFile):
    kind: AttachmentKind
    content_type: str = strawberry.field(
        description="As checked: image/jpeg, image/png, image/webp, video/mp4, application/pdf or an audio type."
    )
    byte_size: int = strawberry.field(description="Of the stored copy (a photo's or video's carries no metadata).")
    width: int | None
    height: int | None
    public: bool = strawberry.field(description="Whether the citizen sees it on the tracking page.")
    latitude: float | None = strawberry.field(description="Where the camera said it was (EXIF GPS), if it did.")
    longitude: float | None
    added_by: str = strawberry.field(description="Staff name, or citizen.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Attachment) -> "Attachment":
        assert row.id is not None
        return cls(
            id=to_global_id("Attachment", row.id), kind=row.kind, content_type=row.content_type,
            byte_size=row.byte_size, width=row.width, height=row.height, public=row.public,
            latitude=row.latitude, longitude=row.longitude, added_by=row.actor_label, created_at=row.created_at,
            storage_key=row.storage_key, thumbnail_key=row.thumbnail_key,
        )


@strawberry.type(description="A file on the tracking page: the citizen's own, or one staff shared.")
class PublicAttachment(_StoredFile):
    kind: AttachmentKind
    content_type: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Attachment) -> "PublicAttachment":
        return cls(
            kind=row.kind, content_type=row.content_type, created_at=row.created_at,
            storage_key=row.storage_key, thumbnail_key=row.thumbnail_key,
        )
