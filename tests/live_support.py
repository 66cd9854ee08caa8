"""Test support for live mode: moto fixtures, AWS-shaped seeders, fault injection.

Use from a test module with ``pytest_plugins = ("tests.live_support",)`` (the
fixtures below become available) and import the helpers you need. It holds no
assert statements (its fixture-case check reports with pytest.fail), so pytest
need not rewrite it: PYTEST_DONT_REWRITE (this also keeps pytest quiet when a
test module imports it before registering it).

Fixtures
--------
- ``aws_env``: fake credentials and region in the environment, no profile,
  no ``AWS_ENDPOINT_URL``; config/credential files point at empty files.
- ``moto_aws``: ``moto.mock_aws()`` active (in-process, no HTTP).
- ``facts``: an :class:`~gwlint.aws.facts.AwsFacts` on ``moto_aws`` (fast retries).
- ``seed``: a :class:`Seeder` on ``moto_aws``.
- ``moto_server``: a real moto HTTP server on a loopback port (one per test
  session, its state reset after each test); yields its URL and sets
  ``AWS_ENDPOINT_URL`` for the test (use :func:`subprocess_env` for children).
- ``server_seed``: a :class:`Seeder` that creates resources through that server.

moto 5.2 does not shape AgentCore resources like AWS (bare hex gateway IDs,
URLs without ``/mcp``, ``agent/<uuid>:<version>`` runtime ARNs, no DEFAULT
runtime endpoint, no ``statusReasons``/``failureReason``). The seeder creates
each resource through the API, then rewrites moto's stored object so that
every later Get/List returns what AWS returns:

- gateway ID ``{name lower-cased}-{10 lower alnum}``, ARN ``…:gateway/{id}``,
  URL ``https://{id}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp``;
- target ID ``{10 upper alnum}``; credential providers defaulted as the
  toolkit sends them (GATEWAY_IAM_ROLE) for Lambda targets;
- runtime ID ``{name}-{10 alnum}``, ARN ``…:runtime/{id}``, a ``DEFAULT``
  endpoint (``…/runtime-endpoint/DEFAULT``) with ``liveVersion``;
- statuses pinned with :meth:`Seeder.set_status` (READY, FAILED,
  CREATE_PENDING_AUTH…) with ``statusReasons`` (gateway, target) or
  ``failureReason`` (runtime, endpoint) added to the Get responses;
- Cognito user-pool IDs ``{region}_{9 alnum}`` as AWS issues them.
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import socket
import string
import threading
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.findings import Finding
    from gwlint.rule import RuleMeta

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
AGENTCORE = "bedrock-agentcore-control"

_rng = random.Random(20240601)
_rng_lock = threading.Lock()


def _alnum(n: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    with _rng_lock:
        return "".join(_rng.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------------------
# environment
# ---------------------------------------------------------------------------
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def clean_aws_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default os.environ) without any AWS_* variable."""
    env = dict(os.environ if base is None else base)
    for key in list(env):
        if key.startswith("AWS_"):
            del env[key]
    return env


