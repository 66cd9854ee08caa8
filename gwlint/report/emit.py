"""Writing a report out: stdout, each ``--output FORMAT=PATH``, the CI job summary.

One run can print text to the log and write SARIF and JUnit files; when the
GitHub format is among them and ``GITHUB_STEP_SUMMARY`` is set, its Markdown
job summary is appended there too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TextIO

from gwlint.errors import UsageError
from gwlint.findings import Report
from gwlint.report import FORMATS
from gwlint.rule import RuleMeta


def _write(stream: TextIO, text: str) -> None:
    """Write ``text``; what the stream's encoding cannot hold (a ✓ on a Latin-1
    terminal) is replaced, never a traceback."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, errors="replace").decode(encoding))


def emit(
    report: Report,
    chosen: str,
    outputs: Sequence[tuple[str, str]],
    *,
    stdout: TextIO,
    warn: Callable[[str], None],
    quiet: bool = False,
    rules: Sequence[RuleMeta] | None = None,
) -> None:
    """Render ``report`` in every requested format; UsageError when a file cannot be written."""
    _write(stdout, FORMATS[chosen](report, stream=stdout, quiet=quiet, rules=rules))
    for name, path in outputs:
        try:
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(FORMATS[name](report, stream=None, quiet=quiet, rules=rules))
        except OSError as exc:
            raise UsageError(f"--output {name}={path}: cannot write: {exc.strerror}") from None
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_path:
        return
    for name in dict.fromkeys([chosen, *(name for name, _ in outputs)]):
        summary = FORMATS[name].job_summary
        if summary is None:
            continue
        try:
            with open(summary_path, "a", encoding="utf-8") as stream:
                stream.write(summary(report) + "\n")
        except OSError as exc:
            warn(f"cannot write the job summary to {summary_path}: {exc.strerror}")
