"""The live facts facade rules read in ``--live`` mode.

Offline runs pass ``facts=None``; live rules receive an object implementing
this protocol (``gwlint.aws.facts.AwsFacts``), so a rule never creates a boto3
client, never paginates by hand and never fetches the same resource twice.

Failures surface as the exceptions below (importable without boto3):
``AccessDenied`` names the IAM action that was refused, ``NotFound`` says the
resource does not exist, ``Unavailable`` covers throttling after retries,
timeouts and unreachable endpoints. Rules turn them into ``error`` (access,
unavailable) or ``fail`` (required resource not found) findings.
"""

from __future__ import annotations

from typing import Any, Protocol


class LiveError(Exception):
    """A live call could not give an answer."""

    def __init__(self, message: str, *, action: str = "", resource: str = "") -> None:
        super().__init__(message)
        self.action = action  # e.g. "cognito-idp:DescribeUserPoolClient"
        self.resource = resource


class AccessDenied(LiveError):
    """The caller lacks ``action``; the check is reported as ``error``."""


class NotFound(LiveError):
    """The resource does not exist (ResourceNotFoundException and kin)."""


class Unavailable(LiveError):
    """Throttled after retries, timed out, unreachable, or another service fault."""


class Facts(Protocol):
    """Cached, read-only access to the AWS account for one run."""

    region: str | None

    def call(
        self, service: str, operation: str, *, region: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Result of one read-only call (``operation`` in snake_case), memoised per run."""
        ...

    def paginate(
        self,
        service: str,
        operation: str,
        result_key: str,
        *,
        region: str | None = None,
        **params: Any,
    ) -> list[Any]:
        """All items of a paginated list call, memoised per run."""
        ...


def prefetch(facts: Facts | None, calls: list[tuple[Any, ...]]) -> None:
    """Warm ``facts`` with independent reads, concurrently when it can.

    Each item is ``(service, operation, params)`` or ``(service, operation,
    params, region)`` (``params`` a dict); failures are not raised here but
    stored, so the rule that reads the same call later meets them. A facade
    without a ``prefetch`` method (a test double) is simply left cold.
    """
    runner = getattr(facts, "prefetch", None)
    if callable(runner):
        runner(calls)
