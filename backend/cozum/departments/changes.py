"""What an administrator changed, in words the read-only audit view can show as they are."""

import json
from enum import Enum
from typing import Any

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def snapshot(row: object, fields: dict[str, str]) -> Snapshot:
    """`fields` maps the GraphQL name (what the console calls the field) to the attribute."""
    return {shown: _plain(getattr(row, attribute)) for shown, attribute in fields.items()}


def changed(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    return {key: [before[key], after[key]] for key in after if before.get(key) != after[key]}


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def describe_created(values: Snapshot) -> str:
    """`code: "FEN"; nameTr: "Fen İşleri"; …`"""
    return "; ".join(f"{key}: {_text(value)}" for key, value in values.items())


def describe_changes(changes: dict[str, list[Any]]) -> str:
    """`nameTr: "Fen" → "Fen İşleri"; active: true → false`, or `no change`."""
    if not changes:
        return "no change"
    return "; ".join(f"{key}: {_text(old)} → {_text(new)}" for key, (old, new) in changes.items())
