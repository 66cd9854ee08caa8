"""Suppressions with a reason: ``[[tool.gwlint.suppress]]`` entries.

A suppressed finding stays in the report with status ``suppressed`` and the
entry's reason, so every format shows what was accepted and why; it no longer
fails the gate. An entry past its ``expires`` date stops applying, and GW005
says so at the entry; an entry that matched nothing is a GW006 finding, so
stale ones get cleaned up (ruff's unused-noqa). Both are ordinary rules: they
follow ``select``/``ignore`` and severity overrides like any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from gwlint.config import Config, SuppressEntry
from gwlint.findings import Finding, Severity, Status, Suppression
from gwlint.globs import matches
from gwlint.rule import RuleMeta

EXPIRED_RULE = "GW005"
UNUSED_RULE = "GW006"
_SUPPRESSIBLE = (Status.FAIL, Status.ERROR)


def under(pointer: str | None, prefix: str) -> bool:
    """True when ``pointer`` is ``prefix`` or lies inside it."""
    return pointer is not None and (pointer == prefix or pointer.startswith(prefix + "/"))


def _applies(entry: SuppressEntry, finding: Finding, rule_id: str, config: Config) -> bool:
    if finding.status not in _SUPPRESSIBLE or finding.rule_id != rule_id:
        return False
    if entry.path is not None and (
        finding.file is None or not matches(entry.path, config.relative(finding.file))
    ):
        return False
    if entry.pointer is not None and not under(finding.pointer, entry.pointer):
        return False
    return entry.resource is None or finding.resource == entry.resource


def resolve_rule(key: str, rules: Sequence[RuleMeta]) -> RuleMeta | None:
    """The rule an entry names by id or kebab name."""
    return next((r for r in rules if key in (r.id, r.name)), None)


def _about(
    meta: RuleMeta, config: Config, entry: SuppressEntry, status: Status, text: str
) -> Finding:
    position = config.position("suppress", entry.index)
    return Finding(
        rule_id=meta.id,
        rule_name=meta.name,
        status=status,
        severity=meta.severity,
        message=text,
        fix=meta.fix if status is Status.FAIL else "",
        file=config.file,
        pointer="/" + "/".join([*config.prefix, "suppress", str(entry.index)]),
        line=position[0] if position else None,
        column=position[1] if position else None,
        resource=f"suppress[{entry.index}]",
        source=config.file,
    )


def _judged(entry: SuppressEntry, config: Config, checked: Sequence[str]) -> bool:
    if entry.path is None:
        return True
    return any(matches(entry.path, config.relative(file)) for file in checked)


def _describe(entry: SuppressEntry) -> str:
    scope = [
        f"{k} {v!r}"
        for k, v in (("path", entry.path), ("pointer", entry.pointer), ("resource", entry.resource))
        if v is not None
    ]
    return f"{entry.rule}" + (f" ({', '.join(scope)})" if scope else "")


def apply(
    findings: list[Finding],
    config: Config,
    rules: Sequence[RuleMeta],
    known: Sequence[RuleMeta],
    checked: Sequence[str],
    *,
    today: datetime.date | None = None,
) -> list[Finding]:
    """``findings`` with suppressed ones marked, plus GW005/GW006 findings.

    ``rules`` are the selected rules (GW005/GW006 report only when selected);
    ``known`` every loaded rule, to resolve entries naming a rule by name;
    ``checked`` the files this run read. An entry is judged unused only when
    its rule ran and its ``path`` matches a checked file, so a pre-commit run
    on a few files does not call the other files' suppressions stale.
    """
    if not config.suppress:
        return findings
    today = today or datetime.date.today()
    selected = {meta.id: meta for meta in rules}
    out = list(findings)
    extra: list[Finding] = []
    expired_meta = selected.get(EXPIRED_RULE)
    unused_meta = selected.get(UNUSED_RULE)
    expired_count = 0
    for entry in config.suppress:
        meta = resolve_rule(entry.rule, known)
        rule_id = meta.id if meta else entry.rule
        if entry.expires is not None and entry.expires < today:
            expired_count += 1
            if expired_meta is not None:
                text = (
                    f"suppression of {_describe(entry)} expired on {entry.expires.isoformat()} "
                    f"and no longer applies (reason was: {entry.reason})."
                )
                extra.append(_about(expired_meta, config, entry, Status.FAIL, text))
            continue
        used = 0
        note = Suppression(
            kind="config",
            reason=entry.reason,
            location=entry.location,
            expires=entry.expires.isoformat() if entry.expires else None,
        )
        for i, finding in enumerate(out):
            if _applies(entry, finding, rule_id, config):
                out[i] = replace(finding, status=Status.SUPPRESSED, suppression=note)
                used += 1
        if unused_meta is None:
            continue
        if used:
            text = f"suppression of {_describe(entry)} applies to {used} finding(s)."
            extra.append(_about(unused_meta, config, entry, Status.PASS, text))
        elif rule_id in selected and _judged(entry, config, checked):
            text = f"suppression of {_describe(entry)} matched no finding in this run."
            extra.append(_about(unused_meta, config, entry, Status.FAIL, text))
    if expired_meta is not None and not expired_count:
        first = config.suppress[0]
        text = f"no suppression has expired ({len(config.suppress)} checked)."
        extra.append(_about(expired_meta, config, first, Status.PASS, text))
    return out + extra


def with_severity(findings: list[Finding], overrides: dict[str, Severity]) -> list[Finding]:
    """Findings with each overridden rule's severity replaced."""
    if not overrides:
        return findings
    return [
        replace(f, severity=overrides[f.rule_id]) if f.rule_id in overrides else f for f in findings
    ]
