"""An MCP server target's endpoint is not an https:// URL.

## Why
The gateway calls an ``mcpServer`` target over TLS only: the API defines
``targetConfiguration.mcp.mcpServer.endpoint`` with the pattern ``https://.*``
and marks it required. Botocore does not enforce patterns before sending, so
a plain ``http://`` URL, a bare host name or an empty string is only refused
by the service. The troubleshooting guide's own runtime example,
``http://runtime-abc123.agentcore.us-east-1.amazonaws.com/invocations``, is
one of these (its host is made up too, see GW203).

ARNs written as the endpoint are reported by GW201 and skipped here.

## Symptom
CreateGatewayTarget (or ``setup_gateway(target_type='runtime', ...)``) fails
with a ValidationException on ``endpoint``; nothing is created.

## Fix
Write the full ``https://`` URL of the MCP server. For an MCP server hosted on
AgentCore Runtime:

    {
      "name": "security-mcp",
      "targetConfiguration": {"mcp": {"mcpServer": {
        "endpoint": "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=DEFAULT"
      }}}
    }
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from gwlint.awsformats import parse_arn
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import configuration_member, has_configuration

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_MADE_UP_HOST = re.compile(r"^(?:[^.]+\.)*agentcore\.([a-z0-9-]+)\.amazonaws\.com$")
_RUNTIME_URL_HINT = (
    "an MCP server on AgentCore Runtime is reached at "
    "https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{URL-encoded runtime ARN}"
    "/invocations?qualifier=DEFAULT (see GW203)"
)

FIX = (
    "Give the MCP server's full https:// URL, e.g. "
    "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/"
    "arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234"
    "/invocations?qualifier=DEFAULT for a server on AgentCore Runtime."
)


def _mcp_server(target: Target) -> tuple[bool, str | None]:
    """Whether ``target`` is an mcpServer target, and where its object sits.

    API shapes count only when ``mcpServer`` is at ``targetConfiguration.mcp``
    (anything else is GW212's finding); setup-args count by ``target_type``.
    """
    if has_configuration(target):
        found = configuration_member(target, "mcp", "mcpServer")
        return (True, found[1]) if found is not None else (False, None)
    return "mcpServer" in target.kinds, None


def _fix_with(url: str) -> str:
    host = urlsplit(url).hostname or ""
    text = f"Use {url}"
    if _MADE_UP_HOST.match(host):
        text += f"; note that {host} is not a real AgentCore host either: {_RUNTIME_URL_HINT}"
    return text + "."


def _problem(endpoint: Any) -> tuple[str, str | None] | None:
    """(message, fix) for a non-ARN endpoint that is not an https:// URL."""
    if not isinstance(endpoint, str):
        if endpoint is None:
            return "Endpoint is null, not an https:// URL string.", None
        shown = f"{json_kind(endpoint)} ({describe_value(endpoint)})"
        return f"Endpoint is {shown}, not an https:// URL string.", None
    stripped = endpoint.strip()
    if not stripped:
        return "Endpoint is empty; the API requires an https:// URL.", None
    spaced = stripped != endpoint
    match = _SCHEME.match(stripped)
    if match is None:
        if re.match(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/|$)", stripped):
            url = "https://" + stripped
            return (
                f"Endpoint {describe_value(endpoint)} has no scheme; the API requires a URL "
                "starting with https://.",
                _fix_with(url),
            )
        return (
            f"Endpoint {describe_value(endpoint)} is not a URL; the API requires an https:// URL.",
            "Give the MCP server's https:// URL. If this is a Lambda function name, create a "
            "lambda target (lambdaArn + tool schemas) instead of an mcpServer target.",
        )
    scheme = match.group(1)
    rest = stripped[match.end() :]
    if scheme != "https":
        if scheme.lower() == "https":
            what = (
                f"writes the scheme as '{scheme}://'; the API pattern https://.* is case-sensitive"
            )
        elif scheme.lower() == "http":
            what = "uses http://; the API accepts only https:// URLs (pattern https://.*)"
        else:
            what = f"uses the '{scheme}' scheme; the API accepts only https:// URLs"
        return f"Endpoint {describe_value(endpoint)} {what}.", _fix_with("https://" + rest)
    if not urlsplit(stripped).hostname:
        return f"Endpoint {describe_value(endpoint)} has no host name.", None
    if spaced:
        return (
            f"Endpoint {describe_value(endpoint)} has leading or trailing whitespace, which the "
            "API pattern https://.* rejects.",
            f"Use '{stripped}'.",
        )
    return None


@rule(
    id="GW202",
    name="mcp-endpoint-https",
    severity=Severity.ERROR,
    summary="MCP server target endpoint is an https:// URL",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        is_mcp, server_pointer = _mcp_server(target)
        if not is_mcp:
            continue
        if not target.has("endpoint"):
            yield ctx.fail(
                target,
                "endpoint",
                f"MCP server {target.label} has no endpoint; the API requires an https:// URL.",
                pointer=server_pointer,
            )
            continue
        endpoint = target.endpoint
        if parse_arn(endpoint.strip() if isinstance(endpoint, str) else endpoint) is not None:
            continue  # an ARN: GW201 reports it
        problem = _problem(endpoint)
        if problem is None:
            yield ctx.passed(target, "endpoint", "endpoint is an https:// URL")
            continue
        message, fix = problem
        yield ctx.fail(target, "endpoint", message, fix=fix)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": "The mcpServer endpoint is not an https:// URL (http://, a bare host name).",
        "likelihood": "medium",
    },
]
