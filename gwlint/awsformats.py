"""AWS identifier and URL formats the rules share.

Model patterns and enums come from the API spec generated from botocore's
``bedrock-agentcore-control`` and ``cognito-idp`` models (``gwlint/apispec``),
served here as module attributes on first use; the URL shapes are the
documented ones. Parsed values are named tuples: creating a frozen dataclass
class cost four times as much at start-up.
Parsers return ``None`` for anything that does not have the shape, so rules
can tell "wrong shape" from "right shape, wrong value".
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

# --- from the API spec (generated from botocore; read on first use) ----------
#: Module attributes served from ``gwlint/spec/agentcore_api.json``: name -> shape.
_SPEC_PATTERNS = {
    "ROLE_ARN": "RoleArn",
    "LAMBDA_ARN": "LambdaFunctionArn",
    "SCOPE_STRING": "AllowedScopeType",
    "S3_URI": "S3BucketUri",
}
_SPEC_ENUMS = {
    "JSON_SCHEMA_TYPES": "SchemaType",
    "AUTHORIZER_TYPES": "AuthorizerType",
    "CREDENTIAL_PROVIDER_TYPES": "CredentialProviderType",
}
_COGNITO_PATTERNS = {
    "USER_POOL_ID": "UserPoolIdType",
    "CLIENT_ID": "ClientIdType",
    "COGNITO_DOMAIN_PREFIX": "DomainType",
}


def __getattr__(name: str) -> Any:
    """Spec-derived patterns and enums, loaded when a rule first asks for them."""
    from gwlint import apispec

    if name in _SPEC_PATTERNS:
        return apispec.pattern(_SPEC_PATTERNS[name])
    if name in _COGNITO_PATTERNS:
        return apispec.pattern(_COGNITO_PATTERNS[name], cognito=True)
    if name in _SPEC_ENUMS:
        return apispec.enum(_SPEC_ENUMS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The runtime ARN as a parser (groups: partition, region, account, runtime ID); the
#: same language as the model's RuntimeArn pattern.
RUNTIME_ARN = re.compile(
    r"^arn:aws(-[^:]+)?:bedrock-agentcore:([a-z0-9-]+):(\d{12}):"
    r"runtime/([a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10})$"
)
RUNTIME_ENDPOINT_ARN = re.compile(
    r"^arn:aws(-[^:]+)?:bedrock-agentcore:([a-z0-9-]+):(\d{12}):"
    r"runtime/([a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10})/runtime-endpoint/(.+)$"
)
#: What real user-pool IDs look like: ``{region}_{9 alphanumerics}``.
USER_POOL_ID_REAL = re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d)_([0-9a-zA-Z]+)$")
#: What Cognito app client IDs look like in practice (reported): 26 lower-case alphanumerics.
CLIENT_ID_TYPICAL = re.compile(r"^[a-z0-9]{26}$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
TOOL_NAME_VISIBLE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: A Lambda function URL's host; group 1 is the region.
LAMBDA_URL_HOST = re.compile(r"^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$")

#: Separator between target name and tool name in the names clients see.
TOOL_NAME_SEPARATOR = "___"


class Arn(NamedTuple):
    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def parse_arn(value: object) -> Arn | None:
    """Split any ``arn:partition:service:region:account:resource`` string."""
    if not isinstance(value, str) or not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) != 6:
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def describe_arn(arn: Arn) -> str:
    """A human name for an ARN's kind: "Lambda function ARN", "runtime endpoint ARN"…"""
    if arn.service == "lambda":
        return "Lambda function ARN"
    if arn.service == "bedrock-agentcore":
        if "/runtime-endpoint/" in arn.resource:
            return "AgentCore runtime endpoint ARN"
        if arn.resource.startswith("runtime/"):
            return "AgentCore runtime ARN"
        if arn.resource.startswith("gateway/"):
            return "AgentCore gateway ARN"
        return "AgentCore ARN"
    return f"{arn.service} ARN"


def article(noun: str) -> str:
    """'a' or 'an' for ``noun`` (by its first letter; good enough for our nouns)."""
    return "an" if noun[:1].lower() in "aeio" else "a"


class GatewayUrl(NamedTuple):
    scheme: str
    gateway_id: str
    region: str
    path: str


_GATEWAY_HOST = re.compile(r"^([^.]+)\.gateway\.bedrock-agentcore\.([a-z0-9-]+)\.amazonaws\.com$")


