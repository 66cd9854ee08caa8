"""A Terraform module's blocks, whatever the syntax they were written in.

HCL (``.tf``) and Terraform's JSON syntax (``.tf.json``) decode into the same
small tree: a :class:`Body` holds attributes (literal values, or
:class:`~gwlint.unresolved.Unresolved` where Terraform evaluates them) and
nested :class:`Block` instances. Every node carries its pointer as written,
and the module-wide :class:`~gwlint.jsonpos.LocatedDocument` ``positions``
maps those pointers to line and column, so the mapping onto the API never
needs to know which syntax it reads.

Pointers follow Terraform's JSON syntax with every nested block an array:
``/resource/aws_bedrockagentcore_gateway/main/authorizer_configuration/0/
custom_jwt_authorizer/0/discovery_url``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gwlint.jsonpos import LocatedDocument


@dataclass
class Body:
    """The content of one block (or of a whole file)."""

    pointer: str
    file: str
    attributes: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def of(self, kind: str) -> list[Block]:
        """The nested blocks of one type, in the order written."""
        return [block for block in self.blocks if block.kind == kind]

    def dynamic(self, kind: str) -> Block | None:
        """The ``dynamic "<kind>"`` block generating blocks of ``kind``, if any."""
        for block in self.blocks:
            if block.kind == "dynamic" and block.labels[:1] == [kind]:
                return block
        return None


@dataclass
class Block:
    kind: str  # the block type: resource, provider, authorizer_configuration…
    labels: list[str]
    body: Body

    @property
    def pointer(self) -> str:
        return self.body.pointer


@dataclass
class Module:
    """Every file of one module folder, decoded: top-level blocks and their positions."""

    blocks: list[Block] = field(default_factory=list)
    positions: LocatedDocument = field(default_factory=lambda: LocatedDocument(data=None))

    def of(self, kind: str) -> list[Block]:
        return [block for block in self.blocks if block.kind == kind]


__all__ = ["Block", "Body", "Module"]
