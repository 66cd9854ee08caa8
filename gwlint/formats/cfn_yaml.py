"""YAML templates decoded with CloudFormation's short tags, every node located.

CloudFormation reads YAML 1.1 with its own tags (``!Ref``, ``!GetAtt A.B``,
``!Sub``…), which stand for the long JSON forms (``{"Ref": …}``,
``{"Fn::GetAtt": ["A", "B"]}``). PyYAML composes the node graph with marks
(its C parser when built with libyaml); this walks it into plain values and a
:class:`~gwlint.jsonpos.LocatedDocument` whose positions are 1-based like the
JSON loader's, duplicate keys included. PyYAML is imported here only, and this
module only when a YAML template is read.

Dates stay strings (``AWSTemplateFormatVersion: 2010-09-09`` is text to
CloudFormation). Aliases are expanded with a node budget, so a "billion
laughs" file is an error, not a hang.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from gwlint.formats import FormatError
from gwlint.jsonpos import DuplicateKey, LocatedDocument, Position, join_pointer, line_column

#: Short tags and the long-form key each stands for (CloudFormation's documented set).
SHORT_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in [
            "And",
            "Base64",
            "Cidr",
            "Equals",
            "FindInMap",
            "ForEach",
            "GetAZs",
            "GetAtt",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform",
        ]
    },
}

_MAX_DEPTH = 200
_MAX_NODES = 200_000  # after alias expansion; real templates hold a few thousand
_CONSTRUCTED = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null"))

_MERGE = "tag:yaml.org,2002:merge"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = SafeConstructor()


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.doc = LocatedDocument(data=None, format="cloudformation")
        #: pointer of an intrinsic function -> the text as written (``!GetAtt Rt.Arn``)
        self.spelled: dict[str, str] = {}
        self.nodes = 0
        #: (key, first, second) of each duplicate recorded: a mapping merged with ``<<``
        #: is walked again at every merge, its duplicates are one each
        self._duplicated: set[tuple[str, Position, Position]] = set()

    def fail(self, message: str, node: Node) -> FormatError:
        mark = node.start_mark
        return FormatError(message, mark.line + 1, mark.column + 1)

    def position(self, node: Node) -> Position:
        return Position(node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: Node, pointer: str, depth: int) -> Any:
        self.nodes += 1
        if depth > _MAX_DEPTH:
            raise self.fail("YAML nested too deeply (or an alias refers to itself)", node)
        if self.nodes > _MAX_NODES:
            raise self.fail(f"more than {_MAX_NODES} values once aliases are expanded", node)
        self.doc.values[pointer] = self.position(node)
        tag = node.tag
        if tag.startswith("!"):
            return self.intrinsic(node, pointer, depth)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [
                self.value(item, join_pointer(pointer, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            return self.mapping(node, pointer, depth)
        raise self.fail(f"unsupported YAML node {tag}", node)  # pragma: no cover

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag in _CONSTRUCTED:
            try:
                return _constructor.construct_object(node)
            except (yaml.YAMLError, ValueError) as exc:
                raise self.fail(f"cannot read {node.value!r}: {exc}", node) from None
        return node.value  # str, and timestamps/binary kept as written

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        pairs = [(k, v) for k, v in node.value if k.tag != _MERGE]
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # ``<<: *defaults``: keys written here win
                result.update(self.merged(value_node, pointer, depth))
        for key_node, value_node in pairs:
            if not isinstance(key_node, ScalarNode) or key_node.tag.startswith("!"):
                raise self.fail("a mapping key must be plain text", key_node)
            key = str(key_node.value)
            key_pos = self.position(key_node)
            if key in seen and (key, seen[key], key_pos) not in self._duplicated:
                self._duplicated.add((key, seen[key], key_pos))
                self.doc.duplicates.append(DuplicateKey(pointer, key, seen[key], key_pos))
            seen[key] = key_pos
            child = join_pointer(pointer, key)
            self.doc.keys[child] = key_pos
            result[key] = self.value(value_node, child, depth + 1)
            if _block(value_node):  # an indented block is located at its key, as users read it
                self.doc.values[child] = key_pos
        return result

    def merged(self, node: Node, pointer: str, depth: int) -> dict[str, Any]:
        """The mappings a merge key names, the first one winning, located where written."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        here = self.doc.values[pointer]
        result: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise self.fail("a merge key (<<) takes a mapping or a list of mappings", source)
            self.nodes += 1
            result.update(self.mapping(source, pointer, depth + 1))
        self.doc.values[pointer] = here
        return result

    def intrinsic(self, node: Node, pointer: str, depth: int) -> dict[str, Any]:
        """``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``, located at the tag."""
        name = SHORT_TAGS.get(node.tag)
        if name is None:
            raise self.fail(f"unknown tag {node.tag}: not a CloudFormation function", node)
        child = join_pointer(pointer, name)
        self.doc.values[child] = self.doc.keys[child] = self.position(node)
        if isinstance(node, ScalarNode):
            argument: Any = node.value
            if name == "Fn::GetAtt":
                argument = node.value.split(".", 1)
                for i in range(len(argument)):
                    self.doc.values[join_pointer(child, i)] = self.position(node)
        elif isinstance(node, SequenceNode):
            argument = [
                self.value(item, join_pointer(child, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        else:
            assert isinstance(node, MappingNode)
            argument = self.mapping(node, child, depth + 1)
        self.spelled[pointer] = self.written(node, argument)
        return {name: argument}

    def written(self, node: Node, argument: Any) -> str:
        """The function as the user wrote it (a block argument in flow form), shortened."""
        if isinstance(node, ScalarNode) or (isinstance(node, CollectionNode) and node.flow_style):
            text = " ".join(self.text[node.start_mark.index : node.end_mark.index].split())
        else:
            text = f"{node.tag} {json.dumps(argument, default=str)}"
        return text if len(text) <= 80 else text[:79] + "…"


def loads(text: str) -> tuple[LocatedDocument, dict[str, str]]:
    """Decode a YAML template; ``(document, pointer -> intrinsic as written)``.

    Raises :class:`FormatError` (located) for YAML the parser refuses, more than
    one document, an unknown ``!`` tag or a non-text key.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = ", ".join(str(part) for part in (exc.context, exc.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise FormatError(message or "not YAML", line, column) from None
    except RecursionError:  # the pure-Python composer recurses; libyaml stops at 1000 levels
        raise FormatError("YAML nested too deeply", 1, 1) from None
    except yaml.reader.ReaderError as exc:
        line, column = line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FormatError(f"character U+{code:04X} is not allowed in YAML", line, column) from None
    finally:
        loader.dispose()
    walker = _Walker(text)
    if root is None:
        walker.doc.data = None
        return walker.doc, walker.spelled
    walker.doc.data = walker.value(root, "", 0)
    return walker.doc, walker.spelled


def _block(node: Node) -> bool:
    return (
        isinstance(node, MappingNode | SequenceNode)
        and not node.tag.startswith("!")
        and (node.flow_style is False)
    )


__all__ = ["SHORT_TAGS", "loads"]
