"""Baseline: adopt the gate on an existing repository without fixing everything first.

``--update-baseline`` records today's failures; ``--baseline FILE`` then
reports only failures not recorded there, and lists recorded ones that are
gone as fixed. A fingerprint is the rule, the file (relative to the baseline's
folder), the JSON pointer (the resource for findings with no file) and a hash
of the offending value: reformatting a file or moving lines keeps it, changing
the value makes a new finding. Secret values are never hashed. Expired and
unused suppressions (GW005, GW006) are never baselined.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwlint import __version__
from gwlint.errors import UsageError
from gwlint.findings import Finding, Status

#: Findings about the gate's own configuration (expired or unused suppressions) are
#: never baselined: hiding them would defeat their purpose.
NOT_BASELINED = frozenset({"GW005", "GW006"})
FORMAT_KEY = "gwlint_baseline"
FORMAT_VERSION = 1
_RECORDED = (Status.FAIL, Status.ERROR)


class BaselineError(UsageError):
    """A baseline file gwlint cannot use; ``str()`` is the one located line."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule_id: str
    rule_name: str
    file: str | None
    pointer: str | None
    resource: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "file": self.file,
            "pointer": self.pointer,
            "resource": self.resource,
            "message": self.message,
        }


@dataclass
class BaselineResult:
    """What applying a baseline did: how many known findings it hid, which are fixed."""

    file: str
    known: int = 0
    fixed: list[Entry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "known": self.known,
            "fixed": [entry.to_dict() for entry in self.fixed],
        }


def value_at(data: Any, pointer: str | None) -> Any:
    """The value at an RFC 6901 pointer, or None when it does not resolve."""
    if pointer is None:
        return None
    node = data
    for raw in pointer.split("/")[1:] if pointer else []:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def value_hash(value: Any, secrets: Iterable[str] = ()) -> str:
    """Short hash of a JSON value, independent of formatting; secrets hash as one token."""
    hidden = set(secrets)

    def mask(item: Any) -> Any:
        if isinstance(item, str) and item in hidden:
            return "<secret>"
        if isinstance(item, dict):
            return {k: mask(v) for k, v in item.items()}
        if isinstance(item, list):
            return [mask(v) for v in item]
        return item

    text = json.dumps(mask(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: A finding's offending value: (file, pointer) -> the value's hash.
ValueHasher = Callable[[Finding], str]


def _relative(file: str | None, folder: str) -> str | None:
    if file is None:
        return None
    return Path(os.path.relpath(os.path.abspath(file), folder)).as_posix()


def entry_for(finding: Finding, folder: str, hasher: ValueHasher) -> Entry:
    file = _relative(finding.file, folder)
    where = finding.pointer if finding.file is not None else finding.resource
    key = "\0".join([finding.rule_id, file or "", where or "", hasher(finding)])
    return Entry(
        fingerprint=hashlib.sha256(key.encode("utf-8")).hexdigest(),
        rule_id=finding.rule_id,
        rule_name=finding.rule_name,
        file=file,
        pointer=finding.pointer,
        resource=finding.resource,
        message=finding.message,
    )


def read(path: str) -> list[Entry]:
    """The entries of a baseline file; BaselineError names what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline; create it with --update-baseline") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{path}:1:1: not a gwlint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
        raise BaselineError(
            f'{path}:1:1: not a gwlint baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION})'
        )
    findings = data.get("findings", [])
    if not isinstance(findings, list):
        raise BaselineError(f'{path}: "findings" is not an array')
    entries: list[Entry] = []
    for i, item in enumerate(findings):
        fields = Entry.__dataclass_fields__
        if not (
            isinstance(item, dict)
            and all(isinstance(item.get(k), str) for k in ("fingerprint", "rule_id", "rule_name"))
            and all(isinstance(item.get(k), str | None) for k in fields)
            and all(k in item for k in fields)
        ):
            raise BaselineError(f"{path}: findings[{i}] is not a baseline entry")
        entries.append(Entry(**{k: item[k] for k in fields}))
    return entries


def write(path: str, entries: Sequence[Entry]) -> None:
    ordered = sorted(
        entries, key=lambda e: (e.file or "", e.rule_id, e.pointer or "", e.resource or "")
    )
    payload = {
        FORMAT_KEY: FORMAT_VERSION,
        "tool_version": __version__,
        "findings": [entry.to_dict() for entry in ordered],
    }
    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")


@dataclass(frozen=True)
class Scope:
    """What a run looked at: the files read, the rules run, whether the account was read."""

    files: Sequence[str]
    rule_ids: Sequence[str]
    live: bool = False

    def covers(self, entry: Entry, folder: str) -> bool:
        """Whether this run looked where the entry points: its rule ran on its file."""
        if entry.rule_id not in self.rule_ids:
            return False
        if entry.file is None:
            return self.live
        return entry.file in {_relative(f, folder) for f in self.files}


def apply(
    findings: list[Finding],
    path: str,
    entries: Sequence[Entry],
    hasher: ValueHasher,
    scope: Scope,
) -> tuple[list[Finding], BaselineResult]:
    """Drop failures recorded in the baseline; list recorded ones this run no longer sees."""
    folder = os.path.dirname(os.path.abspath(path))
    remaining = Counter(entry.fingerprint for entry in entries)
    kept: list[Finding] = []
    result = BaselineResult(file=path)
    for finding in findings:
        if finding.status in _RECORDED and finding.rule_id not in NOT_BASELINED:
            fingerprint = entry_for(finding, folder, hasher).fingerprint
            if remaining[fingerprint] > 0:
                remaining[fingerprint] -= 1
                result.known += 1
                continue
        kept.append(finding)
    for entry in entries:
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            if scope.covers(entry, folder):
                result.fixed.append(entry)
    return kept, result


def updated(
    findings: Sequence[Finding],
    path: str,
    previous: Sequence[Entry],
    hasher: ValueHasher,
    scope: Scope,
) -> list[Entry]:
    """Today's failures, plus earlier entries for files or rules this run did not check."""
    folder = os.path.dirname(os.path.abspath(path))
    kept = [e for e in previous if not scope.covers(e, folder)]
    return kept + [
        entry_for(f, folder, hasher)
        for f in findings
        if f.status in _RECORDED and f.rule_id not in NOT_BASELINED
    ]
