"""Domain errors the services raise; the API and the pages turn them into one error shape."""

from __future__ import annotations

from typing import Any


class Conflict(Exception):
    """The request is well formed but clashes with what is stored (HTTP 409)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(Exception):
    """Nothing by that name in this tenant, or not visible to the caller (HTTP 404)."""


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Marshmallow's nested error messages as (field.path, reason) pairs, in order."""
    if isinstance(messages, dict):
        out: list[tuple[str, str]] = []
        for key, value in messages.items():
            name = "" if key == "_schema" else str(key)
            out.extend(flatten_messages(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(prefix, m) for m in messages]
    if isinstance(messages, list):
        return [pair for item in messages for pair in flatten_messages(item, prefix)]
    return [(prefix, str(messages))]
