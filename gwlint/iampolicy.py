"""A small, offline evaluator for IAM identity-based policies.

It answers one question for the live rules: *do these policies let a
principal perform ``action`` on ``resource``?* It is pure Python (no boto3)
and deliberately conservative:

- ``Allow``/``Deny`` statements with ``Action``/``NotAction`` (service prefix
  and action name compared case-insensitively, ``*`` and ``?`` wildcards) and
  ``Resource``/``NotResource`` (ARN patterns compared case-sensitively, ``*``
  and ``?`` wildcards over the whole ARN);
- an explicit ``Deny`` wins over any ``Allow``; no matching ``Allow`` means
  the request is implicitly denied;
- a statement with a ``Condition`` (or a policy variable such as
  ``${aws:username}`` in its resources) cannot be decided without the request
  context, so when it is what decides the answer the result is
  :attr:`Decision.UNCERTAIN` — never a guess.

Not modelled (the callers say so where it matters): service control policies,
session policies, resource-based policies and the request context.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from gwlint.rule import describe_value

__all__ = [
    "Decision",
    "Evaluation",
    "PolicyDocument",
    "PolicyParseError",
    "Statement",
    "action_matches",
    "evaluate",
    "parse_policy",
    "resource_matches",
]


class Decision(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"  # an explicit Deny matches
    NOT_ALLOWED = "not-allowed"  # no Allow matches (implicit deny)
    UNCERTAIN = "uncertain"  # depends on a condition gwlint cannot evaluate offline


class PolicyParseError(ValueError):
    """The document is not a JSON policy object."""


@dataclass(frozen=True)
class Statement:
    """One normalised policy statement."""

    effect: str  # "Allow" or "Deny"
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...]
    not_resource: bool
    conditional: bool  # has a non-empty Condition block
    label: str  # "policy-name statement Sid" for messages
    condition: dict[str, Any] = field(default_factory=dict)  # as written
    principal: Any = None  # Principal as written (trust and resource policies)
    not_principal: Any = None

    def matches_action(self, action: str) -> bool:
        hit = any(action_matches(pattern, action) for pattern in self.actions)
        return not hit if self.not_action else hit

    def resource_match(self, resource: str) -> tuple[bool, bool]:
        """(matches, only through a policy variable) for ``resource``."""
        exact = any(resource_matches(p, resource) for p in self.resources if not _has_var(p))
        variable = any(
            resource_matches(p, resource, variables_as_wildcards=True)
            for p in self.resources
            if _has_var(p)
        )
        if self.not_resource:
            # NotResource excludes what its patterns name; a variable pattern that
            # might exclude the resource makes the statement uncertain.
            if exact:
                return False, False
            return True, variable
        if exact:
            return True, False
        return variable, variable


@dataclass(frozen=True)
class PolicyDocument:
    name: str
    statements: tuple[Statement, ...]
    problems: tuple[str, ...] = ()  # statements that could not be understood


@dataclass(frozen=True)
class Evaluation:
    """The outcome for one (action, resource) and the statements behind it."""

    decision: Decision
    action: str
    resource: str
    allowed_by: tuple[str, ...] = ()  # unconditional Allow statements that match
    denied_by: tuple[str, ...] = ()  # unconditional Deny statements that match
    uncertain_by: tuple[str, ...] = ()  # conditional statements that would decide it
    problems: tuple[str, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED


# -- matching ----------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = {"*": "*", "?": "?", "$": "$"}


def _has_var(pattern: str) -> bool:
    return any(m.group(1) not in _ESCAPES for m in _VARIABLE.finditer(pattern))


@lru_cache(maxsize=2048)
def _glob(pattern: str, ignore_case: bool, variables_as_wildcards: bool) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "$" and pattern.startswith("${", index):
            end = pattern.find("}", index)
            if end > 0:
                name = pattern[index + 2 : end]
                if name in _ESCAPES:  # ${*} ${?} ${$}: the literal character
                    parts.append(re.escape(_ESCAPES[name]))
                else:  # a policy variable: unknown offline
                    parts.append(".*" if variables_as_wildcards else r"(?!)")
                index = end + 1
                continue
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
        index += 1
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts), flags)


def action_matches(pattern: str, action: str) -> bool:
    """IAM action matching: ``lambda:Invoke*`` matches ``lambda:InvokeFunction``.

    Service prefix and action name are case-insensitive; ``*`` alone matches
    every action.
    """
    if not isinstance(pattern, str) or not isinstance(action, str):
        return False
    if pattern == "*":
        return True
    return _glob(pattern, True, False).fullmatch(action) is not None


def resource_matches(pattern: str, resource: str, *, variables_as_wildcards: bool = False) -> bool:
    """ARN matching with ``*`` and ``?`` (case-sensitive, over the whole ARN)."""
    if not isinstance(pattern, str) or not isinstance(resource, str):
        return False
    if pattern == "*":
        return True
    return _glob(pattern, False, variables_as_wildcards).fullmatch(resource) is not None


# -- parsing -----------------------------------------------------------------


def _load(document: Any) -> Any:
    if isinstance(document, (bytes, bytearray)):
        document = document.decode("utf-8")
    if isinstance(document, str):
        text = document.strip()
        if not text.startswith("{"):
            text = unquote(text)  # IAM's raw API returns URL-encoded JSON
        try:
            return json.loads(text)
        except ValueError as exc:
            raise PolicyParseError(f"policy document is not valid JSON ({exc})") from None
    return document


def _strings(value: Any) -> tuple[str, ...] | None:
    """A string or list of strings as a tuple; None when the shape is wrong."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_policy(
    document: Any, name: str = "policy", *, resource_required: bool = True
) -> PolicyDocument:
    """Normalise a policy given as a dict, JSON text or URL-encoded JSON text.

    ``resource_required=False`` reads trust policies, whose statements name a
    Principal instead of a Resource.

    Statements that cannot be understood are left out and described in
    ``problems`` (they can neither allow nor deny, so an evaluation that
    needed them reports the problem rather than a verdict).
    """
    data = _load(document)
    if not isinstance(data, dict):
        raise PolicyParseError("policy document is not a JSON object")
    raw = data.get("Statement", [])
    items = [raw] if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise PolicyParseError("policy 'Statement' is neither an object nor a list")
    statements: list[Statement] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        sid = item.get("Sid") if isinstance(item, dict) else None
        label = f"{name} statement {sid}" if isinstance(sid, str) and sid else f"{name} #{index}"
        if not isinstance(item, dict):
            problems.append(f"{label} is not an object")
            continue
        effect = item.get("Effect")
        if effect not in ("Allow", "Deny"):
            problems.append(f"{label} has Effect {describe_value(effect)} (expected Allow or Deny)")
            continue
        if ("Action" in item) == ("NotAction" in item):
            problems.append(f"{label} needs exactly one of Action and NotAction")
            continue
        not_action = "NotAction" in item
        actions = _strings(item["NotAction" if not_action else "Action"])
        has_resource = "Resource" in item or "NotResource" in item
        if "Resource" in item and "NotResource" in item:
            problems.append(f"{label} has both Resource and NotResource")
            continue
        if not has_resource and resource_required:
            problems.append(f"{label} has no Resource")
            continue
        not_resource = "NotResource" in item
        resources = (
            _strings(item["NotResource" if not_resource else "Resource"])
            if has_resource
            else ("*",)
        )
        if actions is None or resources is None:
            problems.append(f"{label} has an Action or Resource that is not a string list")
            continue
        condition = item.get("Condition")
        if condition is not None and not isinstance(condition, dict):
            problems.append(f"{label} has a Condition that is not an object")
            continue
        statements.append(
            Statement(
                effect=effect,
                actions=actions,
                not_action=not_action,
                resources=resources,
                not_resource=not_resource,
                conditional=bool(condition),
                label=label,
                condition=dict(condition or {}),
                principal=item.get("Principal"),
                not_principal=item.get("NotPrincipal"),
            )
        )
    return PolicyDocument(name=name, statements=tuple(statements), problems=tuple(problems))


