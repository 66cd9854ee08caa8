"""Project configuration: ``.gwlint.toml`` or ``[tool.gwlint]`` in ``pyproject.toml``.

Found like ruff finds its own: from the working directory upward, the nearest
folder holding either file wins, ``.gwlint.toml`` before ``pyproject.toml``
in the same folder, and a ``pyproject.toml`` without a ``[tool.gwlint]``
table does not count. ``--config FILE`` names one, ``--isolated`` ignores
them all. Paths and globs in the file are relative to the file's folder.

Keys are the ``gwlint check`` long option names without the dashes
(``fail-on``, ``format``, ``baseline``; ``--no-inline-suppressions`` is
``inline-suppressions = false``); options that only apply with ``--live`` or
``--probe`` live in the ``live`` and ``probe`` tables. A new CLI option thus
has one obvious key. CLI flags given on the command line replace the key.

The file is validated with pydantic: an unknown key or a wrong type is one
``file:line:column`` error (exit 2). tomllib and pydantic are imported only
when a configuration file exists, so a run without one starts as before.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gwlint.errors import UsageError
from gwlint.records import record

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.tomlpos import TomlPositions

CONFIG_NAME = ".gwlint.toml"
PYPROJECT = "pyproject.toml"

SeverityName = Literal["error", "warning", "info"]


class ConfigError(UsageError):
    """A configuration file gwlint cannot use; ``str()`` is the one located line."""


@dataclass(frozen=True)
class SuppressEntry:
    """One ``[[tool.gwlint.suppress]]`` entry, with where it is written."""

    index: int
    rule: str
    reason: str
    path: str | None = None
    pointer: str | None = None
    resource: str | None = None
    expires: datetime.date | None = None
    location: str = ""  # file:line:column of the entry


@record
class Config:
    """The validated configuration; every field is a default the CLI may replace."""

    file: str | None = None  # None: no configuration file
    root: str = "."  # folder that relative paths and globs start from
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: SeverityName | None = None
    rules_dirs: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, SeverityName] = field(default_factory=dict)
    format: str | None = None
    output: list[str] = field(default_factory=list)
    quiet: bool | None = None
    baseline: str | None = None
    inline_suppressions: bool = True
    live: dict[str, Any] = field(default_factory=dict)
    probe: dict[str, Any] = field(default_factory=dict)
    suppress: list[SuppressEntry] = field(default_factory=list)
    _positions: TomlPositions | None = field(default=None, repr=False)
    prefix: tuple[str, ...] = ()

    def position(self, *path: str | int) -> tuple[int, int] | None:
        """(line, column) of a key path below the gwlint table, or its nearest ancestor."""
        if self._positions is None:
            return None
        return self._positions.find((*self.prefix, *path))

    def where(self, *path: str | int) -> str:
        """``file:line:column`` of a key (or its nearest ancestor), else the file."""
        if self.file is None:
            return "configuration"
        found = self.position(*path)
        return f"{self.file}:{found[0]}:{found[1]}" if found else self.file

    def resolve(self, value: str) -> str:
        """A path written in the file, relative to its folder; shown relative to the cwd."""
        return os.path.relpath(os.path.join(self.root, value))

    def relative(self, file: str) -> str:
        """``file`` relative to the configuration's folder, with forward slashes."""
        return Path(os.path.relpath(os.path.abspath(file), self.root)).as_posix()


def find_config(start: str | None = None) -> Path | None:
    """The nearest ``.gwlint.toml`` or ``pyproject.toml`` with ``[tool.gwlint]``."""
    here = Path(os.path.abspath(start or os.getcwd()))
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_gwlint_table(pyproject):
            return pyproject
    return None


_TABLE = re.compile(r"^\s*\[+\s*tool\s*\.\s*gwlint\s*[\].]", re.MULTILINE)


def _has_gwlint_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # broken but meant for gwlint: report it
        return _TABLE.search(raw.decode("utf-8", errors="replace")) is not None
    if _TABLE.search(text) is None and "gwlint" not in text:
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return _TABLE.search(text) is not None  # broken but meant for gwlint: report it
    tool = data.get("tool")
    return isinstance(tool, dict) and "gwlint" in tool


def load_config(
    explicit: str | None = None, *, isolated: bool = False, start: str | None = None
) -> Config:
    """The configuration in force; an empty one when there is no file (or isolated)."""
    if explicit is not None and isolated:
        raise ConfigError("--config and --isolated contradict each other; give one")
    if isolated:
        return Config(root=os.path.abspath(start or os.getcwd()))
    path = Path(explicit) if explicit is not None else find_config(start)
    if path is None:
        return Config(root=os.path.abspath(start or os.getcwd()))
    return read_config(_shown(path))


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.getcwd())
    except ValueError:
        return path


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_config(path: Path) -> Config:
    """Read and validate one configuration file; raise ConfigError on any problem."""
    import tomllib

    from gwlint.tomlpos import scan

    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read configuration: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        from gwlint.jsonpos import line_column

        before = exc.object[: exc.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        raise ConfigError(
            f"{name}:{line}:{column}: configuration is not UTF-8 text ({exc.reason})"
        ) from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{name}:1:1: invalid TOML: values nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found:
            where = f"{name}:{found.group(1)}:{found.group(2)}"
        else:  # "(at end of document)"
            lines = text.split("\n")
            where = f"{name}:{len(lines)}:{len(lines[-1]) + 1}"
            message = message.replace("(at end of document)", "at the end of the file")
        problem = _TOML_POSITION.sub("", message).strip()
        raise ConfigError(f"{where}: invalid TOML: {problem}") from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "gwlint")
        tool = data.get("tool", {})
        table = tool.get("gwlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{name}: [tool.gwlint] must be a table")
        data = table
    positions = scan(text)
    config = Config(
        file=name, root=os.path.abspath(path.parent), _positions=positions, prefix=prefix
    )
    from gwlint.configplain import fill

    if not fill(data, config):  # anything not plainly valid: the schema reads it, and says why
        from gwlint.configschema import validate

        validate(data, config)
    return config


def suggest(key: str, known: Sequence[str]) -> str:
    """' (did you mean X?)' for a near miss, else ''."""
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


__all__ = ["Config", "ConfigError", "SuppressEntry", "find_config", "load_config"]
