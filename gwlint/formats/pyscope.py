"""Which names a Python scope binds, and whether a name's value can be known statically.

A boto3 script passes dicts built a few lines earlier (``authorizerConfiguration=
auth_config``). gwlint never runs the script: a name is known only when its
scope binds it exactly once, outside any loop, to an expression, before it is
used, and nothing mutates it afterwards (``cfg["x"] = …``, ``cfg.update(…)``).
Anything else may hold another value when the call runs, so it is left
unresolved rather than guessed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

#: Methods that change a dict or list in place: a name they are called on is not a literal.
MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "popitem",
        "remove",
        "clear",
        "update",
        "setdefault",
        "sort",
        "reverse",
        "__setitem__",
        "__delitem__",
    }
)

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class Binding:
    """One binding of a name; ``value`` is set for a plain ``name = expr``."""

    value: ast.expr | None
    line: int
    column: int
    in_loop: bool


@dataclass
class Scope:
    """The names one module, function or class body binds."""

    parent: Scope | None = None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    mutated: set[str] = field(default_factory=set)
    escaped: set[str] = field(default_factory=set)  # global / nonlocal declarations

    def known(self, name: str, line: int, column: int) -> tuple[ast.expr, Scope] | None:
        """The one expression ``name`` is bound to at (``line``, ``column``), if it is certain."""
        scope: Scope | None = self
        ordered = True  # a function body runs after its module has bound its names
        while scope is not None:
            if name in scope.escaped:
                return None
            found = scope.bindings.get(name)
            if found is not None:
                if len(found) != 1 or name in scope.mutated:
                    return None
                binding = found[0]
                if binding.value is None or binding.in_loop:
                    return None
                if ordered and (binding.line, binding.column) >= (line, column):
                    return None
                return binding.value, scope
            scope, ordered = scope.parent, False
        return None


class _Collector(ast.NodeVisitor):
    """Fills a scope from one body, not descending into nested scopes."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.loops = 0

    def bind(self, name: str, node: ast.AST, value: ast.expr | None) -> None:
        binding = Binding(value, node.lineno, node.col_offset, self.loops > 0)  # type: ignore[attr-defined]
        self.scope.bindings.setdefault(name, []).append(binding)

    def target(self, node: ast.expr, value: ast.expr | None) -> None:
        if isinstance(node, ast.Name):
            self.bind(node.id, node, value)
        elif isinstance(node, ast.Tuple | ast.List):
            for item in node.elts:
                self.target(item, None)
        elif isinstance(node, ast.Starred):
            self.target(node.value, None)
        elif isinstance(node, ast.Subscript | ast.Attribute):
            self.mutate(node)

    def mutate(self, node: ast.expr) -> None:
        while isinstance(node, ast.Subscript | ast.Attribute):
            node = node.value
        if isinstance(node, ast.Name):
            self.scope.mutated.add(node.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        for item in node.targets:
            self.target(item, node.value)
        self.visit(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.target(node.target, node.value)
            self.visit(node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.target(node.target, None)
        self.visit(node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.target(node.target, node.value)
        self.visit(node.value)

    def visit_Delete(self, node: ast.Delete) -> None:
        for item in node.targets:
            self.target(item, None)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.bind(name, node, None)

    visit_ImportFrom = visit_Import

    def visit_Global(self, node: ast.Global | ast.Nonlocal) -> None:
        self.scope.escaped.update(node.names)

    visit_Nonlocal = visit_Global

    def visit_For(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self.loops += 1
        if not isinstance(node, ast.While):
            self.target(node.target, None)
        self.generic_visit(node)
        self.loops -= 1

    visit_AsyncFor = visit_While = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self.target(item.optional_vars, None)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bind(node.name, node, None)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in MUTATORS:
            self.mutate(func.value)
        self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SCOPES):
                if not isinstance(child, ast.Lambda):
                    self.bind(child.name, child, None)
            elif not isinstance(child, _COMPREHENSIONS):
                self.visit(child)


def scope_of(body: list[ast.stmt], parent: Scope | None = None) -> Scope:
    """The bindings of one body (a module, or a function's or class's statements)."""
    scope = Scope(parent)
    collector = _Collector(scope)
    for statement in body:
        collector.visit(statement)
    return scope


def calls_in(tree: ast.Module) -> list[tuple[ast.Call, Scope]]:
    """Every call in ``tree`` with the scope it runs in, in source order."""
    found: list[tuple[ast.Call, Scope]] = []

    def walk(node: ast.AST, scope: Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                walk(child, scope_of(child.body, scope))
            else:
                if isinstance(child, ast.Call):
                    found.append((child, scope))
                walk(child, scope)

    walk(tree, scope_of(tree.body))
    found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    return found


__all__ = ["Binding", "Scope", "calls_in", "scope_of"]
