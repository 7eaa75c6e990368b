"""Field-level permissions: every root field declares what it requires (or that it is public)."""

from typing import Any

from graphql import GraphQLError
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from cozum.auth.permissions import Permission
from cozum.kit.errors import GraphQLErrorCode


class Requires(BasePermission):
    """Passes when the caller holds `permission`; `None` marks a deliberately public field."""

    def __init__(self, permission: Permission | None) -> None:
        self.permission = permission

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        actor = info.context.actor
        if self.permission is None or actor.can(self.permission):
            return True
        # Raised here rather than through on_unauthorized: the message depends on the caller.
        if actor.is_authenticated:
            raise GraphQLError(
                f"Your role or key may not {self.permission.value}.",
                extensions={"code": GraphQLErrorCode.FORBIDDEN.value},
            )
        raise GraphQLError(
            "Sign in or use an API key to do this.",
            extensions={"code": GraphQLErrorCode.NOT_AUTHENTICATED.value},
        )


def requires(permission: Permission | None) -> list[FieldExtension]:
    return [PermissionExtension(permissions=[Requires(permission)], use_directives=False)]


PUBLIC = None


def declared_permission(field: Any) -> tuple[bool, Permission | None]:
    """(has a rule, the permission it requires) for a schema field; used by the access tests."""
    for extension in getattr(field, "extensions", None) or []:
        if isinstance(extension, PermissionExtension):
            for permission in extension.permissions:
                if isinstance(permission, Requires):
                    return True, permission.permission
    return False, None
