"""The gateway URL does not have the shape AWS gives it.

## Why
An AgentCore gateway has exactly one MCP endpoint:

    https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp

where ``gatewayId`` is the lower-cased gateway name plus a 10-character
suffix (``security-chatbot-gateway-k3j9x0abcd``). GetGateway returns it as
``gatewayUrl``; clients and proxies must use it verbatim. Frequent mistakes:

- ``http://`` instead of ``https://`` (the endpoint only speaks TLS);
- the URL without ``/mcp`` (or with another path): MCP requests to ``/``
  are not served;
- a version or alias in the path (``/v1/mcp``, ``/prod/mcp``,
  ``?qualifier=…``): gateways have no versions or aliases; that idea comes from
  AgentCore Runtime (which has versions and endpoints) and Bedrock agents, and
  the troubleshooting guide wrongly carries it over to gateways;
- a Runtime invocation URL (``https://bedrock-agentcore.{region}.amazonaws.com/runtimes/…``),
  a Lambda function URL (``…lambda-url.{region}.on.aws``) or an ARN in place
  of the gateway URL: those are what the *gateway* calls (its targets), not
  what clients call;
- a host that is not ``{id}.gateway.bedrock-agentcore.{region}.amazonaws.com``.

A gateway with ``domainOverride`` (``defaultDomain``, up to 10
``alternateDomains``) is also reached through the user's own proxy or custom
domain: a URL on one of those hosts passes (https only; its path is the
proxy's to route). A custom host with no gateway in the input to confirm it
only warns; with the gateway in the input and the host not among its
domains, it fails.

The gateway ID in the URL must also be the gateway the rest of the input
names: ``gateway_id`` of a client config, ``gatewayId`` / ``gatewayIdentifier``
/ ``gatewayArn`` of the gateway, a target's ``gatewayIdentifier``. gwlint
compares them but does not check the ID's own pattern, because moto and
older gateways use IDs without the name prefix (moto's URLs also lack
``/mcp``, which gwlint does report).

## Symptom
Connection errors or TLS failures (http), ``404``/``405`` or an empty reply
(missing ``/mcp``, extra path), ``401``/``403`` from the wrong service (a
Runtime URL), or calls that reach a different gateway than the one you
configured.

## Fix
Copy ``gatewayUrl`` from ``aws bedrock-agentcore-control get-gateway
--gateway-identifier <id> --query gatewayUrl``:

    {"gateway_url": "https://security-chatbot-gateway-k3j9x0abcd.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
     "gateway_id": "security-chatbot-gateway-k3j9x0abcd"}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from gwlint.awsformats import (
    LAMBDA_URL_HOST,
    REGION,
    article,
    describe_arn,
    parse_arn,
    parse_gateway_url,
    parse_runtime_url,
)
from gwlint.findings import Finding
from gwlint.model import Node
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.unresolved import contains_unresolved

_AWS_SERVICE_HOST = re.compile(r"^(bedrock-agentcore|lambda)\.([a-z0-9-]+)\.amazonaws\.com$")
#: Path segments or query keys that name a version or an alias.
_VERSIONISH = re.compile(
    r"^(v?\d+(\.\d+)*|versions?|alias(es)?|qualifier|latest|\$latest|draft|"
    r"prod|production|dev|development|test|staging|stage|live|default)$",
    re.IGNORECASE,
)
_VERSION_KEYS = frozenset({"version", "alias", "qualifier", "v"})


class Problem(NamedTuple):
    kind: str  # stable identifier of the failure, for tests and readers
    message: str
    fix: str
    severity: Severity | None = None


class UrlSite(NamedTuple):
    node: Node
    field: str
    label: str  # how the user wrote it: gateway_url / gatewayUrl
    value: Any


def expected_url(gateway_id: str | None, region: str | None) -> str:
    return (
        f"https://{gateway_id or '{gatewayId}'}.gateway.bedrock-agentcore."
        f"{region or '{region}'}.amazonaws.com/mcp"
    )


def gateway_id_of(value: Any) -> str | None:
    """The gateway ID in an ID or a gateway ARN."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    arn = parse_arn(text)
    if arn is not None:
        if arn.service == "bedrock-agentcore" and arn.resource.startswith("gateway/"):
            return arn.resource.split("/", 1)[1] or None
        return None
    return text


