"""A notebook cell's IPython lines turned into the Python the kernel would run, columns kept.

IPython rewrites a line only where it starts a logical line (``% pool_id`` on
the continuation line of an expression is Python's ``%``), so a small scanner
follows brackets, string literals (triple-quoted ones too) and backslash
continuations from line to line. What each IPython line becomes:

- ``!shell``, ``%magic``, help (``cfg?``, ``?cfg``, ``cfg??``): ``pass`` at the
  line's indentation (a block whose body is only magics stays a block);
- ``x = !ls``, ``x = %env HOME``: ``x = get_ipython()``, a call whose value is unknown;
- ``%time STMT``, ``%timeit -n 3 STMT``, ``%prun STMT``: STMT, which runs; its
  nodes' columns are moved back to where STMT is written (see ``removed``);
- any other magic may rebind names (``%run -i``, ``%store -r``, ``%load``,
  ``%autoreload``, third-party magics): ``exec``, which makes every name read
  from the program unknown — conservative: a stale value is never judged.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BLANK = " \t\f"
_MAGIC = re.compile(r"%+(\w*)(\?{0,2})")
_HELP_END = re.compile(r"%{0,2}[\w*]+(?:\.[\w*]+)*\?\??")
_ASSIGN = re.compile(r"(?P<lhs>[^=]*?[\w\])'\"][ \t]*=)[ \t]*(?P<op>[!%])")
#: Magics that run their argument as a Python statement, with their options (getopt letters;
#: a letter followed by ``:`` takes a value).
_STATEMENT_MAGICS = {"time": "", "timeit": "n:r:tcp:qo", "prun": "D:l:rs:T:q"}
_NESTED_LIMIT = 20
#: Line magics that cannot rebind a name of the user's namespace.
_HARMLESS = frozenset(
    {
        "pip", "conda", "mamba", "micromamba", "matplotlib", "env", "set_env", "cd", "pwd",
        "ls", "ll", "lf", "lk", "lx", "ldir", "mkdir", "rmdir", "cat", "cp", "mv", "rm",
        "clear", "less", "more", "man", "pushd", "popd", "dirs", "dhist", "bookmark",
        "config", "who", "whos", "who_ls", "history", "hist", "precision", "pprint", "xmode",
        "colors", "automagic", "autocall", "autoindent", "lsmagic", "magic", "quickref",
        "page", "pinfo", "pinfo2", "pdef", "pdoc", "psource", "pfile", "psearch", "alias",
        "unalias", "sx", "system", "save", "logstart", "logstop", "logon", "logoff",
        "logstate", "tb", "pdb", "doctest_mode", "killbgscripts", "notebook", "gui",
        # loading an extension registers its magics; using one of them is what may rebind
        "load_ext", "reload_ext", "unload_ext",
    }
)  # fmt: skip
#: Cell magics whose body is still Python run in the kernel.
PYTHON_CELL_MAGICS = frozenset({"%%time", "%%timeit", "%%capture", "%%prun"})


@dataclass
class CellPython:
    """A cell as Python: the text to parse and the columns its nodes need moved."""

    text: str  # what ``ast`` parses
    shown: str  # the same lines with each kept statement as written (positions, quotes)
    #: 1-based line → the text a kept statement was written after (``%time -n 3 ``)
    removed: dict[int, str] = field(default_factory=dict)

    def restore_columns(self, tree: ast.AST) -> None:
        """Move the nodes of kept statements back to their written columns."""
        if not self.removed:
            return
        shifts = {line: len(text.encode("utf-8")) for line, text in self.removed.items()}
        for node in ast.walk(tree):  # ast columns are UTF-8 byte offsets
            lineno = getattr(node, "lineno", None)
            if lineno in shifts:
                node.col_offset += shifts[lineno]  # type: ignore[attr-defined]
            end = getattr(node, "end_lineno", None)
            if end in shifts and getattr(node, "end_col_offset", None) is not None:
                node.end_col_offset += shifts[end]  # type: ignore[attr-defined]

    def written_column(self, line: int, column: int) -> int:
        """A parsed text's 1-based character column where the user wrote it."""
        return column + len(self.removed.get(line, ""))


@dataclass
class _State:
    """Where the scanner is at a line's start: inside brackets, a string, a continuation."""

    depth: int = 0
    quote: str = ""  # the open string's quote: ' " ''' or \"\"\"
    continued: bool = False

    @property
    def at_start(self) -> bool:
        return not (self.depth or self.quote or self.continued)

    def scan(self, line: str) -> None:
        """Follow one physical line of Python."""
        body = line.rstrip("\r\n")
        self.continued = False
        escaped_end = False
        i = 0
        while i < len(body):
            char = body[i]
            if self.quote:
                if char == "\\":
                    escaped_end = i == len(body) - 1
                    i += 2
                elif body.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = ""
                else:
                    i += 1
                continue
            if char == "#":
                break
            if char in "'\"":
                self.quote = body[i : i + 3] if body[i : i + 3] in ("'''", '"""') else char
                i += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and i == len(body) - 1:
                self.continued = True
            i += 1
        if len(self.quote) == 1 and not escaped_end:
            self.quote = ""  # an unterminated one-line string: the parser reports it


