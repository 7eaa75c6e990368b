"""The text of a graphql-transport-ws `next` message, built from pieces encoded once."""

import json

NEXT_END = "}}"


def encode(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def next_prefix(operation_id: str) -> str:
    """Everything before the data: per operation, so computed when it subscribes."""
    return '{"id":' + encode(operation_id) + ',"type":"next","payload":{"data":'


def next_frame(prefix: str, data: str, rest: str = "") -> str:
    """`rest` is the payload's other members (errors, extensions), already encoded, without braces."""
    return prefix + data + ("," + rest if rest else "") + NEXT_END
