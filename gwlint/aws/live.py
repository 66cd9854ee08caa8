"""Live-mode orchestration for the CLI and the Python API.

:func:`prepare` opens the facade (credentials checked up front, so a missing
login is exit code 2 with the fix, not a page of errors), reads the gateways
named with ``--gateway``/``--all-gateways`` and warms the cache for every
deployment, file-based or live. The whole live run shares one deadline
(``timeout``); :attr:`LivePlan.unanswered` lists the reads that failed, so the
CLI never exits 0 on a run that could not read what its checks needed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from gwlint.aws.deadline import DEFAULT_TIMEOUT
from gwlint.aws.facts import FIX_REGION, AwsFacts, SetupError
from gwlint.aws.progress import Progress
from gwlint.aws.schedule import MAX_WORKERS, run_by_dependency
from gwlint.aws.source import (
    GatewayRef,
    SourceError,
    account_reads,
    all_gateway_deployments,
    gateway_deployment,
    parse_gateway_ref,
    region_of,
    warm,
)
from gwlint.aws.wait import Settling, settle, settling
from gwlint.findings import InputError
from gwlint.model import Deployment


@dataclass
class LivePlan:
    facts: AwsFacts
    deployments: list[Deployment] = field(default_factory=list)  # from the account
    errors: list[InputError] = field(default_factory=list)
    progress: Progress | None = None
    notes: list[str] = field(default_factory=list)  # for stderr: true, not errors

    def finish(self) -> None:
        """Stop the progress line (the rules have run)."""
        if self.progress is not None:
            self.progress.stop()

    @property
    def unanswered(self) -> list[str]:
        """Each read a check needed and did not get (unreadable, failed, too late), once."""
        return list(dict.fromkeys(str(exc) for exc in self.facts.failures))


def _located_nowhere(exc: SourceError) -> InputError:
    """A deployed resource has no file position: none is invented."""
    return InputError(exc.subject, None, None, exc.message)


def prepare(
    *,
    gateways: Sequence[str] = (),
    all_gateways: bool = False,
    profile: str | None = None,
    region: str | None = None,
    proxy_lambda: str | None = None,
    file_deployments: Sequence[Deployment] = (),
    max_workers: int = MAX_WORKERS,
    facts: AwsFacts | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: TextIO | None = None,
    wait: float | None = None,
    kinds: frozenset[str] | None = None,
) -> LivePlan:
    """Open the facade (or use ``facts``) and build the live deployments.

    ``kinds``: the read kinds to prefetch (:func:`gwlint.reads.declared_kinds` of the
    rules that will run); by default those every registered live rule declares.

    ``timeout`` bounds the whole live run (this and the rules' reads);
    ``progress`` is where a progress line goes while waiting (a terminal only).
    ``wait``: first poll what the check reads until nothing is transitional
    (:mod:`gwlint.aws.wait`), at most that many seconds, reporting on
    ``progress`` (else stderr); ``timeout`` then bounds the reads after it.
    Raises SetupError (exit 2) for missing credentials or region.
    """
    refs = []
    errors: list[InputError] = []
    for value in gateways:
        try:
            refs.append(parse_gateway_ref(value))
        except SourceError as exc:
            errors.append(_located_nowhere(exc))
    hint = next((r.region for r in refs if r.region), None)
    if hint is None:
        hint = next((r for r in (region_of(d) for d in file_deployments) if r), None)
    if facts is None:
        budget = timeout + (wait or 0.0)  # the wait comes first, out of the same run
        facts = AwsFacts(profile=profile, region=region, max_workers=max_workers, timeout=budget)
    if facts.region is None:
        facts.region = hint
    needs_region = all_gateways or any(r.region is None for r in refs)
    if needs_region and facts.region is None:
        raise SetupError("no AWS region: --all-gateways and gateway IDs need one", fix=FIX_REGION)
    watcher = Progress(facts, progress) if progress is not None else None
    for deployment in file_deployments:
        if proxy_lambda and deployment.proxy_lambda is None:
            deployment.proxy_lambda = proxy_lambda
    try:
        facts.load_credentials()
        if wait:
            facts.check_credentials()
            _wait(facts, refs, file_deployments, all_gateways, wait, progress or sys.stderr)
        # every read of the run, each as soon as what it needs is known; the
        # credentials check below, the source and the rules then read the cache
        plan = account_reads(
            facts,
            refs,
            all_gateways=all_gateways,
            proxy_lambda=proxy_lambda,
            deployments=list(file_deployments),
            kinds=kinds,
        )
        run_by_dependency(facts, plan)
        facts.check_credentials()
    except SetupError:
        if watcher is not None:
            watcher.stop()
        raise
    live = LivePlan(facts=facts, errors=errors, progress=watcher)
    for ref in refs:
        try:
            live.deployments.append(gateway_deployment(facts, ref, proxy_lambda=proxy_lambda))
        except SourceError as exc:
            live.errors.append(_located_nowhere(exc))
    if all_gateways:
        try:
            found = all_gateway_deployments(facts, proxy_lambda=proxy_lambda)
            live.deployments.extend(found)
            if not found:  # an empty region is a valid, empty result
                live.notes.append(
                    f"no gateways in {facts.region} (--all-gateways): nothing to check"
                )
        except SourceError as exc:
            live.errors.append(_located_nowhere(exc))
    seen: set[str | None] = set()  # --gateway X --all-gateways: X once
    unique = []
    for deployment in live.deployments:
        if deployment.origin.resource not in seen:
            seen.add(deployment.origin.resource)
            unique.append(deployment)
    live.deployments = unique
    warm(facts, [*file_deployments, *live.deployments], kinds)  # what the plan could not foresee
    return live


def _wait(
    facts: AwsFacts,
    refs: Sequence[GatewayRef],
    file_deployments: Sequence[Deployment],
    all_gateways: bool,
    seconds: float,
    stream: TextIO,
) -> None:
    """Poll (each round through a fresh facade on the same session) until nothing settles."""

    def poll(left: float) -> list[Settling]:
        with AwsFacts(
            session=facts.session,
            region=facts.region,
            endpoint_url=facts.endpoint_url,
            max_workers=facts.max_workers,
            timeout=max(left, 1.0),
        ) as fresh:
            return settling(fresh, refs, file_deployments, all_gateways=all_gateways)

    settle(poll, seconds, stream)


__all__ = ["LivePlan", "SetupError", "prepare"]
