"""The OAuth client secret is stored in plaintext in the config file.

## Why
With the client ID and secret anyone can mint gateway tokens. Config files
such as ``gateway-config.json`` (the toolkit quickstart and the
troubleshooting guide both write one with the secret in it) tend to end up in
a repository, a ticket or a chat, and stay in history after the line is
deleted. Keep the secret in a secret store and put only a reference in the
file.

A reference is accepted: ``${CLIENT_SECRET}`` or ``$CLIENT_SECRET``,
``{{resolve:secretsmanager:…}}``, a Secrets Manager or SSM ARN, or an obvious
placeholder (``<client-secret>``, ``YOUR_CLIENT_SECRET``). gwlint never
prints the secret, any part of it, or its length.

## Symptom
Nothing fails; the credential is exposed to everyone who can read the file
or its history.

## Fix
Store the secret in AWS Secrets Manager (or an environment variable / a
git-ignored file) and reference it:

    aws secretsmanager create-secret --name gateway-client-secret --secret-string '<secret>'

    {"client_id": "6aarhftf6bopppar05humcp2r6",
     "client_secret": "${GATEWAY_CLIENT_SECRET}",
     "token_endpoint": "https://my-auth.auth.us-east-1.amazoncognito.com/oauth2/token"}

If the file was already committed, rotate the secret (create a new app client
secret) rather than only deleting the line.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import is_secret_reference
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.masking import Masked
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW602",
    name="plaintext-client-secret",
    severity=Severity.WARNING,
    summary="No plaintext OAuth client secret is stored in the config file",
    fix=(
        "Move the client secret to AWS Secrets Manager (or an environment variable or a "
        "git-ignored file) and put a reference such as ${CLIENT_SECRET} in the file; if the "
        "file was ever committed, rotate the secret."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if client is None:
        return
    secret = client.client_secret
    value = secret.reveal() if secret is not None else None
    if secret is None or not client.has("client_secret") or value is None:
        yield ctx.passed(client, "client_secret", "no plaintext client secret is stored")
        return
    if isinstance(value, Masked):  # a stored value: string or number (masked when read)
        kind = "" if value.json_type == "string" else f" (as a JSON {value.json_type})"
        yield ctx.fail(
            client,
            "client_secret",
            f"client_secret is stored in plaintext{kind} in this file; anyone who can read "
            "the file or its history can mint tokens for the gateway.",
        )
        return
    if isinstance(value, str) and not value.strip():
        yield ctx.fail(
            client,
            "client_secret",
            "client_secret is stored as an empty string: the token request sends it as the "
            "secret and fails with invalid_client; reference the real secret instead.",
        )
        return
    if is_secret_reference(value):
        yield ctx.passed(client, "client_secret", "client_secret is a reference, not the secret")
        return
    yield ctx.fail(  # true, false, an object or an array: nothing a token endpoint accepts
        client,
        "client_secret",
        f"client_secret is {json_kind(value)}, not a reference to the secret.",
    )
