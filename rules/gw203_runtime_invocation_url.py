"""An AgentCore Runtime invocation URL is malformed.

## Why
An MCP server hosted on AgentCore Runtime is reached through the runtime
data plane's InvokeAgentRuntime route,
``POST https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{runtime ARN}/invocations``,
with the runtime ARN percent-encoded into a single path segment (``:`` as
``%3A``, ``/`` as ``%2F``) and the runtime endpoint chosen by
``?qualifier=``. Each part is easy to get wrong by hand:

- the ARN pasted unencoded, so its ``/`` splits the path and the route no
  longer matches;
- a runtime *endpoint* ARN (``…/runtime-endpoint/prod``) pasted instead of the
  runtime ARN — the endpoint name belongs in ``?qualifier=prod``;
- ``/invocations`` missing or replaced (``/mcp`` is the container's path, not
  the service's);
- a host region that differs from the region in the ARN;
- an ARN that is not a runtime ARN at all.

The troubleshooting guide's ``runtime-abc123.agentcore.us-east-1.amazonaws.com``
host does not exist: there is no per-runtime host name.

## Symptom
The gateway cannot reach the server: creating or synchronising the target
fails (status FAILED or SYNCHRONIZE_UNSUCCESSFUL) and ``tools/list`` through
the gateway shows none of the server's tools. A made-up host does not even
resolve.

## Fix
Build the URL from the runtime ARN, in the runtime's region:

    "endpoint": "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=DEFAULT"

In Python: ``urllib.parse.quote(runtime_arn, safe='')`` gives the encoded
segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

from gwlint.awsformats import (
    RUNTIME_ARN,
    RUNTIME_HOST,
    explain_runtime_arn,
    parse_arn,
    parse_runtime_url,
    runtime_invocation_url,
)
from gwlint.findings import Finding
from gwlint.model import Deployment, Target
from gwlint.rule import Context, Severity, describe_value, rule

#: Hosts in the style of the guide's example; none of them exists.
_MADE_UP_HOSTS = (
    re.compile(r"^(?:[^.]+\.)*agentcore\.([a-z0-9-]+)\.amazonaws\.com$"),
    re.compile(r"^runtime[^.]*\.bedrock-agentcore\.([a-z0-9-]+)\.amazonaws\.com$"),
)
_ARN_AND_REST = re.compile(r"^(arn:[^/]*?:runtime/[^/]*(?:/runtime-endpoint/[^/]*)?)(/.*)?$")
_RUNTIME_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}$")
_EXAMPLE_ACCOUNT = "123456789012"
_EXAMPLE_RUNTIME = "my_mcp_server-AbCdEf1234"

FIX = (
    "Use https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{URL-encoded runtime ARN}"
    "/invocations?qualifier={endpoint name}, with the runtime ARN (not a runtime endpoint ARN) "
    "encoded as one path segment (urllib.parse.quote(arn, safe='')) and the host in the "
    "runtime's region."
)


def _account(deployment: Deployment) -> str:
    """The account of the gateway role, for example URLs; a placeholder otherwise."""
    gateway = deployment.gateway
    arn = parse_arn(gateway.role_arn) if gateway is not None else None
    if arn is not None and re.fullmatch(r"\d{12}", arn.account):
        return arn.account
    return _EXAMPLE_ACCOUNT


def _example_url(deployment: Deployment, region: str) -> str:
    arn = f"arn:aws:bedrock-agentcore:{region}:{_account(deployment)}:runtime/{_EXAMPLE_RUNTIME}"
    return runtime_invocation_url(arn, region)


class _Analysis:
    """Problems found in one runtime invocation URL, each as (message, fix)."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.summary = (
            "runtime invocation URL has the URL-encoded runtime ARN, /invocations and a host in "
            "the runtime's region"
        )

    def add(self, message: str, fix: str) -> None:
        self.problems.append((message[:1].upper() + message[1:], fix))