def parse_gateway_url(value: object) -> GatewayUrl | None:
    """Parse ``https://{id}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp``."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    match = _GATEWAY_HOST.match(parts.hostname or "")
    if not match:
        return None
    return GatewayUrl(parts.scheme, match.group(1), match.group(2), parts.path)


class RuntimeUrl(NamedTuple):
    scheme: str
    region: str
    raw_arn: str  # the path segment as written
    arn: str  # decoded
    arn_encoded: bool  # written percent-encoded
    rest: str  # path after the ARN segment
    qualifier: str | None
    has_qualifier: bool


#: The AgentCore data-plane host runtimes are invoked on; group 1 is the region.
RUNTIME_HOST = re.compile(r"^bedrock-agentcore\.([a-z0-9-]+)\.amazonaws\.com$")


def parse_runtime_url(value: object) -> RuntimeUrl | None:
    """Parse an AgentCore Runtime invocation URL.

    ``https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{urlencoded ARN}``
    ``/invocations?qualifier=X``.
    Also recognises the ARN written unencoded, which splits across path segments.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    parts = urlsplit(text)
    match = RUNTIME_HOST.match(parts.hostname or "")
    if not match or not parts.path.startswith("/runtimes/"):
        return None
    after = parts.path[len("/runtimes/") :]
    if after.startswith("arn:"):
        # unencoded ARN: runs up to /invocations (or the end)
        idx = after.find("/invocations")
        raw, rest = (after, "") if idx < 0 else (after[:idx], after[idx:])
        encoded = False
    else:
        raw, sep, tail = after.partition("/")
        rest = sep + tail
        encoded = "%" in raw
    query = parse_qs(parts.query, keep_blank_values=True)
    qualifiers = query.get("qualifier")
    return RuntimeUrl(
        scheme=parts.scheme,
        region=match.group(1),
        raw_arn=raw,
        arn=unquote(raw),
        arn_encoded=encoded,
        rest=rest,
        qualifier=qualifiers[0] if qualifiers else None,
        has_qualifier=qualifiers is not None,
    )


class CognitoDiscovery(NamedTuple):
    region: str
    pool_id: str


#: The Cognito user-pool API host (discovery URLs); group 1 is the region.
COGNITO_IDP_HOST = re.compile(r"^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$")


