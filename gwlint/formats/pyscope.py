"""Which names a Python program binds, and whether a name's value can be known statically.

A boto3 script passes dicts built a few lines earlier (``authorizerConfiguration=
auth_config``). gwlint never runs the script: a name is known only when the
scope that owns it binds it exactly once, outside any loop, to an expression,
before it is used, and nothing may change that object afterwards. Anything
else may hold another value when the call runs, so it is left unresolved
rather than guessed.

"Nothing may change it" is decided for the whole file at once, conservatively:

- every scope is read — functions, methods, lambdas, comprehensions, class
  bodies — and a name is resolved as Python resolves it (parameters and
  comprehension variables shadow, class bodies are invisible to the functions
  inside them, ``global``/``nonlocal`` reach the owning scope);
- an object (a dict or list: strings, numbers and tuples of them cannot be) is
  *changed* by item or attribute assignment or deletion, by
  augmented assignment, by any method call not known to leave its receiver
  alone (``update``, ``setdefault``, ``append``… and every unknown method), and
  by being passed to any call not known to leave its arguments alone
  (``tweak(cfg)``, ``setattr(cfg, …)``, ``operator.setitem(cfg, …)``); a function
  defined in the file (undecorated) changes an argument only where its body
  changes the parameter that receives it;
- aliases share the change: ``a = cfg``, ``inner = cfg["x"]``, ``for a in [cfg]``,
  ``cfg = {"k": inner}``, parameters and their default values tie a name to the
  objects it may hold, so a change through the name reaches them (the other way
  needs nothing: a name bound to part of an object is not a literal);
- an object of unknown origin (the result of an unknown call) that is changed
  may be any global a function of the file returns: every name that a function
  or lambda reads from an enclosing scope is then unknown;
- a name rebound from a nested scope (``global``/``nonlocal``), a ``from m import *``
  after the binding, a change to what ``globals()``/``locals()``/``vars()`` return,
  and ``exec``/``eval`` anywhere (which may rebind any name) make names unknown.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field

#: Recursion room while a parsed tree is walked (the parser itself stops far below).
_WALK_LIMIT = 30_000
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
#: Builtins that may rebind any name of the program.
_DYNAMIC = frozenset({"exec", "eval", "__import__"})
#: Builtins returning a namespace: changing what they return may rebind any name.
_NAMESPACES = frozenset({"globals", "locals", "vars"})

#: Calls that neither change their arguments nor return an object sharing them.
_FRESH_BUILTINS = frozenset(
    {
        "print", "len", "str", "repr", "ascii", "int", "float", "bool", "complex", "hash",
        "id", "type", "isinstance", "issubclass", "format", "range", "open", "callable",
        "abs", "round", "hex", "oct", "bin", "chr", "ord", "any", "all", "sum", "display",
        "hasattr", "input",
    }
)  # fmt: skip
#: Calls that change nothing but may return an object sharing their arguments' items.
_ALIASING_BUILTINS = frozenset(
    {"list", "tuple", "dict", "set", "frozenset", "sorted", "reversed", "enumerate", "zip",
     "iter", "next", "min", "max", "getattr"}
)  # fmt: skip
_FRESH_QUALIFIED = frozenset(
    {
        "json.dumps", "json.dump", "json.loads", "json.load", "copy.deepcopy", "boto3.client",
        "boto3.resource", "boto3.Session", "boto3.session.Session", "os.getenv",
        "os.environ.get", "uuid.uuid4", "uuid.uuid1", "time.time", "time.sleep",
        "pprint.pprint", "pprint.pformat", "logging.debug", "logging.info", "logging.warning",
        "logging.error", "logging.exception", "logging.critical", "logging.getLogger",
    }
)  # fmt: skip
_ALIASING_QUALIFIED = frozenset({"copy.copy"})
#: Methods that leave their receiver and arguments alone and return something new.
_FRESH_METHODS = frozenset(
    {
        "format", "join", "lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit",
        "replace", "startswith", "endswith", "encode", "decode", "count", "index", "find",
        "isdigit", "isalnum", "title", "capitalize", "splitlines", "removeprefix",
        "removesuffix", "client", "resource",
    }
)  # fmt: skip
#: Methods that leave their receiver alone but may return part of it.
_ALIASING_METHODS = frozenset({"get", "keys", "values", "items", "copy"})
#: A ``logging.getLogger(…)`` logger's methods only format their arguments.
_LOG_METHODS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})
#: The gateway API methods (boto3 copies its arguments).
_API_METHODS = frozenset(
    {"create_gateway", "update_gateway", "create_gateway_target", "update_gateway_target"}
)


@dataclass(frozen=True)
class Binding:
    """One binding of a name; ``value`` is set for a plain ``name = expr``."""

    value: ast.expr | None
    line: int
    column: int
    in_loop: bool
    module: str | None = None  # ``import json`` → "json", ``from copy import copy`` → "copy.copy"
    function: Scope | None = None  # ``def f(…)`` without decorators: the body's scope


@dataclass
class _Program:
    """What the whole file tells about every scope at once."""

    module: Scope | None = None
    dynamic: bool = False
    calls: list[tuple[ast.Call, Scope]] = field(default_factory=list)
    #: (scope, names bound, expression they may share objects with)
    aliases: list[tuple[Scope, list[str], ast.expr]] = field(default_factory=list)
    #: (scope, expression whose objects may be changed)
    changes: list[tuple[Scope, ast.expr]] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    #: names read from an enclosing scope by a function or lambda
    free: list[tuple[Scope, str]] = field(default_factory=list)


@dataclass(eq=False)
class Scope:
    """The names one module, function, class, lambda or comprehension binds."""

    parent: Scope | None = None
    kind: str = "module"  # module | function | class | comprehension
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)  # name → "global" | "nonlocal"
    stars: list[tuple[int, int]] = field(default_factory=list)  # ``from m import *``
    #: a function's parameters: positional names in order, then every name
    positional: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)
    #: names whose object may change in place (filled once the whole file is read)
    changed: set[str] = field(default_factory=set)
    #: names rebound from a nested scope (``global``/``nonlocal``)
    rebound: set[str] = field(default_factory=set)
    program: _Program = field(default_factory=_Program, repr=False)

    def owner(self, name: str) -> Scope | None:
        """The scope ``name`` refers to from here (None: a builtin or undefined)."""
        declared = self.declared.get(name)
        if declared == "global":
            return self.program.module
        if declared is None and name in self.bindings:
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind != "class":  # class bodies are invisible to nested scopes
                if scope.declared.get(name) == "global":
                    return self.program.module
                if name in scope.bindings and name not in scope.declared:
                    return scope
            scope = scope.parent
        return None

    def binding(self, name: str, line: int, column: int) -> tuple[Binding, Scope] | None:
        """The one binding ``name`` certainly has at (``line``, ``column``)."""
        owner = self.owner(name)
        if owner is None or self.program.dynamic:
            return None
        found = owner.bindings.get(name)
        if found is None or len(found) != 1 or found[0].in_loop:
            return None
        binding = found[0]
        scope: Scope | None = self
        ordered = True  # a comprehension runs where it is; a function body runs later
        while scope is not owner and scope is not None:
            ordered = ordered and scope.kind == "comprehension"
            scope = scope.parent
        here = (binding.line, binding.column)
        if ordered and here >= (line, column):
            return None
        if any(star > here and (not ordered or star < (line, column)) for star in owner.stars):
            return None
        return binding, owner

    def known(
        self, name: str, line: int, column: int, *, identity: bool = False
    ) -> tuple[ast.expr, Scope] | None:
        """The one expression ``name`` is bound to at (``line``, ``column``), if it is certain.

        ``identity`` asks only which object the name holds (a client), not
        whether that object is unchanged since.
        """
        found = self.binding(name, line, column)
        if found is None:
            return None
        binding, owner = found
        value = binding.value
        if value is None or name in owner.rebound:
            return None
        if not identity and name in owner.changed and not _immutable(value):
            return None
        return value, owner

    def follow(
        self, node: ast.expr, *, identity: bool = False, seen: frozenset[int] = frozenset()
    ) -> tuple[ast.expr, Scope]:
        """Follow names to the one expression ``node`` certainly is, and its scope."""
        scope = self
        while isinstance(node, ast.Name):
            found = scope.known(node.id, node.lineno, node.col_offset, identity=identity)
            if found is None or id(found[0]) in seen:
                break
            node, scope = found
            seen = seen | {id(node)}
        return node, scope

    def qualified(self, node: ast.expr) -> str | None:
        """``json.dumps`` for ``json.dumps`` when ``json`` is the imported module."""
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value)
            return f"{base}.{node.attr}" if base is not None else None
        if isinstance(node, ast.Name):
            found = self.binding(node.id, node.lineno, node.col_offset)
            return found[0].module if found is not None else None
        return None

    def made_by(self, node: ast.expr, method: str) -> ast.Call | None:
        """The ``….<method>(…)`` call that certainly made ``node`` (``client``, ``Session``)."""
        node, _ = self.follow(node, identity=True)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
        ):
            return node
        return None


class _Collector(ast.NodeVisitor):
    """Fills one scope from its body, opening a child scope for every nested one."""

    def __init__(self, scope: Scope, parent: _Collector | None = None) -> None:
        self.scope = scope
        self.loops = 0
        self.parent = parent
        scope.program.scopes.append(scope)

    # -- bindings -----------------------------------------------------------

    def bind(
        self,
        name: str,
        node: ast.AST,
        value: ast.expr | None,
        module: str | None = None,
        function: Scope | None = None,
    ) -> None:
        line, column = node.lineno, node.col_offset  # type: ignore[attr-defined]
        binding = Binding(value, line, column, self.loops > 0, module, function)
        self.scope.bindings.setdefault(name, []).append(binding)

    def target(self, node: ast.expr, value: ast.expr | None, shares: ast.expr | None) -> None:
        """Bind the names of an assignment target; ``shares``: what they may alias."""
        if isinstance(node, ast.Name):
            self.bind(node.id, node, value)
            if shares is not None:
                self.scope.program.aliases.append((self.scope, [node.id], shares))
        elif isinstance(node, ast.Tuple | ast.List):
            for item in node.elts:
                self.target(item, None, shares)
        elif isinstance(node, ast.Starred):
            self.target(node.value, None, shares)
        elif isinstance(node, ast.Subscript | ast.Attribute):
            self.change(node.value)
            if shares is not None:  # the object now holds the value: they share
                self.scope.program.changes.append((self.scope, shares))
            self.visit(node)

    def change(self, node: ast.expr) -> None:
        self.scope.program.changes.append((self.scope, node))

    # -- statements ---------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for item in node.targets:
            self.target(item, node.value, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self.target(node.target, node.value, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.target(node.target, None, node.value)
        self.change(node.target)  # ``items += more`` extends the list in place

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        owner = self
        while owner.scope.kind == "comprehension" and owner.parent is not None:
            owner = owner.parent  # a walrus binds in the enclosing scope
        owner.target(node.target, node.value, node.value)

    def visit_Delete(self, node: ast.Delete) -> None:
        for item in node.targets:
            self.target(item, None, None)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.bind(name, node, None, alias.name if alias.asname else name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.scope.stars.append((node.lineno, node.col_offset))
                continue
            module = f"{node.module}.{alias.name}" if node.module and not node.level else None
            self.bind(alias.asname or alias.name, node, None, module)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self.scope.declared[name] = "global"

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        for name in node.names:
            self.scope.declared[name] = "nonlocal"

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.loops += 1
        self.target(node.target, None, node.iter)
        for statement in node.body + node.orelse:
            self.visit(statement)
        self.loops -= 1

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.loops += 1
        self.generic_visit(node)
        self.loops -= 1

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self.target(item.optional_vars, None, item.context_expr)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bind(node.name, node, None)
        self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.bind(node.name, node, None)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bind(node.name, node, None)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.bind(node.rest, node, None)
        self.generic_visit(node)

    # -- expressions --------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in _DYNAMIC:
            self.scope.program.dynamic = True
        if self.scope.kind != "module" and isinstance(node.ctx, ast.Load):
            self.scope.program.free.append((self.scope, node.id))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "modules" and isinstance(node.value, ast.Name) and node.value.id == "sys":
            self.scope.program.dynamic = True  # sys.modules[__name__].x = …
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.scope.program.calls.append((node, self.scope))
        self.generic_visit(node)

    # -- nested scopes ------------------------------------------------------

    def child(self, kind: str) -> _Collector:
        scope = Scope(self.scope, kind, program=self.scope.program)
        return _Collector(scope, self)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        inner = self.function(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self.bind(node.name, node, None, function=None if node.decorator_list else inner.scope)
        for statement in node.body:
            inner.visit(statement)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.function(node.args).visit(node.body)

    def function(self, args: ast.arguments) -> _Collector:
        """A function's scope with its parameters bound (defaults are read here)."""
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        pairs = list(zip(positional, defaults + list(args.defaults), strict=True))
        pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
        for given in [d for _, d in pairs if d is not None]:
            self.visit(given)
        for arg in [*positional, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)
        inner = self.child("function")
        for arg, default in pairs:
            inner.bind(arg.arg, arg, None)
            if default is not None:  # the parameter may hold the default's object
                inner.scope.program.aliases.append((inner.scope, [arg.arg], default))
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                inner.bind(extra.arg, extra, None)
        inner.scope.positional = [arg.arg for arg in positional]
        inner.scope.parameters = [*inner.scope.bindings]
        return inner

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        self.bind(node.name, node, None)
        inner = self.child("class")
        for statement in node.body:
            inner.visit(statement)

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    ) -> None:
        inner = self.child("comprehension")
        for i, generator in enumerate(node.generators):
            # the first iterable is evaluated outside, the rest inside
            (self if i == 0 else inner).visit(generator.iter)
            inner.loops += 1
            inner.target(generator.target, None, generator.iter)
            for condition in generator.ifs:
                inner.visit(condition)
        if isinstance(node, ast.DictComp):
            inner.visit(node.key)
            inner.visit(node.value)
        else:
            inner.visit(node.elt)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = comprehension


