"""Multipart requests as a browser sends them (the GraphQL multipart request spec)."""

import json
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient

File = tuple[str, bytes, str]  # name, content, declared type


async def post_files(
    client: GraphQLClient, query: str, variables: dict[str, Any], files: dict[str, File],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """`files` maps a variable path ("input.attachments.0") to a file; its place in `variables`
    must hold null, as the spec has it."""
    names = {str(i): path for i, path in enumerate(files)}
    form = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps({name: [f"variables.{path}"] for name, path in names.items()}),
    }
    parts = [(name, files[path]) for name, path in names.items()]
    return await client.http.post("/graphql", data=form, files=parts, headers={**client.headers(), **(headers or {})})


async def upload(client: GraphQLClient, query: str, variables: dict[str, Any], files: dict[str, File]) -> dict[str, Any]:
    response = await post_files(client, query, variables, files)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def photos(*contents: bytes, name: str = "photo.jpg", type_: str = "image/jpeg") -> dict[str, File]:
    return {f"input.attachments.{i}": (name, content, type_) for i, content in enumerate(contents)}


async def attachment_rows(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM attachments ORDER BY id"))
        return [dict(row._mapping) for row in rows]


async def table_count(engine: AsyncEngine, table: str) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
