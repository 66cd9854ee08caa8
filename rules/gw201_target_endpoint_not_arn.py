"""An ARN was given where the gateway needs an HTTPS endpoint.

## Why
An MCP-server target (including an MCP server hosted on AgentCore Runtime)
is reached over HTTPS: the gateway needs the server's URL, not the ARN of the
Lambda function, runtime or runtime endpoint behind it. Botocore does not
check the ``https://`` pattern client-side, so the ARN reaches the service.

## Symptom
CreateGatewayTarget is rejected with a ValidationException on ``endpoint``,
or — with helpers such as ``setup_gateway(target_source=arn)`` — the target
never synchronises and tool calls answer "Internal Server Error".

## Fix
For an MCP server on AgentCore Runtime use its invocation URL, which embeds
the URL-encoded runtime ARN:

    https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmcp_server-AbCdEf1234/invocations?qualifier=DEFAULT

For a Lambda function use a ``lambda`` target with ``lambdaArn`` and its tool
schemas instead of an ``mcpServer`` endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import article, describe_arn, parse_arn, runtime_invocation_url
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW201",
    name="target-endpoint-not-arn",
    severity=Severity.ERROR,
    summary="MCP server target endpoint is a URL, not an ARN",
    fix=(
        "Use the server's https:// URL. For AgentCore Runtime that is "
        "https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{URL-encoded runtime ARN}"
        "/invocations?qualifier=DEFAULT; for a Lambda function create a lambda target "
        "(lambdaArn + tool schemas) instead."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if "mcpServer" not in target.kinds or not target.has("endpoint"):
            continue
        endpoint = target.endpoint
        arn = parse_arn(endpoint.strip() if isinstance(endpoint, str) else endpoint)
        if arn is None:
            yield ctx.passed(target, "endpoint", "endpoint is not an ARN")
            continue
        kind = describe_arn(arn)
        fix = None
        if arn.service == "bedrock-agentcore" and arn.resource.startswith("runtime/"):
            runtime_arn = str(arn).split("/runtime-endpoint/")[0]
            fix = (
                "Use the runtime's invocation URL (the runtime ARN, not an endpoint ARN, "
                f"URL-encoded): {runtime_invocation_url(runtime_arn, arn.region)}"
            )
        elif arn.service == "lambda":
            fix = (
                "A Lambda function is not an MCP endpoint: create a lambda target with "
                "lambdaArn and toolSchema.inlinePayload (the tool definitions), or "
                "setup_gateway(target_type='lambda', target_source={'arn': …, 'tools': […]})."
            )
        yield ctx.fail(
            target,
            "endpoint",
            f"endpoint is {article(kind)} {kind} ({arn}); the gateway needs an https:// URL "
            "it can call.",
            fix=fix,
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": "The mcpServer endpoint is an ARN, not a URL the gateway can connect to.",
        "likelihood": "medium",
    },
]
