"""One probe per deployment: each step run once, in order, its result kept.

The GW7xx rules read the steps; a step whose prerequisite did not hold is not
sent at all (its rule reports ``skip``), so a failed discovery never costs a
billed token request. The secret it resolves and the token it fetches are
offered to the engine for redaction through :meth:`Probe.secrets`.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gwlint.awsformats import is_secret_reference, parse_gateway_url
from gwlint.model import Deployment
from gwlint.probe.options import ProbeOptions
from gwlint.probe.results import Step, blocked, failed, skipped, unchecked

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.probe.http import Transport
    from gwlint.probe.mcp import McpClient

_ENV_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$")
SECRET_FIX = "Pass the secret with --client-secret-env NAME (the variable holding it)."


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class Probe:
    """The endpoint probe of one deployment (``gwlint check --probe``)."""

    def __init__(self, deployment: Deployment, options: ProbeOptions) -> None:
        self.deployment = deployment
        self.options = options
        self._steps: dict[str, Step] = {}
        self._secrets: list[str] = []
        self._transport: Transport | None = None
        self._client: McpClient | None = None
        if options.client_secret:
            self._secrets.append(options.client_secret)

    # -- what the configuration names -----------------------------------------------
    @property
    def label(self) -> str:
        d = self.deployment
        if d.gateway is not None:
            return d.gateway.label
        return d.client.label if d.client is not None else "deployment"

    @property
    def authorizer(self) -> str | None:
        gateway = self.deployment.gateway
        if gateway is not None and isinstance(gateway.authorizer_type, str):
            return gateway.authorizer_type
        client = self.deployment.client
        if client is not None and _text(client.token_endpoint):
            return "CUSTOM_JWT"  # a client config that fetches tokens speaks to a JWT gateway
        return None

    @property
    def _authorizer_text(self) -> str:
        if self.authorizer is None:
            return "this input names no gateway authorizer and no client token endpoint"
        return f"the gateway's authorizer is {self.authorizer}"

    @property
    def discovery_url(self) -> str | None:
        gateway = self.deployment.gateway
        return _text(gateway.jwt.discovery_url) if gateway and gateway.jwt else None

    @property
    def gateway_url(self) -> tuple[str | None, str]:
        client, gateway = self.deployment.client, self.deployment.gateway
        if client is not None and _text(client.gateway_url):
            return _text(client.gateway_url), "client.gateway_url"
        if gateway is not None and _text(gateway.gateway_url):
            return _text(gateway.gateway_url), "gateway.gateway_url"
        return None, "gateway.gateway_url"

    def _client_value(self, name: str) -> str | None:
        client = self.deployment.client
        return _text(getattr(client, name)) if client is not None else None

    def hosts(self) -> set[str]:
        """Every host the configuration names: the only ones the probe may contact."""
        urls = [self.discovery_url, self._client_value("token_endpoint"), self.gateway_url[0]]
        gateway = self.deployment.gateway
        if gateway is not None:
            urls.append(_text(gateway.gateway_url))
        return {urlsplit(u).hostname or "" for u in urls if u} - {""}

    def secrets(self) -> list[str]:
        return list(self._secrets)

    # -- plumbing ---------------------------------------------------------------------
    def transport(self) -> Transport:
        if self._transport is None:
            from gwlint.probe.http import Transport

            self._transport = Transport(
                timeout=self.options.timeout, allowed_hosts=self.hosts(), via=self.options.via
            )
        return self._transport

    def _memo(self, key: str, run: Any) -> Step:
        if key not in self._steps:
            self._steps[key] = run()
        return self._steps[key]

    # -- steps --------------------------------------------------------------------------
    def discovery(self) -> Step:
        return self._memo("discovery", self._discovery)

    def _discovery(self) -> Step:
        where = "jwt.discovery_url"
        if self.authorizer != "CUSTOM_JWT":
            return Step([skipped(where, f"no OAuth discovery: {self._authorizer_text}")])
        url = self.discovery_url
        if url is None:
            return Step([skipped(where, "no discoveryUrl in this input (no gateway authorizer)")])
        from gwlint.probe.oauth import discover

        return discover(self.transport(), url)

    def token_endpoint(self) -> Step:
        return self._memo("token_endpoint", self._token_endpoint)

    def _token_endpoint(self) -> Step:
        from gwlint.probe.oauth import compare_token_endpoint

        found = self.discovery()
        if found.skipped:
            reason = "no discovery document to compare with: " + found.outcomes[0].message
            return Step([skipped("client.token_endpoint", reason)])
        if not found.ok:
            return blocked("client.token_endpoint", "GW701", "probe-discovery", "no document")
        return compare_token_endpoint(
            found.value.token_endpoint, self._client_value("token_endpoint")
        )

    def _secret(self) -> tuple[str | None, Step | None]:
        if self.options.client_secret:
            return self.options.client_secret, None
        client = self.deployment.client
        raw = client.client_secret.reveal() if client and client.client_secret else None
        if not isinstance(raw, str) or not raw.strip():
            where = (
                "client.client_secret"
                if client and client.has("client_secret")
                else "client.client_id"
            )
            return None, Step(
                [unchecked(where, "Could not request a token: no client secret given.", SECRET_FIX)]
            )
        value = raw.strip()
        if not is_secret_reference(value):
            self._secrets.append(value)
            return value, None
        match = _ENV_REFERENCE.match(value)
        if match is None:
            return None, Step(
                [
                    unchecked(
                        "client.client_secret",
                        f"Could not request a token: client_secret is {value}, a reference gwlint "
                        "does not resolve.",
                        SECRET_FIX,
                    )
                ]
            )
        name = match.group(1) or match.group(2)
        if not self.options.resolve_env:
            return None, Step(
                [
                    unchecked(
                        "client.client_secret",
                        f"Could not request a token: client_secret is {value}; gwlint reads it "
                        "from the environment only when asked.",
                        f"Add --probe-env to resolve {value} from the environment, or "
                        "--client-secret-env NAME.",
                    )
                ]
            )
        secret = os.environ.get(name)
        if not secret:
            return None, Step(
                [
                    unchecked(
                        "client.client_secret",
                        f"Could not request a token: client_secret is {value} and {name} is not "
                        "set in the environment.",
                        f"export {name}=… (the app client's secret), then run again.",
                    )
                ]
            )
        self._secrets.append(secret)
        return secret, None

    def token(self) -> Step:
        return self._memo("token", self._token)

    def _token(self) -> Step:
        where = "client.token_endpoint"
        if self.authorizer != "CUSTOM_JWT":
            return Step([skipped(where, f"no token needed: {self._authorizer_text}")])
        found = self.discovery()
        if not found.ok and not found.skipped:
            return blocked(where, "GW701", "probe-discovery", "no token was requested")
        if self.deployment.client is None:
            return Step(
                [skipped(where, "no client config (client_id, token_endpoint) in this input")]
            )
        client_id = self._client_value("client_id")
        endpoint = self._client_value("token_endpoint") or (
            found.value.token_endpoint if found.ok else None
        )
        if client_id is None or endpoint is None:
            missing = "client_id" if client_id is None else "token_endpoint"
            return Step(
                [
                    unchecked(
                        f"client.{missing}",
                        f"Could not request a token: the client config has no {missing}.",
                        f"Add {missing} to the client config.",
                    )
                ]
            )
        secret, problem = self._secret()
        if problem is not None or secret is None:
            return problem or Step()
        from gwlint.probe.oauth import request_token

        step = request_token(
            self.transport(), endpoint, client_id, secret, self._client_value("scope")
        )
        if step.value is not None:
            self._secrets.append(step.value.access_token)
        elif self.options.client_secret_env and "invalid_client" in step.outcomes[0].message:
            first = step.outcomes[0]
            source = f" The secret came from --client-secret-env {self.options.client_secret_env}."
            step.outcomes[0] = replace(first, message=first.message + source)
        return step

    def verified_claims(self) -> Step:
        return self._memo("claims", self._claims)

    def _claims(self) -> Step:
        where = "jwt.discovery_url"
        token = self.token()
        if not token.ok:
            if token.skipped:
                return Step([skipped(where, "no token to read: " + token.outcomes[0].message)])
            return blocked(where, "GW703", "probe-token", "there is no token to read")
        found = self.discovery()
        if not found.ok:
            return Step([skipped(where, "no JWKS to verify against: " + found.outcomes[0].message)])
        from gwlint.probe.tokens import verify

        return verify(token.value.access_token, found.value.jwks)

    def tools(self) -> Step:
        return self._memo("tools", self._tools)

    def _tools(self) -> Step:
        url, where = self.gateway_url
        if url is None:
            return Step([skipped(where, "no gateway URL in this input")])
        signer, problem = self._signer(url, where)
        if problem is not None:
            return problem
        from gwlint.probe.mcp import McpClient, list_tools

        self._client = McpClient(self.transport(), url, where, signer)
        gateway = self.deployment.gateway
        return list_tools(self._client, gateway.supported_versions if gateway else None)

    def _signer(self, url: str, where: str) -> tuple[Any, Step | None]:
        kind = self.authorizer
        if kind == "CUSTOM_JWT":
            token = self.token()
            if token.skipped:
                reason = "no token to send: " + token.outcomes[0].message
                return None, Step([skipped(where, reason)])
            if not token.ok:
                return None, blocked(where, "GW703", "probe-token", "there is no token to send")
            bearer = f"Bearer {token.value.access_token}"
            return (lambda _u, _b, headers: {**headers, "Authorization": bearer}), None
        if kind == "AWS_IAM":
            return self._sigv4(url, where)
        if kind in ("NONE", None):
            return (lambda _u, _b, headers: headers), None
        return None, Step([skipped(where, f"authorizer {kind}: the probe cannot authenticate")])

    def _sigv4(self, url: str, where: str) -> tuple[Any, Step | None]:
        from gwlint.probe.sigv4 import SigningUnavailable, credentials, sign

        parsed = parse_gateway_url(url)
        region = parsed.region if parsed else _text(self.deployment.region)
        if region is None:
            return None, Step(
                [
                    unchecked(
                        where,
                        "Could not sign for the AWS_IAM gateway: no region in its URL or input.",
                        "Add region to the deployment file.",
                    )
                ]
            )
        try:
            creds = credentials()
        except SigningUnavailable as exc:
            return None, Step(
                [unchecked(where, f"Could not sign for the AWS_IAM gateway: {exc}.", str(exc))]
            )
        self._secrets.extend(s for s in (creds.secret_key, creds.token) if s)
        return (lambda u, body, headers: sign(creds, region, u, body, headers)), None

    def call(self) -> Step:
        return self._memo("call", self._call)

    def _call(self) -> Step:
        where = self.gateway_url[1]
        name = self.options.call
        if name is None:
            return Step(
                [skipped(where, "no tools/call: name one tool with --probe-call NAME to call it")]
            )
        tools = self.tools()
        if not tools.ok or self._client is None:
            return blocked(where, "GW705", "probe-mcp-tools-list", "no tool was called")
        if name not in tools.value.names:
            return Step(
                [
                    failed(
                        where,
                        f"--probe-call {name}: the gateway lists no such tool.",
                        "Call a listed name, with its {target}___ prefix.",
                    )
                ]
            )
        from gwlint.probe.mcp import call_tool

        return call_tool(self._client, name, self.options.call_args)