def _analyse(deployment: Deployment, endpoint: str) -> _Analysis | None:
    """None when ``endpoint`` is no runtime URL at all (not this rule's business)."""
    text = endpoint.strip()
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    result = _Analysis()
    for pattern in _MADE_UP_HOSTS:
        made_up = pattern.match(host)
        if made_up:
            region = made_up.group(1)
            result.add(
                f"endpoint host '{host}' is not a real AgentCore host; there is no per-runtime "
                f"host name, a runtime is invoked at bedrock-agentcore.{region}.amazonaws.com"
                "/runtimes/{URL-encoded runtime ARN}/invocations.",
                "Replace the endpoint with the runtime's invocation URL, e.g. "
                f"{_example_url(deployment, region)} (put your runtime ARN, from "
                f"`aws bedrock-agentcore-control list-agent-runtimes --region {region}`, "
                "in place of the example ARN).",
            )
            return result
    parsed = parse_runtime_url(text)
    if parsed is None:
        on_host = RUNTIME_HOST.match(host)
        if on_host is None:
            return None
        result.add(
            f"endpoint {describe_value(endpoint)} is on the AgentCore Runtime host but its path "
            f"'{parts.path or '/'}' is not /runtimes/{{URL-encoded runtime ARN}}/invocations.",
            f"Use the runtime's invocation URL, e.g. {_example_url(deployment, on_host.group(1))}.",
        )
        return result

    segment_text = parts.path[len("/runtimes/") :]
    decoded = unquote(segment_text)
    twice = False
    if not decoded.startswith("arn:") and unquote(decoded).startswith("arn:"):
        twice = True
        segment_text, decoded = decoded, unquote(decoded)

    if not decoded.startswith("arn:"):
        _analyse_runtime_id(result, deployment, parsed.region, segment_text, parts.query)
        return result

    split = _ARN_AND_REST.match(decoded)
    if split is not None:
        arn_text, rest = split.group(1), split.group(2) or ""
    else:
        cut = decoded.find("/invocations")
        arn_text, rest = (decoded, "") if cut < 0 else (decoded[:cut], decoded[cut:])
    runtime_arn, _, endpoint_name = arn_text.partition("/runtime-endpoint/")
    arn = parse_arn(runtime_arn)
    valid = RUNTIME_ARN.match(runtime_arn) is not None
    if endpoint_name:
        qualifier = endpoint_name
    elif parsed.qualifier:
        qualifier = parsed.qualifier
    else:
        qualifier = "DEFAULT"
    region = arn.region if arn is not None and valid else parsed.region
    corrected = runtime_invocation_url(runtime_arn, region, qualifier) if valid else None
    use = f"Use {corrected}" if corrected else "Use the runtime's invocation URL"

    first = segment_text.partition("/")[0]
    if twice:
        result.add(
            f"the runtime ARN in endpoint {describe_value(endpoint)} is URL-encoded twice "
            "('%25…'); it must be encoded exactly once.",
            f"{use} (encode the ARN once: quote(arn, safe='')).",
        )
    elif ":" in first:
        result.add(
            f"the runtime ARN in endpoint {describe_value(endpoint)} is not URL-encoded; its ':' "
            "and '/' must be written %3A and %2F so the ARN stays one path segment.",
            f"{use} (urllib.parse.quote(arn, safe='') encodes it).",
        )
    elif unquote(first) != arn_text:
        result.add(
            f"the runtime ARN in endpoint {describe_value(endpoint)} is only partly URL-encoded; "
            "every ':' must be %3A and every '/' must be %2F.",
            f"{use} (urllib.parse.quote(arn, safe='') encodes it).",
        )

    if endpoint_name:
        clash = (
            f" (the URL's qualifier '{parsed.qualifier}' disagrees with it)"
            if parsed.qualifier and parsed.qualifier != endpoint_name
            else ""
        )
        result.add(
            f"endpoint embeds the runtime endpoint ARN '{arn_text}' instead of the runtime ARN; "
            f"the URL takes the runtime ARN '{runtime_arn}' and the endpoint name goes in "
            f"?qualifier={endpoint_name}{clash}.",
            f"{use} (runtime ARN in the path, endpoint name '{endpoint_name}' as qualifier).",
        )

    problem = explain_runtime_arn(runtime_arn)
    if problem is not None:
        result.add(
            f"the ARN '{runtime_arn}' in the runtime invocation URL {problem}.",
            "Put the runtime's ARN in the URL: arn:aws:bedrock-agentcore:{region}:{account}:"
            "runtime/{name}-{10 characters}, as listed by "
            "`aws bedrock-agentcore-control list-agent-runtimes`.",
        )

    if rest != "/invocations":
        if not rest:
            where = "ends right after the runtime ARN"
        elif rest.rstrip("/") == "/invocations":
            where = f"ends with '{rest}' (trailing slash)"
        else:
            where = f"continues with '{rest}' after the runtime ARN"
        result.add(
            f"the runtime invocation URL path must end with /invocations; it {where}.",
            f"{use}.",
        )

    same_service = arn is not None and arn.service == "bedrock-agentcore"
    if arn is not None and same_service and arn.region and arn.region != parsed.region:
        result.add(
            f"the runtime invocation URL calls bedrock-agentcore.{parsed.region}.amazonaws.com but "
            f"the runtime ARN is in {arn.region}; the host must be in the runtime's region.",
            f"{use}.",
        )
    return result