def _not_gateway(kind: str, message: str, correct: str) -> Problem:
    return Problem(
        kind,
        message,
        f"Use the gateway's own URL, {correct} (aws bedrock-agentcore-control get-gateway "
        "--gateway-identifier <id> --query gatewayUrl). Runtime URLs, Lambda functions and ARNs "
        "belong in the gateway's targets, not in its clients.",
    )


class Domains(NamedTuple):
    """What the input says about the gateway's custom domains (``domainOverride``)."""

    names: frozenset[str] = frozenset()  # defaultDomain and alternateDomains, lower-cased
    gateway_known: bool = False  # a gateway request is in the input (so its domains are)
    deploy_time: bool = False  # its domainOverride is set at deploy time: any host may be one


#: An input that says nothing of custom domains.
NO_DOMAINS = Domains()


def classify(
    value: Any,
    known_id: str | None,
    known_region: str | None,
    label: str = "gateway URL",
    domains: Domains = NO_DOMAINS,
) -> list[Problem]:
    """Every way ``value`` differs from the documented gateway URL shape (empty: correct)."""
    correct = expected_url(known_id, known_region)
    if not isinstance(value, str) or not value.strip():
        return [
            Problem(
                "not-a-url", f"{label} {describe_value(value)} is not a URL.", f"Use {correct}."
            )
        ]
    text = value.strip()
    arn = parse_arn(text)
    if arn is not None:
        kind = describe_arn(arn)
        if arn.service == "bedrock-agentcore" and arn.resource.startswith("gateway/"):
            gid = arn.resource.split("/", 1)[1]
            fixed = expected_url(gid, arn.region or known_region)
            return [
                Problem(
                    "gateway-arn",
                    f"{label} {describe_value(value)} is the gateway's ARN, not its URL.",
                    f"Use the URL: {fixed}.",
                )
            ]
        return [
            _not_gateway(
                "lambda-arn" if arn.service == "lambda" else "arn",
                f"{label} {describe_value(value)} is {article(kind)} {kind}, not a gateway URL.",
                correct,
            )
        ]
    problems: list[Problem] = []
    if "://" not in text:
        if parse_gateway_url("https://" + text) is None:
            return [
                Problem(
                    "not-a-url", f"{label} {describe_value(value)} is not a URL.", f"Use {correct}."
                )
            ]
        problems.append(
            Problem(
                "no-scheme",
                f"{label} {describe_value(value)} has no scheme; a gateway URL starts with https://.",
                f"Write https://{text}.",
            )
        )
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    lambda_url = LAMBDA_URL_HOST.match(host)
    service = _AWS_SERVICE_HOST.match(host)
    if lambda_url or (service and service.group(1) == "lambda"):
        what = "a Lambda function URL" if lambda_url else "the Lambda API endpoint"
        return [
            _not_gateway(
                "lambda-url",
                f"{label} {describe_value(value)} is {what}, not a gateway URL.",
                correct,
            )
        ]
    runtime = parse_runtime_url(text)
    if runtime is not None or service or "/invocations" in parts.path:
        return [
            _not_gateway(
                "runtime-url",
                f"{label} {describe_value(value)} is an AgentCore Runtime invocation URL, not a "
                "gateway URL.",
                correct,
            )
        ]
    gateway_url = parse_gateway_url(text)
    if gateway_url is None and host.lower() in domains.names:
        if parts.scheme.lower() != "https":
            problems.append(
                Problem(
                    "scheme",
                    f"{label} uses {parts.scheme}://; use https:// for the custom domain.",
                    f"Use https://{host}{parts.path}.",
                )
            )
        return problems  # a domainOverride host: the path is the proxy's to route
    if gateway_url is None and domains.deploy_time:
        return problems  # the custom domains are not known before deploy
    if gateway_url is None and not domains.gateway_known and not host.endswith(".amazonaws.com"):
        return [
            *problems,
            Problem(
                "custom-host",
                f"{label} host '{host or text}' is not a gateway host "
                "({gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com); that is only "
                "valid when the gateway has a domainOverride naming it, which this input does "
                "not show.",
                f"Use {correct}, or check the gateway's domainOverride lists '{host}' (put the "
                "gateway and the client in one deployment file to have it checked).",
                Severity.WARNING,
            ),
        ]
    if gateway_url is None or not REGION.match(gateway_url.region):
        listed = ", ".join(sorted(domains.names))
        override = (
            f" and not one of the gateway's domainOverride domains ({listed})"
            if domains.names
            else ""
        )
        return [
            *problems,
            Problem(
                "host",
                f"{label} host '{host or text}' is not a gateway host{override}; it must be "
                "{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com.",
                f"Use {correct}.",
            ),
        ]
    correct = expected_url(gateway_url.gateway_id, gateway_url.region)
    if parts.scheme.lower() != "https":
        problems.append(
            Problem(
                "scheme",
                f"{label} uses {parts.scheme}://; the gateway only accepts https://.",
                f"Use {correct}.",
            )
        )
    problems.extend(_path_problems(parts.path, parts.query, correct, label))
    return problems