def cell_python(text: str) -> CellPython:
    """The cell's Python (line numbers kept); a non-Python cell magic blanks the cell."""
    lines = _LINE.findall(text)
    if lines and lines[0].startswith("%%") and lines[0].split()[0] not in PYTHON_CELL_MAGICS:
        blank = "".join(_ending(line) for line in lines)
        return CellPython(blank, blank)
    parsed: list[str] = []
    shown: list[str] = []
    removed: dict[int, str] = {}
    state = _State()
    magic_continues = False
    for number, line in enumerate(lines, start=1):
        if magic_continues:  # a magic's backslash continuation belongs to the magic
            magic_continues = _backslashed(line)
            parsed.append(_ending(line))
            shown.append(_ending(line))
            continue
        if number == 1 and line.startswith("%%"):
            found: tuple[str, int] | None = (_cell_magic_line(line), 0)
        else:
            found = _ipython(line) if state.at_start else None
        if found is None:
            state.scan(line)
            parsed.append(line)
            shown.append(line)
            continue
        python, shift = found
        parsed.append(python)
        if shift:
            indent = _indent(line)
            removed[number] = line[len(indent) : len(indent) + shift]
            shown.append(line)
            state.scan(python)
        else:
            shown.append(python)
            magic_continues = _backslashed(line)
    return CellPython("".join(parsed), "".join(shown), removed)


def _ipython(line: str, nested: int = 0) -> tuple[str, int] | None:
    """The Python for an IPython line starting a logical line, and the columns removed (or None)."""
    indent = _indent(line)
    body = line[len(indent) :].rstrip("\r\n")
    end = _ending(line)
    if not body:
        return None
    if body[0] == "!" or body[0] == "?" or _HELP_END.fullmatch(body):
        return f"{indent}pass{end}", 0
    if body[0] == "%":
        magic = _MAGIC.match(body)
        assert magic is not None
        name, help_suffix = magic.groups()
        if help_suffix:
            return f"{indent}pass{end}", 0
        if name in _STATEMENT_MAGICS:
            start = _statement_start(body, magic.end(), _STATEMENT_MAGICS[name])
            if start >= len(body):
                return f"{indent}pass{end}", 0
            if nested > _NESTED_LIMIT:  # ``%time %time …`` a thousand times: give up safely
                return f"{indent}exec{end}", 0
            inner = _ipython(indent + body[start:] + end, nested + 1)
            if inner is None:
                return indent + body[start:] + end, start
            return inner[0], inner[1] + start if inner[1] else 0
        if _rebinds(name, body[magic.end() :]):
            return f"{indent}exec{end}", 0
        return f"{indent}pass{end}", 0
    assign = _ASSIGN.match(body)
    if assign is not None and _plain(assign.group("lhs")):
        lhs = assign.group("lhs")
        rest = body[assign.end() :]
        magic = _MAGIC.match("%" + rest) if assign.group("op") == "%" else None
        runs = magic is not None and magic.group(1) in _STATEMENT_MAGICS
        if runs or (magic is not None and _rebinds(magic.group(1), rest)):
            return f"{indent}{lhs} exec(){end}", 0
        return f"{indent}{lhs} get_ipython(){end}", 0
    return None


def _cell_magic_line(line: str) -> str:
    """A Python cell magic's first line: ``%%capture out`` binds ``out`` to an unknown value."""
    words = line.split()
    names = [word for word in words[1:] if not word.startswith("-")]
    if words[0] == "%%capture" and names and names[0].isidentifier():
        return f"{names[0]} = get_ipython(){_ending(line)}"
    return f"pass{_ending(line)}"


def _plain(text: str) -> bool:
    """Whether ``text`` ends outside brackets and strings (an assignment's left side)."""
    state = _State()
    state.scan(text)
    return state.at_start and not state.continued


def _rebinds(name: str, arguments: str) -> bool:
    """Whether line magic ``name`` may rebind a name of the program."""
    if name == "store":
        return "-r" in arguments.split()
    return name not in _HARMLESS


def _statement_start(body: str, at: int, options: str) -> int:
    """Where the statement after a magic's name and getopt-style options starts in ``body``."""
    words = list(re.finditer(r"\S+", body[at:]))
    i = 0
    while i < len(words) and words[i].group().startswith("-"):
        word = words[i].group()
        i += 1
        if word == "--":
            break
        letters = word[1:]
        for k, letter in enumerate(letters):
            if options.find(letter + ":") >= 0:
                if k == len(letters) - 1:
                    i += 1  # the value is the next word
                break
    return at + words[i].start() if i < len(words) else len(body)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(_BLANK))]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _backslashed(line: str) -> bool:
    return line.rstrip("\r\n").endswith("\\")


__all__ = ["PYTHON_CELL_MAGICS", "CellPython", "cell_python"]
