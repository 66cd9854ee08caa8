r"""The OAuth client ID does not have the shape of an app client ID.

## Why
The client ID is sent to the token endpoint as-is and compared, character for
character, with the ``client_id`` claim the gateway checks against
``allowedClients``. Cognito only issues IDs of word characters and ``+``
(at most 128); what it actually hands out is 26 lower-case letters and
digits. Values pasted with quotes or spaces, a URL where the ID belongs, or an
empty string are never valid.

A value that looks like a user-pool ID (``us-east-1_AbCdEf123``) is left to
GW301, which explains that mistake specifically; a placeholder such as
``${CLIENT_ID}`` is skipped, since the real value is not in the file.

## Symptom
The token request answers ``invalid_client``; or a token is issued for some
other client and the gateway answers 401 "Invalid Bearer token".

## Fix
Copy the app client ID exactly, without quotes or whitespace:

    aws cognito-idp list-user-pool-clients --user-pool-id us-east-1_AbCdEf123 \
      --query 'UserPoolClients[].[ClientName,ClientId]' --output text

    {"client_id": "6aarhftf6bopppar05humcp2r6"}

The warning about a Cognito ID that is not 26 lower-case alphanumerics rests
on what Cognito is reported to issue, not on a documented format; confirm the
ID with the command above and ignore the warning if it matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import (
    CLIENT_ID_TYPICAL,
    is_cognito_idp_host,
    is_secret_reference,
    looks_like_pool_id,
    parse_token_endpoint,
)
from gwlint.findings import Finding
from gwlint.model import ClientConfig
from gwlint.rule import Context, Severity, describe_value, rule

#: The Cognito model's ``[\\w+]+`` with ASCII word characters, 1-128 long.
CLIENT_ID_ASCII = re.compile(r"^[A-Za-z0-9_+]{1,128}$")

FIX = (
    "Use the app client ID exactly as Cognito shows it (letters, digits, '_' or '+', "
    "usually 26 lower-case characters such as 6aarhftf6bopppar05humcp2r6): "
    "aws cognito-idp list-user-pool-clients --user-pool-id <pool-id> "
    "--query 'UserPoolClients[].ClientId'"
)


def uses_cognito(client: ClientConfig) -> bool:
    """True when the client obtains its tokens from Amazon Cognito."""
    endpoint = parse_token_endpoint(client.token_endpoint)
    if endpoint is not None and (endpoint.domain_prefix or is_cognito_idp_host(endpoint.host)):
        return True
    return isinstance(client.user_pool_id, str) and bool(client.user_pool_id.strip())


def shape_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a client ID, or None when it can."""
    if value is None:
        return "client_id is null"
    if not isinstance(value, str):
        return f"client_id is {type(value).__name__} {describe_value(value)}, not a string"
    if not value:
        return "client_id is empty"
    if CLIENT_ID_ASCII.match(value):
        return None
    shown = describe_value(value)
    if "://" in value:
        return f"client_id {shown} is a URL, not a client ID"
    if value.strip() != value and CLIENT_ID_ASCII.match(value.strip()):
        return f"client_id {shown} has leading or trailing whitespace"
    if any(q in value for q in "\"'`"):
        return f"client_id {shown} contains quote characters (pasted with its quotes?)"
    if any(c.isspace() for c in value):
        return f"client_id {shown} contains whitespace"
    if len(value) > 128:
        return f"client_id is {len(value)} characters long; client IDs have at most 128"
    bad = sorted({c for c in value if not re.match(r"[A-Za-z0-9_+]", c)})
    return f"client_id {shown} contains {', '.join(repr(c) for c in bad)}"


@rule(
    id="GW302",
    name="client-id-shape",
    severity=Severity.ERROR,
    summary="OAuth client ID has the shape of an app client ID",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if client is None or not client.has("client_id"):
        return
    value = client.client_id
    if looks_like_pool_id(value):
        return  # GW301 reports user-pool IDs
    if is_secret_reference(value):
        yield ctx.skip(
            f"client_id is a placeholder ({describe_value(value)}); its value is not in the file",
            client,
        )
        return
    problem = shape_problem(value)
    if problem is not None:
        yield ctx.fail(
            client,
            "client_id",
            f"{problem}; an OAuth client ID is 1-128 letters, digits, '_' or '+'.",
        )
        return
    if uses_cognito(client) and not CLIENT_ID_TYPICAL.match(value):
        yield ctx.fail(
            client,
            "client_id",
            f"client_id {describe_value(value)} is not 26 lower-case letters and digits, "
            "the shape Cognito is reported to issue app client IDs in; check it is the "
            "app client's ID (evidence: reported).",
            severity=Severity.WARNING,
        )
        return
    yield ctx.passed(client, "client_id", "client_id has the shape of an app client ID")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-client",
        "cause": "client_id carries quotes, spaces or a URL, or is empty.",
        "likelihood": "medium",
    },
]
