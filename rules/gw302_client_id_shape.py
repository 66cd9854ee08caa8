r"""The OAuth client ID does not have the shape of an app client ID.

## Why
The client ID is sent to the token endpoint as-is and compared, character for
character, with the ``client_id`` claim the gateway checks against
``allowedClients``. Values pasted with quotes or spaces, a URL where the ID
belongs, or an empty string are never valid, whatever the identity provider.

Client ID shapes are provider-specific. Cognito (its ``ClientIdType``) only
issues IDs of word characters and ``+`` (at most 128); what it actually hands
out is 26 lower-case letters and digits. Entra ID client IDs are GUIDs
(``00001111-aaaa-2222-bbbb-3333cccc4444``), Okta's look like
``0oa8f9x2kLmN3pQ4r5d7``, Keycloak's are free text (``web-app_prod``): under
a non-Cognito issuer only the generic checks apply, so a ``-`` is fine there.

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
    is_secret_reference,
    looks_like_pool_id,
)
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.idp import Provider, is_cognito, issuer
from gwlint.masking import Masked
from gwlint.rule import Context, Severity, describe_value, rule

#: The Cognito model's ``[\\w+]+`` with ASCII word characters, 1-128 long.
CLIENT_ID_ASCII = re.compile(r"^[A-Za-z0-9_+]{1,128}$")
#: Any provider: printable, no whitespace or quotes (Entra GUIDs, Keycloak ``web-app_prod``).
GENERIC_CLIENT_ID = re.compile(r"^[^\s\"'`]+$")

FIX = (
    "Use the app client ID exactly as Cognito shows it (letters, digits, '_' or '+', "
    "usually 26 lower-case characters such as 6aarhftf6bopppar05humcp2r6): "
    "aws cognito-idp list-user-pool-clients --user-pool-id <pool-id> "
    "--query 'UserPoolClients[].ClientId'"
)


def shape_problem(value: Any, cognito: bool) -> str | None:
    """Why ``value`` cannot be a client ID (Cognito's charset when ``cognito``), or None."""
    if value is None:
        return "client_id is null"
    if isinstance(value, Masked) and value.whole:
        return (
            f"client_id holds {value.found} (not shown): a token or secret pasted into the "
            "client ID field, which must never hold one"
        )
    if not isinstance(value, str):
        return f"client_id is {json_kind(value)} ({describe_value(value)}), not a string"
    if not value:
        return "client_id is empty"
    if CLIENT_ID_ASCII.match(value) or (not cognito and GENERIC_CLIENT_ID.match(value)):
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
    if not cognito:
        return None  # other providers' client IDs have no documented charset
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
    if looks_like_pool_id(value) and is_cognito(ctx.deployment):
        return  # GW301 reports user-pool IDs
    if is_secret_reference(value) and not isinstance(value, Masked):
        yield ctx.skip(
            f"client_id is a placeholder ({describe_value(value)}); its value is not in the file",
            client,
        )
        return
    found = issuer(ctx.deployment)
    cognito = found is not None and found.provider is Provider.COGNITO
    problem = shape_problem(value, cognito)
    if problem is not None:
        rule_text = (
            "a Cognito app client ID is 1-128 letters, digits, '_' or '+'"
            if cognito
            else "a client ID has no whitespace, quotes or URL"
        )
        yield ctx.fail(client, "client_id", f"{problem}; {rule_text}.")
        return
    if cognito and not CLIENT_ID_TYPICAL.match(value):
        yield ctx.fail(
            client,
            "client_id",
            f"client_id {describe_value(value)} is not 26 lower-case letters and digits, "
            "the shape Cognito is reported to issue app client IDs in; check it is the "
            "app client's ID (evidence: reported).",
            severity=Severity.WARNING,
        )
        return
    where = "a Cognito app client ID" if cognito else "a client ID (generic checks)"
    yield ctx.passed(client, "client_id", f"client_id has the shape of {where}")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-client",
        "cause": "client_id carries quotes, spaces or a URL, or is empty.",
        "likelihood": "medium",
    },
]
