r"""An API Gateway target names a REST API stage that does not exist.

## Why
An ``apiGateway`` target (``restApiId``, ``stage``, ``apiGatewayToolConfiguration``)
turns the operations of one deployed stage of a REST API into tools, and the
gateway calls that stage's invoke URL. The API must exist in the gateway's
account and region and the stage must be deployed: a stage that was never
created (``prod`` vs ``Prod``: stage names are case-sensitive), was deleted,
or belongs to an API in another region leaves the target with nothing to
call. gwlint reads the stage with API Gateway's GetStage in the gateway's
region and, when it is missing, GetRestApi to say whether the API or only
its stage is absent.

## Symptom
CreateGatewayTarget fails (the service cannot read the stage's operations),
or the target's tool calls fail with API Gateway's "Forbidden" /
"Missing Authentication Token" for a stage path that does not exist.

## Fix
Deploy the stage, or name one that exists:

    aws apigateway get-stages --rest-api-id a1b2c3d4e5 --region us-east-1
    aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod

    {"targetConfiguration": {"mcp": {"apiGateway": {
      "restApiId": "a1b2c3d4e5", "stage": "prod",
      "apiGatewayToolConfiguration": {"toolFilters": [
        {"filterPath": "/pets", "methods": ["GET"]}]}}}}}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_APIGATEWAY,
    Read,
    api_stage,
    ask,
    cannot_check,
    checked_targets,
    session_region,
)
from gwlint.reads import TARGETS
from gwlint.resolve import Where, default_region
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Deploy the stage (aws apigateway create-deployment --rest-api-id <id> --stage-name <stage>) "
    "or name an existing one (aws apigateway get-stages --rest-api-id <id> --region <region>)."
)


@rule(
    id="GW232",
    name="api-gateway-stage-exists",
    severity=Severity.ERROR,
    summary="each API Gateway target's REST API stage exists in the gateway's region",
    fix=FIX,
    live=True,
    reads=(*TARGETS, "api-stage", "rest-api"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, targets, problems = checked_targets(ctx)
    yield from problems
    region = view.region if view is not None else None
    region = region or default_region(ctx.deployment, session_region(ctx))
    found = [(t, ref) for t in targets if (ref := api_stage(t)) is not None]
    prefetch(ctx.facts, [Read.api_stage(api, stage, region) for _, (api, stage) in found])
    for target, (api, stage) in found:
        where = view.at(target, "api_gateway") if view is not None else Where(target, "api_gateway")
        resource = f"arn:aws:apigateway:{region}::/restapis/{api}/stages/{stage}"
        try:
            answer = ask(ctx.facts, Read.api_stage(api, stage, region))
        except NotFound:
            yield ctx.fail(
                where.node,
                where.field,
                f"{target.label} names stage {describe_value(stage)} of REST API {api}, "
                f"but {_absent(ctx, api, stage, region)}.",
                resource=resource,
                pointer=where.pointer,
            )
            continue
        except LiveError as exc:
            what = f"stage {stage} of REST API {api}"
            yield cannot_check(ctx, where, exc, what, GET_APIGATEWAY, resource=resource)
            continue
        deployment = answer.get("deploymentId")
        note = f" (deployment {deployment})" if isinstance(deployment, str) and deployment else ""
        yield ctx.passed(
            where.node,
            where.field,
            f"Stage {stage} of REST API {api} exists in {region}{note} ({target.label}).",
            resource=resource,
            pointer=where.pointer,
        )


def _absent(ctx: Context, api: str, stage: str, region: str | None) -> str:
    """Which is missing: the API, or only its stage."""
    assert ctx.facts is not None
    try:
        ask(ctx.facts, Read.rest_api(api, region))
    except NotFound:
        return f"no REST API {api} exists in {region}"
    except LiveError:
        return f"GetStage found no such stage in {region}"
    return f"that API has no stage {describe_value(stage)} in {region}"
