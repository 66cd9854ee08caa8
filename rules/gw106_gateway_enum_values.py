"""A gateway or target setting holds a value outside the API's enumeration.

## Why
Many settings take a fixed set of upper-case values — ``protocolType``
(``MCP`` only; leave it out to allow HTTP targets), ``searchType``
(``SEMANTIC``), ``policyEngineConfiguration.mode`` (``LOG_ONLY``,
``ENFORCE``), ``interceptionPoints`` (``REQUEST``, ``RESPONSE``),
``http.passthrough.protocolType`` (``MCP``, ``A2A``, ``INFERENCE``,
``CUSTOM``), ``apiGateway`` tool-filter ``methods`` (``GET``, ``POST``…),
``payloadFilter`` exclusions, ``wafConfiguration.failureMode`` and more.
botocore does not check enums before sending; the service does, so a
lower-case spelling (``mcp``) or a guess (``HYBRID``, ``BOTH``) fails at
CreateGateway / CreateGatewayTarget.

The enumerations come from the API spec generated from botocore
(``gwlint/spec/agentcore_api.json``); every enum in a CreateGateway,
UpdateGateway, CreateGatewayTarget or UpdateGatewayTarget request is checked
against its operation's model. Enums with a dedicated rule are left to it:
``authorizerType`` (GW103), ``exceptionLevel`` (GW105),
``credentialProviderType`` and the credential provider blocks (GW216, GW217),
``listingMode`` (GW218) and tool-schema types (GW208). Saved Get responses
are not checked (their values came from AWS).

## Symptom
``ValidationException … Member must satisfy enum value set: [SEMANTIC]`` (or
the set of the field in question).

## Fix
Use the API's spelling:

    {
      "protocolType": "MCP",
      "protocolConfiguration": {"mcp": {"searchType": "SEMANTIC"}},
      "policyEngineConfiguration": {
        "arn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/tools-a1b2c3d4e5",
        "mode": "LOG_ONLY"
      },
      "interceptorConfigurations": [{
        "interceptor": {
          "lambda": {"arn": "arn:aws:lambda:us-east-1:123456789012:function:Interceptor"}
        },
        "interceptionPoints": ["REQUEST", "RESPONSE"],
        "inputConfiguration": {"passRequestHeaders": false}
      }]
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule
from gwlint.speccheck import findings


@rule(
    id="GW106",
    name="gateway-enum-values",
    severity=Severity.ERROR,
    summary="Enumerated gateway and target settings hold values of their API operation",
    fix="Use one of the values the API model lists for the field (case-sensitive).",
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    yield from findings(ctx, frozenset({"enum"}), "enum values")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "search-type-not-semantic",
        "pattern": r"search_?type.{0,160}?HYBRID|HYBRID.{0,160}?search_?type",
        "source": (
            "CreateGateway / Terraform aws_bedrockagentcore_gateway "
            "(hashicorp/terraform-provider-aws#49944)"
        ),
        "means": (
            "The gateway's semantic search type is not an API value; SEMANTIC is the only one."
        ),
        "cause": (
            "protocolConfiguration.mcp.searchType is HYBRID (copied from a documentation example)."
        ),
        "likelihood": "high",
    },
]
