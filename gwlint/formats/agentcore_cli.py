"""The agentcore CLI project (``@aws/agentcore``): ``agentcore/agentcore.json``.

A project file lists ``agentCoreGateways[]``, each with its ``targets[]``; the
CLI's CDK app turns them into CreateGateway / CreateGatewayTarget calls in
every region of ``aws-targets.json`` beside it. This reader does the same
mapping offline, with the CLI's own defaults (``authorizerType`` NONE,
``enableSemanticSearch`` true → ``searchType`` SEMANTIC, ``exceptionLevel``
NONE → omitted), so every rule judges the requests the CLI will make.

What the CLI generates at deploy time is :class:`~gwlint.unresolved.Unresolved`:
the gateway name (the CLI names the resource unless ``resourceName`` is set), the
execution role (unless ``executionRoleArn``), the Lambda ARN of a ``compute``
target, the endpoint of a compute-hosted MCP server, credential provider ARNs
(``credentialName`` is a name), policy engine ARNs and schema files the CLI
uploads. Pointers are JSON pointers into ``agentcore.json``; messages use the
CLI's spelling (``customJwtAuthorizer``, ``executionRoleArn``…).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gwlint.formats import FormatError, NoDefinitions, Recorder, Source, Translated, translate
from gwlint.formats.agentcore_cli_schema import problem
from gwlint.jsonpos import JSONPositionError, LocatedDocument, join_pointer
from gwlint.sources.reading import DEFAULT_MAX_BYTES, ReadError, read_text
from gwlint.unresolved import Unresolved

FORMAT = "agentcore-cli"
TARGETS_FILE = "aws-targets.json"

#: The CLI's spelling of API members it names differently.
NAMES = {
    "customJWTAuthorizer": "customJwtAuthorizer",
    "roleArn": "executionRoleArn",
    "credentialProviderConfigurations": "outboundAuth",
}

#: Target types whose CDK construct falls back to the gateway's IAM role
#: when no outbound auth is configured (the CLI's TARGET_TYPE_AUTH_CONFIG).
IAM_FALLBACK = frozenset(
    {"lambda", "lambdaFunctionArn", "smithyModel", "apiGateway", "httpRuntime"}
)


def _same(name: str) -> str:
    return name


def read(source: Source) -> list[Translated]:
    """One translation per gateway and deployment region of ``aws-targets.json``."""
    try:
        located = source.json()
    except JSONPositionError as exc:
        raise FormatError(exc.msg, exc.line, exc.column) from None
    data = located.data
    where = problem(data)
    if where is not None:
        pointer, message = where
        _, position = located.locate(pointer)
        raise FormatError(f"{pointer or '/'}: {message}", position.line, position.column)
    gateways = data.get("agentCoreGateways") or []
    if not gateways:
        raise NoDefinitions()
    project = data.get("name") if isinstance(data.get("name"), str) else None
    regions = _regions(source)
    out: list[Translated] = []
    for index, gateway in enumerate(gateways):
        for target_name, region in regions:
            out.append(_translate(located, index, gateway, project, target_name, region))
    return out


def _regions(source: Source) -> list[tuple[str | None, str | None]]:
    """``(aws target names, region)`` per region deployed to; one unknown region without any.

    Two deployment targets in one region (dev and prod accounts) make the same
    requests there: they are checked once, named together.
    """
    path = Path(source.file).parent / TARGETS_FILE
    if not path.exists():
        return [(None, source.region)]
    try:  # the project's reader: regular files only, the size limit, UTF-8 named
        text = read_text(path, str(path), DEFAULT_MAX_BYTES)
    except ReadError as exc:
        raise FormatError(f"{path} beside it cannot be read: {exc.error.message}") from None
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"{path} beside it is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            1,
            1,
        ) from None
    if not isinstance(entries, list):
        raise FormatError(f"{path} beside it is not an array of deployment targets", 1, 1)
    names: dict[str | None, list[str]] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        region = entry.get("region") if isinstance(entry.get("region"), str) else None
        name = entry.get("name")
        names.setdefault(region, []).extend([name] if isinstance(name, str) else [])
    found = [(", ".join(named) or None, region) for region, named in names.items()]
    return found or [(None, source.region)]


def _translate(
    located: LocatedDocument,
    index: int,
    gateway: dict[str, Any],
    project: str | None,
    aws_target: str | None,
    region: str | None,
) -> Translated:
    rec = Recorder(located, FORMAT)
    rec.document.names.update(NAMES)
    src = join_pointer("/agentCoreGateways", index)
    rec.node("/gateway", src)
    api_gateway = _gateway(rec, gateway, src, project)
    targets = [
        _target(rec, item, join_pointer(src, "targets", i), join_pointer("/targets", i))
        for i, item in enumerate(gateway.get("targets") or [])
    ]
    rec.node("/targets", join_pointer(src, "targets"))
    data: dict[str, Any] = {"gateway": api_gateway, "targets": targets}
    if region is not None:
        data["region"] = region
    name = gateway.get("name")
    address = f"agentCoreGateways/{name}"
    if aws_target is not None:
        address += f" ({aws_target}: {region or 'region unknown'})"
    return Translated(data, rec.finish(data), address)


def _copy(rec: Recorder, gateway: dict[str, Any], out: dict[str, Any], src: str, api: str) -> None:
    """Members the CLI writes as the API names them."""
    for key in ("description", "tags"):
        if key in gateway:
            out[key] = translate(
                gateway[key], join_pointer(src, key), join_pointer(api, key), rec, _same
            )


def _gateway(
    rec: Recorder, gateway: dict[str, Any], src: str, project: str | None
) -> dict[str, Any]:
    api = "/gateway"
    out: dict[str, Any] = {}
    if "resourceName" in gateway:
        rec.node(join_pointer(api, "name"), join_pointer(src, "resourceName"), member="name")
        out["name"] = gateway["resourceName"]
    elif "name" in gateway:
        rec.node(join_pointer(api, "name"), join_pointer(src, "name"))
        out["name"] = Unresolved(
            f"name the agentcore CLI generates for {gateway['name']!r} in project "
            f"{project or '(unnamed)'}",
            "generated",
        )
    _copy(rec, gateway, out, src, api)
    if "executionRoleArn" in gateway:
        rec.node(join_pointer(api, "roleArn"), join_pointer(src, "executionRoleArn"))
        out["roleArn"] = gateway["executionRoleArn"]
    else:
        out["roleArn"] = Unresolved("execution role created by the agentcore CLI", "generated")
    protocol = gateway.get("protocolType", "MCP")
    if protocol != "None":
        if "protocolType" in gateway:
            rec.node(join_pointer(api, "protocolType"), join_pointer(src, "protocolType"))
        out["protocolType"] = protocol
    kind = gateway.get("authorizerType", "NONE")
    if "authorizerType" in gateway:
        rec.node(join_pointer(api, "authorizerType"), join_pointer(src, "authorizerType"))
    out["authorizerType"] = kind
    if "authorizerConfiguration" in gateway:
        out["authorizerConfiguration"] = _authorizer(rec, gateway["authorizerConfiguration"], src)
    if protocol != "None" and gateway.get("enableSemanticSearch", True) is True:
        search = join_pointer(api, "protocolConfiguration")
        if "enableSemanticSearch" in gateway:
            written = join_pointer(src, "enableSemanticSearch")
            for pointer in (
                search,
                join_pointer(search, "mcp"),
                join_pointer(search, "mcp", "searchType"),
            ):
                rec.node(pointer, written)
        out["protocolConfiguration"] = {"mcp": {"searchType": "SEMANTIC"}}
    if gateway.get("exceptionLevel", "NONE") != "NONE":
        rec.node(join_pointer(api, "exceptionLevel"), join_pointer(src, "exceptionLevel"))
        out["exceptionLevel"] = gateway["exceptionLevel"]
    if "policyEngineConfiguration" in gateway:
        out["policyEngineConfiguration"] = _policy_engine(
            rec, gateway["policyEngineConfiguration"], src
        )
    return out


def _member(rec: Recorder, gateway_src: str, key: str) -> tuple[str, str]:
    """``(API pointer, source pointer)`` of a gateway member written under the same key."""
    api, src = join_pointer("/gateway", key), join_pointer(gateway_src, key)
    rec.node(api, src)
    return api, src


def _authorizer(rec: Recorder, config: dict[str, Any], src: str) -> dict[str, Any]:
    api, src = _member(rec, src, "authorizerConfiguration")
    out: dict[str, Any] = {}
    for key, value in config.items():
        name = "customJWTAuthorizer" if key == "customJwtAuthorizer" else key
        out[name] = translate(value, join_pointer(src, key), join_pointer(api, name), rec, _same)
    return out


def _policy_engine(rec: Recorder, config: dict[str, Any], src: str) -> dict[str, Any]:
    api, src = _member(rec, src, "policyEngineConfiguration")
    out: dict[str, Any] = {}
    if "policyEngineName" in config:
        rec.node(join_pointer(api, "arn"), join_pointer(src, "policyEngineName"), member="arn")
        out["arn"] = Unresolved(f"ARN of policy engine {config['policyEngineName']}", "generated")
    if "mode" in config:
        out["mode"] = translate(
            config["mode"], join_pointer(src, "mode"), join_pointer(api, "mode"), rec, _same
        )
    return out


def _target(rec: Recorder, target: dict[str, Any], src: str, api: str) -> dict[str, Any]:
    rec.node(api, src)
    out: dict[str, Any] = {}
    if "name" in target:
        out["name"] = translate(
            target["name"], join_pointer(src, "name"), join_pointer(api, "name"), rec, _same
        )
    kind = target.get("targetType")
    config_api = join_pointer(api, "targetConfiguration")
    if "targetType" in target:
        rec.node(config_api, join_pointer(src, "targetType"))
    out["targetConfiguration"] = _configuration(
        rec, target, kind, src, join_pointer(config_api, "mcp")
    )
    providers = _outbound(
        rec, target, kind, src, join_pointer(api, "credentialProviderConfigurations")
    )
    if providers is not None:
        out["credentialProviderConfigurations"] = providers
    return out


def _configuration(rec: Recorder, target: dict[str, Any], kind: Any, src: str, mcp: str) -> Any:
    """``targetConfiguration`` for the target type; unresolved for a type gwlint does not know."""
    at = rec.node
    if kind == "lambda":
        lam = join_pointer(mcp, "lambda")
        body: dict[str, Any] = {}
        if "compute" in target:
            at(join_pointer(lam, "lambdaArn"), join_pointer(src, "compute"))
            body["lambdaArn"] = Unresolved("Lambda function the agentcore CLI deploys", "generated")
        if "toolDefinitions" in target:
            rec.document.names.setdefault("toolSchema", "toolDefinitions")
            schema, payload = (
                join_pointer(lam, "toolSchema"),
                join_pointer(lam, "toolSchema", "inlinePayload"),
            )
            at(schema, join_pointer(src, "toolDefinitions"))
            body["toolSchema"] = {
                "inlinePayload": translate(
                    target["toolDefinitions"],
                    join_pointer(src, "toolDefinitions"),
                    payload,
                    rec,
                    _same,
                )
            }
        else:
            rec.document.names.setdefault("toolSchema", "toolDefinitions")
        return {"mcp": {"lambda": body}}
    if kind == "mcpServer":
        server = join_pointer(mcp, "mcpServer")
        if "endpoint" in target:
            at(join_pointer(server, "endpoint"), join_pointer(src, "endpoint"))
            return {"mcp": {"mcpServer": {"endpoint": target["endpoint"]}}}
        if "compute" in target:
            at(join_pointer(server, "endpoint"), join_pointer(src, "compute"))
            endpoint = Unresolved(
                "endpoint of the MCP server the agentcore CLI deploys", "generated"
            )
            return {"mcp": {"mcpServer": {"endpoint": endpoint}}}
        return {"mcp": {"mcpServer": {}}}
    if kind in ("openApiSchema", "smithyModel"):
        return {"mcp": {kind: _schema_source(rec, target, src, join_pointer(mcp, kind))}}
    if kind == "apiGateway":
        if "apiGateway" not in target:
            return {"mcp": {"apiGateway": {}}}
        value = translate(
            target["apiGateway"],
            join_pointer(src, "apiGateway"),
            join_pointer(mcp, "apiGateway"),
            rec,
            _same,
        )
        return {"mcp": {"apiGateway": value}}
    if kind == "lambdaFunctionArn":
        config, lam = target.get("lambdaFunctionArn") or {}, join_pointer(mcp, "lambda")
        csrc = join_pointer(src, "lambdaFunctionArn")
        at(lam, csrc)
        body = {}
        if "lambdaArn" in config:
            at(join_pointer(lam, "lambdaArn"), join_pointer(csrc, "lambdaArn"))
            body["lambdaArn"] = config["lambdaArn"]
        if "toolSchemaFile" in config:
            at(join_pointer(lam, "toolSchema"), join_pointer(csrc, "toolSchemaFile"))
            body["toolSchema"] = Unresolved(
                f"tool schema the agentcore CLI uploads from {config['toolSchemaFile']}",
                "generated",
            )
        return {"mcp": {"lambda": body}}
    if kind == "httpRuntime":
        return _http_runtime(rec, target, src, mcp.rsplit("/", 1)[0])
    # A target type newer than this reader: its configuration is not judged.
    return Unresolved(f"targetType {kind!r}, which gwlint does not translate", "unsupported")


def _http_runtime(rec: Recorder, target: dict[str, Any], src: str, api: str) -> dict[str, Any]:
    """``httpRuntime{runtime, runtimeEndpoint}`` names a project runtime: its ARN is generated."""
    config = target.get("httpRuntime")
    runtime = join_pointer(api, "http", "agentcoreRuntime")
    if not isinstance(config, dict):
        return {"http": {"agentcoreRuntime": {}}}
    csrc = join_pointer(src, "httpRuntime")
    rec.node(runtime, csrc)
    body: dict[str, Any] = {}
    if "runtime" in config:
        rec.node(join_pointer(runtime, "arn"), join_pointer(csrc, "runtime"))
        body["arn"] = Unresolved(f"ARN of runtime {config['runtime']}", "generated")
    if "runtimeEndpoint" in config:
        rec.node(join_pointer(runtime, "qualifier"), join_pointer(csrc, "runtimeEndpoint"))
        body["qualifier"] = Unresolved(f"endpoint {config['runtimeEndpoint']}", "generated")
    return {"http": {"agentcoreRuntime": body}}


def _schema_source(rec: Recorder, target: dict[str, Any], src: str, api: str) -> dict[str, Any]:
    source = target.get("schemaSource")
    if not isinstance(source, dict):
        return {}
    ssrc = join_pointer(src, "schemaSource")
    rec.node(api, ssrc)
    if isinstance(source.get("s3"), dict):
        return {
            "s3": translate(
                source["s3"], join_pointer(ssrc, "s3"), join_pointer(api, "s3"), rec, _same
            )
        }
    inline = source.get("inline")
    if isinstance(inline, dict):
        rec.node(
            join_pointer(api, "inlinePayload"), join_pointer(ssrc, "inline"), member="inlinePayload"
        )
        path = inline.get("path", "")
        return {
            "inlinePayload": Unresolved(f"schema the agentcore CLI reads from {path}", "generated")
        }
    return {}


def _outbound(
    rec: Recorder, target: dict[str, Any], kind: Any, src: str, api: str
) -> list[dict[str, Any]] | None:
    """``credentialProviderConfigurations`` from ``outboundAuth``; names resolve at deploy."""
    auth = target.get("outboundAuth")
    kind_of_auth = auth.get("type", "NONE") if isinstance(auth, dict) else "NONE"
    item = join_pointer(api, 0)
    if isinstance(auth, dict):
        asrc = join_pointer(src, "outboundAuth")
        rec.node(api, asrc)
        rec.node(item, asrc)
        if "type" in auth:
            rec.node(join_pointer(item, "credentialProviderType"), join_pointer(asrc, "type"))
    if not isinstance(auth, dict) or kind_of_auth == "NONE":
        if kind in IAM_FALLBACK:
            return [{"credentialProviderType": "GATEWAY_IAM_ROLE"}]
        return None
    if kind_of_auth not in ("OAUTH", "API_KEY"):  # the API's enum rule judges it
        return [{"credentialProviderType": kind_of_auth}]
    asrc = join_pointer(src, "outboundAuth")
    name = auth.get("credentialName")
    arn: Any = (
        Unresolved(f"provider ARN of credential {name}", "name") if name is not None else None
    )
    member = "oauthCredentialProvider" if kind_of_auth == "OAUTH" else "apiKeyCredentialProvider"
    provider_api = join_pointer(item, "credentialProvider", member)
    provider: dict[str, Any] = {}
    if arn is not None:
        rec.node(
            join_pointer(provider_api, "providerArn"),
            join_pointer(asrc, "credentialName"),
            member="providerArn",
        )
        provider["providerArn"] = arn
    if kind_of_auth == "OAUTH":
        if "scopes" in auth:
            provider["scopes"] = translate(
                auth["scopes"],
                join_pointer(asrc, "scopes"),
                join_pointer(provider_api, "scopes"),
                rec,
                _same,
            )
        else:
            provider["scopes"] = Unresolved(f"scopes of credential {name}", "generated")
    return [{"credentialProviderType": kind_of_auth, "credentialProvider": {member: provider}}]
