"""Values set at deploy time: a value type of their own, never judged.

A CloudFormation ``!Ref``, a Terraform ``var.x`` or ``${...}``, a CDK token, a
Python name or f-string that cannot be evaluated statically: the value exists
when the stack, module or script runs, not in the file. Readers put an
:class:`Unresolved` where such a value sits; rules treat it as present but
unknown, and the engine turns any finding located on one into a ``skip`` with
the reason (see :func:`gwlint.engine.run_job`), so a template that uses
references everywhere never fails a check on them.
"""

from __future__ import annotations

from typing import Any

#: The reason every skipped finding on an unresolved value gives.
DEPLOY_TIME = "set at deploy time"


class Unresolved:
    """A value known only at deploy time; ``text`` is how the user wrote it."""

    __slots__ = ("kind", "text")

    def __init__(self, text: str, kind: str = "reference") -> None:
        self.text = text
        self.kind = kind  # reference | interpolation | function | expression | name

    def __repr__(self) -> str:
        return f"Unresolved({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unresolved) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("Unresolved", self.text))


def is_unresolved(value: Any) -> bool:
    return isinstance(value, Unresolved)


def unresolved_at(data: Any, tokens: list[str]) -> Unresolved | None:
    """The unresolved value at or above the pointer ``tokens`` inside ``data``, if any.

    A finding about ``/gateway/authorizerConfiguration/customJWTAuthorizer`` is
    about a deploy-time value when ``authorizerConfiguration`` itself is one.
    """
    current = data
    for token in tokens:
        if isinstance(current, Unresolved):
            return current
        if isinstance(current, dict):
            if token not in current:
                return None
            current = current[token]
        elif isinstance(current, list):
            if not token.isdigit() or int(token) >= len(current):
                return None
            current = current[int(token)]
        else:
            return None
    return current if isinstance(current, Unresolved) else None


def contains_unresolved(value: Any) -> bool:
    """True when ``value`` is, or holds anywhere inside, an unresolved value."""
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, dict):
        return any(contains_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unresolved(v) for v in value)
    return False


__all__ = ["DEPLOY_TIME", "Unresolved", "contains_unresolved", "is_unresolved", "unresolved_at"]