def parse_cognito_discovery(value: object) -> CognitoDiscovery | None:
    """Parse ``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/openid-configuration``."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    match = COGNITO_IDP_HOST.match(parts.hostname or "")
    if not match:
        return None
    segments = [s for s in parts.path.split("/") if s]
    pool_id = segments[0] if segments else ""
    return CognitoDiscovery(match.group(1), pool_id)


def is_cognito_idp_host(host: str | None) -> bool:
    return bool(COGNITO_IDP_HOST.match(host or ""))


class TokenEndpoint(NamedTuple):
    scheme: str
    host: str
    path: str
    domain_prefix: str | None  # set for ``{prefix}.auth.{region}.amazoncognito.com``
    region: str | None


_COGNITO_DOMAIN_HOST = re.compile(r"^([^.]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com$")


def parse_token_endpoint(value: object) -> TokenEndpoint | None:
    if not isinstance(value, str) or "://" not in value:
        return None
    parts = urlsplit(value.strip())
    host = parts.hostname or ""
    if not host:
        return None
    match = _COGNITO_DOMAIN_HOST.match(host)
    if match:
        return TokenEndpoint(parts.scheme, host, parts.path, match.group(1), match.group(2))
    idp = COGNITO_IDP_HOST.match(host)
    return TokenEndpoint(parts.scheme, host, parts.path, None, idp.group(1) if idp else None)


def pool_region(pool_id: object) -> str | None:
    """Region prefix of a real-shaped user-pool ID (``us-east-1_AbC123xyz``)."""
    if not isinstance(pool_id, str):
        return None
    match = USER_POOL_ID_REAL.match(pool_id)
    return match.group(1) if match else None


def looks_like_pool_id(value: object) -> bool:
    """A Cognito user-pool ID (``us-east-1_AbC123xyz``), e.g. where a client ID belongs."""
    return isinstance(value, str) and (
        pool_region(value) is not None
        or bool(__getattr__("USER_POOL_ID").match(value) and "-" in value)
    )


def runtime_invocation_url(runtime_arn: str, region: str, qualifier: str = "DEFAULT") -> str:
    """The invocation URL AWS expects for ``runtime_arn`` (used in fix texts)."""
    from urllib.parse import quote

    return (
        f"https://bedrock-agentcore.{region}.amazonaws.com/runtimes/"
        f"{quote(runtime_arn, safe='')}/invocations?qualifier={qualifier}"
    )


#: A value that names where a secret lives instead of holding it: ``${VAR}``,
#: ``$VAR``, template braces such as ``{{resolve:secretsmanager:…}}``, a Secrets
#: Manager or SSM ARN, ``<placeholder>``, ``***`` and the usual "your secret here"
#: stand-ins.
_SECRET_REFERENCE = re.compile(
    r"^(?:\$\{[^{}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.+\}\}|<[^<>]+>|\*+"
    r"|arn:aws[a-z-]*:(?:secretsmanager|ssm):.+"
    r"|(?i:(?:your|my)[-_ ]?[a-z_ -]*(?:secret|token)|change[-_ ]?me|replace[-_ ]?me"
    r"|x{3,}|todo|redacted|placeholder))$"
)


def is_secret_reference(value: object) -> bool:
    """True when ``value`` is a reference or placeholder rather than a stored secret."""
    return isinstance(value, str) and bool(_SECRET_REFERENCE.match(value.strip()))


def explain_runtime_arn(value: object) -> str | None:
    """Why ``value`` is not a runtime ARN the gateway API accepts; None when it is.

    The text completes a sentence about the value ("the ARN … {text}").
    """
    if isinstance(value, str) and RUNTIME_ARN.match(value):
        return None
    if not isinstance(value, str):
        return "is not a string"
    if value != value.strip():
        return "has leading or trailing whitespace"
    arn = parse_arn(value)
    if arn is None:
        return "is not an ARN"
    if arn.service != "bedrock-agentcore" or not arn.resource.startswith("runtime/"):
        kind = describe_arn(arn)
        return f"is {article(kind)} {kind}, not an AgentCore runtime ARN"
    if "/runtime-endpoint/" in arn.resource:
        return "is a runtime endpoint ARN, not the runtime ARN"
    if not re.fullmatch(r"aws(-[^:]+)?", arn.partition):
        return f"has partition '{arn.partition}'; expected aws, aws-cn or aws-us-gov"
    if not re.fullmatch(r"[a-z0-9-]+", arn.region):
        return f"has region '{arn.region}', which is not a region name"
    if not re.fullmatch(r"[0-9]{12}", arn.account):
        return f"has account ID '{arn.account}'; AWS account IDs have exactly 12 digits"
    runtime_id = arn.resource[len("runtime/") :]
    return (
        f"has runtime ID '{runtime_id}'; a runtime ID is the runtime name (a letter, then up to "
        "47 letters, digits or underscores) followed by '-' and 10 letters or digits"
    )


def explain_lambda_arn(value: object) -> str | None:
    """Why ``value`` is not a Lambda function ARN the API accepts; None when it is.

    The text completes a sentence about the value ("lambdaArn '…' {text}").
    """
    if isinstance(value, str) and __getattr__("LAMBDA_ARN").match(value) and len(value) <= 170:
        return None
    if not isinstance(value, str):
        return "is not a string"
    if not value.strip():
        return "is empty"
    if value != value.strip():
        return "has leading or trailing whitespace"
    if len(value) > 170:
        return f"is {len(value)} characters long; the API allows at most 170"
    arn = parse_arn(value)
    if arn is None:
        if value.startswith(("http://", "https://")):
            return "is a URL, not a Lambda function ARN"
        if re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", value):
            return "is a function name, not a Lambda function ARN"
        return "is not an ARN"
    if arn.service != "lambda":
        kind = describe_arn(arn)
        return f"is {article(kind)} {kind}, not a Lambda function ARN"
    if not re.fullmatch(r"(aws[a-zA-Z-]*)?", arn.partition):
        return f"has partition '{arn.partition}'; expected aws, aws-cn or aws-us-gov"
    if not re.fullmatch(r"[a-z]{2}(-gov)?-[a-z]+-\d", arn.region):
        return f"has region '{arn.region}', which is not a region name such as us-east-1"
    if not re.fullmatch(r"\d{12}", arn.account):
        return f"has account ID '{arn.account}'; AWS account IDs have exactly 12 digits"
    kind, _, rest = arn.resource.partition(":")
    if kind != "function" or not rest:
        return f"names '{arn.resource}'; a Lambda target needs function:<name>"
    name, _, qualifier = rest.partition(":")
    if not re.fullmatch(r"[a-zA-Z0-9-_.]+", name):
        return f"has function name '{name}', which may use only letters, digits, '-', '_' and '.'"
    return (
        f"has qualifier '{qualifier}'; use $LATEST, a version number or an alias "
        "(letters, digits, '-', '_')"
    )
