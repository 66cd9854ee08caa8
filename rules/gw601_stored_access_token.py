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

import base64
import binascii
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from gwlint.awsformats import is_secret_reference
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule

_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
FETCH_FRESH = (
    "Tokens must be fetched fresh: request one from the token endpoint with the client "
    "credentials on each invocation (Cognito tokens last 1 hour by default, configurable "
    "from 5 minutes to 1 day)."
)


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def read_exp(token: str) -> tuple[bool, datetime | None]:
    """(is a JWT, its ``exp`` as UTC time) — decoded WITHOUT verifying the signature.

    Only ``exp`` leaves this function; nothing else of the token does.
    """
    text = token.strip()
    if text[:7].lower() == "bearer ":
        text = text[7:].strip()
    parts = text.split(".")
    if len(parts) != 3 or not all(_B64URL.match(p) for p in parts[:2]):
        return False, None
    try:
        header = json.loads(_b64decode(parts[0]))
        payload = json.loads(_b64decode(parts[1]))
    except (binascii.Error, ValueError):
        return False, None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return False, None
    exp = payload.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return True, None
    try:
        return True, datetime.fromtimestamp(exp, UTC)
    except (OverflowError, OSError, ValueError):
        return True, None


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
    value: Any = secret.reveal()  # only to read exp; never into a message
    if value is None or (isinstance(value, str) and not value.strip()):
        yield ctx.passed(client, "access_token", "access_token is empty (no token stored)")
        return
    if is_secret_reference(value):
        yield ctx.passed(client, "access_token", "access_token is a reference, not a stored token")
        return
    if not isinstance(value, str):
        yield ctx.fail(
            client,
            "access_token",
            f"access_token holds a {type(value).__name__} value, not a token reference; "
            "tokens do not belong in config files.",
            severity=Severity.WARNING,
        )
        return
    is_jwt, exp = read_exp(value)
    now = datetime.now(UTC)
    if not is_jwt:
        yield ctx.fail(
            client,
            "access_token",
            "an access token is stored in the file (not a JWT, so its expiry is unknown); "
            f"it stops working when it expires. {FETCH_FRESH}",
            severity=Severity.WARNING,
        )
    elif exp is None:
        yield ctx.fail(
            client,
            "access_token",
            "a JWT access token is stored in the file (its exp claim is missing or "
            f"unreadable). {FETCH_FRESH}",
            severity=Severity.WARNING,
        )
    elif exp <= now:
        yield ctx.fail(
            client,
            "access_token",
            f"the access token stored in the file expired at {iso(exp)}; every call made "
            f"with it is rejected with 401. {FETCH_FRESH}",
        )
    else:
        left = duration((exp - now).total_seconds())
        yield ctx.fail(
            client,
            "access_token",
            f"an access token is stored in the file; it expires at {iso(exp)} (in {left}) "
            f"and every call fails after that. {FETCH_FRESH}",
            severity=Severity.WARNING,
        )


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
