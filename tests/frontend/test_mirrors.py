"""The console keeps two small copies of server rules, to offer only what would succeed: the
lifecycle table and the role table. These tests keep the copies equal to the originals."""

import re
from pathlib import Path

from cozum.auth.models import StaffRole
from cozum.auth.permissions import ROLE_PERMISSIONS, Permission
from cozum.kit.mutations import input_path
from cozum.tickets.transitions import REQUIRED_FOR_STATUS, STATUS_TRANSITIONS

SRC = Path(__file__).resolve().parents[2] / "frontend" / "src"


def _words(text: str) -> list[str]:
    return re.findall(r'"(\w+)"', text)


def test_the_status_form_offers_exactly_the_servers_transitions() -> None:
    source = (SRC / "tickets" / "ticket-transitions.js").read_text(encoding="utf-8")
    closing = _words(re.search(r"const CLOSING = \[(.*?)\];", source, re.S).group(1))  # type: ignore[union-attr]
    table = re.search(r"const NEXT = \{(.*?)\};", source, re.S).group(1)  # type: ignore[union-attr]
    mirrored = {
        status: set(_words(targets)) | (set(closing) if "...CLOSING" in targets else set())
        for status, targets in re.findall(r"(\w+): \[(.*?)\]", table)
    }
    server = {status.value: {t.value for t in targets} for status, targets in STATUS_TRANSITIONS.items() if targets}
    assert mirrored == server
    required = dict(re.findall(r'(\w+): "(\w+)"', re.search(r"REQUIRED_FOR = .*?\(\{(.*?)\}\)", source, re.S).group(1)))  # type: ignore[union-attr]
    # The console names the input field; the server's table, the field of the change.
    assert required == {status.value: input_path([field])[-1] for status, field in REQUIRED_FOR_STATUS.items()}


# The console's abilities, and the server permission each one stands for.
ABILITY_PERMISSION = {
    "queue": Permission.READ_TICKETS, "create": Permission.CREATE_TICKETS, "route": Permission.ROUTE,
    "assign": Permission.ASSIGN, "status": Permission.CHANGE_STATUS, "reopen": Permission.REOPEN,
    "reply": Permission.REPLY, "note": Permission.NOTE, "merge": Permission.MERGE,
    "reveal": Permission.REVEAL_CONTACT, "dashboard": Permission.VIEW_DASHBOARDS, "admin": Permission.MANAGE_CATEGORIES,
    "templates": Permission.MANAGE_TEMPLATES,
}


def test_the_console_offers_each_role_what_the_server_grants() -> None:
    source = (SRC / "kit" / "roles.js").read_text(encoding="utf-8")
    groups = {name: set(_words(body)) for name, body in re.findall(r"const (\w+) = \[(.*?)\];", source, re.S)}
    abilities = {}
    for role, body in re.findall(r"^  (\w+): new Set\((.*?)\),$", source, re.M):
        found = set(_words(body))
        for group, members in groups.items():
            if f"...{group}" in body or body.strip() == group:
                found |= members
        abilities[role] = found
    assert set(abilities) == {r.value for r in StaffRole}
    for role in StaffRole:
        granted = {a for a, p in ABILITY_PERMISSION.items() if p in ROLE_PERMISSIONS[role]}
        assert abilities[role.value] == granted, role
