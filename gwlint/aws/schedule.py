"""Reads scheduled by dependency: each read starts as soon as what it needs is known.

A *planner* maps what is known so far (``answer(read)``: the cached answer,
``None`` when that read failed, or :data:`PENDING`) to every read the check
will make. :func:`run_by_dependency` sends each planned read at once, on its
own worker, and re-plans whenever any answer arrives, so a read waits only
for the reads whose answers name what it needs (GetGateway before GetRole,
ListGatewayTargets before GetGatewayTarget), never for a round of unrelated
ones. The answers land in the facade's per-run cache, where the live source
and the rules find them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, cast

from gwlint.facts import Facts
from gwlint.livecheck import Read

#: An answer not in yet.
PENDING = object()
Answer = Callable[[Read], Any]
Planner = Callable[[Answer], list[Read]]

#: Workers: enough that independent reads never queue (each is one HTTPS request).
MAX_WORKERS = 64


def _fetch(facts: Facts, read: Read) -> Any:
    """The read's answer (via the facade, memoised), or None when it failed."""
    (result,) = cast(Any, facts).prefetch([read])  # a failure is stored for the rule
    return None if isinstance(result, BaseException) else result


def run_by_dependency(facts: Facts, plan: Planner, *, workers: int | None = None) -> int:
    """Send every read ``plan`` names as soon as it can be named; returns how many were planned.

    ``workers`` defaults to the facade's ``max_workers`` (1: one read at a time).
    A facade without ``prefetch`` (a test double) is left cold.
    """
    if not callable(getattr(facts, "prefetch", None)):
        return 0
    workers = workers or int(getattr(facts, "max_workers", MAX_WORKERS))
    answers: dict[str, Any] = {}
    started: set[str] = set()
    running: dict[Future[Any], Read] = {}

    def answer(read: Read) -> Any:
        return answers.get(repr(read), PENDING)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gwlint-read") as pool:
        while True:
            for read in plan(answer):
                key = repr(read)
                if key not in started:
                    started.add(key)
                    running[pool.submit(_fetch, facts, read)] = read
            if not running:
                return len(started)
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                read = running.pop(future)
                answers[repr(read)] = future.result()


__all__ = ["MAX_WORKERS", "PENDING", "Answer", "Planner", "run_by_dependency"]