def empty_aws_files(directory: Path) -> dict[str, str]:
    """Point the AWS config and credentials files at empty files in ``directory``."""
    config = directory / "aws-config"
    credentials = directory / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    return {
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def subprocess_env(
    endpoint_url: str | None, directory: Path, *, credentials: bool = True, region: str = REGION
) -> dict[str, str]:
    """Environment for a ``gwlint`` child process talking to moto at ``endpoint_url``."""
    env = clean_aws_environ()
    env.update(empty_aws_files(directory))
    if credentials:
        env.update(FAKE_CREDENTIALS)
    if region:
        env["AWS_DEFAULT_REGION"] = region
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    env["NO_COLOR"] = "1"
    return env


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    for key, value in {**FAKE_CREDENTIALS, **empty_aws_files(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    yield


@pytest.fixture
def moto_aws(aws_env: None) -> Iterator[None]:
    from moto import mock_aws

    with mock_aws():
        yield


def make_facts(**kwargs: Any) -> Any:
    """An AwsFacts with test-friendly defaults (2 attempts, short timeouts)."""
    from gwlint.aws.facts import AwsFacts

    options: dict[str, Any] = {
        "region": REGION,
        "max_attempts": 2,
        "connect_timeout": 2.0,
        "read_timeout": 5.0,
    }
    options.update(kwargs)
    return AwsFacts(**options)


@pytest.fixture
def facts(moto_aws: None) -> Iterator[Any]:
    facade = make_facts()
    yield facade
    facade.close()


# ---------------------------------------------------------------------------
# moto as a real HTTP server
# ---------------------------------------------------------------------------
_SERVER: dict[str, Any] = {}
_SERVER_LOCK = threading.Lock()


def start_moto_server() -> str:
    """Start (once per process) a threaded moto server on 127.0.0.1; return its URL."""
    with _SERVER_LOCK:
        if "url" not in _SERVER:
            from moto.server import ThreadedMotoServer

            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log lines
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            host, port = server.get_host_and_port()
            _SERVER.update(server=server, url=f"http://{host}:{port}")
        return str(_SERVER["url"])


def reset_moto() -> None:
    """Forget every moto resource (server and in-process share the backends)."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


@pytest.fixture
def moto_server(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = start_moto_server()
    reset_moto()
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    yield url
    reset_moto()


# ---------------------------------------------------------------------------
# fault and latency injection (botocore before-send hooks)
# ---------------------------------------------------------------------------
class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def error_response(request: Any, code: str, message: str, status: int = 400) -> Any:
    """A botocore AWSResponse carrying an AWS error, in the request's protocol."""
    from botocore.awsrequest import AWSResponse

    content_type = str(request.headers.get("Content-Type", b""))
    if "x-www-form-urlencoded" in content_type:  # query protocol (IAM, STS)
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error><RequestId>gwlint-test</RequestId>"
            "</ErrorResponse>"
        ).encode()
        headers = {"Content-Type": "text/xml"}
    else:
        body = json.dumps({"__type": code, "message": message, "Message": message}).encode()
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code}
    return AWSResponse(request.url, status, headers, _Raw(body))


def inject_error(
    code: str,
    message: str = "injected by the test",
    *,
    status: int = 400,
    operations: set[str] | None = None,
) -> tuple[str, Callable[..., Any]]:
    """A ``(event, handler)`` hook answering ``code`` to ``operations`` (API names; None: all)."""

    def handler(request: Any, event_name: str = "", **_: Any) -> Any:
        operation = event_name.rsplit(".", 1)[-1]
        if operations is None or operation in operations:
            return error_response(request, code, message, status)
        return None

    return ("before-send", handler)


@dataclass
class Latency:
    """A ``before-send`` hook that sleeps and records how many requests overlap."""

    seconds: float
    in_flight: int = 0
    max_in_flight: int = 0
    sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, **_: Any) -> None:
        with self._lock:
            self.in_flight += 1
            self.sent += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.seconds)
        finally:
            with self._lock:
                self.in_flight -= 1

    @property
    def hook(self) -> tuple[str, Callable[..., Any]]:
        return ("before-send", self)


class Blackhole:
    """A loopback TCP server that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self._held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._held:
            conn.close()
        self.sock.close()

    def __enter__(self) -> Blackhole:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------
# AWS-shaped moto resources
# ---------------------------------------------------------------------------
_PATCHED = False


def _agentcore_backend(region: str) -> Any:
    from moto.bedrockagentcorecontrol.models import bedrockagentcorecontrol_backends

    return bedrockagentcorecontrol_backends[ACCOUNT][region]


def _cognito_backend(region: str) -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[ACCOUNT][region]


def patch_moto_responses() -> None:
    """Let seeded objects add fields moto never returns (statusReasons, failureReason…).

    A model object carrying a ``gwlint_extra`` dict gets it merged into its
    Get response. Idempotent; harmless for objects without extras.
    """
    global _PATCHED
    if _PATCHED:
        return
    from moto.bedrockagentcorecontrol.responses import BedrockAgentCoreControlResponse as R

    def lookup_gateway(self: Any) -> Any:
        return self.backend.gateways.get(self._get_param("gatewayIdentifier"))

    def lookup_target(self: Any) -> Any:
        gateway = lookup_gateway(self)
        gid = gateway.gateway_id if gateway is not None else None
        return self.backend.gateway_targets.get((gid, self._get_param("targetId")))

    def lookup_runtime(self: Any) -> Any:
        return self.backend.agent_runtimes.get(self._get_param("agentRuntimeId"))

    def lookup_endpoint(self: Any) -> Any:
        key = (self._get_param("agentRuntimeId"), self._get_param("endpointName"))
        return self.backend.agent_runtime_endpoints.get(key)

    def wrap(method: Callable[..., Any], lookup: Callable[[Any], Any]) -> Callable[..., Any]:
        def wrapper(self: Any) -> Any:
            result = method(self)
            obj = lookup(self)
            data = result.result
            if isinstance(data, dict):
                if data.get("description") == "":  # AWS leaves an unset description out
                    del data["description"]
                data.update(getattr(obj, "gwlint_extra", None) or {})
            return result

        return wrapper

    R.get_gateway = wrap(R.get_gateway, lookup_gateway)  # type: ignore[method-assign]
    R.get_gateway_target = wrap(R.get_gateway_target, lookup_target)  # type: ignore[method-assign]
    R.get_agent_runtime = wrap(R.get_agent_runtime, lookup_runtime)  # type: ignore[method-assign]
    R.get_agent_runtime_endpoint = wrap(  # type: ignore[method-assign]
        R.get_agent_runtime_endpoint, lookup_endpoint
    )
    _PATCHED = True


def pin_status(obj: Any, status: str, extra: dict[str, Any] | None = None) -> None:
    """Fix a moto ManagedState object's status (no further transitions) and extras."""
    obj._transitions = []  # status no longer advances on describe
    obj.status = status
    merged = dict(getattr(obj, "gwlint_extra", None) or {})
    merged.update(extra or {})
    obj.gwlint_extra = merged


