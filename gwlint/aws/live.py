"""Live-mode orchestration for the CLI and the Python API.

:func:`prepare` opens the facade (credentials checked up front, so a missing
login is exit code 2 with the fix, not a page of errors), reads the gateways
named with ``--gateway``/``--all-gateways`` and warms the cache for every
deployment, file-based or live.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gwlint.aws.facts import FIX_REGION, AwsFacts, SetupError
from gwlint.aws.source import (
    SourceError,
    all_gateway_deployments,
    gateway_deployment,
    parse_gateway_ref,
    region_of,
    warm,
)
from gwlint.findings import InputError
from gwlint.model import Deployment


@dataclass
class LivePlan:
    facts: AwsFacts
    deployments: list[Deployment] = field(default_factory=list)  # from the account
    errors: list[InputError] = field(default_factory=list)


def prepare(
    *,
    gateways: Sequence[str] = (),
    all_gateways: bool = False,
    profile: str | None = None,
    region: str | None = None,
    proxy_lambda: str | None = None,
    file_deployments: Sequence[Deployment] = (),
    max_workers: int = 8,
    facts: AwsFacts | None = None,
) -> LivePlan:
    """Open the facade (or use ``facts``) and build the live deployments.

    Raises SetupError (exit 2) for missing credentials or region.
    """
    refs = []
    errors: list[InputError] = []
    for value in gateways:
        try:
            refs.append(parse_gateway_ref(value))
        except SourceError as exc:
            errors.append(InputError(exc.subject, 1, 1, exc.message))
    hint = next((r.region for r in refs if r.region), None)
    if hint is None:
        hint = next((r for r in (region_of(d) for d in file_deployments) if r), None)
    if facts is None:
        facts = AwsFacts(profile=profile, region=region, max_workers=max_workers)
    if facts.region is None:
        facts.region = hint
    needs_region = all_gateways or any(r.region is None for r in refs)
    if needs_region and facts.region is None:
        raise SetupError("no AWS region: --all-gateways and gateway IDs need one", fix=FIX_REGION)
    facts.check_credentials()
    for deployment in file_deployments:
        if proxy_lambda and deployment.proxy_lambda is None:
            deployment.proxy_lambda = proxy_lambda
    plan = LivePlan(facts=facts, errors=errors)
    for ref in refs:
        try:
            plan.deployments.append(gateway_deployment(facts, ref, proxy_lambda=proxy_lambda))
        except SourceError as exc:
            plan.errors.append(InputError(exc.subject, 1, 1, exc.message))
    if all_gateways:
        try:
            plan.deployments.extend(all_gateway_deployments(facts, proxy_lambda=proxy_lambda))
        except SourceError as exc:
            plan.errors.append(InputError(exc.subject, 1, 1, exc.message))
    seen: set[str | None] = set()  # --gateway X --all-gateways: X once
    unique = []
    for deployment in plan.deployments:
        if deployment.origin.resource not in seen:
            seen.add(deployment.origin.resource)
            unique.append(deployment)
    plan.deployments = unique
    warm(facts, [*file_deployments, *plan.deployments])
    return plan


__all__ = ["LivePlan", "SetupError", "prepare"]
