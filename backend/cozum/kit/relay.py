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


# The longest ID the server writes ("AuditEntry:" and 19 digits) is 40 characters.
_MAX_LENGTH = 64


def _max_pk(type_name: str) -> int:
    return 2**63 - 1 if type_name in _BIGINT_KEYED else 2**31 - 1


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    raw = f"{type_name}:{pk}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def from_global_id(global_id: str) -> tuple[str, int]:
    """(type name, pk) of an ID written exactly as `to_global_id` writes it (padding aside).

    Anything else names no row: base64 decoders skip stray characters and data after the
    padding, and `int()` reads " 1", "1_0", "+1" and other scripts' digits.
    """
    unpadded = global_id.rstrip("=")
    if len(unpadded) > _MAX_LENGTH or len(global_id) - len(unpadded) > 2:
        raise InvalidGlobalId(global_id)
    try:
        raw = base64.urlsafe_b64decode((unpadded + "=" * (-len(unpadded) % 4)).encode())
        type_name, _, pk = raw.decode().partition(":")
        value = int(pk)
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise InvalidGlobalId(global_id) from exc
    if not type_name or not 0 < value <= _max_pk(type_name) or to_global_id(type_name, value) != unpadded:
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