def _path_problems(path: str, query: str, correct: str, label: str) -> list[Problem]:
    segments = [s for s in path.split("/") if s]
    keys = {k.lower() for k in parse_qs(query, keep_blank_values=True)}
    versioned = [s for s in segments if s.lower() != "mcp" and _VERSIONISH.match(s)]
    if versioned or keys & _VERSION_KEYS:
        shown = "/".join(versioned) or "?" + query
        return [
            Problem(
                "version",
                f"{label} carries a version or alias ('{shown}'); gateways have no versions or "
                "aliases, so the path is just /mcp.",
                f"Use {correct}. Versions and endpoints (DEFAULT, named endpoints) exist on "
                "AgentCore Runtime, where the qualifier goes into the target's invocation URL.",
            )
        ]
    if path == "/mcp":
        return []
    if not segments:
        return [
            Problem(
                "no-mcp-path",
                f"{label} has no /mcp path; MCP requests must go to /mcp.",
                f"Append /mcp: {correct}.",
            )
        ]
    if path == "/mcp/":
        return [
            Problem(
                "trailing-slash",
                f"{label} ends in /mcp/ with a trailing slash; the documented path is /mcp.",
                f"Use {correct}.",
                Severity.WARNING,
            )
        ]
    return [
        Problem(
            "path",
            f"{label} path is '{path}'; the gateway serves MCP only at /mcp.",
            f"Use {correct}.",
        )
    ]


def _sites(ctx: Context) -> list[UrlSite]:
    sites: list[UrlSite] = []
    gateway = ctx.deployment.gateway
    if gateway is not None and gateway.has("gateway_url"):
        sites.append(UrlSite(gateway, "gateway_url", "gatewayUrl", gateway.gateway_url))
    client = ctx.deployment.client
    if client is not None and client.has("gateway_url"):
        sites.append(UrlSite(client, "gateway_url", "gateway_url", client.gateway_url))
    return sites


def _id_sources(ctx: Context) -> list[tuple[str, str]]:
    """(where, gateway id) for every place other than a URL that names the gateway."""
    sources: list[tuple[str, Any]] = []
    client = ctx.deployment.client
    if client is not None and client.has("gateway_id"):
        sources.append(("gateway_id", client.gateway_id))
    gateway = ctx.deployment.gateway
    if gateway is not None:
        if gateway.has("gateway_id"):
            sources.append(("gatewayId", gateway.gateway_id))
        if gateway.has("gateway_arn"):
            sources.append(("gatewayArn", gateway.gateway_arn))
    for target in ctx.deployment.targets:
        if target.has("gateway_identifier"):
            sources.append((f"{target.label} gatewayIdentifier", target.gateway_identifier))
    found = []
    for where, value in sources:
        gid = gateway_id_of(value)
        if gid is not None:
            found.append((where, gid))
    return found


