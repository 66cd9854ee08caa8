"""The ``gwlint`` console script: the common offline ``check`` without importing typer.

Importing typer and building its click command cost about a third of a
one-file check. :func:`gwlint.check_args.parse` reads the command lines it is
sure of (offline ``check`` options, see :mod:`gwlint.check_options`); every
other command line (other commands, ``--help``, ``--live``, ``--probe``, any
usage error) goes to the typer app, so typer prints every usage message.
The fast path runs :func:`gwlint.check_command.run_check` as typer's
standalone mode would: the same output, messages and exit codes.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import IO, Any

from gwlint.gctune import tune_for_run
from gwlint.waitarg import expand_wait

#: What click strips from a message written to something that is not a terminal.
_ANSI = r"\033\[[;?0-9]*[a-zA-Z]"

#: Set by a shell asking typer for completions (click's ``_<PROG>_COMPLETE``).
_COMPLETE_VAR = "_GWLINT_COMPLETE"


def echo(message: str, *, err: bool = False) -> None:
    """One line to stdout or stderr, as ``typer.echo`` writes it (ANSI codes off a terminal)."""
    stream = sys.stderr if err else sys.stdout
    text = message + "\n"
    if "\033" in text and not _is_terminal(stream):
        text = re.sub(_ANSI, "", text)
    stream.write(text)
    stream.flush()


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty() or type(stream).__module__.startswith("ipykernel.")
    except Exception:  # click treats a stream that cannot tell as no terminal
        return False


def _plain_streams() -> bool:
    """True when click would write to ``sys.stdout``/``sys.stderr`` as they are.

    Click re-wraps a stream whose encoding is ASCII; such runs go through typer.
    """
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if stream is None or not isinstance(encoding, str):
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def run_fast(args: list[str]) -> int | None:
    """Run ``args`` without typer and return the exit code, or None when typer must run them."""
    if args[:1] != ["check"] or os.environ.get(_COMPLETE_VAR) or not _plain_streams():
        return None
    from gwlint.check_args import parse

    params = parse(args)
    if params is None:
        return None
    from gwlint.check_command import Usage, run_check

    try:
        return run_check(params, echo)
    except Usage as exc:
        return exc.report(echo)


def _standalone(args: list[str]) -> int | None:
    """:func:`run_fast` with typer's standalone handling of interrupts and a closed pipe."""
    try:
        return run_fast(args)
    except EOFError:
        echo("", err=True)
        echo("Aborted!", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        return 1


class _Pacified:
    """A stream whose ``flush`` ignores a closed pipe (click's ``PacifyFlushWrapper``)."""

    def __init__(self, wrapped: IO[Any]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)


def main() -> None:
    """Console-script entry point."""
    args = expand_wait(sys.argv[1:])
    tune_for_run(args)
    code = _standalone(args)
    if code is not None:
        sys.exit(code)
    from gwlint.cli import app

    app(args=args, prog_name="gwlint")


__all__ = ["echo", "main", "run_fast"]
