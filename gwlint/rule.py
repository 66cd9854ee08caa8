"""The rule API: the ``@rule`` decorator and the context a check receives.

A rule module keeps its documentation (why, symptom, fix) in its docstring,
its metadata in ``@rule(...)`` and its logic in one generator function that
yields findings through ``ctx``. It reports *model fields*, never lines: the
engine maps them to file, JSON pointer, line and column.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gwlint.documents import json_kind
from gwlint.findings import Finding, Severity, Status
from gwlint.model import Deployment, Node

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.facts import Facts
    from gwlint.probe.session import Probe
    from gwlint.symptoms import Symptom

__all__ = ["Context", "RuleMeta", "Severity", "rule"]

CheckFunction = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    severity: Severity
    summary: str
    fix: str
    doc: str
    check: CheckFunction
    module: str
    live: bool = False  # needs the AWS account (--live)
    probe: bool = False  # talks to the deployment's endpoints (--probe)
    requires: tuple[str, ...] = ()  # rule ids that must hold first
    actions: tuple[str, ...] = ()  # IAM actions a live rule calls (its reads' and any extra)
    reads: tuple[str, ...] = ()  # read kinds a live rule makes (gwlint.reads.READ_KINDS)
    evidence: str = "verified"  # verified | reported | inference
    pack: str = "builtin"
    symptoms: tuple[Symptom, ...] = ()  # the module's SYMPTOMS (gwlint why)

    @property
    def title(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.summary


def rule(
    *,
    id: str,
    name: str,
    severity: Severity,
    summary: str,
    fix: str,
    live: bool = False,
    probe: bool = False,
    requires: tuple[str, ...] = (),
    actions: tuple[str, ...] = (),
    evidence: str = "verified",
    reads: tuple[str, ...] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Declare a check function as a gwlint rule.

    The rule's documentation is its module's docstring, so a rule module
    reads top to bottom as: what and why, then the check. A live rule names
    the account reads it makes in ``reads`` (kinds of :mod:`gwlint.reads`);
    their IAM actions become its ``actions``.
    """
    from gwlint.reads import actions_of, unknown_kinds

    unknown = unknown_kinds(reads)
    if unknown:
        raise ValueError(f"rule {id} declares unknown read kinds: {', '.join(unknown)}")
    actions = tuple(dict.fromkeys((*actions_of(reads), *actions)))

    def decorate(func: CheckFunction) -> CheckFunction:
        module = sys.modules.get(func.__module__)
        meta = RuleMeta(
            id=id,
            name=name,
            severity=severity,
            summary=summary,
            fix=fix,
            doc=(module.__doc__ or "") if module else "",
            check=func,
            module=func.__module__,
            live=live,
            probe=probe,
            requires=requires,
            actions=actions,
            evidence=evidence,
            reads=tuple(dict.fromkeys(reads)),
        )
        func.__gwlint_rule__ = meta  # type: ignore[attr-defined]
        return func

    return decorate


@dataclass
class Context:
    """What a check sees: the deployment, its own metadata, live facts."""

    deployment: Deployment
    rule: RuleMeta
    facts: Facts | None = None
    probe: Probe | None = None  # the endpoint probe (--probe), else None

    # -- reporting -------------------------------------------------------
    def _finding(
        self,
        status: Status,
        node: Node | None,
        field_name: str | None,
        message: str,
        *,
        severity: Severity | None,
        fix: str | None,
        resource: str | None,
        pointer: str | None = None,
    ) -> Finding:
        origin = node.origin if node is not None else self.deployment.origin
        file = origin.file if origin.file is not None else self.deployment.file
        if pointer is None:
            pointer = origin.pointer_for(field_name)
        if file is None:  # live resource with no file behind it
            pointer = None
        label = resource
        if label is None and node is not None:
            label = getattr(node, "label", None)
        if label is None:
            label = origin.resource
        return Finding(
            rule_id=self.rule.id,
            rule_name=self.rule.name,
            status=status,
            severity=severity or self.rule.severity,
            message=message,
            fix=(fix if fix is not None else self.rule.fix) if status is not Status.PASS else "",
            file=file,
            pointer=pointer,
            resource=label,
        )

    def fail(
        self,
        node: Node | None,
        field_name: str | None,
        message: str,
        *,
        severity: Severity | None = None,
        fix: str | None = None,
        resource: str | None = None,
        pointer: str | None = None,
    ) -> Finding:
        """A failed check, located at ``node.field_name`` (its parent if missing).

        ``pointer`` overrides the location for values the model does not
        name, e.g. a key inside a raw object.
        """
        return self._finding(
            Status.FAIL,
            node,
            field_name,
            message,
            severity=severity,
            fix=fix,
            resource=resource,
            pointer=pointer,
        )

    def passed(
        self,
        node: Node | None,
        field_name: str | None,
        message: str | None = None,
        *,
        resource: str | None = None,
        pointer: str | None = None,
    ) -> Finding:
        """A check that held: the checklist shows it as PASS."""
        return self._finding(
            Status.PASS,
            node,
            field_name,
            message or self.rule.summary,
            severity=None,
            fix=None,
            resource=resource,
            pointer=pointer,
        )

    def skip(
        self, reason: str, node: Node | None = None, *, resource: str | None = None
    ) -> Finding:
        """Not evaluated because a prerequisite is missing; ``reason`` says which."""
        return self._finding(
            Status.SKIP, node, None, reason, severity=None, fix="", resource=resource
        )

    def error(
        self,
        node: Node | None,
        field_name: str | None,
        message: str,
        *,
        resource: str | None = None,
        fix: str | None = None,
        pointer: str | None = None,
    ) -> Finding:
        """Could not evaluate (AccessDenied, timeout…): never a pass."""
        return self._finding(
            Status.ERROR,
            node,
            field_name,
            message,
            severity=None,
            fix=fix,
            resource=resource,
            pointer=pointer,
        )


def describe_value(value: Any, limit: int = 80) -> str:
    """Short rendering of a user value for messages, in JSON terms.

    Strings are quoted ('cognito'), other values written as JSON (null, true,
    ["arn"], {}); a masked secret is named by what it held, never shown.
    """
    from gwlint.masking import Masked, describe_masked
    from gwlint.unresolved import Unresolved

    if isinstance(value, Masked):
        return describe_masked(value)
    if isinstance(value, Unresolved):
        return f"{value.text} (set at deploy time)"
    if isinstance(value, str):
        text = f"'{value}'"
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except ValueError:  # circular: never from decoded JSON
            text = json_kind(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]
