"""Realistic surroundings for error texts: how users actually paste them into ``gwlint why``.

Each helper wraps one message the way a tool prints it: Terraform's boxed,
word-wrapped diagnostics, a CDK/CloudFormation deploy event, the JSON of
``aws cloudformation describe-stack-events``, a botocore ClientError
traceback, and a ``curl -i`` exchange.
"""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner, Result

from gwlint.cli import app

runner = CliRunner()


def invoke(*args: str, stdin: str | bytes | None = None) -> Result:
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed: {result.exception!r}\n{result.output}")
    assert "Traceback (most recent call last)" not in result.stderr
    return result


def terraform(resource: str, summary: str, message: str) -> str:
    """``terraform apply`` output; the detail is wrapped at 76 columns inside the box."""
    kind, name = resource.split(".")
    detail = textwrap.wrap(
        "operation error Bedrock AgentCore Control: CreateGatewayTarget, https response "
        "error StatusCode: 400, RequestID: 1b7e2c1e-8d0f-4a57-9a39-3f0c2b1d9e10, " + message,
        width=76,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(
        [
            f"{resource}: Creating...",
            "╷",
            f"│ Error: {summary}",
            "│ ",
            f"│   with {resource},",
            f'│   on main.tf line 42, in resource "{kind}" "{name}":',
            f'│   42: resource "{kind}" "{name}" {{',
            "│ ",
            *[f"│ {line}" for line in detail],
            "╵",
            "",
        ]
    )


def cdk_event(resource_type: str, logical_id: str, message: str) -> str:
    """A ``cdk deploy`` failure: the CloudFormation event line and the stack summary."""
    return "\n".join(
        [
            "AgentStack: deploying... [1/1]",
            "AgentStack: creating CloudFormation changeset...",
            f"12:01:31 PM | CREATE_IN_PROGRESS   | {resource_type} | {logical_id}",
            f"12:01:33 PM | CREATE_FAILED        | {resource_type} | {logical_id} "
            f'Resource handler returned message: "{message}" (RequestToken: '
            "5c0a4b0e-2f7d-4a44-9e0c-8d2d1f6f2b10, HandlerErrorCode: InvalidRequest)",
            "12:01:34 PM | ROLLBACK_IN_PROGRESS | AWS::CloudFormation::Stack | AgentStack "
            "The following resource(s) failed to create: [" + logical_id + "].",
            "",
            " ❌  AgentStack failed: Error: The stack named AgentStack failed creation, it may "
            "need to be manually deleted from the AWS console: ROLLBACK_COMPLETE",
            "",
        ]
    )


def stack_events_json(*failures: tuple[str, str, str]) -> str:
    """``aws cloudformation describe-stack-events`` JSON with (type, logical id, message)."""
    events = [
        {
            "StackName": "agent-stack",
            "LogicalResourceId": logical_id,
            "ResourceType": resource_type,
            "Timestamp": "2026-11-30T12:01:33.512Z",
            "ResourceStatus": "CREATE_FAILED",
            "ResourceStatusReason": f'Resource handler returned message: "{message}" '
            "(RequestToken: 5c0a4b0e, HandlerErrorCode: InvalidRequest)",
        }
        for resource_type, logical_id, message in failures
    ]
    return json.dumps({"StackEvents": events}, indent=4) + "\n"


def botocore_traceback(operation: str, code: str, message: str) -> str:
    """The traceback boto3 prints for a ClientError."""
    method = "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
    site = "/home/dev/.venv/lib/python3.12/site-packages/botocore/client.py"
    return "\n".join(
        [
            "Traceback (most recent call last):",
            '  File "/home/dev/agent/deploy_gateway.py", line 61, in <module>',
            f"    target = client.{method}(**request)",
            "             " + "^" * 30,
            f'  File "{site}", line 601, in _api_call',
            "    return self._make_api_call(operation_name, kwargs)",
            f'  File "{site}", line 1074, in _make_api_call',
            "    raise error_class(parsed_response, operation_name)",
            f"botocore.errorfactory.{code}: An error occurred ({code}) when calling the "
            f"{operation} operation: {message}",
            "",
        ]
    )


def curl(status: str, body: str, *, url: str, headers: tuple[str, ...] = ()) -> str:
    """A ``curl -i`` exchange: the command, the status line, headers and the body."""
    return "\n".join(
        [
            f"$ curl -sS -i -X POST '{url}' -H 'Content-Type: application/json' "
            "-H 'Authorization: Bearer $TOKEN' -d "
            """'{"jsonrpc":"2.0","id":1,"method":"tools/list"}'""",
            f"HTTP/2 {status}",
            "content-type: application/json",
            "x-amzn-requestid: 0f3c2a1b-9e8d-4c7b-a6f5-e4d3c2b1a091",
            *headers,
            "",
            body,
            "",
        ]
    )