# -- what may change --------------------------------------------------------

_Key = tuple[Scope, str]
_UNKNOWN = "unknown"  # an object of unknown origin
_NAMESPACE = "namespace"  # ``globals()``: every name of the program
_LOCAL = "local"  # a function of the file: its parameters share the arguments


def _local_function(scope: Scope, func: ast.Name) -> Scope | None:
    found = scope.binding(func.id, func.lineno, func.col_offset)
    return found[0].function if found is not None else None


def _arguments(scope: Scope, call: ast.Call, function: Scope) -> list[tuple[str, ast.expr]]:
    """(parameter, argument) pairs of a call to a function of the file."""
    pairs: list[tuple[str, ast.expr]] = []
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred) or i >= len(function.positional):
            pairs += [(name, arg) for name in function.parameters]
        else:
            pairs.append((function.positional[i], arg))
    for keyword in call.keywords:
        if keyword.arg is not None and keyword.arg in function.positional + function.parameters:
            pairs.append((keyword.arg, keyword.value))
        else:
            pairs += [(name, keyword.value) for name in function.parameters]
    return pairs


def _immutable(node: ast.expr) -> bool:
    """A string, number, ``None`` or tuple of them: nothing can change it in place."""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.Tuple):
        return all(_immutable(item) for item in node.elts)
    return False


