"""A configuration that is plainly valid, read without the pydantic schema.

Importing pydantic and building the schema's models cost about 100 ms, half
of a one-file check with a configuration file. A table whose every key and
value is what :mod:`gwlint.configschema` accepts as it is (known keys, the
exact TOML types, allowed values) fills the configuration here, exactly as
the schema would; anything else, including every error, goes to the schema,
so every message stays the same. ``tests/test_configplain.py`` checks both
agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gwlint.config import SuppressEntry
from gwlint.format_names import FORMAT_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.config import Config

_SEVERITIES = ("error", "warning", "info")


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _positive(value: Any) -> bool:
    return type(value) in (int, float) and value > 0


def _outputs(value: Any) -> bool:
    from gwlint.gate import parse_output

    if not _strings(value):
        return False
    try:
        for item in value:
            parse_output(item, FORMAT_NAMES)
    except ValueError:
        return False
    return True


#: Top-level key -> (the Config field, its check, its value when absent).
_PLAIN: dict[str, tuple[str, Callable[[Any], bool], Any]] = {
    "select": ("select", _strings, None),
    "ignore": ("ignore", _strings, None),
    "fail-on": ("fail_on", lambda v: type(v) is str and v in _SEVERITIES, None),
    "rules-dirs": ("rules_dirs", _strings, []),
    "exclude": ("exclude", _strings, []),
    "per-file-ignores": (
        "per_file_ignores",
        lambda v: type(v) is dict and all(_strings(ids) for ids in v.values()),
        {},
    ),
    "severity": (
        "severity",
        lambda v: type(v) is dict and all(type(s) is str and s in _SEVERITIES for s in v.values()),
        {},
    ),
    "format": ("format", lambda v: type(v) is str and v in FORMAT_NAMES, None),
    "output": ("output", _outputs, []),
    "quiet": ("quiet", lambda v: type(v) is bool, None),
    "baseline": ("baseline", lambda v: type(v) is str, None),
    "inline-suppressions": ("inline_suppressions", lambda v: type(v) is bool, True),
}
_LIVE: dict[str, Callable[[Any], bool]] = {  # in the schema's field order
    "region": lambda v: type(v) is str,
    "profile": lambda v: type(v) is str,
    "lambda": lambda v: type(v) is str,
    "timeout": _positive,
}
_PROBE: dict[str, Callable[[Any], bool]] = {"timeout": _positive}
_SUPPRESS: dict[str, Callable[[Any], bool]] = {
    "rule": lambda v: type(v) is str and v != "",
    "reason": lambda v: type(v) is str and v.strip() != "",
    "path": lambda v: type(v) is str,
    "pointer": lambda v: type(v) is str and (v == "" or v.startswith("/")),
    "resource": lambda v: type(v) is str,
    "expires": lambda v: type(v) is datetime.date,
}


def _table(value: Any, checks: dict[str, Callable[[Any], bool]]) -> bool:
    return type(value) is dict and all(k in checks and checks[k](v) for k, v in value.items())


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def fill(data: dict[str, Any], config: Config) -> bool:
    """Fill ``config`` from a plainly valid ``data``; False (untouched) when the schema must."""
    nested = {"live": _LIVE, "probe": _PROBE}
    for key, value in data.items():
        if key in _PLAIN:
            if not _PLAIN[key][1](value):
                return False
        elif key in nested:
            if not _table(value, nested[key]):
                return False
        elif key == "suppress":
            if type(value) is not list or not all(
                _table(e, _SUPPRESS) and "rule" in e and "reason" in e for e in value
            ):
                return False
        else:
            return False
    for key, (name, _, absent) in _PLAIN.items():
        setattr(config, name, _copy(data[key]) if key in data else _copy(absent))
    for key, checks in nested.items():
        table = data.get(key, {})
        setattr(config, key, {k: table[k] for k in checks if k in table})
    config.suppress = [
        SuppressEntry(
            index=i,
            rule=entry["rule"],
            reason=entry["reason"].strip(),
            path=entry.get("path"),
            pointer=entry.get("pointer"),
            resource=entry.get("resource"),
            expires=entry.get("expires"),
            location=config.where("suppress", i),
        )
        for i, entry in enumerate(data.get("suppress", []))
    ]
    return True
