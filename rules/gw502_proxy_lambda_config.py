r"""The proxy Lambda's environment does not point at this gateway and client.

## Why
In the guide's architecture an agent calls a proxy Lambda function, which
fetches a token with the client-credentials grant and forwards the call to
the gateway. The function reads its settings from environment variables:
``GATEWAY_URL`` (the gateway's MCP URL), ``COGNITO_CLIENT_ID`` (the app
client) and ``TOKEN_URL`` (the Cognito token endpoint). They are copied by
hand (``update-function-configuration``) from ``gateway-config.json``, so
they go stale when the gateway or client is recreated, and a value copied
from the wrong field (the user-pool ID as client ID, the ``cognito-idp``
host as token URL) breaks only at run time.

gwlint reads the function named with ``--lambda NAME`` or the deployment
file's ``proxy_lambda`` (GetFunctionConfiguration) and compares each
variable with the config: ``gateway_url`` (or, without one, the live
gateway's ``gatewayUrl``), ``client_id`` and ``token_endpoint``. Each
variable is reported on its own. Secrets are never printed.

## Symptom
The agent's calls through the proxy fail with ``invalid_client`` or
``invalid_scope`` from the token endpoint, 401 "Invalid Bearer token" from
the gateway, or a DNS/404 error for a deleted gateway, while the config
file itself is right.

## Fix
Write the current values into the function's environment:

    aws lambda update-function-configuration --function-name bedrock-gateway-proxy \
      --environment '{"Variables": {
        "GATEWAY_URL": "https://mygateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
        "COGNITO_CLIENT_ID": "6aarhftf6bopppar05humcp2r6",
        "TOKEN_URL": "https://agentcore-1a2b3c4d.auth.us-east-1.amazoncognito.com/oauth2/token",
        "COGNITO_CLIENT_SECRET_ARN":
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client-AbCdEf"}}'
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_GATEWAY,
    PROXY_FIELD,
    ProxyFunction,
    cannot_check,
    fetch_gateway,
    fetch_proxy,
    session_region,
    skip_at,
)
from gwlint.resolve import Where, gateway_refs
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Update the proxy function's environment (aws lambda update-function-configuration "
    "--function-name <name> --environment …) with the gateway's URL, the app client's ID and "
    "the pool domain's /oauth2/token URL from the current config."
)


def _same(a: str, b: str, *, url: bool) -> bool:
    a, b = a.strip(), b.strip()
    if url:
        return a.rstrip("/") == b.rstrip("/")
    return a == b


def _expected_gateway_url(ctx: Context) -> tuple[str | None, str, Finding | None]:
    """(expected URL, where it comes from, finding when it could not be read)."""
    client = ctx.deployment.client
    if client is not None and isinstance(client.gateway_url, str) and client.gateway_url.strip():
        return client.gateway_url.strip(), "the config's gateway_url", None
    refs = gateway_refs(ctx.deployment, session_region(ctx))
    if not refs:
        return None, "", None
    ref = refs[0]
    try:
        gateway = fetch_gateway(ctx, ref)
    except NotFound:
        skip = skip_at(
            ctx,
            ctx.deployment,
            PROXY_FIELD,
            f"GATEWAY_URL not compared: gateway {ref.identifier} does not exist (see GW401).",
            resource=ref.identifier,
        )
        return None, "", skip
    except LiveError as exc:
        what = f"GATEWAY_URL against gateway {ref.identifier}"
        return (
            None,
            "",
            cannot_check(
                ctx,
                Where(ctx.deployment, PROXY_FIELD),
                exc,
                what,
                GET_GATEWAY,
                resource=ref.identifier,
            ),
        )
    url = gateway.get("gatewayUrl")
    if not isinstance(url, str):
        return None, "", None
    return url, f"the gatewayUrl of gateway {ref.identifier}", None


def _compare(
    ctx: Context,
    proxy: ProxyFunction,
    variable: str,
    expected: str,
    source: str,
    *,
    url: bool,
) -> Finding:
    deployment = ctx.deployment
    actual = proxy.variables.get(variable)
    label = f"proxy function {proxy.name}"
    if actual is None:
        return ctx.fail(
            deployment,
            PROXY_FIELD,
            f"{variable} is not set in the environment of {label}; expected "
            f"{describe_value(expected, 200)} ({source}).",
            resource=proxy.arn,
        )
    if not isinstance(actual, str) or not _same(actual, expected, url=url):
        return ctx.fail(
            deployment,
            PROXY_FIELD,
            f"{variable} of {label} is {describe_value(actual, 200)}, but {source} is "
            f"{describe_value(expected, 200)}.",
            resource=proxy.arn,
        )
    return ctx.passed(
        deployment, PROXY_FIELD, f"{variable} of {label} matches {source}.", resource=proxy.arn
    )


@rule(
    id="GW502",
    name="proxy-lambda-config",
    severity=Severity.ERROR,
    summary="the proxy Lambda's GATEWAY_URL, COGNITO_CLIENT_ID and TOKEN_URL match the config",
    fix=FIX,
    live=True,
    reads=("function", "gateway"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    proxy, problem = fetch_proxy(ctx)
    if problem is not None:
        yield problem
    if proxy is None:
        return
    expected_url, source, problem = _expected_gateway_url(ctx)
    if problem is not None:
        yield problem
    elif expected_url is not None:
        yield _compare(ctx, proxy, "GATEWAY_URL", expected_url, source, url=True)
    else:
        yield skip_at(
            ctx,
            ctx.deployment,
            PROXY_FIELD,
            "GATEWAY_URL not compared: the input names no gateway URL or gateway.",
            resource=proxy.arn,
        )
    client = ctx.deployment.client
    pairs = (
        ("COGNITO_CLIENT_ID", "client_id", "the config's client_id", False),
        ("TOKEN_URL", "token_endpoint", "the config's token_endpoint", True),
    )
    for variable, field, source_name, is_url in pairs:
        value = getattr(client, field) if client is not None else None
        if isinstance(value, str) and value.strip():
            yield _compare(ctx, proxy, variable, value.strip(), source_name, url=is_url)
        else:
            yield skip_at(
                ctx,
                ctx.deployment,
                PROXY_FIELD,
                f"{variable} not compared: the input has no {field}.",
                resource=proxy.arn,
            )
