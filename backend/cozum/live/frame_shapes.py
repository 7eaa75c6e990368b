"""What a client's WebSocket message must look like, per protocol, before a handler reads it.

Strawberry's handlers index into messages as if they were well formed; a list, a string
or a `subscribe` without a payload would raise inside them and drop the connection with
no close code. Checked here first, a malformed message closes the socket with 4400.
"""

from typing import Any

_OPERATION = (("query", str), ("operationName", str), ("variables", dict), ("extensions", dict))


def _payload_problem(payload: object) -> str | None:
    if not isinstance(payload, dict):
        return "The payload must be an object."
    if not isinstance(payload.get("query"), str):
        return "The payload's query must be a string."
    for name, kind in _OPERATION[1:]:
        if payload.get(name) is not None and not isinstance(payload[name], kind):
            return f"The payload's {name} must be a {kind.__name__} or null."
    return None


def _id_problem(message: dict[str, Any]) -> str | None:
    identifier = message.get("id")
    return None if isinstance(identifier, str) and identifier else "The message needs a non-empty string id."


def _optional_object(message: dict[str, Any]) -> str | None:
    payload = message.get("payload")
    return None if payload is None or isinstance(payload, dict) else "The payload must be an object."


def _operation(message: dict[str, Any]) -> str | None:
    return _id_problem(message) or _payload_problem(message.get("payload"))


_TRANSPORT_WS = {
    "connection_init": _optional_object, "ping": _optional_object, "pong": _optional_object,
    "subscribe": _operation, "complete": _id_problem,
}
_LEGACY_WS = {
    "connection_init": _optional_object, "connection_terminate": lambda _: None,
    "start": _operation, "stop": _id_problem,
}


def _problem(message: object, checks: dict[str, Any]) -> str | None:
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return "A message must be a JSON object with a string type."
    check = checks.get(message["type"])
    if check is None:
        return "Unknown message type."
    problem: str | None = check(message)
    return problem


def transport_ws_problem(message: object) -> str | None:
    return _problem(message, _TRANSPORT_WS)


def legacy_ws_problem(message: object) -> str | None:
    return _problem(message, _LEGACY_WS)
