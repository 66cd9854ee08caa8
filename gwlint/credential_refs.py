"""The OAuth and API-key credential providers a gateway's targets name, ready to read.

A provider ARN is ``arn:aws:bedrock-agentcore:{region}:{account}:token-vault/
{directory}/oauth2credentialprovider/{name}`` (``apikeycredentialprovider``
for API keys); the model's own pattern spells the service ``acps``, so both
are accepted. The Get calls take the name and run in the ARN's region.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import parse_arn
from gwlint.facts import LiveError
from gwlint.livecheck import Read, ask
from gwlint.model import CredentialProvider, Target
from gwlint.resolve import GatewayView, Where
from gwlint.rule import Context

#: ``token-vault/<directory>/<kind>credentialprovider/<name>``
_RESOURCE = re.compile(
    r"^token-vault/[^/]+/(?P<kind>oauth2|apikey)credentialprovider/(?P<name>[a-zA-Z0-9_-]+)$"
)
_KINDS = {"OAUTH": ("oauth", "oauth2", "OAuth credential provider"),
          "API_KEY": ("api_key", "apikey", "API-key credential provider")}  # fmt: skip


@dataclass(frozen=True)
class ProviderRef:
    """One credential provider a target names, with where findings about it go."""

    provider: CredentialProvider
    kind: str  # OAUTH | API_KEY
    arn: str
    name: str
    region: str | None
    account: str
    where: Where
    subject: str  # "target github"

    @property
    def label(self) -> str:
        return _KINDS[self.kind][2]

    @property
    def read(self) -> Read:
        """GetOauth2CredentialProvider or GetApiKeyCredentialProvider, by the ARN's name."""
        if self.kind == "API_KEY":
            return Read.api_key_provider(self.name, self.region)
        return Read.oauth2_provider(self.name, self.region)


@dataclass(frozen=True)
class Unparsed:
    """A provider ARN that names no provider (GW217 and GW003 judge its shape)."""

    arn: object
    where: Where
    subject: str


def target_provider_refs(
    targets: list[Target], view: GatewayView | None, default_region: str | None
) -> Iterator[ProviderRef | Unparsed]:
    """Every OAUTH / API_KEY provider of ``targets``, in target order."""
    for target in targets:
        for provider in target.credential_providers or []:
            kind = provider.provider_type
            if kind not in _KINDS:
                continue
            field, arn_kind, _ = _KINDS[kind]
            block = getattr(provider, field)
            value = block.get("providerArn") if isinstance(block, dict) else None
            where = view.at(provider, field) if view is not None else Where(provider, field)
            arn = parse_arn(value)
            match = _RESOURCE.match(arn.resource) if arn is not None else None
            if (
                arn is None
                or match is None
                or match["kind"] != arn_kind
                or arn.service not in ("bedrock-agentcore", "acps")
            ):
                yield Unparsed(value, where, target.label)
                continue
            yield ProviderRef(
                provider=provider,
                kind=kind,
                arn=str(value),
                name=match["name"],
                region=arn.region or (view.region if view is not None else None) or default_region,
                account=arn.account,
                where=where,
                subject=target.label,
            )


def vault_secret_read(kind: str, provider_arn: str, region: str | None) -> Read:
    """ListSecrets for the secret the token vault keeps for a provider.

    ``bedrock-agentcore-identity!{directory}/oauth2/{name}`` (``apikey`` for API keys).
    """
    parts = provider_arn.split(":", 5)[5].split("/")  # token-vault/<dir>/<type>/<name>
    folder = "apikey" if kind in ("API_KEY", "apikey") else "oauth2"
    name = f"bedrock-agentcore-identity!{parts[1]}/{folder}/{parts[-1]}"
    params = {"Filters": [{"Key": "name", "Values": [name]}]}
    return Read("secretsmanager", "list_secrets", params, region, "SecretList")


def workload_identity_name(gateway: Any) -> str | None:
    """The name GetWorkloadIdentity takes: the last segment of a GetGateway answer's
    ``workloadIdentityDetails.workloadIdentityArn`` (None when it names none)."""
    details = gateway.get("workloadIdentityDetails") if isinstance(gateway, dict) else None
    arn = details.get("workloadIdentityArn") if isinstance(details, dict) else None
    if not isinstance(arn, str) or "/workload-identity/" not in arn:
        return None
    return arn.rsplit("/", 1)[-1] or None


def caller_account(ctx: Context) -> str | None:
    """The account gwlint's credentials belong to (STS, the facade's cached answer), or None."""
    if ctx.facts is None:
        return None
    try:
        identity = ask(
            ctx.facts, Read("sts", "get_caller_identity", {}, ctx.facts.region or "us-east-1")
        )
    except LiveError:
        return None
    account = identity.get("Account") if isinstance(identity, dict) else None
    return str(account) if account else None


__all__ = [
    "ProviderRef",
    "Unparsed",
    "caller_account",
    "target_provider_refs",
    "vault_secret_read",
    "workload_identity_name",
]
