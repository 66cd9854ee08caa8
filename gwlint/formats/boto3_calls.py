"""Gateway API calls in Python code, translated into deployments.

Every ``create_gateway`` / ``update_gateway`` / ``create_gateway_target`` /
``update_gateway_target`` call is read: its keyword arguments are the API's
member names already, so ``data`` is the request as boto3 would send it and
messages need no respelling. The method names are matched strictly; the client
leniently (a client made in another module is still a client, and preview SDKs
called the service ``bedrock-agent-core``), except that a name bound to a client
of another service (``boto3.client("s3")``) is not one.

A target pairs with the gateway whose response its ``gatewayIdentifier``
reads (``r = client.create_gateway(…)``, ``gid = r["gatewayId"]``); other
targets form one targets-only deployment. The region is the client's
``region_name=`` (or its session's) when that is a literal. ``**kwargs`` that
cannot be evaluated open the argument set: every member of the operation not
written explicitly becomes unresolved, so no "missing required" finding (and no
pass about an absent member) is made up.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gwlint import apispec
from gwlint.formats import NoDefinitions, Recorder, Translated
from gwlint.formats.pyscope import Scope, read_program
from gwlint.formats.pyvalues import Evaluator, Program
from gwlint.jsonpos import LocatedDocument, join_pointer
from gwlint.unresolved import Unresolved

#: method → (API operation, "gateway" or "target")
METHODS = {
    "create_gateway": ("CreateGateway", "gateway"),
    "update_gateway": ("UpdateGateway", "gateway"),
    "create_gateway_target": ("CreateGatewayTarget", "target"),
    "update_gateway_target": ("UpdateGatewayTarget", "target"),
}
#: Response members that identify a gateway for ``gatewayIdentifier``.
GATEWAY_IDS = frozenset({"gatewayId", "gatewayArn"})


@dataclass
class Call:
    """One gateway API call: its request, where each part was written, its client's region."""

    node: ast.Call
    method: str
    source_pointer: str
    data: dict[str, Any]
    evaluator: Evaluator
    region: str | None
    paired_with: ast.Call | None = None
    targets: list[Call] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return METHODS[self.method][1]


def read_calls(
    program: Program, fmt: str, pointer_of: Callable[[ast.Call], str], where: Callable[[Call], str]
) -> list[Translated]:
    """Every deployment the calls in ``program`` define (raises NoDefinitions when none)."""
    _, found = read_program(program.tree)
    calls = [
        _call(program, node, scope, pointer_of(node))
        for node, scope in found
        if _is_gateway_call(node, scope)
    ]
    if not calls:
        raise NoDefinitions("calls no AgentCore gateway API (create_gateway, …) on a client")
    gateways = {id(call.node): call for call in calls if call.kind == "gateway"}
    unpaired: list[Call] = []
    for call in calls:
        if call.kind != "target":
            continue
        owner = gateways.get(id(call.paired_with)) if call.paired_with is not None else None
        (owner.targets if owner is not None else unpaired).append(call)
    out = [_translate(program, fmt, gw, gw.targets, where(gw)) for gw in gateways.values()]
    if unpaired:
        out.append(_translate(program, fmt, None, unpaired, where(unpaired[0])))
    return out


def _is_gateway_call(node: ast.Call, scope: Scope) -> bool:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in METHODS:
        return False
    service = _client_service(func.value, scope)
    # preview SDKs named the control plane "bedrock-agent-core"
    return service is None or service.replace("-", "").startswith("bedrockagentcore")