def gateway_trust_policy(
    account: str = ACCOUNT, region: str = REGION, *, conditions: bool = True
) -> dict[str, Any]:
    """The trust policy the AgentCore docs prescribe for a gateway execution role."""
    statement: dict[str, Any] = {
        "Sid": "AssumeRolePolicy",
        "Effect": "Allow",
        "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    if conditions:
        statement["Condition"] = {
            "StringEquals": {"aws:SourceAccount": account},
            "ArnLike": {"aws:SourceArn": f"arn:aws:bedrock-agentcore:{region}:{account}:*"},
        }
    return {"Version": "2012-10-17", "Statement": [statement]}


#: The credential provider the toolkit gives an mcpServer target on AgentCore Runtime.
IAM_ROLE_PROVIDER: dict[str, Any] = {
    "credentialProviderType": "GATEWAY_IAM_ROLE",
    "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
}


def jwt_authorizer(cognito: CognitoSetup, **extra: Any) -> dict[str, Any]:
    """A gateway's authorizerConfiguration trusting ``cognito``'s pool and app client."""
    return {
        "customJWTAuthorizer": {
            "discoveryUrl": cognito.discovery_url,
            "allowedClients": [cognito.client_id],
            **extra,
        }
    }


def allow(actions: str | list[str], resources: str | list[str] = "*") -> dict[str, Any]:
    """A one-statement identity policy document."""
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources}],
    }


def lambda_zip(source: str = "def handler(event, context):\n    return event\n") -> bytes:
    """A deployment package (``lambda_function.py``) built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lambda_function.py", source)
    return buffer.getvalue()


def runtime_url(runtime_arn: str, region: str = REGION, qualifier: str | None = "DEFAULT") -> str:
    """The runtime invocation URL a mcpServer target uses."""
    from urllib.parse import quote

    url = (
        f"https://bedrock-agentcore.{region}.amazonaws.com/runtimes/"
        f"{quote(runtime_arn, safe='')}/invocations"
    )
    return f"{url}?qualifier={qualifier}" if qualifier else url


@dataclass
class CognitoSetup:
    """What the toolkit's Cognito helper returns, for building configs."""

    pool_id: str
    client_id: str
    client_secret: str | None
    domain_prefix: str
    resource_server: str
    scope: str
    region: str = REGION

    @property
    def discovery_url(self) -> str:
        return (
            f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"
            "/.well-known/openid-configuration"
        )

    @property
    def token_endpoint(self) -> str:
        return f"https://{self.domain_prefix}.auth.{self.region}.amazoncognito.com/oauth2/token"


