"""A gateway or target setting has the wrong JSON type or is outside the API's limits.

## Why
The API model gives each value a type and, for many, limits: string lengths
(``description`` 1–200, ``instructions`` 1–2048), numbers
(``sessionTimeoutInSeconds`` 900–28800, ``resourcePriority`` 0–1000) and list
or map sizes (``interceptorConfigurations`` 1–2, ``tags`` at most 50,
``privateEndpointOverrides`` at most 5, ``domainOverride.alternateDomains``
1–10, ``advertisedScopeMapping`` 1–50, each ``metadataConfiguration`` list
1–10). botocore checks types and minimums before sending
(``ParamValidationError: Invalid type for parameter …``, ``Invalid length``);
the service checks maximums (``ValidationException``).

The types and limits come from the API spec generated from botocore
(``gwlint/spec/agentcore_api.json``) and are checked per operation
(CreateGateway, UpdateGateway, CreateGatewayTarget, UpdateGatewayTarget).
Values with a dedicated rule are left to it (names GW101/GW213, ARNs
GW102/GW206/GW214, authorizer lists GW310, the credential provider list
GW215). Saved Get responses are not checked.

## Symptom
``ValidationException … Value '60' at '…sessionTimeoutInSeconds' failed to
satisfy constraint: Member must have value greater than or equal to 900``, or
botocore's ``Invalid type for parameter …, value: 3600, type: <class 'str'>``
for a number written as a string.

## Fix
Write numbers without quotes and keep every value inside its range, e.g.

    {
      "description": "Security chatbot tools",
      "protocolConfiguration": {"mcp": {
        "instructions": "Tools for checking AWS security services.",
        "sessionConfiguration": {"sessionTimeoutInSeconds": 3600}}},
      "tags": {"team": "security"}
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule
from gwlint.speccheck import findings


@rule(
    id="GW107",
    name="gateway-value-ranges",
    severity=Severity.ERROR,
    summary="Gateway and target values have the API's JSON types, lengths, ranges and sizes",
    fix="Write the value as the type the API takes, within the limits the message names.",
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    yield from findings(ctx, frozenset({"type", "range"}), "types and limits")
