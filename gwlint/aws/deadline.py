"""One total deadline for a live run (``--timeout SECONDS``).

botocore bounds each attempt (connect and read timeouts) and retries, but
not a whole run: five attempts of a 20 s read against a blackholed endpoint
take 101 s. A :class:`Deadline` bounds everything:

- the socket timeouts and the attempts are chosen so one call fits the budget;
- no request is sent once it has passed (a ``before-send`` hook);
- a caller never waits past it: the facade runs a request in a daemon thread
  and waits on its answer only until the deadline, so a request the network
  swallows cannot hold the run (or the interpreter's exit) hostage.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from gwlint.facts import Unavailable

T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0


class DeadlineExceeded(Unavailable):
    """The live run's deadline passed before this call was answered."""


class Deadline:
    """The moment a live run must end by, ``seconds`` after it was created."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError(f"a deadline needs a positive number of seconds, not {seconds!r}")
        self.seconds = seconds
        self._clock = clock
        self.started = clock()
        self.ends = self.started + seconds

    def remaining(self) -> float:
        return max(0.0, self.ends - self._clock())

    def elapsed(self) -> float:
        return self._clock() - self.started

    def exceeded(self, action: str) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"{action}: no answer within the live run's time limit "
            f"(--timeout {self.seconds:g} s); the network or endpoint did not respond",
            action=action,
        )

    def socket_timeouts(self, connect: float, read: float) -> tuple[float, float]:
        """Connect/read timeouts no longer than a third of the budget."""
        share = max(0.5, self.seconds / 3)
        return min(connect, share), min(read, share)

    def before_send(self, action_of: Callable[[str], str]) -> Callable[..., None]:
        """A ``before-send`` hook refusing to send (or retry) once the deadline passed."""

        def hook(event_name: str = "", **_: Any) -> None:
            if self.remaining() <= 0:
                raise self.exceeded(action_of(event_name.rsplit(".", 1)[-1]))

        return hook

    def run(self, compute: Callable[[], T], future: Future[T]) -> None:
        """Start ``compute`` in a daemon thread that settles ``future``."""

        def work() -> None:
            try:
                future.set_result(compute())
            except BaseException as exc:  # settled for every waiter, whatever it is
                future.set_exception(exc)

        threading.Thread(target=work, name="gwlint-aws-call", daemon=True).start()

    def wait(self, future: Future[T], action: str) -> T:
        """``future``'s result, or DeadlineExceeded once the deadline passes."""
        try:
            return future.result(timeout=self.remaining())
        except FutureTimeout:
            raise self.exceeded(action) from None


__all__ = ["DEFAULT_TIMEOUT", "Deadline", "DeadlineExceeded"]
