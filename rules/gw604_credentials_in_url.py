"""A URL in the config carries credentials: userinfo or a secret query parameter.

## Why
An endpoint, discovery URL, token endpoint or gateway URL is configuration, not
a secret store. Whatever is written into it travels with it: a target's
``endpoint`` is stored by the gateway and returned by GetGatewayTarget to
anyone with read access, URLs are printed in logs, shell history, CI output and
error messages, and proxies log query strings. A password in the userinfo part
(``https://user:password@host/``) or a key in the query string
(``?api_key=…``, ``?token=…``, a pre-signed ``X-Amz-Signature``) leaks that way.

gwlint masks such parts where it reads the file (it never prints them) and
names what it found and where. The harm is inferred from where URLs go, not
from an AWS rejection, so this is a warning (evidence: inference).

## Symptom
Nothing fails; the credential is readable by everyone who can read the
config, the target's description from the API, or the logs.

## Fix
Take the credential out of the URL and give it to the gateway as a credential
provider (an API key or OAuth provider on the target), or keep it in a secret
store and have the caller add it as a header:

    "credentialProviderConfigurations": [{"credentialProviderType": "API_KEY",
      "credentialProvider": {"apiKeyCredentialProvider": {
        "providerArn": "<the API key credential provider's ARN>",
        "credentialLocation": "HEADER", "credentialParameterName": "x-api-key"}}}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.masking import Masked, holds_masked_parts
from gwlint.rule import Context, Severity, rule
from gwlint.unresolved import Unresolved

_IN_URL = ("URL userinfo", "query parameter")


def _masked_url(value: Any) -> Masked | None:
    """A string whose URL parts were masked (of a deploy-time value, its written part)."""
    if isinstance(value, Unresolved):
        value = value.text
    if isinstance(value, Masked) and not value.whole and any(p in value.found for p in _IN_URL):
        return value
    return None


def _credential_urls(value: Any, path: tuple[Any, ...], out: list[tuple[str, Masked]]) -> None:
    """Add ``(pointer, masked URL)`` for every string whose URL parts were masked.

    Pointers are spelled out for hits only: this walk visits every node.
    """
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, dict | list):
            _credential_urls(item, (*path, key), out)
        elif (url := _masked_url(item)) is not None:
            out.append((join_pointer("", *path, key), url))


@rule(
    id="GW604",
    name="credentials-in-url",
    severity=Severity.WARNING,
    summary="No URL in the config carries credentials (userinfo, secret query parameters)",
    fix=(
        "Remove the credential from the URL: give it to the gateway as the target's "
        "credential provider (API key or OAuth), or keep it in a secret store and send it "
        "as a header; rotate it if the file was ever shared or committed."
    ),
    evidence="inference",
)
def check(ctx: Context) -> Iterator[Finding]:
    deployment = ctx.deployment
    if deployment.file is None or not isinstance(deployment.raw, dict):
        return  # deployed state: nothing the user wrote into a file
    found: list[tuple[str, Masked]] = []
    if holds_masked_parts(deployment.raw):  # masking saw it: no walk for the usual clean file
        _credential_urls(deployment.raw, (), found)
    for pointer, url in found:
        yield ctx.fail(
            None,
            None,
            f"The URL carries credentials ({url.found}): '{url}' (masked here); URLs are "
            "stored and shown in full wherever the config goes.",
            pointer=pointer,
        )
    if not found:
        yield ctx.passed(None, None, "no URL carries userinfo or a secret query parameter")
