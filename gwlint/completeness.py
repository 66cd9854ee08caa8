"""No rule passes a target gwlint could not read.

In ``--live`` mode a gateway's targets come from ListGatewayTargets and one
GetGatewayTarget each. When a GetGatewayTarget gets no usable answer the
target is known only by its list summary (name, ID, status), marked
``Target.unread``; when the list itself fails, ``Deployment.targets_unread``
says why. A rule reading such targets would judge a configuration it never
saw: a pass (nothing wrong with an empty configuration) or a fail (no target
type) would both be invented.

So the engine watches whether a rule reads the deployment's targets. For a
rule that did, :func:`settle` replaces whatever it said about an unread
target with one ``error`` naming the call that failed, and adds that error
for an unread target (or an unreadable list) the rule said nothing about:
a rule whose inputs were not all fetched cannot come out clean. Rules that
read GetGatewayTarget themselves (GW402) report their own failures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, SupportsIndex

from gwlint.findings import Finding, Status
from gwlint.model import Deployment, Target
from gwlint.rule import Context


class WatchedTargets(list[Target]):
    """A deployment's target list that records whether a rule read it."""

    touched = False

    def __iter__(self) -> Iterator[Target]:
        self.touched = True
        return super().__iter__()

    def __len__(self) -> int:
        self.touched = True
        return super().__len__()

    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        self.touched = True
        return super().__getitem__(index)


def watch(deployment: Deployment) -> WatchedTargets | None:
    """Watch ``deployment``'s targets when some could not be read, else None."""
    if deployment.targets_unread is None and not any(t.unread for t in deployment.targets):
        return None
    watched = WatchedTargets(deployment.targets)
    deployment.targets = watched
    return watched


def _unread_error(ctx: Context, target: Target | None, why: str) -> Finding:
    if target is None:
        gateway = ctx.deployment.gateway
        subject = gateway.label if gateway is not None else "the gateway"
        message = f"Could not check the targets of {subject}: their list could not be read ({why})."
        return ctx.error(gateway, None, message, fix=_FIX)
    message = f"Could not check {target.label}: its configuration could not be read ({why})."
    return ctx.error(target, None, message, fix=_FIX)


_FIX = (
    "Run again once the account answers (check network, proxies, throttling and "
    "bedrock-agentcore:GetGatewayTarget / ListGatewayTargets permissions)."
)


def settle(ctx: Context, findings: list[Finding], watched: WatchedTargets) -> list[Finding]:
    """``findings`` of a rule that read ``watched``, with unread targets made errors."""
    from gwlint.livecheck import GET_TARGET  # live runs only: an offline check skips its imports

    if not watched.touched or GET_TARGET in ctx.rule.actions:
        return findings  # a rule reading GetGatewayTarget itself reports its failures
    unread = {t.label: t for t in list.__iter__(watched) if t.unread}
    kept = [f for f in findings if f.resource not in unread or f.status is Status.ERROR]
    reported = {f.resource for f in kept if f.status is Status.ERROR}
    for label, target in unread.items():
        if label not in reported:
            kept.append(_unread_error(ctx, target, target.unread or "no usable answer"))
    why = ctx.deployment.targets_unread
    if why is not None and not any(f.status is Status.ERROR for f in kept):
        kept.append(_unread_error(ctx, None, why))
    return kept


__all__ = ["WatchedTargets", "settle", "watch"]
