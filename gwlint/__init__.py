"""gwlint: preflight linter for Amazon Bedrock AgentCore Gateway deployments.

The Python API mirrors the CLI: ``gwlint.lint(paths, ...) -> Report``.
Importing this package stays cheap (no boto3, no requests): pre-commit runs
the offline path on every commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.findings import Report


def lint(
    paths: Sequence[str],
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules_dirs: Iterable[str] = (),
) -> Report:
    """Lint config files and folders offline; see ``gwlint check``."""
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import all_rules
    from gwlint.registry import select as select_rules
    from gwlint.sources import load_paths

    rules = select_rules(all_rules(rules_dirs), select, ignore)
    loaded = load_paths(paths)
    report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
    jobs = (Job(item.deployment, item.document) for item in loaded.loaded)
    return run(rules, jobs, report)


__all__ = ["__version__", "lint"]
