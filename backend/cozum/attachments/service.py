"""Attaching checked files to a ticket, inside the caller's transaction.

The order keeps a refusal free of traces: every file is checked and re-encoded first (checks.py,
before any row is written), then written to storage, then recorded, one event per file.
"""

import logging
from collections.abc import Sequence
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.attachments.checks import MAX_PHOTOS, CheckedFile, check_file, check_files
from cozum.attachments.models import Attachment, AttachmentKind
from cozum.attachments.storage import Storage, new_key, storage_for, thumbnail_key
from cozum.auth.actor import Actor
from cozum.config import Settings
from cozum.context import on_rollback
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.geo import Bounds
from cozum.tickets import events
from cozum.tickets.intake import Created, NewTicket, create_ticket
from cozum.tickets.models import ACTOR_LABEL_MAX, Ticket

logger = logging.getLogger(__name__)
# Per request from the citizen, over every addition; documents and sound come only by WhatsApp.
CITIZEN_BUDGET = {AttachmentKind.PHOTO: MAX_PHOTOS, AttachmentKind.VIDEO: 1, AttachmentKind.DOCUMENT: 5,
                  AttachmentKind.AUDIO: 10}


async def prepare(uploads: Sequence[object] | None, settings: Settings, field: list[str]) -> list[CheckedFile]:
    """A request's files, checked and cleaned, or a DomainError naming the first one refused.
    No database: the caller runs this before its transaction, so no connection waits on Pillow."""
    return await check_files(list(uploads or ()), settings, field)


async def prepare_one(upload: object, settings: Settings, field: list[str]) -> CheckedFile:
    return await check_file(upload, settings, field)


async def _delete(storage: Storage, keys: Sequence[str]) -> None:
    for key in keys:
        try:
            await storage.delete(key)
        except Exception:
            logger.exception("Could not delete %s, written for a change that was not kept", key)


async def _write(storage: Storage, files: Sequence[CheckedFile]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Each file's key and its thumbnail's, and all keys written; on a failure, what was written
    is deleted again."""
    written: list[str] = []
    keys: list[tuple[str, str | None]] = []
    try:
        for file in files:
            key = new_key(file.extension)
            await storage.put(key, file.data, file.content_type)
            written.append(key)
            thumb = thumbnail_key(key) if file.thumbnail is not None else None
            if thumb is not None and file.thumbnail is not None:
                await storage.put(thumb, file.thumbnail, "image/jpeg")
                written.append(thumb)
            keys.append((key, thumb))
    except BaseException:
        await _delete(storage, written)
        raise
    return keys, written


async def check_citizen_budget(session: AsyncSession, ticket_id: int, files: Sequence[CheckedFile]) -> None:
    """What a citizen may attach to one request in all, however many times they add to it
    (CITIZEN_BUDGET; staff additions do not count). The caller holds the ticket's lock, so two
    additions at once cannot both count the rows from before either."""
    stmt = (
        select(col(Attachment.kind), func.count())
        .where(col(Attachment.ticket_id) == ticket_id, col(Attachment.actor_id).is_(None))
        .group_by(col(Attachment.kind))
    )
    had: dict[AttachmentKind, int] = {row[0]: row[1] for row in (await session.execute(stmt)).all()}
    for kind, most in CITIZEN_BUDGET.items():
        if had.get(kind, 0) + sum(f.kind is kind for f in files) > most:
            message = ("A request may carry at most 5 photos, one video, 5 documents and 10 voice messages "
                       "from you; this would be more.")
            raise DomainError(UserErrorCode.TOO_MANY_FILES, message, ["input", "attachments"])


def _location_from(files: Sequence[CheckedFile], area: Bounds | None) -> int | None:
    """The first photo whose GPS position lies in the municipality's area (anywhere without one)."""
    for index, file in enumerate(files):
        if file.latitude is None or file.longitude is None:
            continue
        if area is None or area.contains(file.latitude, file.longitude):
            return index
    return None


async def attach(
    session: AsyncSession, storage: Storage, ticket: Ticket, actor: Actor, files: Sequence[CheckedFile],
    *, public: bool = True, locate: bool = False, area: Bounds | None = None,
) -> list[Attachment]:
    """Store `files` on `ticket` and record an ATTACHMENT_ADDED event for each.

    With `locate` (a ticket being created), a ticket given no place at all (no point, address
    or neighbourhood) takes the first photo's GPS position inside `area`: the citizen took the
    photo where the problem is. Staff creating a ticket from a citizen's photo get the same, and
    the tracking page then shows that position as the request's location (what the citizen's
    photo said, if not what they typed). A position outside the area is ignored, not refused:
    the photo may have been taken elsewhere.

    The files are written before the transaction commits; should it not (the mutation's
    savepoint or the request's transaction rolls back, or the commit fails), the request's
    Context deletes them again (context.on_rollback).
    """
    if not files:
        return []
    assert ticket.id is not None
    unplaced = ticket.latitude is None and ticket.address is None and ticket.neighbourhood is None
    located = _location_from(files, area) if locate and unplaced else None
    if located is not None:
        ticket.latitude, ticket.longitude = files[located].latitude, files[located].longitude
    keys, written = await _write(storage, files)
    on_rollback(session, partial(_delete, storage, written))
    rows = [
        Attachment(
            ticket_id=ticket.id, kind=file.kind, content_type=file.content_type, byte_size=len(file.data),
            sha256=file.sha256, storage_key=key, thumbnail_key=thumb, width=file.width, height=file.height,
            public=public, latitude=file.latitude, longitude=file.longitude,
            actor_id=actor.user_id, actor_label=actor.label[:ACTOR_LABEL_MAX],
        )
        for file, (key, thumb) in zip(files, keys, strict=True)
    ]
    session.add_all(rows)
    await session.flush()
    for index, row in enumerate(rows):
        assert row.id is not None
        extra = {"usedAsLocation": True} if index == located else None
        events.attachment_added_event(session, ticket, actor, row.id, row.kind.value, public, extra)
    await session.flush()
    return rows


async def create_with_files(
    session: AsyncSession, actor: Actor, data: NewTicket, files: Sequence[CheckedFile], settings: Settings
) -> Created:
    """A new ticket (any channel) and the files that came with it, in one transaction."""
    created = await create_ticket(
        session, actor, data, prefix=settings.ticket_prefix, secret_key=settings.secret_key, area=settings.area,
        may_be_whole=not files,
    )
    if files and not created.replayed:  # a retry's files came with the first attempt already
        ticket = await created.row(session)
        await attach(session, storage_for(settings), ticket, actor, files, locate=True, area=settings.area)
    return created
