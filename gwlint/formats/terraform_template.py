"""Terraform template strings, as both of its syntaxes write them.

A string holding ``${…}`` or ``%{…}`` is a template Terraform evaluates at
plan time, in HCL (``.tf``) as in the JSON syntax (``.tf.json``); ``$${`` and
``%%{`` are escapes for the literal text. gwlint evaluates one kind of
interpolation only, ``${var.<name>}`` of a variable with a literal default;
everything else in a template is set at deploy time. One module for both
readers, so the two syntaxes cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Any

#: An interpolation or a directive that is not escaped.
TEMPLATE = re.compile(r"(?<!\$)\$\{|(?<!%)%\{")
#: ``var.<name>``: a reference to an input variable of the module.
VARIABLE = re.compile(r"var\.([A-Za-z_][A-Za-z0-9_-]*)")


def literal(text: str) -> str | None:
    """The text a template without interpolations stands for; None when it has some."""
    if TEMPLATE.search(text):
        return None
    return text.replace("$${", "${").replace("%%{", "%{")


def interpolated(value: Any) -> str | None:
    """``value`` as ``${…}`` writes it into a string; None for what gwlint does not render.

    Strings and numbers only: Terraform renders ``true`` as ``true``, which
    ``str`` would not, and lists or maps are no string at all.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


__all__ = ["TEMPLATE", "VARIABLE", "interpolated", "literal"]
