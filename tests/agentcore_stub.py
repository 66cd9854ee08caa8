"""A local stand-in for AgentCore control-plane reads moto does not serve.

It speaks the service's rest-json protocol as botocore's model describes it:
``GET /policy-engines/{policyEngineId}`` (GetPolicyEngine), ``GET
/gateways/{gatewayIdentifier}/`` (GetGateway, for tests that need no moto) and
``POST /identities/GetOauth2CredentialProvider`` / ``GetApiKeyCredentialProvider``
/ ``GetWorkloadIdentity`` (body ``{"name": …}``) answer the stored resource
(every required output member) or a 404 with ``x-amzn-ErrorType:
ResourceNotFoundException``;
anything else is a 404 ``UnknownOperationException``. It listens on
127.0.0.1, port 0, for one test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

ACCOUNT = "123456789012"


def engine_answer(engine_id: str, region: str, status: str = "ACTIVE") -> dict[str, Any]:
    """A GetPolicyEngine answer as AWS shapes it."""
    return {
        "policyEngineId": engine_id,
        "name": engine_id.rsplit("-", 1)[0],
        "createdAt": 1764580000,
        "updatedAt": 1764580000,
        "policyEngineArn": (
            f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:policy-engine/{engine_id}"
        ),
        "status": status,
        "statusReasons": [],
    }


def oauth2_provider_answer(
    name: str, region: str, config: dict[str, Any] | None = None, status: str = "READY"
) -> dict[str, Any]:
    """A GetOauth2CredentialProvider answer as AWS shapes it (a custom provider by default)."""
    vault = f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:token-vault/default"
    return {
        "clientSecretArn": {
            "secretArn": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:"
            f"bedrock-agentcore-identity!default/oauth2/{name}-AbCdEf"
        },
        "name": name,
        "credentialProviderArn": f"{vault}/oauth2credentialprovider/{name}",
        "credentialProviderVendor": "CustomOauth2",
        "oauth2ProviderConfigOutput": {
            "customOauth2ProviderConfig": config
            or {
                "oauthDiscovery": {
                    "discoveryUrl": "https://idp.example.com/.well-known/openid-configuration"
                },
                "clientId": "gateway-client",
            }
        },
        "createdTime": 1764580000,
        "lastUpdatedTime": 1764580000,
        "status": status,
    }


def api_key_provider_answer(name: str, region: str) -> dict[str, Any]:
    """A GetApiKeyCredentialProvider answer as AWS shapes it."""
    vault = f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:token-vault/default"
    return {
        "apiKeySecretArn": {
            "secretArn": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:"
            f"bedrock-agentcore-identity!default/apikey/{name}-AbCdEf"
        },
        "name": name,
        "credentialProviderArn": f"{vault}/apikeycredentialprovider/{name}",
        "createdTime": 1764580000,
        "lastUpdatedTime": 1764580000,
    }


_CALLER_IDENTITY = (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    f"<GetCallerIdentityResult><Arn>arn:aws:iam::{ACCOUNT}:user/gwlint</Arn>"
    f"<UserId>AIDAGWLINTTEST</UserId><Account>{ACCOUNT}</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
)


def gateway_answer(gateway_id: str, region: str, workload_identity: str | None) -> dict[str, Any]:
    """A GetGateway answer as AWS shapes it, naming its workload identity (by name)."""
    answer: dict[str, Any] = {
        "gatewayArn": f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:gateway/{gateway_id}",
        "gatewayId": gateway_id,
        "name": gateway_id.rsplit("-", 1)[0],
        "createdAt": 1764580000,
        "updatedAt": 1764580000,
        "status": "READY",
        "authorizerType": "AWS_IAM",
    }
    if workload_identity is not None:
        answer["workloadIdentityDetails"] = {
            "workloadIdentityArn": f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:"
            f"workload-identity-directory/default/workload-identity/{workload_identity}"
        }
    return answer


def workload_identity_answer(name: str, region: str, return_urls: list[str]) -> dict[str, Any]:
    """A GetWorkloadIdentity answer (``allowedResourceOauth2ReturnUrls`` only when any)."""
    answer: dict[str, Any] = {
        "name": name,
        "workloadIdentityArn": f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:"
        f"workload-identity-directory/default/workload-identity/{name}",
        "createdTime": 1764580000,
        "lastUpdatedTime": 1764580000,
    }
    if return_urls:
        answer["allowedResourceOauth2ReturnUrls"] = list(return_urls)
    return answer


class _Handler(BaseHTTPRequestHandler):
    engines: ClassVar[dict[str, dict[str, Any]]] = {}
    gateways: ClassVar[dict[str, dict[str, Any]]] = {}
    #: POST /identities/{operation} -> {name: answer}
    identities: ClassVar[dict[str, dict[str, dict[str, Any]]]] = {}
    requests: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: dict[str, Any], error: str | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if error:
            self.send_header("x-amzn-ErrorType", error)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.requests.append(f"GET {self.path}")
        prefix = "/policy-engines/"
        if self.path.startswith(prefix):
            engine = self.engines.get(self.path[len(prefix) :])
            if engine is not None:
                self._send(200, engine)
                return
            self._send(
                404,
                {"message": "Policy engine not found"},
                "ResourceNotFoundException",
            )
            return
        prefix = "/gateways/"
        if self.path.startswith(prefix) and self.path.endswith("/"):
            gateway = self.gateways.get(self.path[len(prefix) : -1])
            if gateway is not None:
                self._send(200, gateway)
            else:
                self._send(404, {"message": "Gateway not found"}, "ResourceNotFoundException")
            return
        self._unknown()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if b"Action=GetCallerIdentity" in raw:  # STS shares the endpoint URL in these tests
            self.requests.append("POST / GetCallerIdentity")
            self._send_xml(_CALLER_IDENTITY)
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        name = body.get("name") if isinstance(body, dict) else None
        self.requests.append(f"POST {self.path} {name}")
        prefix = "/identities/"
        operation = self.path[len(prefix) :] if self.path.startswith(prefix) else ""
        store = self.identities.get(operation)
        if store is None:
            self._unknown()
        elif name in store:
            self._send(200, store[name])
        else:
            message = {"message": f"Credential provider {name} not found"}
            self._send(404, message, "ResourceNotFoundException")

    def _send_xml(self, text: str) -> None:
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _unknown(self) -> None:
        self._send(404, {"message": "not served by the stub"}, "UnknownOperationException")


@contextmanager
def agentcore_stub(
    engines: dict[str, dict[str, Any]] | None = None,
    *,
    oauth2: dict[str, dict[str, Any]] | None = None,
    api_keys: dict[str, dict[str, Any]] | None = None,
    gateways: dict[str, dict[str, Any]] | None = None,
    workload_identities: dict[str, dict[str, Any]] | None = None,
) -> Iterator[tuple[str, list[str]]]:
    """Serve policy engines (ID -> answer), gateways (ID -> answer), credential providers
    and workload identities (name -> answer).

    Yields the URL and the request log.
    """
    identities = {
        "GetOauth2CredentialProvider": dict(oauth2 or {}),
        "GetApiKeyCredentialProvider": dict(api_keys or {}),
        "GetWorkloadIdentity": dict(workload_identities or {}),
    }
    attributes = {
        "engines": dict(engines or {}),
        "gateways": dict(gateways or {}),
        "identities": identities,
        "requests": [],
    }
    handler = type("Handler", (_Handler,), attributes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()
