"""A progress line on stderr while a live run waits on AWS (terminals only).

Without it a slow or silent endpoint looks like a hung tool. The line says
how many requests were sent, which calls are still awaited and how much of
the ``--timeout`` budget is used; it is redrawn in place once a second and
erased when the run ends. Nothing is written when the stream is not a
terminal (CI logs, pipes, JSON consumers).
"""

from __future__ import annotations

import threading
from typing import Protocol, TextIO

from gwlint.aws.deadline import Deadline

#: Seconds between redraws; the first line appears after one interval (fast runs print none).
INTERVAL = 1.0
WIDTH = 100


class Watched(Protocol):
    deadline: Deadline | None

    @property
    def total_requests(self) -> int: ...

    def waiting_on(self) -> list[str]: ...


def line(facts: Watched) -> str:
    """The progress text for the current moment."""
    waiting = facts.waiting_on()
    text = f"gwlint: reading AWS, {facts.total_requests} requests sent"
    if waiting:
        more = f" and {len(waiting) - 1} more" if len(waiting) > 1 else ""
        text += f", waiting on {waiting[0]}{more}"
    if facts.deadline is not None:
        text += f" ({facts.deadline.elapsed():.0f} s of {facts.deadline.seconds:g} s)"
    return text[:WIDTH]


class Progress:
    """Redraws :func:`line` on ``stream`` until :meth:`stop`, if ``stream`` is a terminal."""

    def __init__(self, facts: Watched, stream: TextIO, interval: float = INTERVAL) -> None:
        self.facts = facts
        self.stream = stream
        self.interval = interval
        self.drawn = 0  # lines drawn
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        isatty = getattr(stream, "isatty", None)
        if callable(isatty) and isatty():
            self._thread = threading.Thread(target=self._loop, name="gwlint-progress", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._write(f"\r{line(self.facts):<{WIDTH}}")
            self.drawn += 1

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: progress is optional
            self._stop.set()

    def stop(self) -> None:
        """Stop redrawing and erase the line (idempotent)."""
        if self._thread is None or self._stop.is_set():
            self._stop.set()
            return
        self._stop.set()
        self._thread.join(timeout=2)
        if self.drawn:
            self._write(f"\r{'':<{WIDTH}}\r")


__all__ = ["INTERVAL", "Progress", "line"]
