"""The configuration's schema (pydantic) and its errors in TOML terms.

Strict: TOML has types, so a string where an array belongs or a quoted date
is an error rather than something coerced. Each error becomes one line that
names ``file:line:column`` (from :mod:`gwlint.tomlpos`) and the key path.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gwlint.config import ConfigError, SuppressEntry, suggest

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.config import Config

SeverityName = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class LiveTable(_Strict):
    """Defaults for the options that apply with ``--live``."""

    region: str | None = None
    profile: str | None = None
    lambda_: str | None = Field(default=None, alias="lambda")
    timeout: float | int | None = Field(default=None, gt=0)


class ProbeTable(_Strict):
    """Defaults for the options that apply with ``--probe``."""

    timeout: float | int | None = Field(default=None, gt=0)


class SuppressTable(_Strict):
    rule: str = Field(min_length=1)
    reason: str
    path: str | None = None
    pointer: str | None = None
    resource: str | None = None
    expires: datetime.date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_says_why(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("reason must say why the finding is accepted")
        return value

    @field_validator("pointer")
    @classmethod
    def _pointer_shape(cls, value: str | None) -> str | None:
        if value is not None and value and not value.startswith("/"):
            raise ValueError("pointer must be a JSON pointer: '' or starting with '/'")
        return value


class ConfigTable(_Strict):
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: SeverityName | None = Field(default=None, alias="fail-on")
    rules_dirs: list[str] = Field(default_factory=list, alias="rules-dirs")
    exclude: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    format: str | None = None
    output: list[str] = Field(default_factory=list)
    quiet: bool | None = None
    baseline: str | None = None
    inline_suppressions: bool = Field(default=True, alias="inline-suppressions")
    live: LiveTable = Field(default_factory=LiveTable)
    probe: ProbeTable = Field(default_factory=ProbeTable)
    suppress: list[SuppressTable] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        from gwlint.report import FORMATS

        if value is not None and value not in FORMATS:
            raise ValueError(f"unknown format {value!r}; one of {', '.join(FORMATS)}")
        return value

    @field_validator("output")
    @classmethod
    def _format_and_path(cls, value: list[str]) -> list[str]:
        from gwlint.gate import parse_output
        from gwlint.report import FORMATS

        for item in value:
            parse_output(item, FORMATS)
        return value


_TYPE_WORDS = {
    "list_type": "must be an array",
    "string_type": "must be a string",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "bool_type": "must be true or false",
    "date_type": "must be a TOML date such as 2026-06-30 (unquoted)",
    "float_type": "must be a number",
    "int_type": "must be a number",
    "greater_than": "must be greater than 0",
    "string_too_short": "must not be empty",
}


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_NESTED: dict[str, type[BaseModel]] = {
    "live": LiveTable,
    "probe": ProbeTable,
    "suppress": SuppressTable,
}


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel]:
    """The schema model of the table holding ``path``'s last key."""
    model: type[BaseModel] = ConfigTable
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        nested = _NESTED.get(part)
        if nested is None or model is not ConfigTable:
            break
        model = nested
    return model


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _message(error: Any, prefix: tuple[str, ...]) -> str:
    inner: tuple[str | int, ...] = tuple(
        p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))
    )
    loc = (*prefix, *inner)
    kind = error["type"]
    key = _dotted(loc) or "the table"
    if kind == "extra_forbidden":
        table = _dotted(loc[:-1]) or "the configuration"
        name = str(loc[-1])
        hint = suggest(name, _known_keys(_model_at(inner)))
        return f"unknown key '{name}' in {table}{hint}"
    if kind == "missing":
        table = _dotted(loc[:-1]) or "the configuration"
        return f"{table} needs the key '{loc[-1]}'"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{key} must be one of {expected.replace(' or ', ', ')} (got {error['input']!r})"
    if kind == "value_error":
        return f"{key}: {error['msg'].removeprefix('Value error, ')}"
    return f"{key} {_TYPE_WORDS.get(kind, error['msg'])}"


_PLAIN_FIELDS = tuple(
    name for name in ConfigTable.model_fields if name not in ("live", "probe", "suppress")
)


def validate(data: dict[str, Any], config: Config) -> None:
    """Fill ``config`` from ``data``, or raise ConfigError naming the first problem."""
    try:
        table = ConfigTable.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = config.where(*(p for p in loc if isinstance(p, str | int)))
        raise ConfigError(f"{where}: {_message(first, config.prefix)}") from None
    for name in _PLAIN_FIELDS:  # same name on both sides
        setattr(config, name, getattr(table, name))
    config.live = {
        key: value
        for key, value in table.live.model_dump(by_alias=True).items()
        if value is not None
    }
    config.probe = {k: v for k, v in table.probe.model_dump().items() if v is not None}
    config.suppress = [
        SuppressEntry(
            index=i,
            rule=entry.rule,
            reason=entry.reason.strip(),
            path=entry.path,
            pointer=entry.pointer,
            resource=entry.resource,
            expires=entry.expires,
            location=config.where("suppress", i),
        )
        for i, entry in enumerate(table.suppress)
    ]
