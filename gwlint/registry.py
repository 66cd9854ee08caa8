"""Rule discovery and selection.

Rule packs register under the ``gwlint.rules`` entry-point group (the built-in
pack too, so third-party packs are first-class); ``--rules-dir`` loads a folder
of modules. Duplicate ids or names are an error. Deselected rules are never
run, let alone run and filtered.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from gwlint.rule import RuleMeta

ENTRY_POINT_GROUP = "gwlint.rules"
_LOCAL_PREFIX = "gwlint_local_rules."  # module names given to --rules-dir files


class RuleLoadError(Exception):
    """A rule pack could not be loaded, or two rules share an id or name."""


def _rules_in(module: ModuleType) -> list[RuleMeta]:
    found = []
    for value in vars(module).values():
        meta = getattr(value, "__gwlint_rule__", None)
        if isinstance(meta, RuleMeta) and meta.module == module.__name__:
            found.append(meta)
    return _with_symptoms(module, found)


def _with_symptoms(module: ModuleType, found: list[RuleMeta]) -> list[RuleMeta]:
    """Attach the module's ``SYMPTOMS`` to its rule (one rule per module)."""
    declared = getattr(module, "SYMPTOMS", None)
    if declared is None or not found:
        return found
    if len(found) > 1:
        raise RuleLoadError(f"{module.__name__}: SYMPTOMS needs exactly one rule in the module")
    from gwlint.symptoms import SymptomError, parse_symptoms  # not needed by a check

    try:
        symptoms = parse_symptoms(declared, module.__name__)
    except SymptomError as exc:
        raise RuleLoadError(str(exc)) from None
    return [replace(found[0], symptoms=symptoms)]


def _walk_package(package: ModuleType) -> list[RuleMeta]:
    import pkgutil  # only here: a check from the rule index never walks a package

    rules = _rules_in(package)
    for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rules.extend(_rules_in(module))
    return rules


def _pack_rules(name: str, value: str, load: Callable[[], ModuleType]) -> list[RuleMeta]:
    try:
        module = load()
    except Exception as exc:  # a broken third-party pack must be named, not crash
        raise RuleLoadError(f"rule pack '{name}' ({value}) failed to load: {exc}") from exc
    return [replace(meta, pack=name) for meta in _walk_package(module)]


def load_entry_point_rules() -> list[RuleMeta]:
    from gwlint.entrypoints import rule_packs

    builtin = ("builtin", "gwlint_rules")
    if rule_packs() == [builtin]:  # the usual case, read without importlib.metadata
        return _pack_rules(*builtin, lambda: importlib.import_module(builtin[1]))
    from importlib.metadata import entry_points

    rules: list[RuleMeta] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        rules.extend(_pack_rules(ep.name, ep.value, ep.load))
    return rules


def load_rules_dir(directory: str | Path) -> list[RuleMeta]:
    path = Path(directory)
    if not path.is_dir():
        raise RuleLoadError(f"--rules-dir {directory}: not a directory")
    rules: list[RuleMeta] = []
    for file in sorted(path.glob("*.py")):
        if file.name.startswith("_"):
            continue
        name = f"{_LOCAL_PREFIX}{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            raise RuleLoadError(f"{file}: cannot be imported")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise RuleLoadError(f"{file}: failed to import: {type(exc).__name__}: {exc}") from exc
        rules.extend(replace(meta, pack=str(path)) for meta in _rules_in(module))
    return rules


def _defined_in(meta: RuleMeta) -> str:
    """The rule's module; for --rules-dir modules its file (stems can repeat across dirs)."""
    if meta.module.startswith(_LOCAL_PREFIX):
        return str(Path(meta.pack) / f"{meta.module.removeprefix(_LOCAL_PREFIX)}.py")
    return meta.module


def check_unique(rules: Sequence[RuleMeta]) -> None:
    seen: dict[str, RuleMeta] = {}
    for meta in rules:
        for key in (meta.id, meta.name):
            other = seen.get(key)
            if other is not None and other is not meta:
                raise RuleLoadError(
                    f"duplicate rule {key}: defined in {_defined_in(other)} and {_defined_in(meta)}"
                )
            seen[key] = meta


def all_rules(rules_dirs: Iterable[str | Path] = ()) -> list[RuleMeta]:
    rules = load_entry_point_rules()
    for directory in rules_dirs:
        rules.extend(load_rules_dir(directory))
    check_unique(rules)
    ordered(rules)  # a dependency cycle is a load error, not a crash mid-run
    return sorted(rules, key=lambda r: r.id)


def _matches(meta: RuleMeta, selector: str) -> bool:
    """An id, an id prefix (``GW2``), a kebab name, or ``ALL``."""
    key = selector.strip()
    return key.upper() == "ALL" or meta.name == key or meta.id.upper().startswith(key.upper())


def unknown_selectors(rules: Sequence[RuleMeta], selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if s.strip() and not any(_matches(r, s) for r in rules)]


def select(
    rules: Sequence[RuleMeta],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    live: bool = False,
    probe: bool = False,
) -> list[RuleMeta]:
    chosen = list(select)
    ignored = list(ignore)
    result = []
    for meta in rules:
        if meta.live and not live:
            continue
        if meta.probe and not probe:
            continue
        if chosen and not any(_matches(meta, s) for s in chosen):
            continue
        if any(_matches(meta, s) for s in ignored):
            continue
        result.append(meta)
    return result


def find(rules: Sequence[RuleMeta], key: str) -> RuleMeta | None:
    for meta in rules:
        if meta.id.upper() == key.upper() or meta.name == key:
            return meta
    return None


def ordered(rules: Sequence[RuleMeta]) -> list[RuleMeta]:
    """Prerequisites before dependents (stable by id otherwise)."""
    by_id = {r.id: r for r in rules}
    done: dict[str, RuleMeta] = {}
    visiting: set[str] = set()

    def visit(meta: RuleMeta) -> None:
        if meta.id in done:
            return
        if meta.id in visiting:
            raise RuleLoadError(f"rule {meta.id} depends on itself through {sorted(visiting)}")
        visiting.add(meta.id)
        for dep in meta.requires:
            if dep in by_id:
                visit(by_id[dep])
        visiting.discard(meta.id)
        done[meta.id] = meta

    for meta in sorted(rules, key=lambda r: r.id):
        visit(meta)
    return list(done.values())
