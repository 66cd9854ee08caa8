"""A JSON object names the same key twice.

## Why
JSON parsers, the AWS CLI's ``--cli-input-json`` among them, keep only the
last of two equal keys without a word. The value you read first in the file
is not the one that is deployed.

## Symptom
A setting you can see in the file has no effect; the deployed resource shows
another value.

## Fix
Delete one of the two keys, keeping the value you mean.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW001",
    name="duplicate-key",
    severity=Severity.WARNING,
    summary="No JSON object repeats a key",
    fix="Remove the duplicate key; only the last occurrence takes effect.",
)
def check(ctx: Context) -> Iterator[Finding]:
    duplicates = ctx.deployment.duplicates
    if ctx.deployment.file is None:
        return
    for dup in duplicates:
        yield ctx.fail(
            None,
            None,
            f"key '{dup.key}' appears twice (line {dup.first.line} and line "
            f"{dup.second.line}); only the last value is used.",
            pointer=join_pointer(dup.pointer, dup.key),
        )
    if not duplicates:
        yield ctx.passed(None, None, "no duplicate keys")
