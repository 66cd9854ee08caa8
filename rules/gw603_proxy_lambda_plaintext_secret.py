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

from collections.abc import Iterator

from gwlint.findings import Finding, Status
from gwlint.livecheck import PROXY_FIELD, fetch_proxy, skip_at
from gwlint.rule import Context, Severity, rule
from gwlint.secretnames import is_plaintext_secret

FIX = (
    "Move the value to AWS Secrets Manager, keep only the secret's ARN or name in the "
    "environment (e.g. COGNITO_CLIENT_SECRET_ARN), read it with GetSecretValue at cold start, "
    "and rotate the exposed secret."
)


@rule(
    id="GW603",
    name="proxy-lambda-plaintext-secret",
    severity=Severity.WARNING,
    summary="the proxy Lambda's environment holds no plaintext secret",
    fix=FIX,
    live=True,
    reads=("function",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    proxy, problem = fetch_proxy(ctx)
    if problem is not None and problem.status is Status.FAIL:  # GW502's failure
        yield skip_at(
            ctx,
            ctx.deployment,
            PROXY_FIELD,
            "environment not checked: the proxy function does not exist (see GW502).",
            resource=problem.resource,
        )
    elif problem is not None:
        yield problem
    if proxy is None:
        return
    flagged = sorted(
        name for name, value in proxy.variables.items() if is_plaintext_secret(name, value)
    )
    for name in flagged:
        yield ctx.fail(
            ctx.deployment,
            PROXY_FIELD,
            f"Proxy function {proxy.name} keeps {name} in plaintext in its environment "
            "(value not shown); anyone who can read the function's configuration can read it.",
            resource=proxy.arn,
        )
    if not flagged:
        yield ctx.passed(
            ctx.deployment,
            PROXY_FIELD,
            f"Proxy function {proxy.name} has no plaintext secret among its "
            f"{len(proxy.variables)} environment variables.",
            resource=proxy.arn,
        )
