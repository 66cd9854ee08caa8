r"""The credential provider block does not match its credential provider type.

## Why
``credentialProviderType`` says how the gateway authenticates to the target;
``credentialProvider`` carries the details, and must hold the matching block:

- ``OAUTH`` needs ``oauthCredentialProvider`` with ``providerArn`` and
  ``scopes``, a *list* of scope strings (each 1–64 characters; the model
  sets no pattern, so ``"a b"`` is accepted as one scope, but it is almost
  always two pasted together: a warning), and an optional ``grantType``
  (``CLIENT_CREDENTIALS``, ``AUTHORIZATION_CODE``, ``TOKEN_EXCHANGE``).
- ``API_KEY`` needs ``apiKeyCredentialProvider`` with ``providerArn``;
  ``credentialLocation`` is ``HEADER`` or ``QUERY_PARAMETER`` (the starter
  toolkit's help text mentions ``BODY``, which the API does not accept).
- ``GATEWAY_IAM_ROLE`` on an MCP server or OpenAPI target needs
  ``iamCredentialProvider.service``, the service name the gateway signs its
  SigV4 requests for, and it must be the one the endpoint checks:
  ``bedrock-agentcore`` for an AgentCore Runtime invocation URL or another
  gateway, ``execute-api`` for API Gateway, ``lambda`` for a Lambda function
  URL. Lambda, Smithy and API Gateway targets need no block (the gateway knows
  the service); one there is ignored at best.

Provider ARNs from AgentCore Identity look like
``arn:aws:bedrock-agentcore:{region}:{account}:token-vault/default/oauth2credentialprovider/{name}``
(``apikeycredentialprovider`` for API keys). That shape is what users report;
the API model accepts any ARN, so a mismatch is only a warning — but the ARN
of a Secrets Manager secret or of the wrong provider kind will not work.

## Symptom
ValidationException on CreateGatewayTarget; a target stuck in
``*_PENDING_AUTH`` or FAILED; tool calls answering 403 "signature does not
match" (wrong SigV4 service or region) or "invalid_scope" from the identity
provider.

## Fix
Match the block to the type, for example:

    {"credentialProviderType": "OAUTH",
     "credentialProvider": {"oauthCredentialProvider": {
       "providerArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:\
token-vault/default/oauth2credentialprovider/my-idp",
       "scopes": ["mcp/read", "mcp/write"]}}}

    {"credentialProviderType": "GATEWAY_IAM_ROLE",
     "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from gwlint import apispec
from gwlint.awsformats import (
    CREDENTIAL_PROVIDER_TYPES,
    LAMBDA_URL_HOST,
    parse_gateway_url,
    parse_runtime_url,
)
from gwlint.credentials import GRANT_TYPES, TARGET_LABEL
from gwlint.deployed import request_constraint
from gwlint.documents import json_kind, parse_document
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import CredentialProvider, Target
from gwlint.rule import Context, Severity, describe_value, rule

BLOCKS = {
    "oauth": "oauthCredentialProvider",
    "api_key": "apiKeyCredentialProvider",
    "iam": "iamCredentialProvider",
}
#: The blocks each type may carry (the first two types require theirs).
BLOCKS_FOR_TYPE: dict[str, tuple[str, ...]] = {
    "OAUTH": ("oauth",),
    "API_KEY": ("api_key",),
    "GATEWAY_IAM_ROLE": ("iam",),
    "CALLER_IAM_CREDENTIALS": ("iam",),
    "JWT_PASSTHROUGH": (),
}
API_KEY_LOCATIONS = apispec.enum("ApiKeyCredentialLocation")
IAM_SERVICE = re.compile(r"^[a-zA-Z0-9._-]{1,64}$")
IAM_REGION = re.compile(r"^[a-zA-Z0-9-]{1,32}$")
#: Target types whose GATEWAY_IAM_ROLE needs iamCredentialProvider.service.
NEEDS_SERVICE = ("mcpServer", "openApiSchema")
#: Target types where the gateway knows the service: no iamCredentialProvider.
NO_IAM_BLOCK = ("lambda", "smithyModel", "apiGateway", "mcp.connector")

PROVIDER_ARN = re.compile(
    r"^arn:aws(-[a-z-]+)?:(bedrock-agentcore|acps):[a-z0-9-]+:\d{12}:"
    r"token-vault/[^/]+/(oauth2credentialprovider|apikeycredentialprovider)/[^/]+$"
)
_RESOURCE_FOR_TYPE = {"OAUTH": "oauth2credentialprovider", "API_KEY": "apikeycredentialprovider"}
_API_GATEWAY_HOST = re.compile(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$")


class Endpoint(NamedTuple):
    url: str
    service: str  # SigV4 service it expects
    what: str  # "an AgentCore Runtime invocation URL"…
    region: str


def signing_service(url: Any) -> Endpoint | None:
    """The SigV4 service an AWS-hosted endpoint URL verifies, when recognisable."""
    if not isinstance(url, str):
        return None
    runtime = parse_runtime_url(url)
    if runtime is not None:
        return Endpoint(
            url, "bedrock-agentcore", "an AgentCore Runtime invocation URL", runtime.region
        )
    gateway = parse_gateway_url(url)
    if gateway is not None:
        return Endpoint(url, "bedrock-agentcore", "an AgentCore gateway URL", gateway.region)
    host = urlsplit(url.strip()).hostname or ""
    match = _API_GATEWAY_HOST.match(host)
    if match:
        return Endpoint(url, "execute-api", "an API Gateway URL", match.group(1))
    match = LAMBDA_URL_HOST.match(host)
    if match:
        return Endpoint(url, "lambda", "a Lambda function URL", match.group(1))
    return None


def _openapi_servers(target: Target) -> list[str]:
    payload = target.schema_payload
    if payload is None:
        return []
    text = payload.inline
    doc = parse_document(text).value if isinstance(text, str) else text
    if not isinstance(doc, dict):
        return []
    urls: list[str] = []
    servers = doc.get("servers")
    if isinstance(servers, list):
        urls += [s["url"] for s in servers if isinstance(s, dict) and isinstance(s.get("url"), str)]
    if isinstance(doc.get("host"), str):  # Swagger 2.0
        urls.append(f"https://{doc['host']}{doc.get('basePath') or ''}")
    return urls


def target_endpoint(target: Target) -> Endpoint | None:
    """The recognisable AWS endpoint a target calls, if any."""
    if target.kind == "mcpServer":
        return signing_service(target.endpoint)
    if target.kind == "openApiSchema":
        for url in _openapi_servers(target):
            found = signing_service(url)
            if found is not None:
                return found
    return None


class _Shape:
    """Checks of one provider item; collects findings."""

    def __init__(self, ctx: Context, target: Target, provider: CredentialProvider) -> None:
        self.ctx = ctx
        self.target = target
        self.provider = provider
        self.type: str = str(provider.provider_type)

    # -- helpers -----------------------------------------------------------
    def fail(
        self,
        message: str,
        *,
        field: str | None = None,
        pointer: str | None = None,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> Finding:
        return self.ctx.fail(
            self.provider,
            field,
            message,
            pointer=pointer,
            severity=severity,
            fix=fix,
            resource=self.target.label,
        )

    def passed(
        self, message: str, *, field: str | None = None, pointer: str | None = None
    ) -> Finding:
        return self.ctx.passed(
            self.provider, field, message, pointer=pointer, resource=self.target.label
        )

    def at(self, block: str, *keys: str | int) -> str:
        return join_pointer(self.provider.origin.pointer_for(block), *keys)

    def container(self) -> str:
        """Pointer of ``credentialProvider`` (or the item when it is missing)."""
        return (
            join_pointer(self.provider.origin.pointer, "credentialProvider")
            if isinstance(self.provider.raw, dict) and "credentialProvider" in self.provider.raw
            else self.provider.origin.pointer
        )

    # -- checks ------------------------------------------------------------
    def run(self) -> Iterator[Finding]:
        raw = self.provider.raw
        holder = raw.get("credentialProvider") if isinstance(raw, dict) else None
        if isinstance(raw, dict) and "credentialProvider" in raw and not isinstance(holder, dict):
            yield self.fail(
                f"credentialProvider is {json_kind(holder)}, not an object.",
                pointer=self.container(),
            )
            return
        written = [f for f in BLOCKS if self.provider.has(f)]
        if len(written) > 1:
            names = ", ".join(BLOCKS[f] for f in written)
            yield self.fail(
                f"credentialProvider holds {names}; it takes exactly one block.",
                pointer=self.container(),
            )
        expected = BLOCKS_FOR_TYPE.get(self.type, ())
        for block in written:
            if block not in expected:
                yield self.fail(
                    f"credentialProvider.{BLOCKS[block]} does not match credentialProviderType "
                    f"{self.type}.",
                    field=block,
                    fix=self._block_fix(),
                )
        if self.type == "OAUTH":
            yield from self.oauth()
        elif self.type == "API_KEY":
            yield from self.api_key()
        elif self.type == "GATEWAY_IAM_ROLE":
            yield from self.iam()

    def _block_fix(self) -> str:
        if self.type == "OAUTH":
            return "Put providerArn and scopes under credentialProvider.oauthCredentialProvider."
        if self.type == "API_KEY":
            return "Put providerArn under credentialProvider.apiKeyCredentialProvider."
        if self.type == "GATEWAY_IAM_ROLE":
            return (
                "Use credentialProvider.iamCredentialProvider{service} (MCP server and OpenAPI "
                "targets) or no credentialProvider at all (Lambda, Smithy, API Gateway)."
            )
        return f"{self.type} takes no oauthCredentialProvider or apiKeyCredentialProvider block."

    def _block(self, field: str) -> dict[str, Any] | None:
        """The block's object, or None when it is missing or not an object."""
        value = getattr(self.provider, field)
        return value if isinstance(value, dict) else None

    def _missing_block(self, field: str, needs: str) -> Finding:
        value = getattr(self.provider, field)
        if self.provider.has(field):
            return self.fail(
                f"credentialProvider.{BLOCKS[field]} is {json_kind(value)}, not an object.",
                field=field,
            )
        return self.fail(
            f"{self.type} needs credentialProvider.{BLOCKS[field]} with {needs}.",
            pointer=self.container(),
            fix=self._block_fix(),
        )

    def provider_arn(self, field: str, block: dict[str, Any]) -> Iterator[Finding]:
        if "providerArn" not in block:
            yield self.fail(f"{BLOCKS[field]} has no providerArn; it is required.", field=field)
            return
        arn = block["providerArn"]
        pointer = self.at(field, "providerArn")
        expected = _RESOURCE_FOR_TYPE[self.type]
        if not isinstance(arn, str) or not arn.strip():
            yield self.fail(f"providerArn is {describe_value(arn)}, not an ARN.", pointer=pointer)
            return
        match = PROVIDER_ARN.match(arn.strip())
        if match and match.group(3) == expected:
            yield self.passed(
                f"providerArn is an AgentCore Identity {expected} ARN", pointer=pointer
            )
            return
        if match:
            detail = f"it names a {match.group(3)}, but the type is {self.type}"
        elif ":secretsmanager:" in arn:
            detail = "it is a Secrets Manager secret ARN, not the credential provider that wraps it"
        else:
            detail = "it does not have the usual shape"
        yield self.fail(
            f"providerArn '{arn}' is not an AgentCore Identity {expected} ARN ({detail}); "
            f"expected arn:aws:bedrock-agentcore:{{region}}:{{account}}:token-vault/default/"
            f"{expected}/{{name}} (shape as reported by users; the API accepts any ARN).",
            pointer=pointer,
            severity=Severity.WARNING,
        )

    def oauth(self) -> Iterator[Finding]:
        block = self._block("oauth")
        if block is None:
            yield self._missing_block("oauth", "providerArn and scopes")
            return
        yield from self.provider_arn("oauth", block)
        yield from self.scopes(block)
        if "grantType" in block:
            grant = block["grantType"]
            if grant not in GRANT_TYPES:
                yield self.fail(
                    f"grantType {describe_value(grant)} is not one of {', '.join(GRANT_TYPES)}.",
                    pointer=self.at("oauth", "grantType"),
                )
        if "customParameters" in block:
            params = block["customParameters"]
            if not isinstance(params, dict) or not 1 <= len(params) <= 10:
                yield self.fail(
                    "customParameters must be an object with 1 to 10 entries, not "
                    f"{describe_value(params)}.",
                    pointer=self.at("oauth", "customParameters"),
                )

    def scopes(self, block: dict[str, Any]) -> Iterator[Finding]:
        pointer = self.at("oauth", "scopes")
        if "scopes" not in block:
            yield self.fail(
                "oauthCredentialProvider has no scopes; it is required (use [] for none).",
                field="oauth",
            )
            return
        scopes = block["scopes"]
        if isinstance(scopes, str):
            parts = scopes.split()
            suggestion = json.dumps(parts) if parts else "[]"
            yield self.fail(
                f"scopes is the string {describe_value(scopes)}; it must be an array of scopes, "
                f"e.g. {suggestion}.",
                pointer=pointer,
            )
            return
        if not isinstance(scopes, list):
            yield self.fail(
                f"scopes is {json_kind(scopes)}, not an array of strings.", pointer=pointer
            )
            return
        bad = 0
        if len(scopes) > 100:
            bad += 1
            yield self.fail(f"scopes has {len(scopes)} items; at most 100.", pointer=pointer)
        for index, scope in enumerate(scopes):
            where = join_pointer(pointer, index)
            if not isinstance(scope, str):
                bad += 1
                yield self.fail(
                    f"scope {index} is {json_kind(scope)}, not a string.", pointer=where
                )
            elif any(ch.isspace() for ch in scope):
                bad += 1
                yield self.fail(
                    f"scope {describe_value(scope)} contains whitespace; the API model allows "
                    "it (OAuthScope is 1-64 characters, no pattern), but it is likely several "
                    f"scopes in one item: give each its own, e.g. {json.dumps(scope.split())}.",
                    pointer=where,
                    severity=Severity.WARNING,
                )
            elif not 1 <= len(scope) <= 64:
                bad += 1
                yield self.fail(
                    f"scope {describe_value(scope)} is {len(scope)} characters; each scope "
                    "must be 1 to 64.",
                    pointer=where,
                )
        if not bad:
            yield self.passed(f"{len(scopes)} OAuth scope(s), each a single token", pointer=pointer)

    def api_key(self) -> Iterator[Finding]:
        block = self._block("api_key")
        if block is None:
            yield self._missing_block("api_key", "providerArn")
            return
        yield from self.provider_arn("api_key", block)
        if "credentialLocation" in block:
            location = block["credentialLocation"]
            pointer = self.at("api_key", "credentialLocation")
            if location in API_KEY_LOCATIONS:
                yield self.passed(f"API key sent in {location}", pointer=pointer)
            else:
                hint = ""
                if isinstance(location, str) and location.upper() == "BODY":
                    hint = (
                        " (BODY appears in the starter toolkit's help text but is not an API value)"
                    )
                yield self.fail(
                    f"credentialLocation {describe_value(location)} is not HEADER or "
                    f"QUERY_PARAMETER{hint}.",
                    pointer=pointer,
                )
        for key in ("credentialParameterName", "credentialPrefix"):
            if key in block:
                value = block[key]
                if not isinstance(value, str) or not 1 <= len(value) <= 64:
                    yield self.fail(
                        f"{key} {describe_value(value)} must be a string of 1 to 64 characters.",
                        pointer=self.at("api_key", key),
                    )

    def iam(self) -> Iterator[Finding]:
        kind = self.target.kind
        label = TARGET_LABEL.get(kind or "", kind)
        if kind in NO_IAM_BLOCK:
            if self.provider.has("iam"):
                yield self.fail(
                    f"{label} targets take GATEWAY_IAM_ROLE without iamCredentialProvider (the "
                    "gateway knows the service to sign for); remove the block.",
                    field="iam",
                    severity=Severity.WARNING,
                )
            else:
                yield self.passed(
                    f"GATEWAY_IAM_ROLE without iamCredentialProvider, as {label} targets expect",
                    field="provider_type",
                )
            return
        if kind not in NEEDS_SERVICE and not self.provider.has("iam"):
            return
        block = self._block("iam")
        if block is None:
            if kind in NEEDS_SERVICE:
                endpoint = target_endpoint(self.target)
                needs = f"service, the SigV4 service name {label} targets require"
                if endpoint is not None:
                    needs += f" ('{endpoint.service}' for {endpoint.what})"
                yield self._missing_block("iam", needs)
            return
        if "service" not in block:
            yield self.fail(
                "iamCredentialProvider has no service; it is required (the SigV4 service name).",
                field="iam",
            )
            return
        yield from self.service(block)

    def service(self, block: dict[str, Any]) -> Iterator[Finding]:
        service = block["service"]
        pointer = self.at("iam", "service")
        if not isinstance(service, str) or not IAM_SERVICE.match(service):
            yield self.fail(
                f"iamCredentialProvider.service {describe_value(service)} is not a service "
                "name ([a-zA-Z0-9._-], 1 to 64 characters).",
                pointer=pointer,
            )
            return
        endpoint = target_endpoint(self.target)
        if self.target.kind == "agentcoreRuntime":
            endpoint = Endpoint("", "bedrock-agentcore", "an AgentCore Runtime", "")
        problems = 0
        if endpoint is not None and service != endpoint.service:
            problems += 1
            yield self.fail(
                f"iamCredentialProvider.service is '{service}', but the target calls "
                f"{endpoint.what}, which verifies SigV4 signatures for '{endpoint.service}'.",
                pointer=pointer,
                fix=f'Set "iamCredentialProvider": {{"service": "{endpoint.service}"}}.',
                severity=None if self.target.kind != "agentcoreRuntime" else Severity.WARNING,
            )
        region = block.get("region")
        if "region" in block:
            where = self.at("iam", "region")
            if not isinstance(region, str) or not IAM_REGION.match(region):
                problems += 1
                yield self.fail(
                    f"iamCredentialProvider.region {describe_value(region)} is not a region name.",
                    pointer=where,
                )
            elif endpoint is not None and endpoint.region and region != endpoint.region:
                problems += 1
                yield self.fail(
                    f"iamCredentialProvider.region is '{region}', but {endpoint.what} is in "
                    f"'{endpoint.region}'; SigV4 signatures are checked against the endpoint's "
                    "region.",
                    pointer=where,
                    fix=f'Set "region": "{endpoint.region}" or leave region out.',
                )
        if problems:
            return
        if endpoint is not None:
            yield self.passed(
                f"iamCredentialProvider.service '{service}' matches {endpoint.what}",
                pointer=pointer,
            )
        else:
            yield self.passed(
                f"iamCredentialProvider.service is set ('{service}'); the endpoint is not an "
                "AWS URL gwlint recognises, so the service name itself is not checked",
                pointer=pointer,
            )


