r"""The execution role may not call ``lambda:InvokeFunctionUrl`` for a function-URL MCP server.

## Why
An ``mcpServer`` target can be a Lambda function URL
(``https://<url-id>.lambda-url.<region>.on.aws/``) that the gateway calls with
its execution role (``GATEWAY_IAM_ROLE`` with ``iamCredentialProvider.service``
``lambda``, the service the AgentCore docs name for function URLs). When the
URL's ``AuthType`` is ``AWS_IAM``, Lambda lets the signed request through only
if the caller may call ``lambda:InvokeFunctionUrl`` on the function, and, for
function URLs created from October 2025 on, ``lambda:InvokeFunction`` as well
(AWS Lambda developer guide, "Control access to Lambda function URLs"; gwlint
reads the URL's ``CreationTime``). The same-account role may hold them in an
identity policy or be granted them by the function's resource-based policy,
which gwlint does not read. With ``AuthType`` ``NONE`` no IAM permission is
needed and the rule says so.

The URL does not name its function and Lambda has no lookup by URL: gwlint
lists the functions of the URL's region (ListFunctions) and reads their URL
configurations (GetFunctionUrlConfig, concurrently) to find it, then
evaluates the role's policies as GW512 does (inline, attached, permissions
boundary; a deciding Condition is a warning). A URL of another account, or of
an alias, is not found and is skipped with that reason; resource-based
policies are not read.

## Symptom
Target creation or tools/list fails, or every tools/call of the target
answers 403 Forbidden from Lambda (``AccessDeniedException`` for the URL).

## Fix
Allow the role to invoke the function through its URL:

    {"Effect": "Allow",
     "Action": ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"],
     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:docs-mcp-server"}

    aws iam put-role-policy --role-name AgentCoreGatewayRole \
      --policy-name function-url --policy-document file://policy.json
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError
from gwlint.findings import Finding
from gwlint.function_urls import find_function_url, parse_function_url
from gwlint.livecheck import (
    LIST_FUNCTIONS,
    cannot_check,
    skip_at,
)
from gwlint.model import Target
from gwlint.reads import ROLE_POLICIES
from gwlint.resolve import GatewayView
from gwlint.role_permissions import Need, check_role_needs
from gwlint.rule import Context, Severity, describe_value, rule

INVOKE_FUNCTION_URL = "lambda:InvokeFunctionUrl"
INVOKE_FUNCTION = "lambda:InvokeFunction"
#: Function URLs created from this date on need lambda:InvokeFunction too (ISO 8601 text).
BOTH_FROM = "2025-10-01"
FIX = (
    "Allow lambda:InvokeFunctionUrl (and, for URLs created since October 2025, "
    "lambda:InvokeFunction) on the function behind the URL in a policy of the "
    "execution role (aws iam put-role-policy --role-name <role> --policy-name function-url "
    "--policy-document file://policy.json)."
)


def _signed(target: Target) -> bool:
    types = [p.provider_type for p in target.credential_providers or []]
    return "mcpServer" in target.kinds and "GATEWAY_IAM_ROLE" in types


def _needs(ctx: Context, view: GatewayView, targets: list[Target]) -> Iterator[Need | Finding]:
    """A Need per IAM-auth function URL, or the finding for a URL that needs none or is unknown."""
    assert ctx.facts is not None
    for target in targets:
        url = parse_function_url(target.endpoint) if _signed(target) else None
        if url is None:
            continue
        where = view.at(target, "endpoint")
        try:
            config = find_function_url(ctx.facts, url)
        except LiveError as exc:
            what = f"which function serves {url.host}"
            action = exc.action or LIST_FUNCTIONS
            yield cannot_check(ctx, where, exc, what, action, resource=url.host)
            continue
        if config is None:
            reason = (
                f"no function in {url.region} of this account has the function URL {url.host} "
                f"(an alias URL or another account's), so {INVOKE_FUNCTION_URL} for "
                f"{target.label} was not checked"
            )
            yield skip_at(ctx, where.node, where.field, reason, resource=url.host)
            continue
        arn = str(config.get("FunctionArn") or url.host)
        auth = config.get("AuthType")
        if auth == "AWS_IAM":
            yield Need(INVOKE_FUNCTION_URL, arn, where, target.label)
            created = config.get("CreationTime")
            if not isinstance(created, str) or created >= BOTH_FROM:
                # a URL of unknown age may be older than the rule: only a warning then
                severity = None if isinstance(created, str) else Severity.WARNING
                subject = f"{target.label} (its URL was created since October 2025)"
                yield Need(INVOKE_FUNCTION, arn, where, subject, severity=severity)
            continue
        if auth != "NONE":  # an answer gwlint does not understand is no pass
            yield ctx.error(
                where.node,
                where.field,
                f"The function URL of {arn} has AuthType {describe_value(auth)}, neither "
                f"AWS_IAM nor NONE: whether {target.label} needs {INVOKE_FUNCTION_URL} "
                "was not checked.",
                resource=arn,
                pointer=where.pointer,
            )
            continue
        yield ctx.passed(
            where.node,
            where.field,
            f"The function URL of {arn} has AuthType {describe_value(auth)}: {target.label} "
            f"needs no {INVOKE_FUNCTION_URL} permission.",
            resource=arn,
            pointer=where.pointer,
        )


@rule(
    id="GW513",
    name="function-url-permission",
    severity=Severity.ERROR,
    summary="the execution role may call lambda:InvokeFunctionUrl on function-URL MCP servers",
    fix=FIX,
    live=True,
    requires=("GW510",),
    reads=(*ROLE_POLICIES, "functions", "function-url"),
)
def check(ctx: Context) -> Iterator[Finding]:
    yield from check_role_needs(ctx, lambda view, targets: _needs(ctx, view, targets))
