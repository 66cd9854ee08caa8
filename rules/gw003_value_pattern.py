"""A gateway or target value does not match the pattern the API model gives it.

## Why
The API model constrains many strings by a regular expression: ARNs
(``kmsKeyArn``, interceptor and policy-engine ARNs, ``providerArn``),
``domainOverride`` domain names, ``passthrough`` and ``inference.provider``
endpoints (``https://host[:port][/path]``), S3 URIs, account IDs, IAM service
names and more. botocore does not check patterns before sending; the service
rejects a value that does not match.

The patterns come from the API spec generated from botocore
(``gwlint/spec/agentcore_api.json``; the model's patterns are unanchored, the
spec anchors them) and are checked per operation. Values with a dedicated rule
are left to it: gateway and target names (GW101, GW213), the role ARN
(GW102), Lambda and runtime ARNs (GW206, GW214), the MCP endpoint (GW202),
the discovery URL (GW309), authorizer lists and claims (GW310) and the
credential provider blocks (GW217). Saved Get responses are not checked.

## Symptom
``ValidationException: 1 validation error detected: Value '…' at '…' failed
to satisfy constraint: Member must satisfy regular expression pattern: …``.

## Fix
Write the value in the form the message shows, e.g. a KMS key ARN (not an
alias) and a bare domain name in ``domainOverride``:

    "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "domainOverride": {"defaultDomain": "tools.example.com"}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule
from gwlint.speccheck import findings


@rule(
    id="GW003",
    name="value-pattern",
    severity=Severity.ERROR,
    summary="Gateway and target strings match the patterns of their API operation",
    fix="Write the value in the form the API pattern allows (see the message).",
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    yield from findings(ctx, frozenset({"pattern"}), "patterned values")