# -- evaluation --------------------------------------------------------------


def evaluate(policies: Iterable[PolicyDocument], action: str, resource: str) -> Evaluation:
    """Decide ``action`` on ``resource`` under the union of ``policies``.

    Explicit Deny (unconditional) → DENIED. Otherwise, an unconditional Allow
    → ALLOWED unless a conditional Deny also matches (→ UNCERTAIN). Only
    conditional Allows → UNCERTAIN. No Allow at all → NOT_ALLOWED.
    """
    allow: list[str] = []
    allow_cond: list[str] = []
    deny: list[str] = []
    deny_cond: list[str] = []
    problems: list[str] = []
    for policy in policies:
        problems.extend(policy.problems)
        for statement in policy.statements:
            if not statement.matches_action(action):
                continue
            matched, via_variable = statement.resource_match(resource)
            if not matched:
                continue
            uncertain = statement.conditional or via_variable
            if statement.effect == "Deny":
                (deny_cond if uncertain else deny).append(statement.label)
            else:
                (allow_cond if uncertain else allow).append(statement.label)

    def verdict(
        decision: Decision,
        allowed_by: list[str] | None = None,
        denied_by: list[str] | None = None,
        uncertain_by: list[str] | None = None,
    ) -> Evaluation:
        return Evaluation(
            decision,
            action,
            resource,
            allowed_by=tuple(allowed_by or ()),
            denied_by=tuple(denied_by or ()),
            uncertain_by=tuple(uncertain_by or ()),
            problems=tuple(problems),
        )

    if deny:
        return verdict(Decision.DENIED, denied_by=deny)
    if problems:  # a statement gwlint could not read might allow or deny it
        return verdict(Decision.UNCERTAIN, allowed_by=allow, uncertain_by=allow_cond + deny_cond)
    if not allow and not allow_cond:
        return verdict(Decision.NOT_ALLOWED)
    if deny_cond:
        return verdict(Decision.UNCERTAIN, allowed_by=allow, uncertain_by=deny_cond + allow_cond)
    if allow:
        return verdict(Decision.ALLOWED, allowed_by=allow)
    return verdict(Decision.UNCERTAIN, uncertain_by=allow_cond)
