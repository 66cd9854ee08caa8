"""How the hashicorp/aws provider spells the API's members.

The provider expands each snake_case argument into the same-named SDK field
(AutoFlex), so the spelling is mechanical from the API spec
(``customJWTAuthorizer`` ↔ ``custom_jwt_authorizer``), with the few renames
the provider makes: plural API lists become singular repeatable blocks
(``customClaims`` ↔ ``custom_claim``) and the one-item
``credentialProviderConfigurations`` list is one
``credential_provider_configuration`` block.
"""

from __future__ import annotations

import re
from functools import cache

from gwlint import apispec

#: Singular repeatable blocks that are API lists.
REPEATED = {
    "custom_claim": "customClaims",
    "interceptor_configuration": "interceptorConfigurations",
    "tool_filter": "toolFilters",
    "tool_override": "toolOverrides",
    "configuration": "configurations",
    "parameter_override": "parameterOverrides",
}
CREDENTIALS = "credential_provider_configuration"
_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(member: str) -> str:
    """``customJWTAuthorizer`` → ``custom_jwt_authorizer``."""
    return _BOUNDARY.sub("_", member).lower()


@cache
def _members() -> dict[str, str]:
    """snake_case → API member, for every member of every shape in the spec."""
    found: dict[str, str] = {}
    for shape in apispec.spec()["shapes"].values():
        for member in shape.get("members") or {}:
            found.setdefault(snake(member), member)
    return found


def member(name: str) -> str:
    """The API member a provider argument or block names."""
    if name in REPEATED:
        return REPEATED[name]
    if name == CREDENTIALS:
        return "credentialProviderConfigurations"
    known = _members().get(name)
    if known is not None:
        return known
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def spellings() -> dict[str, str]:
    """API member → the provider's spelling, for every member (``document.names``)."""
    names = {api: written for written, api in _members().items()}
    names.update({api: written for written, api in REPEATED.items()})
    names["credentialProviderConfigurations"] = CREDENTIALS
    # the provider names the credential provider by its block inside
    # credential_provider_configuration { oauth {…} }
    names["credentialProvider"] = CREDENTIALS
    names.update(
        oauthCredentialProvider="oauth",
        apiKeyCredentialProvider="api_key",
        iamCredentialProvider="gateway_iam_role",
    )
    return {api: written for api, written in names.items() if api != written}


__all__ = ["CREDENTIALS", "REPEATED", "member", "snake", "spellings"]
