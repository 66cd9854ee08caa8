"""A key the AWS API does not know, in a gateway or target document.

## Why
The AWS SDKs validate a request against the service model before sending it.
botocore (so boto3 and ``aws … --cli-input-json``) refuses any member the
model does not define with ``ParamValidationError: Unknown parameter in
input``, so one misspelt or mis-cased key stops the whole deploy. Common
sources: a key copied from another tool's format, such as the agentcore-cli's
``customJwtAuthorizer`` (the API spells it ``customJWTAuthorizer``),
shortenings such as ``authorizerConfig``, or JSON-Schema keywords (``enum``,
``default``, ``additionalProperties``) inside a Lambda tool's ``inputSchema``,
which the gateway's schema type does not have.

gwlint checks every object of a request against the members of *its*
operation in the API spec generated from botocore's ``bedrock-agentcore-control``
model (``gwlint/spec/agentcore_api.json``): a CreateGateway request against
CreateGateway, an UpdateGateway request (it names ``gatewayIdentifier``)
against UpdateGateway, a CreateGatewayTarget request against
CreateGatewayTarget, one naming ``targetId`` against UpdateGatewayTarget.
botocore rejects a member the operation lacks even when another operation
has it: ``wafConfiguration`` and ``customTransformConfiguration`` exist on
UpdateGateway only, ``tags`` and ``clientToken`` are not UpdateGateway
members, and ``webAclArn``, ``workloadIdentityDetails``, ``gatewayArn``,
``gatewayId`` and ``status`` only appear in responses. A document with
response-only members (``gatewayId``, ``status``, ``createdAt``,
``ResponseMetadata``…) is a saved Get response: its keys are checked against
everything the resource's operations accept or return, so it lints clean.
A member AWS added after the botocore release the spec was generated from is
reported too; upgrade gwlint if that happens.

## Symptom
``Parameter validation failed: Unknown parameter in authorizerConfiguration:
"customJwtAuthorizer", must be one of: customJWTAuthorizer`` before anything
reaches AWS.

## Fix
Rename the key to the member the message suggests, or remove it. Correct
spelling of the usual suspects:

    {
      "authorizerType": "CUSTOM_JWT",
      "authorizerConfiguration": {
        "customJWTAuthorizer": {
          "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
          "allowedClients": ["6aarhftf6bopppar05humcp2r6"]
        }
      }
    }

In a tool's ``inputSchema`` only ``type``, ``properties``, ``required``,
``items`` and ``description`` are accepted; say in ``description`` what an
``enum`` or ``default`` would have said.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from gwlint import apispec
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.model import Gateway
from gwlint.rule import Context, Severity, rule
from gwlint.speccheck import Issue, Walk, walks


def suggestion(key: str, known: list[str]) -> str | None:
    """The member ``key`` most likely meant: same letters in another case, else the closest."""
    folded = {name.lower(): name for name in known}
    if key.lower() in folded:
        return folded[key.lower()]
    squashed = key.replace("_", "").replace("-", "").lower()
    if squashed in folded:
        return folded[squashed]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = difflib.get_close_matches(key.lower(), list(folded), n=1, cutoff=0.6)
    if lowered:
        return folded[lowered[0]]
    # a shortening such as "timeout" for "sessionTimeoutInSeconds"
    containing = [name for name in known if len(squashed) >= 4 and squashed in name.lower()]
    return containing[0] if len(containing) == 1 else None


#: JSON Schema keywords the gateway's SchemaDefinition lacks: never "corrected" to a member.
JSON_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "definitions", "title", "default", "examples",
        "enum", "const", "format", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties", "additionalProperties",
        "patternProperties", "propertyNames", "additionalItems", "prefixItems", "contains",
        "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "nullable", "readOnly",
        "writeOnly", "deprecated", "dependentRequired", "dependentSchemas",
    }
)  # fmt: skip


def _known(item: Issue, walk: Walk) -> list[str]:
    """Members accepted where ``item`` sits (a request's own; a response's top level: all)."""
    if item.shape == walk.operation:  # a Get response's top level
        return sorted(
            set(apispec.members(apispec.output_shape(walk.operation)))
            | {
                m
                for op in _requests(walk.operation)
                for m in apispec.members(apispec.input_shape(op))
            }
        )
    return list(apispec.members(item.shape))


def _requests(get: str) -> tuple[str, ...]:
    base = get.removeprefix("Get")
    return (f"Create{base}", f"Update{base}")


def _other_operations(key: str, walk: Walk) -> list[str]:
    """Other operations of the resource whose top level has ``key``."""
    base = walk.operation.removeprefix("Create").removeprefix("Update")
    found = []
    for op in (f"Create{base}", f"Update{base}"):
        if op != walk.operation and key in apispec.members(apispec.input_shape(op)):
            found.append(f"{op} requests")
    get = f"Get{base}"
    if key in apispec.members(apispec.output_shape(get)) and not found:
        found.append(f"{get} responses")
    return found


def _message(item: Issue, walk: Walk) -> tuple[str, str]:
    key = item.member or ""
    known = _known(item, walk)
    keyword = item.shape == "SchemaDefinition" and key in JSON_SCHEMA_KEYWORDS
    top = item.where == "input"
    elsewhere = _other_operations(key, walk) if top and walk.request else []
    guess = None if keyword or elsewhere else suggestion(key, known)
    if top:
        place = f"at the top level of {_article(walk.operation)} {walk.operation} document"
    else:
        place = f"in {item.where}"
    message = f"'{key}' is not a parameter the AWS API accepts {place}"
    if keyword:
        message += " (a JSON Schema keyword the gateway's tool schema does not support)"
    if elsewhere:
        message += f"; only {' and '.join(elsewhere)} have it."
        fix = f"Remove '{key}' from the {walk.operation} request."
    elif guess is not None:
        message += f"; did you mean '{guess}'?"
        fix = f"Rename '{key}' to '{guess}'."
    else:
        message += "."
        fix = f"Remove '{key}'."
    if item.shape == "SchemaDefinition":
        fix += (
            " A gateway tool schema accepts only type, properties, required, items and "
            "description; put constraints such as enum or default into the description."
        )
    elif walk.request:
        fix += " Accepted here: " + ", ".join(known) + "."
    return message, fix


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"


@rule(
    id="GW002",
    name="unknown-parameter",
    severity=Severity.ERROR,
    summary="Gateway and target documents use only parameters their API operation defines",
    fix=(
        "Rename the key to the API member the message suggests (the API is case-sensitive: "
        "customJWTAuthorizer, authorizerConfiguration, credentialProviderConfigurations) or "
        "remove it; botocore rejects unknown parameters before the request is sent."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    for node, walk in walks(ctx.deployment):
        found = [issue for issue in walk.issues if issue.kind == "unknown"]
        for item in found:
            message, fix = _message(item, walk)
            yield ctx.fail(node, None, message, fix=fix, pointer=item.pointer)
        if not found:
            kind = "gateway" if isinstance(node, Gateway) else "target"
            yield ctx.passed(
                node,
                None,
                f"every key of the {kind} document is {_article(walk.operation)} {walk.operation} "
                "parameter",
            )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "botocore-unknown-parameter",
        "pattern": r"Unknown parameter in [\w.\[\]]+: \"?\w+",
        "source": (
            "botocore ParamValidationError, before anything is sent (boto3, aws ... "
            "--cli-input-json)"
        ),
        "means": (
            "boto3 or the AWS CLI refused the request: a key is not a member of the operation's "
            "input."
        ),
        "cause": (
            "A key the API does not define: misspelt, mis-cased, response-only, or from another "
            "tool's format."
        ),
        "likelihood": "high",
    },
]
