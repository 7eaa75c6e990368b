"""Relay global IDs: opaque to clients, `Type:pk` inside."""

import base64
import binascii

import strawberry
from graphql import GraphQLError

from cozum.kit.errors import DomainError, GraphQLErrorCode, UserErrorCode


class InvalidGlobalId(ValueError):
    pass


# Most tables key their rows with INTEGER; a larger pk could name no row, and would fail in
# SQL (as an untyped database error) rather than find nothing. These types use BIGINT.
_BIGINT_KEYED = frozenset({"TicketEvent", "AuditEntry"})


def _max_pk(type_name: str) -> int:
    return 2**63 - 1 if type_name in _BIGINT_KEYED else 2**31 - 1


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    raw = f"{type_name}:{pk}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def from_global_id(global_id: str) -> tuple[str, int]:
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        value = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidGlobalId(global_id) from exc
    if not type_name or not 0 < value <= _max_pk(type_name):
        raise InvalidGlobalId(global_id)
    return type_name, value


def decode_id(global_id: str, expected: str, field: list[str]) -> int:
    """The primary key behind an input ID, or a `userErrors` entry naming the field."""
    try:
        type_name, pk = from_global_id(global_id)
    except InvalidGlobalId:
        type_name, pk = "", 0
    if type_name != expected:
        raise DomainError(UserErrorCode.INVALID_ID, f"Not a {expected} ID.", field)
    return pk


def decode_id_arg(global_id: str, expected: str | None = None) -> tuple[str, int]:
    """The same for query arguments, where a bad ID is a top-level error."""
    try:
        type_name, pk = from_global_id(global_id)
    except InvalidGlobalId:
        raise GraphQLError(
            "Malformed ID.", extensions={"code": GraphQLErrorCode.INVALID_ID.value}
        ) from None
    if expected is not None and type_name != expected:
        raise GraphQLError(
            f"Not a {expected} ID.", extensions={"code": GraphQLErrorCode.INVALID_ID.value}
        )
    return type_name, pk


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID
