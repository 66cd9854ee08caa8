"""The proxy Lambda keeps a secret in plaintext in its environment.

## Why
The guide's step 3 copies ``client_secret`` from ``gateway-config.json`` into
the proxy function's ``COGNITO_CLIENT_SECRET`` environment variable.
Environment variables are configuration, not a secret store: anyone allowed
``lambda:GetFunctionConfiguration`` (a read-only permission many roles and
tools hold) reads the value in clear, it is shown in the console, and it is
copied into every deployment artefact and template that sets it. With the
app client's secret, anyone can mint tokens for the gateway.

gwlint flags each environment variable whose name contains ``SECRET``,
``TOKEN`` or ``PASSWORD`` and whose value is a literal rather than a
reference: ARNs (Secrets Manager, SSM), ``{{resolve:…}}`` placeholders,
URLs, and names ending in ``_ARN``, ``_NAME``, ``_ID``, ``_URL``… are
references or settings, not secrets. The value itself is never printed.

## Symptom
Nothing fails; the secret is exposed to every principal that can read the
function's configuration.

## Fix
Store the secret in AWS Secrets Manager, put its ARN (or name) in the
environment, and read it once per cold start:

    aws secretsmanager create-secret --name gateway-client-secret --secret-string '<secret>'

    "Environment": {"Variables": {
      "COGNITO_CLIENT_SECRET_ARN":
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client-secret-AbCdEf"}}

    # handler module scope
    SECRET = boto3.client("secretsmanager").get_secret_value(
        SecretId=os.environ["COGNITO_CLIENT_SECRET_ARN"])["SecretString"]

and allow the function's role ``secretsmanager:GetSecretValue`` on that
secret. Then rotate the client secret that was exposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import is_secret_reference
from gwlint.findings import Finding, Status
from gwlint.rule import Context, Severity, rule

from .gw401_gateway_ready import skip_at
from .gw502_proxy_lambda_config import (
    FIELD,
    GET_FUNCTION_CONFIGURATION,
    ProxyFunction,
    fetch_proxy,
)

SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD")
#: Name endings of settings and references, not secret values.
REFERENCE_SUFFIXES = (
    "_ARN",
    "_NAME",
    "_ID",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_PATH",
    "_PARAM",
    "_PARAMETER",
    "_REGION",
    "_TTL",
    "_SECONDS",
    "_TIMEOUT",
    "_EXPIRY",
    "_EXPIRES",
    "_TYPE",
    "_HEADER",
    "_FILE",
    "_SCOPE",
)
_REFERENCE_VALUE = re.compile(r"^(arn:|\{\{resolve:|https?://|ssm:|secretsmanager:)", re.IGNORECASE)
_SETTING_VALUE = re.compile(r"^(\d+|true|false|yes|no)$", re.IGNORECASE)

FIX = (
    "Move the value to AWS Secrets Manager, keep only the secret's ARN or name in the "
    "environment (e.g. COGNITO_CLIENT_SECRET_ARN), read it with GetSecretValue at cold start, "
    "and rotate the exposed secret."
)


def is_plaintext_secret(name: str, value: Any) -> bool:
    """True when ``name`` looks secret and ``value`` is a literal, not a reference."""
    upper = name.upper()
    words = [word for word in SECRET_WORDS if word in upper]
    if not words or upper.endswith(REFERENCE_SUFFIXES):
        return False
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    if _REFERENCE_VALUE.match(text) or is_secret_reference(text):
        return False
    # TOKEN_* settings such as TOKEN_CACHE=300; a numeric SECRET/PASSWORD is still a secret
    return not (words == ["TOKEN"] and _SETTING_VALUE.match(text))


@rule(
    id="GW603",
    name="proxy-lambda-plaintext-secret",
    severity=Severity.WARNING,
    summary="the proxy Lambda's environment holds no plaintext secret",
    fix=FIX,
    live=True,
    actions=(GET_FUNCTION_CONFIGURATION,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    proxy: ProxyFunction | None = None
    for item in fetch_proxy(ctx):
        if isinstance(item, ProxyFunction):
            proxy = item
        elif item.status is Status.FAIL:  # a missing function is GW502's failure
            yield skip_at(
                ctx,
                ctx.deployment,
                FIELD,
                "environment not checked: the proxy function does not exist (see GW502).",
                resource=item.resource,
            )
        else:
            yield item
    if proxy is None:
        return
    flagged = sorted(
        name for name, value in proxy.variables.items() if is_plaintext_secret(name, value)
    )
    for name in flagged:
        yield ctx.fail(
            ctx.deployment,
            FIELD,
            f"Proxy function {proxy.name} keeps {name} in plaintext in its environment "
            "(value not shown); anyone who can read the function's configuration can read it.",
            resource=proxy.arn,
        )
    if not flagged:
        yield ctx.passed(
            ctx.deployment,
            FIELD,
            f"Proxy function {proxy.name} has no plaintext secret among its "
            f"{len(proxy.variables)} environment variables.",
            resource=proxy.arn,
        )
