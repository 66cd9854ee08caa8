"""An OAuth access token is stored in the config file.

## Why
Access tokens are short-lived: Cognito's last one hour by default (an app
client may set anything from 5 minutes to 1 day). A token saved into a config
file, as older toolkit helpers did, works until it expires and then every
call fails, typically long after the file was written and far from the code
that wrote it. The agent or proxy has to fetch a fresh token with the client
credentials for each invocation (or cache it only until shortly before its
``exp``). A stored token is also a live credential sitting in a file.

gwlint reads only the token's ``exp`` claim, without verifying the
signature, to say whether it has expired; it never prints the token or any
other claim.

## Symptom
Calls worked when the file was written and now answer 401
"Invalid Bearer token" (expired).

## Fix
Remove ``access_token`` from the file and fetch one per invocation:

    def get_token(cfg):
        resp = requests.post(cfg["token_endpoint"],
            data={"grant_type": "client_credentials", "scope": cfg["scope"]},
            auth=(cfg["client_id"], client_secret_from_secrets_manager()))
        resp.raise_for_status()
        return resp.json()["access_token"]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from gwlint.awsformats import is_secret_reference
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.masking import Masked
from gwlint.rule import Context, Severity, rule

FETCH_FRESH = (
    "Tokens must be fetched fresh: request one from the token endpoint with the client "
    "credentials on each invocation (Cognito tokens last 1 hour by default, configurable "
    "from 5 minutes to 1 day)."
)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


@rule(
    id="GW601",
    name="stored-access-token",
    severity=Severity.ERROR,
    summary="No OAuth access token is stored in the config file",
    fix=(
        "Remove access_token from the file and fetch a token from the token endpoint "
        "(client_credentials) on each invocation; never store or commit tokens."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if client is None:
        return
    secret = client.access_token
    if secret is None or not client.has("access_token"):
        yield ctx.passed(client, "access_token", "no access token is stored in the file")
        return
    value = secret.reveal()  # masked where the model was built: what was found, not the token
    if value is None or (isinstance(value, str) and not value.strip()):
        yield ctx.passed(client, "access_token", "access_token is empty (no token stored)")
        return
    if is_secret_reference(value) and not isinstance(value, Masked):
        yield ctx.passed(client, "access_token", "access_token is a reference, not a stored token")
        return
    if not isinstance(value, str) or (isinstance(value, Masked) and value.json_type != "string"):
        kind = value.json_type if isinstance(value, Masked) else json_kind(value)
        yield ctx.fail(
            client,
            "access_token",
            f"access_token holds {_article(kind)}, not a token reference; "
            "tokens do not belong in config files.",
            severity=Severity.WARNING,
        )
        return
    jwt = value.jwt if isinstance(value, Masked) else None
    now = datetime.now(UTC)
    if jwt is None:
        yield ctx.fail(
            client,
            "access_token",
            "an access token is stored in the file (not a JWT, so its expiry is unknown); "
            f"it stops working when it expires. {FETCH_FRESH}",
            severity=Severity.WARNING,
        )
    elif jwt.exp is None:
        yield ctx.fail(
            client,
            "access_token",
            "a JWT access token is stored in the file (its exp claim is missing or "
            f"unreadable). {FETCH_FRESH}",
            severity=Severity.WARNING,
        )
    elif jwt.exp <= now:
        yield ctx.fail(
            client,
            "access_token",
            f"the access token stored in the file expired at {iso(jwt.exp)}; every call made "
            f"with it is rejected with 401. {FETCH_FRESH}",
        )
    else:
        left = duration((jwt.exp - now).total_seconds())
        yield ctx.fail(
            client,
            "access_token",
            f"an access token is stored in the file; it expires at {iso(jwt.exp)} (in {left}) "
            f"and every call fails after that. {FETCH_FRESH}",
            severity=Severity.WARNING,
        )


def _article(kind: str) -> str:
    """'number' -> 'a number'; json_kind's 'an object' stays as it is."""
    return kind if kind.startswith(("a ", "an ", "null")) else f"a {kind}"


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": "The access token stored in the config file has expired.",
        "likelihood": "medium",
    },
    {
        "error": "client-session-not-running",
        "cause": "A token stored in the config file is reused after it expired.",
        "likelihood": "low",
    },
]
