"""Files written for a change that is not kept are deleted again (context.on_rollback)."""

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.context import on_rollback
from cozum.kit.errors import DomainError, UserErrorCode
from tests.attachments import media
from tests.attachments.helpers import post_files, table_count
from tests.fixtures.context import context_for
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

TWO = """
mutation($a: SubmitRequestInput!, $b: AddAttachmentInput!) {
  a: submitRequest(input: $a) { reference userErrors { code } }
  b: addAttachment(input: $b) { userErrors { code } }
}
"""


def stored_files(settings: Settings) -> list[Path]:
    root = settings.data_dir / "files"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


async def test_when_a_later_mutation_fails_the_first_ones_files_are_deleted_with_its_rows(
    client: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    categories = await category_ids(client)
    variables = {
        "a": {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.", "attachments": [None]},
        "b": {"ticketId": "VGlja2V0OjE=", "file": None},  # staff only: a top-level error for a citizen
    }
    files = {"a.attachments.0": ("a.jpg", media.jpeg(), "image/jpeg"), "b.file": ("b.jpg", media.jpeg(), "image/jpeg")}
    body = (await post_files(client, TWO, variables, files)).json()
    assert [error["path"] for error in body["errors"]] == [["b"]], body  # the first ran, then the second failed
    assert (settings.data_dir / "files").is_dir()  # the first wrote its photo there…
    assert await table_count(engine, "tickets") == 0  # …then the whole request rolled back
    assert stored_files(settings) == []


async def test_a_refused_mutation_undoes_its_own_effects_and_only_those(engine: AsyncEngine, settings: Settings) -> None:
    context, undone = context_for(engine, settings), list[str]()

    async def undo(name: str) -> None:
        undone.append(name)

    async with context.write() as session:
        on_rollback(session, lambda: undo("kept mutation"))
    with pytest.raises(DomainError):
        async with context.write() as session:
            on_rollback(session, lambda: undo("refused mutation"))
            raise DomainError(UserErrorCode.INVALID, "no")
    assert undone == ["refused mutation"]
    await context.finish(commit=True)
    assert undone == ["refused mutation"]


async def test_a_request_that_is_rolled_back_undoes_everything(engine: AsyncEngine, settings: Settings) -> None:
    context, undone = context_for(engine, settings), list[str]()

    async def undo() -> None:
        undone.append("file")

    async with context.write() as session:
        on_rollback(session, undo)
    await context.finish(commit=False)
    assert undone == ["file"]


async def test_a_commit_that_fails_undoes_everything(engine: AsyncEngine, settings: Settings) -> None:
    context, undone = context_for(engine, settings), list[str]()

    async def undo() -> None:
        undone.append("file")

    async with context.write() as session:
        backend = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        on_rollback(session, undo)
    async with engine.connect() as other:  # the connection is lost before the commit
        await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    with pytest.raises(DBAPIError):
        await context.finish(commit=True)
    assert undone == ["file"]