class Seeder:
    """Creates AWS-shaped resources in moto (in-process or through the server).

    It uses plain boto3 clients (not the read-only facade): seeding writes.
    Every method returns what a user would copy into a config (IDs, ARNs, URLs).
    """

    def __init__(self, region: str = REGION, endpoint_url: str | None = None) -> None:
        import boto3

        patch_moto_responses()
        self.region = region
        self.endpoint_url = endpoint_url
        self._session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
        )
        self._clients: dict[tuple[str, str], Any] = {}

    def client(self, service: str, region: str | None = None) -> Any:
        key = (service, region or self.region)
        if key not in self._clients:
            kwargs: dict[str, Any] = {"region_name": key[1]}
            if self.endpoint_url:
                kwargs["endpoint_url"] = self.endpoint_url
            self._clients[key] = self._session.client(service, **kwargs)
        return self._clients[key]

    # -- IAM ---------------------------------------------------------------
    def role(
        self,
        name: str = "AgentCoreGatewayRole",
        *,
        trust: dict[str, Any] | None = None,
        inline: dict[str, dict[str, Any]] | None = None,
        managed: dict[str, dict[str, Any]] | None = None,
        attach_arns: Sequence[str] = (),
    ) -> str:
        """A role (default trust: the documented AgentCore one); returns its ARN.

        ``inline`` = {policy name: document}; ``managed`` = customer managed
        policies to create and attach; ``attach_arns`` = existing policy ARNs.
        """
        iam = self.client("iam")
        document = trust if trust is not None else gateway_trust_policy(ACCOUNT, self.region)
        arn = str(
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document))["Role"][
                "Arn"
            ]
        )
        for policy_name, doc in (inline or {}).items():
            iam.put_role_policy(
                RoleName=name, PolicyName=policy_name, PolicyDocument=json.dumps(doc)
            )
        for policy_name, doc in (managed or {}).items():
            policy_arn = iam.create_policy(PolicyName=policy_name, PolicyDocument=json.dumps(doc))[
                "Policy"
            ]["Arn"]
            iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
        for policy_arn in attach_arns:
            iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
        return arn

    # -- Lambda ------------------------------------------------------------
    def function(
        self,
        name: str = "agentcore-tools",
        *,
        env: dict[str, str] | None = None,
        role_arn: str | None = None,
        region: str | None = None,
    ) -> str:
        """A Lambda function (creates a basic execution role if none given); returns its ARN."""
        if role_arn is None:
            role_name = f"{name}-exec"[:64]
            trust = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
            role_arn = self.role(role_name, trust=trust)
        kwargs: dict[str, Any] = {
            "FunctionName": name,
            "Runtime": "python3.12",
            "Role": role_arn,
            "Handler": "lambda_function.handler",
            "Code": {"ZipFile": lambda_zip()},
        }
        if env is not None:
            kwargs["Environment"] = {"Variables": env}
        response = self.client("lambda", region).create_function(**kwargs)
        return str(response["FunctionArn"])

    def function_url(self, function: str, auth_type: str = "AWS_IAM") -> str:
        """A function URL for ``function`` (name or ARN); returns the URL."""
        config = self.client("lambda").create_function_url_config(
            FunctionName=function, AuthType=auth_type
        )
        return str(config["FunctionUrl"])

    # -- API Gateway -----------------------------------------------------------
    def rest_api(self, name: str = "pets", stage: str = "prod", path: str = "pets") -> str:
        """A REST API with ``GET /{path}`` (MOCK integration) deployed to ``stage``; its ID."""
        apigw = self.client("apigateway")
        api = str(apigw.create_rest_api(name=name)["id"])
        root = next(
            r["id"] for r in apigw.get_resources(restApiId=api)["items"] if r["path"] == "/"
        )
        resource = apigw.create_resource(restApiId=api, parentId=root, pathPart=path)["id"]
        apigw.put_method(
            restApiId=api, resourceId=resource, httpMethod="GET", authorizationType="AWS_IAM"
        )
        apigw.put_integration(restApiId=api, resourceId=resource, httpMethod="GET", type="MOCK")
        apigw.create_deployment(restApiId=api, stageName=stage)
        return api

    # -- Cognito -------------------------------------------------------------
    def user_pool(self, name: str = "agentcore-pool") -> str:
        """A user pool with an AWS-shaped ID (``{region}_{9 alnum}``); returns the ID."""
        cognito = self.client("cognito-idp")
        pool_id = cognito.create_user_pool(PoolName=name)["UserPool"]["Id"]
        backend = _cognito_backend(self.region)
        pool = backend.user_pools.pop(pool_id)
        new_id = f"{self.region}_{_alnum(9, string.ascii_letters + string.digits)}"
        pool.id = new_id
        pool.arn = f"arn:aws:cognito-idp:{self.region}:{ACCOUNT}:userpool/{new_id}"
        backend.user_pools[new_id] = pool
        return new_id

    def domain(self, pool_id: str, prefix: str) -> str:
        self.client("cognito-idp").create_user_pool_domain(UserPoolId=pool_id, Domain=prefix)
        return prefix

    def resource_server(
        self, pool_id: str, identifier: str, scopes: Sequence[str] = ("invoke",)
    ) -> str:
        self.client("cognito-idp").create_resource_server(
            UserPoolId=pool_id,
            Identifier=identifier,
            Name=identifier,
            Scopes=[{"ScopeName": s, "ScopeDescription": s} for s in scopes],
        )
        return identifier

    def app_client(
        self,
        pool_id: str,
        name: str = "agentcore-client",
        *,
        secret: bool = True,
        flows: list[str] | None = None,
        scopes: list[str] | None = None,
        flows_user_pool_client: bool = True,
    ) -> tuple[str, str | None]:
        """An app client; returns (client ID, client secret or None)."""
        kwargs: dict[str, Any] = {
            "UserPoolId": pool_id,
            "ClientName": name,
            "GenerateSecret": secret,
            "AllowedOAuthFlows": ["client_credentials"] if flows is None else flows,
            "AllowedOAuthFlowsUserPoolClient": flows_user_pool_client,
            "SupportedIdentityProviders": ["COGNITO"],
        }
        if scopes is not None:
            kwargs["AllowedOAuthScopes"] = scopes
        client = self.client("cognito-idp").create_user_pool_client(**kwargs)["UserPoolClient"]
        return str(client["ClientId"]), client.get("ClientSecret")

    def cognito(
        self,
        name: str = "my-gateway",
        *,
        domain_prefix: str | None = None,
        scope_name: str = "invoke",
        **client_options: Any,
    ) -> CognitoSetup:
        """Pool + prefix domain + resource server ``{name}`` + M2M client, as the toolkit makes."""
        pool_id = self.user_pool(f"agentcore-{name}")
        prefix = domain_prefix or f"agentcore-{_alnum(8)}"
        self.domain(pool_id, prefix)
        self.resource_server(pool_id, name, [scope_name])
        scope = f"{name}/{scope_name}"
        client_options.setdefault("scopes", [scope])
        client_id, secret = self.app_client(
            pool_id, f"agentcore-client-{_alnum(8)}", **client_options
        )
        return CognitoSetup(pool_id, client_id, secret, prefix, name, scope, self.region)

    # -- AgentCore gateway -----------------------------------------------------
    def gateway(
        self,
        name: str = "my-gateway",
        *,
        role_arn: str | None = None,
        authorizer_type: str = "CUSTOM_JWT",
        authorizer_configuration: dict[str, Any] | None = None,
        protocol_type: str = "MCP",
        status: str = "READY",
        status_reasons: list[str] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A gateway with AWS-shaped ID, ARN and URL; returns its GetGateway answer."""
        kwargs: dict[str, Any] = {
            "name": name,
            "roleArn": role_arn or f"arn:aws:iam::{ACCOUNT}:role/AgentCoreGatewayRole",
            "protocolType": protocol_type,
            "authorizerType": authorizer_type,
            **extra,
        }
        if authorizer_configuration is not None:
            kwargs["authorizerConfiguration"] = authorizer_configuration
        old_id = self.client(AGENTCORE).create_gateway(**kwargs)["gatewayId"]
        backend = _agentcore_backend(self.region)
        gateway = backend.gateways.pop(old_id)
        new_id = f"{name.lower()}-{_alnum(10)}"
        gateway.gateway_id = new_id
        gateway.gateway_arn = f"arn:aws:bedrock-agentcore:{self.region}:{ACCOUNT}:gateway/{new_id}"
        gateway.gateway_url = (
            f"https://{new_id}.gateway.bedrock-agentcore.{self.region}.amazonaws.com/mcp"
        )
        gateway.workload_identity_details = {
            "workloadIdentityArn": (
                f"arn:aws:bedrock-agentcore:{self.region}:{ACCOUNT}:workload-identity-directory/"
                f"default/workload-identity/{new_id}"
            )
        }
        backend.gateways[new_id] = gateway
        self.set_status(gateway, status, reasons=status_reasons)
        return dict(gateway.to_dict())

    def target(
        self,
        gateway_id: str,
        name: str,
        target_configuration: dict[str, Any],
        *,
        credential_providers: list[dict[str, Any]] | None = None,
        status: str = "READY",
        status_reasons: list[str] | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """A gateway target with an AWS-shaped ID; returns its GetGatewayTarget answer.

        ``credential_providers`` defaults to ``[GATEWAY_IAM_ROLE]`` for Lambda
        targets (what the toolkit sends and AWS returns); else to what is given.
        """
        if credential_providers is None:
            is_lambda = "lambda" in (target_configuration.get("mcp") or {})
            credential_providers = (
                [{"credentialProviderType": "GATEWAY_IAM_ROLE"}] if is_lambda else []
            )
        kwargs: dict[str, Any] = {
            "gatewayIdentifier": gateway_id,
            "name": name,
            "targetConfiguration": target_configuration,
        }
        if credential_providers:
            kwargs["credentialProviderConfigurations"] = credential_providers
        if description:
            kwargs["description"] = description
        old_id = self.client(AGENTCORE).create_gateway_target(**kwargs)["targetId"]
        backend = _agentcore_backend(self.region)
        target = backend.gateway_targets.pop((gateway_id, old_id))
        target.target_id = _alnum(10, string.ascii_uppercase + string.digits)
        target.credential_provider_configurations = credential_providers
        backend.gateway_targets[(gateway_id, target.target_id)] = target
        self.set_status(target, status, reasons=status_reasons)
        return dict(target.to_dict())

    def lambda_target(
        self,
        gateway_id: str,
        name: str,
        function_arn: str,
        tools: list[dict[str, Any]] | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        tools = tools or [
            {
                "name": "get_weather",
                "description": "Weather for a city",
                "inputSchema": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            }
        ]
        configuration = {
            "mcp": {"lambda": {"lambdaArn": function_arn, "toolSchema": {"inlinePayload": tools}}}
        }
        return self.target(gateway_id, name, configuration, **options)

    def mcp_server_target(
        self, gateway_id: str, name: str, endpoint: str, **options: Any
    ) -> dict[str, Any]:
        configuration = {"mcp": {"mcpServer": {"endpoint": endpoint}}}
        return self.target(gateway_id, name, configuration, **options)

    # -- AgentCore runtime -------------------------------------------------------
    def runtime(
        self,
        name: str = "mcp_server",
        *,
        role_arn: str | None = None,
        server_protocol: str | None = "MCP",
        authorizer_configuration: dict[str, Any] | None = None,
        status: str = "READY",
        failure_reason: str | None = None,
        default_endpoint: bool = True,
        endpoint_status: str = "READY",
        live_version: str | None = "1",
    ) -> dict[str, Any]:
        """A runtime with an AWS-shaped ID/ARN and (by default) its DEFAULT endpoint.

        Returns its GetAgentRuntime-like fields plus ``invocationUrl``.
        """
        kwargs: dict[str, Any] = {
            "agentRuntimeName": name,
            "agentRuntimeArtifact": {
                "containerConfiguration": {
                    "containerUri": f"{ACCOUNT}.dkr.ecr.{self.region}.amazonaws.com/{name}:latest"
                }
            },
            "roleArn": role_arn or f"arn:aws:iam::{ACCOUNT}:role/AgentCoreRuntimeRole",
            "networkConfiguration": {"networkMode": "PUBLIC"},
        }
        if server_protocol:
            kwargs["protocolConfiguration"] = {"serverProtocol": server_protocol}
        if authorizer_configuration is not None:
            kwargs["authorizerConfiguration"] = authorizer_configuration
        old_id = self.client(AGENTCORE).create_agent_runtime(**kwargs)["agentRuntimeId"]
        backend = _agentcore_backend(self.region)
        runtime = backend.agent_runtimes.pop(old_id)
        new_id = f"{name}-{_alnum(10, string.ascii_letters + string.digits)}"
        arn = f"arn:aws:bedrock-agentcore:{self.region}:{ACCOUNT}:runtime/{new_id}"
        runtime.agent_runtime_id = new_id
        runtime.agent_runtime_arn = arn
        for version in runtime.versions:
            version.update(agentRuntimeArn=arn, agentRuntimeId=new_id)
        backend.agent_runtimes[new_id] = runtime
        self.set_status(runtime, status, failure_reason=failure_reason)
        if default_endpoint:
            self.runtime_endpoint(
                new_id, "DEFAULT", status=endpoint_status, live_version=live_version
            )
        return {
            "agentRuntimeId": new_id,
            "agentRuntimeArn": arn,
            "agentRuntimeName": name,
            "invocationUrl": runtime_url(arn, self.region),
        }

    def runtime_endpoint(
        self,
        runtime_id: str,
        name: str = "DEFAULT",
        *,
        status: str = "READY",
        live_version: str | None = "1",
        target_version: str | None = None,
        failure_reason: str | None = None,
    ) -> dict[str, Any]:
        """An endpoint (AWS creates DEFAULT itself; moto does not) with AWS-shaped ARN."""
        backend = _agentcore_backend(self.region)
        runtime = backend.agent_runtimes[runtime_id]
        endpoint = backend.create_agent_runtime_endpoint(
            agent_runtime_id=runtime_id,
            name=name,
            agent_runtime_version=target_version,
            description=None,
            tags=None,
        )
        endpoint.agent_runtime_arn = runtime.agent_runtime_arn
        endpoint.agent_runtime_endpoint_arn = f"{runtime.agent_runtime_arn}/runtime-endpoint/{name}"
        endpoint.live_version = live_version
        if target_version is not None:
            endpoint.target_version = target_version
        self.set_status(endpoint, status, failure_reason=failure_reason)
        return {
            "name": name,
            "agentRuntimeEndpointArn": endpoint.agent_runtime_endpoint_arn,
            "liveVersion": live_version,
        }

    # -- statuses -------------------------------------------------------------
    def set_status(
        self,
        obj: Any,
        status: str,
        *,
        reasons: list[str] | None = None,
        failure_reason: str | None = None,
    ) -> None:
        """Pin ``obj``'s status; gateways/targets get ``statusReasons``, runtimes ``failureReason``.

        ``obj`` is a moto model object, or an ID: a gateway ID, ``(gateway ID,
        target ID)``, a runtime ID, or ``(runtime ID, endpoint name)``.
        """
        backend = _agentcore_backend(self.region)
        if isinstance(obj, tuple):
            obj = backend.gateway_targets.get(obj) or backend.agent_runtime_endpoints[obj]
        elif isinstance(obj, str):
            obj = backend.gateways.get(obj) or backend.agent_runtimes[obj]
        extra: dict[str, Any] = {}
        if reasons is not None:
            extra["statusReasons"] = reasons
        if failure_reason is not None:
            extra["failureReason"] = failure_reason
        pin_status(obj, status, extra)


# ---------------------------------------------------------------------------
# running live rules on fixture files
# ---------------------------------------------------------------------------
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: Seeds moto for one fixture case; returns the values of its ``${NAME}`` tokens.
Scenario = Callable[[Seeder], dict[str, str]]


def live_rules(ids: Iterable[str]) -> list[RuleMeta]:
    """The rules ``ids`` plus their prerequisites (the engine skips dependents on them)."""
    from gwlint.registry import all_rules

    rules = {r.id: r for r in all_rules()}
    wanted: set[str] = set()
    todo = list(ids)
    while todo:
        rule_id = todo.pop()
        if rule_id not in wanted:
            wanted.add(rule_id)
            todo.extend(rules[rule_id].requires)
    return [rules[i] for i in sorted(wanted)]


def lint_file(path: Path, facts: Any, *ids: str) -> list[Finding]:
    """The findings of the live rules ``ids`` (and their prerequisites) on one file."""
    from gwlint.engine import Job, run_job
    from gwlint.sources import load_file

    loaded = load_file(path)
    return run_job(live_rules(ids), Job(loaded.deployment, loaded.document, facts))


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def write(tmp_path: Path, source: Path | str, values: dict[str, str], name: str = "") -> Path:
    """A copy of a fixture (or a text) with its ``${NAME}`` tokens replaced."""
    text = source.read_text() if isinstance(source, Path) else source
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    if "${" in text:
        pytest.fail(f"unreplaced placeholder in {source}")
    target = tmp_path / (name or (source.name if isinstance(source, Path) else "config.json"))
    target.write_text(text)
    return target


def fixture_cases(rule_ids: Iterable[str]) -> list[tuple[str, Path]]:
    """(rule id, fixture file) of every ``fixtures/rules/<ID>/*.json`` case of ``rule_ids``."""
    return [
        (rule_id, path)
        for rule_id in rule_ids
        for path in sorted((FIXTURES / "rules" / rule_id).glob("*.json"))
    ]


def fixture_case_parameters(rule_ids: Iterable[str]) -> pytest.MarkDecorator:
    """``@pytest.mark.parametrize`` over the fixture cases of ``rule_ids`` (rule_id, path)."""
    cases = fixture_cases(rule_ids)
    return pytest.mark.parametrize(("rule_id", "path"), cases, ids=lambda v: getattr(v, "name", v))


def check_scenarios(rule_ids: Iterable[str], scenarios: dict[tuple[str, str], Scenario]) -> None:
    """Every fixture case of ``rule_ids`` has a scenario and back; each rule is live."""
    from gwlint.registry import all_rules

    ids = list(rule_ids)
    on_disk = {(rule_id, path.stem) for rule_id, path in fixture_cases(ids)}
    if on_disk != set(scenarios):
        pytest.fail(
            f"fixtures without a scenario: {sorted(on_disk - set(scenarios))}; "
            f"scenarios without a fixture: {sorted(set(scenarios) - on_disk)}"
        )
    offline = [r.id for r in all_rules() if r.id in ids and not r.live]
    if offline:
        pytest.fail(f"not live rules: {offline}")


def check_fixture_case(
    rule_id: str, path: Path, scenario: Scenario, seed: Seeder, facts: Any, tmp_path: Path
) -> tuple[list[Finding], dict[str, str]]:
    """Seed one fixture case, lint it live and check the rule's findings are exactly expected.

    As for offline fixtures: ``expect.toml`` lists the exact ``[status,
    pointer]`` findings (and the ``position`` of the first of a status); a
    ``fail*`` case has a FAIL, a ``pass*`` case a PASS and no FAIL. Every
    finding is in the file and names its resource. Returns the rule's findings
    and the seeded values.
    """
    values = scenario(seed)
    file = write(tmp_path, path, values)
    expected = tomllib.loads((path.parent / "expect.toml").read_text())[path.stem]
    mine = of(lint_file(file, facts, rule_id), rule_id)
    got = sorted([f.status.value, f.pointer] for f in mine)
    want = sorted([list(x) for x in expected["findings"]])
    if got != want:
        shown = [(f.status.value, f.pointer, f.message) for f in mine]
        pytest.fail(f"{path}: got {got}, expected {want}: {shown}")
    for finding in mine:
        if finding.file != str(file) or not finding.resource:
            pytest.fail(f"{path}: finding not in the file or without a resource: {finding}")
    statuses = {f.status.value for f in mine}
    if path.stem.startswith("fail") and "fail" not in statuses:
        pytest.fail(f"{path}: a fail case without a FAIL ({sorted(statuses)})")
    if path.stem.startswith("pass") and ("pass" not in statuses or "fail" in statuses):
        pytest.fail(f"{path}: a pass case needs a PASS and no FAIL ({sorted(statuses)})")
    if "position" in expected:
        first = next(f for f in mine if f.status.value == expected["position"][0])
        if [first.line, first.column] != expected["position"][1:]:
            pytest.fail(f"{path}: first at {[first.line, first.column]}, expected {expected}")
    return mine, values


@pytest.fixture
def seed(moto_aws: None) -> Seeder:
    return Seeder()


@pytest.fixture
def server_seed(moto_server: str) -> Seeder:
    return Seeder(endpoint_url=moto_server)


__all__ = [
    "ACCOUNT",
    "AGENTCORE",
    "IAM_ROLE_PROVIDER",
    "REGION",
    "Blackhole",
    "CognitoSetup",
    "Latency",
    "Scenario",
    "Seeder",
    "allow",
    "aws_env",
    "check_fixture_case",
    "check_scenarios",
    "clean_aws_environ",
    "empty_aws_files",
    "error_response",
    "facts",
    "fixture_case_parameters",
    "fixture_cases",
    "gateway_trust_policy",
    "inject_error",
    "jwt_authorizer",
    "lambda_zip",
    "lint_file",
    "live_rules",
    "make_facts",
    "moto_aws",
    "moto_server",
    "no_retry_delay",
    "of",
    "patch_moto_responses",
    "pin_status",
    "reset_moto",
    "runtime_url",
    "seed",
    "server_seed",
    "start_moto_server",
    "subprocess_env",
    "write",
]


@pytest.fixture
def no_retry_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore standard retries without their backoff sleeps (fast throttling tests)."""
    from botocore.retries.standard import ExponentialBackoff

    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0.0)
