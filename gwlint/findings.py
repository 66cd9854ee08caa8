"""Findings: one checklist line each, pass as well as fail."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # gwlint could not evaluate: never a pass
    SKIP = "skip"
    SUPPRESSED = "suppressed"  # a fail or error accepted by a suppression with a reason


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True)
class Suppression:
    """Why a finding is accepted: the reason and where the suppression is written."""

    kind: str  # "config" ([[tool.gwlint.suppress]]) or "inline" (a comment)
    reason: str
    location: str  # file:line:column of the suppression
    expires: str | None = None  # ISO date

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a finding sits in a notebook, as Jupyter and VS Code show it."""

    index: int  # in the notebook's ``cells`` list, from 0 (as in the pointer)
    id: str | None  # the cell's ``id`` (nbformat 4.5+)
    line: int  # 1-based, within the cell
    column: int  # 1-based character column within the cell


@dataclass(frozen=True, slots=True)  # slots: a run keeps every finding until its report
class Finding:
    rule_id: str
    rule_name: str
    status: Status
    severity: Severity
    message: str
    fix: str = ""
    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    resource: str | None = None
    #: The input's format ("json", "cloudformation", "terraform", "live"…).
    format: str | None = None
    #: The key the finding is located at, as the user wrote it (``AuthorizerType``
    #: in a template, ``authorizer_type`` in HCL); None at a document's top.
    key: str | None = None
    #: The notebook cell of a finding on a ``.ipynb`` file (``line``/``column``
    #: are those of the .ipynb JSON text); None elsewhere.
    cell: Cell | None = None
    #: What was checked (a file, or the deployed gateway's ARN): groups the text
    #: report. Not part of the JSON contract.
    source: str | None = field(default=None, compare=False)
    #: Set when ``status`` is ``suppressed``.
    suppression: Suppression | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["source"]
        if self.suppression is None:
            del data["suppression"]
        if self.cell is None:
            del data["cell"]
        data["status"] = self.status.value
        data["severity"] = self.severity.value
        return data

    def redacted(self, secrets: list[str]) -> Finding:
        """Copy with every secret value masked in the free-text fields."""
        if not secrets:
            return self
        return replace(
            self,
            message=redact(self.message, secrets),
            fix=redact(self.fix, secrets),
            resource=redact(self.resource, secrets) if self.resource else self.resource,
        )


MIN_SECRET = 6


def redact(text: str, secrets: list[str]) -> str:
    """Mask every whole occurrence of a secret value (a second line of defence:
    inputs are masked where the model is built, see :mod:`gwlint.masking`).

    Whole values only: a value shorter than MIN_SECRET is no real credential
    (Cognito secrets are 24-64 characters) and masking it, or fragments of a
    longer one, would garble unrelated text ("x" in "exists", a gateway id).
    """
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= MIN_SECRET:
            text = text.replace(secret, "****")
    return text


@dataclass(frozen=True)
class InputError:
    """gwlint could not read or recognise an input (exit code 2).

    ``line``/``column`` are None where no file position applies (a deployed
    resource named on the command line): no location is invented.
    """

    file: str
    line: int | None  # None: about the file as a whole (missing, unreadable, too large)
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)  # folder files, not inputs
    files: list[str] = field(default_factory=list)
    #: Set when a baseline was applied (gwlint.baseline.BaselineResult).
    baseline: Any = None

    def summary(self) -> dict[str, int]:
        """Counts per status; ``suppressed`` only appears when there is one."""
        counts = {status.value: 0 for status in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        if not counts[Status.SUPPRESSED.value]:
            del counts[Status.SUPPRESSED.value]
        return counts

    def failing(self, threshold: Severity) -> list[Finding]:
        """Findings that make the run fail at ``--fail-on threshold``.

        ``error`` findings (could not evaluate) count like failures of their
        rule's severity: an unverified check must not pass a CI gate.
        """
        return [
            f
            for f in self.findings
            if f.status in (Status.FAIL, Status.ERROR) and f.severity.rank >= threshold.rank
        ]

    def exit_code(self, threshold: Severity) -> int:
        if self.errors:
            return 2
        return 1 if self.failing(threshold) else 0
