"""The command lines of an offline ``gwlint check`` that can be read without typer.

:func:`parse` follows click's parser for the options in
:mod:`gwlint.check_options` (positional paths, ``-``, ``--``, ``--opt value``,
``--opt=value``, short forms and clusters, repeated options, flags) and answers
None for anything else: an option it does not list, a missing value, a flag
given a value, an invalid choice, no path at all. Typer then parses the same
command line and prints its own message, so a usage error reads the same.

The option table is generated from the typer command, never written by hand:
``python -m gwlint.check_args`` rewrites :mod:`gwlint.check_options`
(``--check`` exits 1 when it is stale; so does a test).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from gwlint.check_command import CheckParams

#: The ``check`` parameters the fast path reads; every other one (the live and
#: probe options) sends the command line to typer.
OFFLINE = (
    "paths",
    "output_format",
    "select",
    "ignore",
    "fail_on",
    "rules_dir",
    "quiet",
    "max_file_size",
    "config_file",
    "isolated",
    "output",
    "baseline",
    "update_baseline",
    "stdin_filename",
    "no_inline_suppressions",
    "skip_unrecognised",
)

TABLE_PATH = Path(__file__).with_name("check_options.py")


def parse(args: Sequence[str]) -> CheckParams | None:
    """The parameters typer would pass for ``gwlint <args>``, or None when unsure."""
    from gwlint.check_options import CHOICES, FLAGS, MULTIPLE, VALUES

    if len(args) < 2 or args[0] != "check":
        return None
    given: dict[str, Any] = {}
    paths: list[str] = []
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            paths.extend(rest)
            break
        if arg[:1] != "-" or arg == "-":
            paths.append(arg)
            continue
        if arg.startswith("--"):
            name, equals, attached = arg.partition("=")
            if name in FLAGS and not equals:
                given[FLAGS[name]] = True
            elif name in VALUES and (equals or rest):
                _store(given, VALUES[name], attached if equals else rest.pop(0), MULTIPLE)
            else:
                return None
        elif not _short(arg, rest, given, FLAGS, VALUES, MULTIPLE):
            return None
    if not paths:
        return None
    for dest, (choices, case_sensitive) in CHOICES.items():
        if dest in given:
            chosen = _choice(given[dest], choices, case_sensitive)
            if chosen is None:
                return None
            given[dest] = chosen
    return CheckParams(paths=paths, **given)


def _short(
    arg: str,
    rest: list[str],
    given: dict[str, Any],
    flags: dict[str, str],
    values: dict[str, str],
    multiple: frozenset[str],
) -> bool:
    """A cluster of short options (``-q``, ``-fjson``, ``-qf json``); False when unsure."""
    for index in range(1, len(arg)):
        name = "-" + arg[index]
        if name in flags:
            given[flags[name]] = True
            continue
        if name not in values:
            return False
        if index + 1 < len(arg):
            value = arg[index + 1 :]
        elif rest:
            value = rest.pop(0)
        else:
            return False
        _store(given, values[name], value, multiple)
        return True
    return True


def _store(given: dict[str, Any], dest: str, value: str, multiple: frozenset[str]) -> None:
    if dest in multiple:
        given.setdefault(dest, []).append(value)
    else:
        given[dest] = value


def _choice(value: str, choices: tuple[str, ...], case_sensitive: bool) -> str | None:
    """The choice ``value`` names (compared casefolded unless ``case_sensitive``)."""
    for choice in choices:
        if value == choice or (not case_sensitive and value.casefold() == choice.casefold()):
            return choice
    return None


def render() -> str:
    """The text of :mod:`gwlint.check_options`, read from the typer command."""
    import typer.main

    from gwlint.cli import app

    group = typer.main.get_command(app)
    command = group.commands["check"]  # type: ignore[attr-defined]
    if group.context_settings or command.context_settings or not command.allow_interspersed_args:
        raise ValueError("check: context settings the fast path does not follow")
    flags: dict[str, str] = {}
    values: dict[str, str] = {}
    multiple: list[str] = []
    choices: dict[str, tuple[tuple[str, ...], bool]] = {}
    for param in command.params:
        if param.name not in OFFLINE:
            continue
        kind = _kind(param)
        if kind == "argument":
            continue
        if param.multiple:
            multiple.append(str(param.name))
        annotation = param.type_descriptor.annotation
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            case_sensitive = bool(param.type_descriptor.parameter_info.case_sensitive)
            choices[str(param.name)] = (tuple(str(m.value) for m in annotation), case_sensitive)
        for name in [*param.opts, *param.secondary_opts]:
            if not (name.startswith("--") and len(name) > 3) and len(name) != 2:
                raise ValueError(f"check: option name {name!r} the fast path does not follow")
            (flags if kind == "flag" else values)[name] = str(param.name)
    return _TEMPLATE.format(
        flags=_lines(flags),
        values=_lines(values),
        multiple="{" + ", ".join(_literal(name) for name in sorted(multiple)) + "}",
        choices=_lines(choices),
    )


def _kind(param: Any) -> str:
    """``flag``, ``value`` or ``argument``; ValueError for what the fast path cannot read."""
    info = param.type_descriptor.parameter_info
    plain = (
        param.callback is None
        and param.envvar is None
        and not getattr(param, "count", False)
        and getattr(param, "prompt", None) is None
        and getattr(param, "deprecated", None) in (None, False)
        and info.parser is None
        and param.min is None
        and param.max is None
        and param.expose_value
        and not param.is_eager
    )
    annotation = param.type_descriptor.annotation
    item = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    if plain and param.param_type_name == "argument" and param.nargs == -1 and item is str:
        return "argument"
    if plain and param.nargs == 1 and getattr(param, "is_flag", False) and item is bool:
        if param.secondary_opts or getattr(param, "flag_value", None) not in (None, True):
            raise ValueError(f"check: {param.name} is a flag the fast path does not follow")
        return "flag"
    enum = isinstance(item, type) and issubclass(item, Enum)
    if (
        plain
        and param.nargs == 1
        and not getattr(param, "is_flag", False)
        and (item is str or enum)
    ):
        return "value"
    raise ValueError(f"check: the fast path cannot read {param.name}")


def _lines(items: dict[str, Any]) -> str:
    """A dict literal's items one per line, as ``ruff format`` keeps them."""
    return "".join(f"    {_literal(key)}: {_literal(value)},\n" for key, value in items.items())


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(item) for item in value) + ("," * (len(value) == 1)) + ")"
    return repr(value)


_TEMPLATE = '''"""The offline ``gwlint check`` options, generated from the typer command.

Do not edit: ``python -m gwlint.check_args`` writes this file (a test fails
when it is stale). Read by :func:`gwlint.check_args.parse`.
"""

#: Flags: option name -> parameter.
FLAGS: dict[str, str] = {{
{flags}}}

#: Options taking one value: option name -> parameter.
VALUES: dict[str, str] = {{
{values}}}

#: Parameters that collect every value given (repeatable options).
MULTIPLE: frozenset[str] = frozenset({multiple})

#: Choice parameters: (the choices, case-sensitive).
CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {{
{choices}}}
'''


def main(argv: Sequence[str]) -> int:
    from gwlint.generated import write_or_check

    return write_or_check(TABLE_PATH, render(), argv, "python -m gwlint.check_args")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
