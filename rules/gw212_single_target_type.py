"""A target does not name exactly one target type.

## Why
``targetConfiguration`` is a union: exactly one family holding exactly one
member. The families and members come from the API spec generated from
botocore: ``mcp`` (``mcpServer``, ``lambda``, ``openApiSchema``,
``smithyModel``, ``apiGateway``, ``connector``), ``http``
(``agentcoreRuntime``, ``passthrough``, ``connector``) and ``inference``
(``connector``, ``provider``). Member names are case-sensitive; a member
placed directly under ``targetConfiguration`` (without its family) or in the
wrong family is unknown to the API. What each member itself requires is
checked by GW004 (required members), GW106 (enums), GW107 (types and limits)
and GW003 (patterns). With setup arguments, ``target_type`` must be one of
``runtime``, ``mcpServer``, ``lambda``, ``openapi``, ``smithy``.

HTTP and inference targets (``http.agentcoreRuntime``, ``http.passthrough``,
``http.connector``, ``inference.*``) attach only to gateways without
``protocolType``: a gateway created with ``protocolType: MCP`` accepts only
MCP targets (AgentCore docs, HTTP runtime targets and providers).

## Symptom
Botocore raises ParamValidationError ("Unknown parameter" or "must have
exactly one member set") before anything is sent, or CreateGatewayTarget is
rejected; a setup script with an unknown ``target_type`` builds no target.

## Fix
Name one type, spelled as the API spells it:

    "targetConfiguration": {"mcp": {"lambda": {"lambdaArn": "…", "toolSchema": {…}}}}

To front a runtime on an MCP-protocol gateway use an ``mcpServer`` target
with the runtime's invocation URL, or create the gateway without
``protocolType``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from gwlint import apispec
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import has_configuration
from gwlint.sources.setup_args import TARGET_TYPES

SETUP_ALLOWED = "runtime, mcpServer, lambda, openapi, smithy"


def _families() -> dict[str, tuple[str, ...]]:
    """Family -> its union members, from the API spec."""
    found: dict[str, list[str]] = {}
    for family, member in apispec.target_kinds():
        found.setdefault(family, []).append(member)
    return {family: tuple(members) for family, members in found.items()}


def _allowed() -> str:
    return ", ".join(f"{family}.{member}" for family, member in apispec.target_kinds())


FIX = (
    "Give exactly one target type in targetConfiguration (mcp.mcpServer, mcp.lambda, "
    "mcp.openApiSchema, mcp.smithyModel, mcp.apiGateway, http.agentcoreRuntime, … as the "
    f"message lists); as setup arguments target_type is one of {SETUP_ALLOWED}."
)


def _label(target: Target) -> str:
    return target.label[:1].upper() + target.label[1:]


def _closest(word: str, candidates: list[str]) -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def _suggest(word: str, candidates: list[str]) -> str:
    best = _closest(word, candidates)
    return f" Did you mean '{best}'?" if best else ""


def _check_api(ctx: Context, target: Target) -> Iterator[Finding]:
    base = target.origin.pointer
    config = target.raw.get("targetConfiguration")
    config_ptr = join_pointer(base, "targetConfiguration")
    if not isinstance(config, dict):
        yield ctx.fail(
            target,
            None,
            f"targetConfiguration is {describe_value(config)}, not an object naming one target "
            "type.",
            pointer=config_ptr,
        )
        return
    families = _families()
    allowed = _allowed()
    every_member = [f"{fam}.{m}" for fam, members in families.items() for m in members]
    known: list[tuple[str, str, str]] = []  # (family, member, pointer)
    unknown = 0
    for family, members in config.items():
        family_ptr = join_pointer(config_ptr, family)
        if family not in families:
            unknown += 1
            owner = [f"{fam}.{m}" for fam, ms in families.items() for m in ms if m == family]
            if owner:
                hint = (
                    f" It belongs under {owner[0].split('.')[0]}: targetConfiguration.{owner[0]}."
                )
            else:
                hint = _suggest(family, list(families) + [m.split(".")[1] for m in every_member])
            yield ctx.fail(
                target,
                None,
                f"targetConfiguration has an unknown member {describe_value(family)}; it takes "
                f"{' or '.join(families)} holding one target type ({allowed}).{hint}",
                pointer=family_ptr,
            )
            continue
        if not isinstance(members, dict):
            unknown += 1
            yield ctx.fail(
                target,
                None,
                f"targetConfiguration.{family} is {describe_value(members)}, not an object "
                "naming one target type.",
                pointer=family_ptr,
            )
            continue
        for member in members:
            member_ptr = join_pointer(family_ptr, member)
            if member in families[family]:
                known.append((family, member, member_ptr))
                continue
            unknown += 1
            elsewhere = [fam for fam, ms in families.items() if member in ms]
            if elsewhere:
                moved = f"targetConfiguration.{elsewhere[0]}.{member}"
                hint = f" It belongs under {elsewhere[0]}: {moved}."
            else:
                names = list(families[family]) or [m.split(".")[1] for m in every_member]
                hint = _suggest(member, names)
            yield ctx.fail(
                target,
                None,
                f"targetConfiguration.{family} has an unknown target type "
                f"{describe_value(member)} (names are case-sensitive; allowed: {allowed}).{hint}",
                pointer=member_ptr,
            )
    if len(known) > 1:
        written = ", ".join(f"{fam}.{m}" for fam, m, _ in known)
        written_families = {fam for fam, _, _ in known}
        where = (
            join_pointer(config_ptr, written_families.pop())
            if len(written_families) == 1
            else config_ptr
        )
        yield ctx.fail(
            target,
            None,
            f"{_label(target)} names {len(known)} target types ({written}); a target has "
            "exactly one.",
            fix="Keep one type per target and create a separate target for each of the others.",
            pointer=where,
        )
    elif not known and not unknown:
        empty_ptr = config_ptr
        if len(config) == 1:
            empty_ptr = join_pointer(config_ptr, next(iter(config)))
        yield ctx.fail(
            target,
            None,
            f"{_label(target)} names no target type; targetConfiguration needs one of {allowed}.",
            pointer=empty_ptr,
        )
    elif len(known) == 1 and not unknown:
        family, member, pointer = known[0]
        gateway = ctx.deployment.gateway
        protocol = gateway.protocol_type if gateway is not None else None
        if family != "mcp" and protocol == "MCP":
            runtime = (
                "Front the runtime with an mcpServer target whose endpoint is the runtime's "
                "invocation URL, or create"
                if member == "agentcoreRuntime"
                else "Create"
            )
            yield ctx.fail(
                target,
                None,
                f"{_label(target)} is an {family}.{member} target but the gateway's "
                "protocolType is MCP, which allows only MCP targets.",
                fix=f"{runtime} the gateway without protocolType so it can hold HTTP targets.",
                pointer=pointer,
            )
        else:
            yield ctx.passed(target, None, f"target type is {family}.{member}", pointer=pointer)


def _check_setup(ctx: Context, target: Target) -> Iterator[Finding]:
    raw: dict[str, Any] = target.raw if isinstance(target.raw, dict) else {}
    if "target_type" not in raw:
        yield ctx.fail(
            target,
            None,
            f"Setup arguments have no target_type; it must be one of {SETUP_ALLOWED}.",
        )
        return
    declared = raw["target_type"]
    if isinstance(declared, str) and declared in TARGET_TYPES:
        family = "http" if TARGET_TYPES[declared] == "agentcoreRuntime" else "mcp"
        yield ctx.passed(
            target,
            "target_configuration",
            f"target_type '{declared}' is a known target type ({family}.{TARGET_TYPES[declared]})",
        )
        return
    hint = _suggest(declared, list(TARGET_TYPES)) if isinstance(declared, str) else ""
    yield ctx.fail(
        target,
        "target_configuration",
        f"target_type {describe_value(declared)} is not a target type; use one of "
        f"{SETUP_ALLOWED}.{hint}",
    )


@rule(
    id="GW212",
    name="single-target-type",
    severity=Severity.ERROR,
    summary="Target names exactly one known target type",
    fix=FIX,
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if has_configuration(target):
            yield from _check_api(ctx, target)
        elif ctx.deployment.is_setup_args:
            yield from _check_setup(ctx, target)
        elif isinstance(target.raw, dict) and not {"targetId", "status"} & target.raw.keys():
            # a create request without its configuration (observed summaries are not judged)
            yield ctx.fail(
                target,
                None,
                f"{_label(target)} has no targetConfiguration; it must name one of {_allowed()}.",
            )
