"""``--wait [SECONDS]``: poll until nothing the check reads is still settling.

Right after a deploy the gateway, its targets, the runtimes behind them and
their endpoints pass through CREATING, UPDATING or SYNCHRONIZING; judged then,
they fail (a CREATING runtime is an error). ``--wait`` polls them, read-only,
until none is in a transitional state or the time is up, writing one progress
line per round on stderr, and only then lets the check read the account.

Each round reads through a fresh facade (same session, its own
:class:`~gwlint.aws.deadline.Deadline` for what is left of the wait): the
check's own facade memoises every answer, and a poll must see new ones.
Reads that fail (missing, denied) are left to the rules, which report them.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from gwlint.aws.deadline import Deadline
from gwlint.aws.source import GatewayRef as NamedGateway
from gwlint.aws.source import SourceError, all_gateway_deployments, gateway_deployment
from gwlint.facts import Facts, LiveError
from gwlint.livecheck import Read, ask
from gwlint.model import Deployment
from gwlint.resolve import GatewayRef, gateway_refs, runtime_refs

#: Statuses that change by themselves (gateway, target, runtime, endpoint).
TRANSITIONAL = frozenset({"CREATING", "UPDATING", "SYNCHRONIZING", "DELETING"})
#: Seconds between polls.
INTERVAL = 5.0
DEFAULT_WAIT = 300.0
#: The pause and the clock the poll loop uses (tests replace them).
_sleep = time.sleep
_clock = time.monotonic


@dataclass(frozen=True)
class Settling:
    """One resource still in a transitional state."""

    kind: str  # gateway | target | runtime | endpoint
    name: str
    status: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name} {self.status}"


def _status(facts: Facts, read: Read) -> Any:
    try:
        answer = ask(facts, read)
    except LiveError:
        return None  # the rules read it again and report why it failed
    return answer.get("status") if isinstance(answer, dict) else None


def settling(
    facts: Facts,
    refs: Sequence[NamedGateway],
    file_deployments: Sequence[Deployment],
    *,
    all_gateways: bool = False,
) -> list[Settling]:
    """Every gateway, target, runtime and endpoint the check will read that is transitional."""
    deployments = list(file_deployments)
    for ref in refs:
        try:
            deployments.append(gateway_deployment(facts, ref))
        except SourceError:
            continue  # reported by the check itself
    if all_gateways:
        with contextlib.suppress(SourceError):  # reported by the check itself
            deployments.extend(all_gateway_deployments(facts))
    found: dict[tuple[str, str], Settling] = {}

    def note(kind: str, name: str, status: Any) -> None:
        if isinstance(status, str) and status in TRANSITIONAL:
            found.setdefault((kind, name), Settling(kind, name, status))

    for deployment in deployments:
        for gateway in gateway_refs(deployment, facts.region):
            note("gateway", gateway.identifier, _status(facts, Read.gateway(*_at(gateway))))
            try:
                items = ask(facts, Read.targets(*_at(gateway)))
            except LiveError:
                items = []
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    name = str(item.get("name") or item.get("targetId") or "?")
                    note("target", f"{name} (gateway {gateway.identifier})", item.get("status"))
        for runtime in runtime_refs(deployment, facts.region):
            if runtime.endpoint_arn_given:
                continue
            note("runtime", runtime.runtime_id, _status(facts, Read.runtime(runtime)))
            endpoint = f"{runtime.qualifier} of runtime {runtime.runtime_id}"
            note("endpoint", endpoint, _status(facts, Read.runtime_endpoint(runtime)))
    return list(found.values())


def _at(ref: GatewayRef) -> tuple[str, str | None]:
    return ref.identifier, ref.region


def settle(
    poll: Callable[[float], list[Settling]],
    seconds: float,
    stream: TextIO,
    *,
    interval: float = INTERVAL,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> list[Settling]:
    """Poll until nothing settles or ``seconds`` pass; returns what still settles.

    ``poll`` gets the seconds left and returns the resources still settling.
    """
    sleep = sleep or _sleep
    deadline = Deadline(seconds, clock or _clock)
    while True:
        waiting = poll(deadline.remaining())
        elapsed = deadline.elapsed()
        if not waiting:
            _say(stream, f"nothing is settling any more ({elapsed:.0f} s)")
            return []
        shown = ", ".join(str(s) for s in waiting[:4])
        more = f" and {len(waiting) - 4} more" if len(waiting) > 4 else ""
        if deadline.remaining() <= 0:
            _say(stream, f"time is up ({seconds:g} s); still settling: {shown}{more}")
            return waiting
        _say(stream, f"waiting ({elapsed:.0f} s of {seconds:g} s): {shown}{more}")
        sleep(min(interval, deadline.remaining()))


def _say(stream: TextIO, text: str) -> None:
    try:
        stream.write(f"gwlint: --wait: {text}\n")
        stream.flush()
    except (OSError, ValueError):  # a closed stream: progress is optional
        pass


__all__ = ["DEFAULT_WAIT", "INTERVAL", "TRANSITIONAL", "Settling", "settle", "settling"]
