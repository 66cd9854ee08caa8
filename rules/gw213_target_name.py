"""A target's name is missing, breaks the API's name pattern, or is used twice.

## Why
``name`` is optional on CreateGatewayTarget and UpdateGatewayTarget (the
service generates one when it is left out; a missing name passes). A name
that is written must match the API's pattern
``([0-9a-zA-Z][-]?){1,100}`` allows only letters, digits and single hyphens
between them: no underscores, spaces or dots, no leading hyphen, no ``--``,
at most 100 letters and digits. Botocore does not check the pattern before
sending. Target names are also unique within a gateway, and clients see
every tool as ``{target name}___{tool name}``, so the name is part of every
tool call.

Setup arguments (``setup_gateway(...)``) name no target, so this rule does not
apply to them.

## Symptom
CreateGatewayTarget fails with a ValidationException on ``name``, or with a
ConflictException when a target of that name already exists on the gateway.

## Fix
Use hyphens instead of underscores and give each target its own name:

    "targets": [
      {"name": "security-lambda", "targetConfiguration": {…}},
      {"name": "security-mcp", "targetConfiguration": {…}}
    ]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint import apispec
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Name the target with letters, digits and single hyphens (no underscores, no leading "
    "hyphen, at most 100 letters and digits), unique within the gateway, e.g. security-mcp."
)


def _pattern() -> re.Pattern[str]:
    return apispec.pattern("TargetName")


def _suggestion(name: str) -> str | None:
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"[^0-9A-Za-z-]+", "-", name)).lstrip("-")
    kept, count = [], 0
    for char in cleaned:
        if char != "-":
            count += 1
            if count > 100:
                break
        kept.append(char)
    candidate = "".join(kept)
    return candidate if candidate and _pattern().match(candidate) else None


def _problem(name: Any) -> str | None:
    if not isinstance(name, str):
        return f"target name {describe_value(name)} is not a string"
    if not name:
        return "target name is empty"
    if _pattern().match(name):
        return None
    bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c == "-"))})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return (
            f"target name {describe_value(name)} contains {shown}; only letters, digits and "
            "hyphens are allowed"
        )
    if name.startswith("-"):
        return f"target name {describe_value(name)} starts with a hyphen"
    if "--" in name:
        return f"target name {describe_value(name)} contains '--'; hyphens must be single"
    count = sum(1 for c in name if c != "-")
    return (
        f"target name {describe_value(name)} has {count} letters and digits; at most 100 are "
        "allowed"
    )


@rule(
    id="GW213",
    name="target-name",
    severity=Severity.ERROR,
    summary="Target name matches the API pattern and is unique within the gateway",
    fix=FIX,
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.deployment.is_setup_args:
        return
    seen: dict[str, str] = {}
    for index, target in enumerate(ctx.deployment.targets):
        if not target.has("name"):
            yield ctx.passed(
                target, "name", "target has no name; the service generates one (name is optional)"
            )
            continue
        name = target.name
        problem = _problem(name)
        if problem is not None:
            better = _suggestion(name) if isinstance(name, str) else None
            fix = f"Rename it, e.g. '{better}'. {FIX}" if better else None
            yield ctx.fail(target, "name", problem[:1].upper() + problem[1:] + ".", fix=fix)
        where = target.origin.pointer or f"target {index}"
        if isinstance(name, str) and name:
            if name in seen:
                yield ctx.fail(
                    target,
                    "name",
                    f"Target name '{name}' is already used by the target at {seen[name]}; "
                    "target names are unique within a gateway.",
                    fix=(
                        "Give this target its own name, e.g. "
                        f"'{_suggestion(name + '-2') or 'my-target-2'}'."
                    ),
                )
                continue
            seen[name] = where
        if problem is None:
            yield ctx.passed(target, "name", f"target name '{name}' is valid and unique")
