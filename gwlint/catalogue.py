"""The catalogue of known errors, assembled from the loaded rule packs.

Rules carry their own ``SYMPTOMS`` (attached by the registry); a pack's
package module may add causes that no rule of it checks yet.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from importlib.metadata import entry_points

from gwlint.registry import ENTRY_POINT_GROUP, RuleLoadError
from gwlint.rule import RuleMeta
from gwlint.symptoms import Catalogue, Symptom, SymptomError, build_catalogue, parse_symptoms


def _unchecked_symptoms(packs: Collection[str] | None) -> list[Symptom]:
    """``SYMPTOMS`` of each entry-point pack's own package module (``packs``: only these)."""
    found: list[Symptom] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if packs is not None and ep.name not in packs:
            continue
        module = ep.load()  # already imported by the registry; cheap
        declared = getattr(module, "SYMPTOMS", None)
        if declared is not None:
            found.extend(parse_symptoms(declared, module.__name__))
    return found


def load_catalogue(rules: Sequence[RuleMeta], packs: Collection[str] | None = None) -> Catalogue:
    """Every known error the loaded packs declare; bad declarations are a load error."""
    try:
        return build_catalogue(rules, _unchecked_symptoms(packs))
    except SymptomError as exc:
        raise RuleLoadError(str(exc)) from None