def _call_kind(scope: Scope, call: ast.Call) -> str:
    """``fresh``, ``aliasing`` (returns part of its inputs) or ``unknown`` (may change them)."""
    func = call.func
    name = scope.qualified(func)
    if name in _FRESH_QUALIFIED:
        return "fresh"
    if name in _ALIASING_QUALIFIED:
        return "aliasing"
    if isinstance(func, ast.Name) and _local_function(scope, func) is not None:
        return _LOCAL
    if isinstance(func, ast.Name) and scope.owner(func.id) is None:
        if func.id in _NAMESPACES:
            return _NAMESPACE
        if func.id in _FRESH_BUILTINS:
            return "fresh"
        if func.id in _ALIASING_BUILTINS:
            return "aliasing"
    if isinstance(func, ast.Attribute):
        if func.attr in _API_METHODS or func.attr in _FRESH_METHODS:
            return "fresh"
        if func.attr in _ALIASING_METHODS:
            return "aliasing"
        if scope.made_by(func.value, "client") is not None:  # boto3 copies its arguments
            return "fresh"
        if func.attr in _LOG_METHODS and scope.made_by(func.value, "getLogger") is not None:
            return "fresh"
    return _UNKNOWN


def _objects(scope: Scope, node: ast.expr) -> set[_Key | str]:
    """The named objects the value of ``node`` may share (``unknown``: any)."""
    if isinstance(node, ast.Name):
        owner = scope.owner(node.id)
        return {(owner, node.id)} if owner is not None else set()
    if isinstance(node, ast.Constant | ast.JoinedStr | ast.Lambda | ast.Compare):
        return set()
    if isinstance(node, ast.Call):
        kind = _call_kind(scope, node)
        if kind == "fresh":
            return set()
        if kind in (_UNKNOWN, _NAMESPACE):
            return {kind}
        if kind == _LOCAL:  # it may return an argument, or any global
            returned: set[_Key | str] = {_UNKNOWN}
            for part in [*node.args, *(k.value for k in node.keywords)]:
                returned |= _objects(scope, part)
            return returned
        parts: list[ast.expr] = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(node.func, ast.Attribute):
            parts.append(node.func.value)
        return set().union(*(_objects(scope, part) for part in parts))
    if isinstance(node, ast.Await | ast.Yield | ast.YieldFrom):
        return {_UNKNOWN}
    if isinstance(node, _COMPREHENSIONS):  # its items come from its iterables
        found: set[_Key | str] = set()
        for generator in node.generators:
            found |= _objects(scope, generator.iter)
        return found
    found = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            found |= _objects(scope, child)
    return found


