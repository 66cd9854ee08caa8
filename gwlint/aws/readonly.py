"""Read-only enforcement: refuse any AWS operation that could change something.

:func:`install` registers a botocore ``before-parameter-build`` handler on a
client. It runs before parameters are validated or serialised, let alone
sent, and raises :class:`ReadOnlyViolation` for any operation whose name does
not start with ``Get``, ``List`` or ``Describe``. Every client the facts
facade creates carries it, so no rule (built-in or third-party) can create,
update or delete a resource through gwlint, whatever it asks for.
"""

from __future__ import annotations

from typing import Any

READ_PREFIXES = ("Get", "List", "Describe")


class ReadOnlyViolation(Exception):
    """An operation that is not Get/List/Describe was attempted in live mode."""

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            f"gwlint is read-only: refused {service} {operation} "
            f"(only {', '.join(READ_PREFIXES)} operations are allowed)"
        )
        self.service = service
        self.operation = operation


def is_read_only(operation: str) -> bool:
    """True for an operation name (PascalCase) gwlint may call."""
    return operation.startswith(READ_PREFIXES)


def _refuse_writes(model: Any = None, **kwargs: Any) -> None:
    name = getattr(model, "name", "") or ""
    if not is_read_only(name):
        service = getattr(getattr(model, "service_model", None), "service_name", "?")
        raise ReadOnlyViolation(str(service), str(name))


def install(client: Any) -> Any:
    """Make ``client`` refuse every non-read operation; returns the client."""
    client.meta.events.register("before-parameter-build", _refuse_writes, unique_id="gwlint-ro")
    return client


__all__ = ["READ_PREFIXES", "ReadOnlyViolation", "install", "is_read_only"]
