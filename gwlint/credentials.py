"""Outbound credential providers: which type each target type supports.

The support matrix follows the AgentCore developer guide ("Set up outbound
authorization"); GW216 (credential-provider-allowed) documents it. An
``OAUTH`` provider falls in one of three columns by its ``grantType``.
"""

from __future__ import annotations

from typing import Any

from gwlint.awsformats import CREDENTIAL_PROVIDER_TYPES
from gwlint.model import CredentialProvider

#: Matrix columns, in the order of the developer guide's table.
COLUMNS = (
    "no authorization",
    "GATEWAY_IAM_ROLE",
    "CALLER_IAM_CREDENTIALS",
    "OAUTH client credentials",
    "OAUTH authorization code",
    "OAUTH token exchange",
    "JWT_PASSTHROUGH",
    "API_KEY",
)

Y, N = True, False
#: target type -> supported columns (same order as COLUMNS).
MATRIX: dict[str, tuple[bool, ...]] = {
    #                  none GW-role caller OAuth-CC OAuth-AC OAuth-TX JWT  APIkey
    "apiGateway":       (Y,   Y,      N,     N,       N,       N,       N,   Y),
    "lambda":           (N,   Y,      N,     N,       N,       N,       N,   N),
    "mcpServer":        (Y,   Y,      N,     Y,       Y,       Y,       N,   Y),
    "openApiSchema":    (Y,   Y,      N,     Y,       Y,       Y,       N,   Y),
    "smithyModel":      (N,   Y,      N,     Y,       N,       N,       N,   N),
    "agentcoreRuntime": (N,   Y,      Y,     Y,       N,       N,       Y,   N),
}  # fmt: skip

#: How messages name each target type.
TARGET_LABEL = {
    "apiGateway": "API Gateway",
    "lambda": "Lambda",
    "mcpServer": "MCP server",
    "openApiSchema": "OpenAPI",
    "smithyModel": "Smithy",
    "agentcoreRuntime": "AgentCore Runtime (HTTP)",
}

GRANT_TYPES = ("CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "TOKEN_EXCHANGE")
_GRANT_COLUMN = {
    "CLIENT_CREDENTIALS": "OAUTH client credentials",
    "AUTHORIZATION_CODE": "OAUTH authorization code",
    "TOKEN_EXCHANGE": "OAUTH token exchange",
}


def allowed(kind: str, column: str) -> bool:
    return MATRIX[kind][COLUMNS.index(column)]


def allowed_columns(kind: str) -> list[str]:
    return [c for c, ok in zip(COLUMNS, MATRIX[kind], strict=True) if ok]


def oauth_grant(provider: CredentialProvider) -> Any:
    """The OAuth grant type a provider asks for (CLIENT_CREDENTIALS when unset)."""
    oauth = provider.oauth
    if isinstance(oauth, dict) and "grantType" in oauth:
        return oauth["grantType"]
    return "CLIENT_CREDENTIALS"


def is_three_legged(provider: CredentialProvider) -> bool:
    """OAUTH with the authorization-code grant (3LO)."""
    return bool(provider.provider_type == "OAUTH" and oauth_grant(provider) == "AUTHORIZATION_CODE")


def column_of(provider: CredentialProvider) -> str | None:
    """The matrix column of a provider, or None when its type or grant is unknown."""
    kind = provider.provider_type
    if kind == "OAUTH":
        grant = oauth_grant(provider)
        return _GRANT_COLUMN.get(grant) if isinstance(grant, str) else None
    if isinstance(kind, str) and kind in CREDENTIAL_PROVIDER_TYPES:
        return kind
    return None