@rule(
    id="GW217",
    name="credential-provider-shape",
    severity=Severity.ERROR,
    summary="Each credential provider carries the block its type needs, well-formed",
    fix=(
        "OAUTH: credentialProvider.oauthCredentialProvider{providerArn, scopes: [..]}; "
        "API_KEY: apiKeyCredentialProvider{providerArn, credentialLocation HEADER or "
        "QUERY_PARAMETER}; GATEWAY_IAM_ROLE: iamCredentialProvider{service} for MCP server and "
        "OpenAPI targets (bedrock-agentcore for AgentCore Runtime or gateways, execute-api for "
        "API Gateway, lambda for function URLs), no block for Lambda, Smithy and API Gateway."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.deployment.is_setup_args:
        return  # setup_gateway arguments carry no credential providers
    for target in ctx.deployment.targets:
        for provider in target.credential_providers or []:
            ptype = provider.provider_type
            if not isinstance(provider.raw, dict) or ptype not in CREDENTIAL_PROVIDER_TYPES:
                continue  # GW216 reports unknown or missing types
            yield from _Shape(ctx, target, provider).run()


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "iam-credential-provider-required",
        "pattern": (
            r"IamCredentialProvider is required for mcpServer targets using IAM authentication"
        ),
        "source": (
            "CreateGatewayTarget ValidationException (hashicorp/terraform-provider-aws#48177)"
        ),
        "means": (
            "An mcpServer target uses GATEWAY_IAM_ROLE without saying which service to sign "
            "requests for."
        ),
        "cause": (
            "GATEWAY_IAM_ROLE on an mcpServer or OpenAPI target without "
            "iamCredentialProvider.service."
        ),
        "likelihood": "high",
    },
    {
        "error": "target-missing-authentication-token",
        "pattern": (
            r"(?:tool discovery|(?:synchroni[sz]e|fetch|list) tools)"
            r".{0,200}?Missing Authentication Token"
        ),
        "source": (
            "Target creation or synchronisation against an IAM-authenticated endpoint "
            "(hashicorp/terraform-provider-aws#47626, #47628)"
        ),
        "means": (
            "The target's endpoint refused the gateway's tool discovery as unauthenticated: the "
            "requests were not SigV4-signed."
        ),
        "cause": (
            "GATEWAY_IAM_ROLE without iamCredentialProvider.service (an empty gateway_iam_role "
            "block), or the wrong service."
        ),
        "likelihood": "high",
    },
    {
        "error": "runtime-invocation-forbidden",
        "cause": (
            "The target signs for another service than bedrock-agentcore "
            "(iamCredentialProvider.service)."
        ),
        "likelihood": "medium",
    },
]