def _settle(program: _Program) -> None:
    """Mark, in the owning scopes, every name whose object may change."""
    shares: dict[_Key, set[_Key | str]] = {}
    for scope, names, expr in program.aliases:
        objects = _objects(scope, expr)
        for name in names:
            owner = scope.owner(name)
            if owner is not None:
                key = (owner, name)
                # a change through the name reaches what it holds; the other way
                # needs no edge: a name bound to part of an object is not a literal
                shares.setdefault(key, set()).update(objects)
    roots: set[_Key | str] = set()
    for scope, expr in program.changes:
        roots |= _objects(scope, expr)
    for call, scope in program.calls:
        kind = _call_kind(scope, call)
        if kind == _LOCAL and isinstance(call.func, ast.Name):
            function = _local_function(scope, call.func)
            assert function is not None
            for parameter, argument in _arguments(scope, call, function):
                shares.setdefault((function, parameter), set()).update(_objects(scope, argument))
            continue
        if kind != _UNKNOWN:
            continue
        parts = [*call.args, *(k.value for k in call.keywords)]
        if isinstance(call.func, ast.Attribute):
            parts.append(call.func.value)
        for part in parts:
            roots |= _objects(scope, part)
    for scope in program.scopes:  # bound from a nested scope through global/nonlocal
        for name in scope.declared:
            owner = scope.owner(name)
            if name in scope.bindings and owner is not None:
                owner.rebound.add(name)
    changed = _reach(roots, shares)
    if _UNKNOWN in changed:  # an unknown call's result changed: it may be any global
        for scope, name in program.free:
            owner = scope.owner(name)
            if owner is not None and owner is not scope:
                changed.add((owner, name))
        changed = _reach(changed, shares)
    if _NAMESPACE in changed:  # ``globals()["cfg"] = …``, ``globals().update(…)``
        program.dynamic = True
    for item in changed:
        if not isinstance(item, str):
            item[0].changed.add(item[1])


def _reach(roots: set[_Key | str], shares: dict[_Key, set[_Key | str]]) -> set[_Key | str]:
    found = set(roots)
    todo = [key for key in roots if not isinstance(key, str)]
    while todo:
        for other in shares.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                if not isinstance(other, str):
                    todo.append(other)
    return found


def read_program(tree: ast.Module) -> tuple[Scope, list[tuple[ast.Call, Scope]]]:
    """The module's scope and every call in it with the scope it runs in, in source order."""
    program = _Program()
    module = Scope(program=program)
    program.module = module
    collector = _Collector(module)
    # the walk recurses once per level: a tree the parser accepted under the normal
    # limit (a few thousand levels at most, ``x = a + a + … + a``) gets room for it
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _WALK_LIMIT))
    try:
        for statement in tree.body:
            collector.visit(statement)
        _settle(program)
    finally:
        sys.setrecursionlimit(limit)
    calls = sorted(program.calls, key=lambda item: (item[0].lineno, item[0].col_offset))
    return module, calls


__all__ = ["Binding", "Scope", "read_program"]