def _domains(ctx: Context) -> Domains:
    """The gateway's ``domainOverride`` domains, when the input has the gateway."""
    gateway = ctx.deployment.gateway
    raw = gateway.raw if gateway is not None and isinstance(gateway.raw, dict) else None
    if raw is None or not {"authorizerType", "roleArn", "name"} & raw.keys():
        return Domains()
    override = raw.get("domainOverride")
    if contains_unresolved(override):
        return Domains(gateway_known=True, deploy_time=True)
    names: set[str] = set()
    if isinstance(override, dict):
        values = [override.get("defaultDomain")]
        alternates = override.get("alternateDomains")
        if isinstance(alternates, list):
            values.extend(alternates)
        names = {v.strip().lower() for v in values if isinstance(v, str) and v.strip()}
    return Domains(frozenset(names), gateway_known=True)


def _known_region(ctx: Context) -> str | None:
    deployment = ctx.deployment
    candidates: list[Any] = [deployment.region]
    if deployment.client is not None:
        candidates.append(deployment.client.region)
    if deployment.gateway is not None:
        arn = parse_arn(deployment.gateway.gateway_arn)
        candidates.append(arn.region if arn else None)
    for region in candidates:
        if isinstance(region, str) and REGION.match(region):
            return region
    return None


@rule(
    id="GW108",
    name="gateway-url-shape",
    severity=Severity.ERROR,
    summary="Gateway URL is https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp",
    fix=(
        "Use the gatewayUrl GetGateway returns: https://{gatewayId}.gateway.bedrock-agentcore."
        "{region}.amazonaws.com/mcp — https, the gateway's own host, path /mcp, no version or "
        "alias."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    sites = _sites(ctx)
    if not sites:
        return
    ids = _id_sources(ctx)
    known_id = ids[0][1] if ids else None
    region = _known_region(ctx)
    domains = _domains(ctx)
    earlier: list[tuple[str, str]] = []  # (label, id) of URLs already read
    for site in sites:
        problems = classify(site.value, known_id, region, site.label, domains)
        for problem in problems:
            yield ctx.fail(
                site.node,
                site.field,
                problem.message,
                fix=problem.fix,
                severity=problem.severity,
            )
        if not problems:
            host = urlsplit(site.value.strip()).hostname if isinstance(site.value, str) else None
            if domains.deploy_time and parse_gateway_url(site.value.strip()) is None:
                yield ctx.skip(
                    f"{site.label} host '{host}' may be one of the gateway's domainOverride "
                    "domains, which are set at deploy time",
                    site.node,
                )
                continue
            custom = (host or "").lower() in domains.names
            shape = (
                "is on a domainOverride domain of the gateway"
                if custom
                else "has the documented shape"
            )
            yield ctx.passed(site.node, site.field, f"{site.label} {shape}")
        text = site.value.strip() if isinstance(site.value, str) else ""
        parsed = parse_gateway_url(text if "://" in text else "https://" + text)
        if parsed is None:
            continue
        url_id = parsed.gateway_id
        for where, gid in [*ids, *earlier]:
            if gid.lower() == url_id:
                yield ctx.passed(
                    site.node, site.field, f"{site.label} and {where} name the same gateway"
                )
            else:
                yield ctx.fail(
                    site.node,
                    site.field,
                    f"{site.label} points at gateway '{url_id}', but {where} names '{gid}'.",
                    fix=(
                        "Make them name the same gateway: take gatewayUrl and gatewayId from one "
                        "GetGateway response."
                    ),
                )
        earlier.append((site.label, url_id))


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "missing-authentication-token",
        "cause": (
            "The client calls the gateway on a URL without /mcp (or another path it does not "
            "serve)."
        ),
        "likelihood": "medium",
    },
]
