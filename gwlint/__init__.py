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
    config: str | None = None,
    baseline: str | None = None,
) -> Report:
    """Lint config files and folders offline; see ``gwlint check``.

    ``config`` names a configuration file to apply (the API never searches
    for one); ``baseline`` a baseline file. Either raises
    ``gwlint.config.ConfigError`` / ``gwlint.baseline.BaselineError`` when
    it cannot be used.
    """
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import all_rules
    from gwlint.registry import select as select_rules
    from gwlint.sources import load_paths

    if config is None and baseline is None:
        rules = select_rules(all_rules(rules_dirs), select, ignore)
        loaded = load_paths(paths)
        report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
        jobs = (Job(item.deployment, item.document) for item in loaded.loaded)
        return run(rules, jobs, report)
    from gwlint.gate import lint_with_config

    return lint_with_config(
        paths, select=select, ignore=ignore, rules_dirs=rules_dirs, config=config, baseline=baseline
    )


__all__ = ["__version__", "lint"]