def _analyse_runtime_id(
    result: _Analysis, deployment: Deployment, region: str, segment_text: str, query: str
) -> None:
    """The path names the runtime by ID, which AWS accepts only with ``accountId``."""
    result.summary = (
        "runtime invocation URL names the runtime by ID with its accountId and ends with "
        "/invocations"
    )
    runtime_id = unquote(segment_text.partition("/")[0])
    rest = segment_text[len(segment_text.partition("/")[0]) :]
    if not _RUNTIME_ID.match(runtime_id):
        result.add(
            f"the path segment '{runtime_id}' after /runtimes/ is neither a runtime ARN nor a "
            "runtime ID.",
            f"Use the runtime's invocation URL, e.g. {_example_url(deployment, region)}.",
        )
        return
    accounts = parse_qs(query, keep_blank_values=True).get("accountId", [])
    arn = f"arn:aws:bedrock-agentcore:{region}:{_account(deployment)}:runtime/{runtime_id}"
    if not accounts or not re.fullmatch(r"\d{12}", accounts[0]):
        result.add(
            f"the runtime invocation URL names runtime ID '{runtime_id}' without a 12-digit "
            "accountId query parameter; AWS accepts a bare runtime ID only together with "
            "?accountId=.",
            f"Use the runtime ARN instead: {runtime_invocation_url(arn, region)} (check the "
            "account ID).",
        )
    if unquote(rest) != "/invocations":
        result.add(
            f"the runtime invocation URL path must end with /invocations; it continues with "
            f"'{unquote(rest)}' after the runtime ID.",
            f"Use {runtime_invocation_url(arn, region)} (check the account ID).",
        )


def _is_mcp_target(target: Target) -> bool:
    return "mcpServer" in target.kinds and target.has("endpoint")


@rule(
    id="GW203",
    name="runtime-invocation-url",
    severity=Severity.ERROR,
    summary="AgentCore Runtime invocation URL is well formed",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if not _is_mcp_target(target) or not isinstance(target.endpoint, str):
            continue
        analysis = _analyse(ctx.deployment, target.endpoint)
        if analysis is None:
            continue
        for message, fix in analysis.problems:
            yield ctx.fail(target, "endpoint", message, fix=fix)
        if not analysis.problems:
            yield ctx.passed(target, "endpoint", analysis.summary)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": (
            "The runtime invocation URL is malformed (ARN not percent-encoded, endpoint ARN, "
            "wrong host)."
        ),
        "likelihood": "medium",
    },
    {
        "error": "runtime-invocation-forbidden",
        "cause": "The invocation URL names another runtime, region or endpoint than the one meant.",
        "likelihood": "low",
    },
]
