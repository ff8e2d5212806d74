"""Domain errors the services raise; the API and the pages turn them into one error shape."""

from __future__ import annotations


class Conflict(Exception):
    """The request is well formed but clashes with what is stored (HTTP 409)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(Exception):
    """Nothing by that name in this tenant, or not visible to the caller (HTTP 404)."""
