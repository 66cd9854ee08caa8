"""The live facts facade rules read in ``--live`` mode.

Offline runs pass ``facts=None``; live rules receive an object implementing
this protocol (see ``gwlint.aws``), so a rule never creates a boto3 client.
"""

from __future__ import annotations

from typing import Any, Protocol


class Facts(Protocol):
    """Cached, read-only access to the AWS account for one run."""

    region: str | None

    def get(self, service: str, operation: str, **params: Any) -> Any:
        """Result of one read-only API call, fetched once per run."""
        ...
