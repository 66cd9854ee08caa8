"""A facts facade that refuses the reads a rule did not declare.

What a live rule reads is declared once, in ``@rule(reads=...)``; the IAM
policy gwlint prints and the live source's prefetch follow from it. A rule
that calls something it did not declare would make both wrong (AccessDenied
under the printed policy, a read the prefetch never warmed), so the test suite
runs every live rule through :class:`DeclaredReads`, which raises
:class:`UndeclaredRead` instead of answering. No boto3 here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from gwlint.reads import kind_of

__all__ = ["DeclaredReads", "UndeclaredRead"]


class UndeclaredRead(AssertionError):
    """A rule read what its ``@rule(reads=...)`` does not name (a rule bug)."""


class DeclaredReads:
    """Wraps a facts facade for one rule: reads outside ``kinds`` raise UndeclaredRead."""

    def __init__(
        self, facts: Any, rule_id: str, kinds: Iterable[str], seen: list[str] | None = None
    ) -> None:
        self._facts = facts
        self._rule_id = rule_id
        self._kinds = frozenset(kinds)
        #: Every refusal, also kept here (the engine turns the exception into an error finding).
        self.refused: list[str] = seen if seen is not None else []

    def _check(self, service: str, operation: str) -> None:
        kind = kind_of(service, operation)
        if kind is None or kind.name not in self._kinds:
            named = kind.name if kind is not None else "not a known read kind"
            message = (
                f"rule {self._rule_id} calls {service}.{operation} ({named}) "
                f"but declares reads={sorted(self._kinds)}"
            )
            self.refused.append(message)
            raise UndeclaredRead(message)

    def call(self, service: str, operation: str, **kwargs: Any) -> Any:
        self._check(service, operation)
        return self._facts.call(service, operation, **kwargs)

    def paginate(self, service: str, operation: str, result_key: str, **kwargs: Any) -> Any:
        self._check(service, operation)
        return self._facts.paginate(service, operation, result_key, **kwargs)

    def prefetch(self, calls: Iterable[Sequence[Any]]) -> Any:
        items = list(calls)
        for item in items:
            self._check(str(item[0]), str(item[1]))
        runner = getattr(self._facts, "prefetch", None)
        return runner(items) if callable(runner) else None

    def __getattr__(self, name: str) -> Any:  # region, account_id, secrets…
        return getattr(self._facts, name)
