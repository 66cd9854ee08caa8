"""Known errors and their causes, declared by the rule modules themselves.

A rule module may end with a ``SYMPTOMS`` list: plain dicts (no import
needed, so third-party packs stay independent of gwlint internals), one per
cause the rule checks, naming the error text that cause produces::

    SYMPTOMS = [
        {
            "error": "lambda-invoke-permission",       # stable id of the known error
            "pattern": r"Gateway execution role lacks permission to invoke Lambda",
            "source": "CreateGatewayTarget ValidationException (aws-cdk#36826)",
            "means": "The control plane dry-ran the Lambda invoke as the role and was denied.",
            "cause": "The execution role's policies do not allow lambda:InvokeFunction.",
            "likelihood": "high",                       # high | medium | low
        },
    ]

``pattern``/``source`` may be left out when another declaration of the same
``error`` gives them; ``means`` is given exactly once per error. A pack's
``__init__`` module may declare causes no rule checks yet (then ``fix`` is
required). Patterns are compiled only by ``gwlint why``, so listing and
explaining rules stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

__all__ = [
    "Catalogue",
    "Cause",
    "KnownError",
    "Likelihood",
    "Symptom",
    "SymptomError",
    "build_catalogue",
    "parse_symptoms",
]

_KEYS = {"error", "pattern", "source", "means", "cause", "likelihood", "fix"}


class SymptomError(ValueError):
    """A ``SYMPTOMS`` declaration is malformed or contradicts another one."""


class Likelihood(StrEnum):
    """How often this cause is behind the error, as far as reports and docs tell."""

    high = "high"
    medium = "medium"
    low = "low"

    @property
    def rank(self) -> int:
        return {"high": 0, "medium": 1, "low": 2}[self.value]


@dataclass(frozen=True)
class Symptom:
    """One declared cause of one known error."""

    error: str
    cause: str
    likelihood: Likelihood
    pattern: str | None = None
    source: str | None = None
    means: str | None = None
    fix: str | None = None
    module: str = ""


@dataclass(frozen=True)
class Cause:
    """A cause of a known error, with the rule that checks it (``None``: no rule does)."""

    text: str
    likelihood: Likelihood
    fix: str
    rule: RuleMeta | None


@dataclass(frozen=True)
class KnownError:
    """An error text users meet, what it means and its causes, most likely first."""

    id: str
    means: str
    patterns: tuple[str, ...]
    sources: tuple[str, ...]
    causes: tuple[Cause, ...]


@dataclass(frozen=True)
class Catalogue:
    errors: tuple[KnownError, ...]

    def for_rule(self, rule_id: str) -> list[tuple[KnownError, Cause]]:
        """The known errors whose causes this rule checks (for ``gwlint explain``)."""
        return [
            (error, cause)
            for error in self.errors
            for cause in error.causes
            if cause.rule is not None and cause.rule.id == rule_id
        ]


def _text(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SymptomError(f"{where}: '{key}' must be a non-empty string")
    return value


def parse_symptoms(declared: object, module: str) -> tuple[Symptom, ...]:
    """Validate a module's ``SYMPTOMS`` value into :class:`Symptom` records."""
    if not isinstance(declared, list | tuple):
        raise SymptomError(f"{module}: SYMPTOMS must be a list of dicts")
    out = []
    for index, item in enumerate(declared):
        where = f"{module}: SYMPTOMS[{index}]"
        if not isinstance(item, dict):
            raise SymptomError(f"{where} must be a dict")
        unknown = sorted(set(item) - _KEYS)
        if unknown:
            raise SymptomError(f"{where}: unknown key(s) {', '.join(unknown)}")
        error, cause = _text(item, "error", where), _text(item, "cause", where)
        if error is None or cause is None:
            raise SymptomError(f"{where}: 'error' and 'cause' are required")
        raw = item.get("likelihood")
        if raw not in {x.value for x in Likelihood}:
            raise SymptomError(f"{where}: 'likelihood' must be high, medium or low")
        pattern, source = _text(item, "pattern", where), _text(item, "source", where)
        if (pattern is None) != (source is None):
            raise SymptomError(f"{where}: 'pattern' and 'source' go together")
        out.append(
            Symptom(
                error=error,
                cause=cause,
                likelihood=Likelihood(raw),
                pattern=pattern,
                source=source,
                means=_text(item, "means", where),
                fix=_text(item, "fix", where),
                module=module,
            )
        )
    return tuple(out)


def build_catalogue(rules: Sequence[RuleMeta], unchecked: Iterable[Symptom] = ()) -> Catalogue:
    """Group every rule's symptoms (and ``unchecked`` rule-less ones) by error id."""
    entries: list[tuple[Symptom, RuleMeta | None]] = [
        (s, meta) for meta in rules for s in meta.symptoms
    ]
    entries += [(s, None) for s in unchecked]
    grouped: dict[str, list[tuple[Symptom, RuleMeta | None]]] = {}
    for symptom, meta in entries:
        grouped.setdefault(symptom.error, []).append((symptom, meta))
    errors = []
    for error_id, items in grouped.items():
        means = [s for s, _ in items if s.means]
        if len(means) != 1:
            places = ", ".join(s.module for s in means) or "no module"
            raise SymptomError(
                f"known error '{error_id}': 'means' must be declared exactly once ({places})"
            )
        patterns = tuple(dict.fromkeys(s.pattern for s, _ in items if s.pattern))
        if not patterns:
            raise SymptomError(f"known error '{error_id}': no declaration gives a 'pattern'")
        causes = []
        for symptom, meta in items:
            fix = symptom.fix or (meta.fix if meta else None)
            if fix is None:
                raise SymptomError(
                    f"{symptom.module}: cause of '{error_id}' checked by no rule needs a 'fix'"
                )
            causes.append(Cause(symptom.cause, symptom.likelihood, fix, meta))
        causes.sort(key=lambda c: (c.likelihood.rank, c.rule is None, c.rule.id if c.rule else ""))
        errors.append(
            KnownError(
                id=error_id,
                means=means[0].means or "",
                patterns=patterns,
                sources=tuple(dict.fromkeys(s.source for s, _ in items if s.source)),
                causes=tuple(causes),
            )
        )
    return Catalogue(tuple(sorted(errors, key=lambda e: e.id)))
