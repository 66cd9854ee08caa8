"""The engine: run selected rules over each deployment and locate findings.

It orders rules by their declared prerequisites, turns a rule's exception into
an ``error`` finding naming the rule (a crash never aborts the run, never
passes), skips dependents whose prerequisite failed on the same resource, maps
model pointers to line and column, and redacts secrets from every finding.
A rule that read live targets gwlint could not fetch cannot pass them
(:mod:`gwlint.completeness`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from gwlint import completeness
from gwlint.findings import Finding, Report, Status, redact
from gwlint.jsonpos import LocatedDocument, split_pointer
from gwlint.model import Deployment
from gwlint.registry import ordered
from gwlint.rule import Context, RuleMeta
from gwlint.spelling import respell
from gwlint.unresolved import DEPLOY_TIME, unresolved_at

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.facts import Facts
    from gwlint.probe.session import Probe

_BLOCKING = (Status.FAIL, Status.ERROR)


@dataclass
class Job:
    """One unit of work: a deployment and, for files, its located document."""

    deployment: Deployment
    document: LocatedDocument | None = None
    facts: Facts | None = None
    probe: Probe | None = None  # --probe: the endpoint probe for this deployment
    extra_secrets: list[str] = field(default_factory=list)


_set = object.__setattr__  # a fresh finding gets its location where it stands


def _location(document: LocatedDocument, model_pointer: str) -> dict[str, Any]:
    """The location fields of a finding at ``model_pointer``: the pointer in the user's
    file, line, column, key as written, notebook cell, and the file when the document
    was read from several."""
    pointer, position = document.locate(model_pointer)
    located = {
        "pointer": sys.intern(document.source_pointer(pointer)),  # a run keeps them all
        "line": position.line,
        "column": position.column,
        "key": _interned(document.written_key(pointer)),
        "cell": getattr(position, "cell", None),  # notebooks (gwlint.formats.notebook)
    }
    if document.files and pointer in document.files:
        located["file"] = document.files[pointer]
    return located


def _finish(
    finding: Finding,
    hidden: list[str],
    document: LocatedDocument | None,
    source: str | None,
    fmt: str | None = None,
    fresh: bool = False,
    locations: dict[str, dict[str, Any]] | None = None,
    locate: bool = True,
) -> Finding:
    """The finding as reported: secrets masked, located, with its source.

    ``fresh``: the rule made ``finding`` for this run and nothing else holds
    it, so it is completed where it stands, not copied (at many files the
    copies were a fifth of the run). Findings on a file in another format are
    located at the user's own key and speak its spelling (:mod:`gwlint.spelling`).
    ``locations``: the job's pointers located so far. ``locate=False``: a pass
    keeps the pointer the rule gave and no line (see :func:`run_job`).
    """
    located = None
    if (
        document is not None
        and finding.pointer is not None
        and (locate or finding.status is not Status.PASS)
    ):
        located = locations.get(finding.pointer) if locations is not None else None
        if located is None:  # rules of a document point at the same nodes again and again
            located = _location(document, finding.pointer)
            if locations is not None:
                locations[finding.pointer] = located
    if fresh and not hidden and (document is None or not document.names):
        _set(finding, "source", source)  # the usual case: nothing to respell or mask
        _set(finding, "format", fmt)
        for name, value in (located or {}).items():
            _set(finding, name, value)
        return finding
    changes: dict[str, Any] = {"source": source, "format": fmt}
    message, fix = finding.message, finding.fix
    if document is not None and document.names:
        last = split_pointer(finding.pointer)[-1:] if finding.pointer else []
        member = last[0] if last else None
        message = respell(message, document.names, member)
        fix = respell(fix, document.names)  # a fix's prose says "an endpoint ARN"
    if hidden:
        message, fix = redact(message, hidden), redact(fix, hidden)
        if finding.resource:
            resource = redact(finding.resource, hidden)
            if resource != finding.resource:  # dependents match on the label as written
                changes["resource"] = resource
                fresh = False
    if message is not finding.message or fix is not finding.fix:
        changes.update(message=message, fix=fix)
    if located is not None:
        changes.update(located)
    if not fresh:
        return replace(finding, **changes)
    for name, value in changes.items():
        _set(finding, name, value)
    return finding


def _interned(key: str | None) -> str | None:
    """Keys repeat across findings and files: one string each, as pointers are."""
    return sys.intern(key) if key is not None else None


def _deploy_time(finding: Finding, document: LocatedDocument | None) -> Finding:
    """A pass or fail on a value set at deploy time becomes a skip saying so.

    Rules never judge a ``!Ref``, ``var.x`` or f-string (:mod:`gwlint.unresolved`);
    this is the guarantee for every rule, including rule packs.
    """
    if (
        document is None
        or finding.pointer is None
        or finding.status not in (Status.PASS, Status.FAIL)
        or not document.sources  # gwlint's own JSON shapes hold no deploy-time values
        or finding.source is not None  # completed already: its pointer is the user's
    ):
        return finding
    value = unresolved_at(document.data, split_pointer(finding.pointer))
    if value is None:
        return finding
    return replace(
        finding,
        status=Status.SKIP,
        message=f"not checked: {DEPLOY_TIME} ({value.text})",
        fix="",
    )


def _crash(meta: RuleMeta, deployment: Deployment, exc: BaseException) -> Finding:
    return Finding(
        rule_id=meta.id,
        rule_name=meta.name,
        status=Status.ERROR,
        severity=meta.severity,
        message=(
            f"rule {meta.id} ({meta.name}) crashed and could not evaluate this input: "
            f"{type(exc).__name__}: {exc}"
        ),
        fix="This is a bug in the rule, not in your configuration; please report it.",
        file=deployment.file,
        pointer="" if deployment.file else None,
    )


def run_rule(meta: RuleMeta, ctx: Context) -> list[Finding]:
    try:
        findings = list(meta.check(ctx))
        for item in findings:
            if not isinstance(item, Finding):
                raise TypeError(f"the check yielded {type(item).__name__}, not a Finding")
        return findings
    except Exception as exc:  # one rule's bug must not abort the others
        return [_crash(meta, ctx.deployment, exc)]


def _prerequisite_failures(
    meta: RuleMeta, produced: dict[str, list[Finding]]
) -> dict[str | None, Finding]:
    """Resource -> the prerequisite finding that blocks ``meta`` on it."""
    blocked: dict[str | None, Finding] = {}
    for dep in meta.requires:
        for finding in produced.get(dep, []):
            if finding.status in _BLOCKING:
                blocked.setdefault(finding.resource, finding)
    return blocked


def _as_skip(finding: Finding, blocker: Finding) -> Finding:
    return replace(
        finding,
        status=Status.SKIP,
        message=(
            f"not checked: prerequisite {blocker.rule_id} ({blocker.rule_name}) "
            f"did not hold for {blocker.resource or 'this input'}"
        ),
        fix="",
    )


#: The last rule list put in order, with its order: every job of a run passes the
#: same rules (the list holds them, so the ids of the key stay theirs).
_last_order: tuple[tuple[int, ...], list[RuleMeta]] | None = None


def _in_order(rules: Sequence[RuleMeta]) -> list[RuleMeta]:
    global _last_order
    key = tuple(map(id, rules))
    if _last_order is None or _last_order[0] != key:
        _last_order = (key, ordered(rules))
    return _last_order[1]


def run_job(rules: Sequence[RuleMeta], job: Job, *, locate_passes: bool = True) -> list[Finding]:
    """The findings of ``rules`` on ``job``, in rule order, each completed.

    ``locate_passes=False`` is for a run whose every output is the text
    checklist, which shows where a finding is only for what did not pass:
    passes are not located in the file (on a large document, finding the
    line and column of every checked item was a third of the run).
    """
    produced: dict[str, list[Finding]] = {}
    out: list[Finding] = []
    seen: set[int] = set()  # findings already completed (a rule may yield one twice)
    locations: dict[str, dict[str, Any]] = {}
    secrets = job.deployment.secrets() + job.extra_secrets
    live_secrets = getattr(job.facts, "secrets", None)  # values the account returned
    source = job.deployment.file or job.deployment.origin.resource
    document = job.document
    fmt = document.format if document is not None else job.deployment.format
    deploy_time = document is not None and bool(document.sources)
    watched = completeness.watch(job.deployment)  # live targets that could not be read
    for meta in _in_order(rules):
        ctx = Context(deployment=job.deployment, rule=meta, facts=job.facts, probe=job.probe)
        if watched is not None:
            watched.touched = False
        findings = run_rule(meta, ctx)
        if watched is not None:
            findings = completeness.settle(ctx, findings, watched)
        if meta.requires:
            blocked = _prerequisite_failures(meta, produced)
            if blocked:
                findings = [
                    _as_skip(f, blocked[f.resource]) if f.resource in blocked else f
                    for f in findings
                ]
        if deploy_time:
            findings = [_deploy_time(f, document) for f in findings]
        produced[meta.id] = findings
        hidden = secrets + live_secrets() if callable(live_secrets) else secrets
        if job.probe is not None:  # the secret it resolved and the token it fetched
            hidden = hidden + job.probe.secrets()
        for finding in findings:
            # one the engine completed already (yielded twice, or kept by a rule pack
            # from an earlier file: its source is set) is copied, never completed twice
            if id(finding) in seen or finding.source is not None:
                out.append(replace(finding))
                continue
            seen.add(id(finding))
            out.append(
                _finish(finding, hidden, document, source, fmt, True, locations, locate_passes)
            )
    return out


def run(
    rules: Sequence[RuleMeta], jobs: Iterable[Job], report: Report, *, locate_passes: bool = True
) -> Report:
    for job in jobs:
        report.findings.extend(run_job(rules, job, locate_passes=locate_passes))
        if job.deployment.file and job.deployment.file not in report.files:
            report.files.append(job.deployment.file)
    return report