def _client_service(receiver: ast.expr, scope: Scope) -> str | None:
    made = scope.made_by(receiver, "client")
    if made is None:
        return None
    named = [kw.value for kw in made.keywords if kw.arg == "service_name"]
    first = made.args[0] if made.args else (named[0] if named else None)
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _region(program: Program, receiver: ast.expr, scope: Scope) -> str | None:
    """The client's (or its session's) literal ``region_name``."""
    made = scope.made_by(receiver, "client")
    if made is None:
        return None
    candidates: list[ast.Call] = [made]
    if isinstance(made.func, ast.Attribute):
        session, _ = scope.follow(made.func.value, identity=True)
        if isinstance(session, ast.Call):
            candidates.append(session)
    evaluator = Evaluator(program)
    for call in candidates:
        for kw in call.keywords:
            if kw.arg == "region_name":
                value = evaluator.value(kw.value, scope, "", "")
                return value if isinstance(value, str) else None
    return None


def _call(program: Program, node: ast.Call, scope: Scope, base: str) -> Call:
    assert isinstance(node.func, ast.Attribute)
    method = node.func.attr
    evaluator = Evaluator(program)
    data: dict[str, Any] = {}
    open_set: ast.expr | None = None
    for kw in node.keywords:
        if kw.arg is None:  # ``**request``: its items are arguments when it is a literal
            spread, _ = scope.follow(kw.value)
            if isinstance(spread, ast.Dict) and all(k is not None for k in spread.keys):
                merged = evaluator.value(kw.value, scope, "", base)
                if isinstance(merged, dict):
                    data.update(merged)
                    continue
            open_set = kw.value
            continue
        where = (program.at(kw), kw.arg)
        data[kw.arg] = evaluator.value(
            kw.value, scope, join_pointer("", kw.arg), join_pointer(base, kw.arg), where
        )
    if open_set is not None:
        unknown = Unresolved("**" + program.text(open_set), "expression")
        for member in apispec.members(apispec.input_shape(METHODS[method][0])):
            data.setdefault(member, unknown)
    call = Call(node, method, base, data, evaluator, _region(program, node.func.value, scope))
    if call.kind == "target":
        identifier = next((kw.value for kw in node.keywords if kw.arg == "gatewayIdentifier"), None)
        call.paired_with = _gateway_response(identifier, scope) if identifier else None
    return call


def _gateway_response(node: ast.expr, scope: Scope) -> ast.Call | None:
    """The gateway call whose response ``node`` reads its ID or ARN from."""
    node, scope = scope.follow(node)
    if not isinstance(node, ast.Subscript):
        return None
    member = node.slice
    if not (isinstance(member, ast.Constant) and member.value in GATEWAY_IDS):
        return None
    made, _ = scope.follow(node.value, identity=True)
    if (
        isinstance(made, ast.Call)
        and isinstance(made.func, ast.Attribute)
        and METHODS.get(made.func.attr, ("", ""))[1] == "gateway"
    ):
        return made
    return None


def _translate(
    program: Program, fmt: str, gateway: Call | None, targets: list[Call], address: str
) -> Translated:
    recorder = Recorder(LocatedDocument(data=None), fmt)
    data: dict[str, Any] = {}
    region = (gateway or targets[0]).region
    if region is not None:
        data["region"] = region
    if gateway is not None:
        data["gateway"] = gateway.data
        _record(recorder, program, gateway, "/gateway")
    data["targets"] = [target.data for target in targets]
    for i, target in enumerate(targets):
        _record(recorder, program, target, f"/targets/{i}")
    return Translated(data=data, document=recorder.finish(data), address=address)


def _record(recorder: Recorder, program: Program, call: Call, api: str) -> None:
    """Locate the call itself and every node of its request under ``api``."""
    doc = recorder.document
    assert isinstance(call.node.func, ast.Attribute)
    doc.values[api] = program.at(call.node)
    doc.sources[api] = call.source_pointer
    doc.written[api] = call.method
    for pointer, located in call.evaluator.nodes.items():
        if not pointer:
            continue
        full = api + pointer
        doc.values[full] = located.value
        doc.sources[full] = located.source_pointer
        if located.key is not None:
            doc.keys[full] = located.key
        if located.written is not None:
            doc.written[full] = located.written


__all__ = ["METHODS", "read_calls"]
