"""The formats gwlint reads, most specific first: recognition without imports.

Each entry names its reader module (imported only when a file of the format
is read), the file endings it claims, a ``marker`` that says the text holds
gateway definitions of the format, and a ``family`` pattern that says the file
is of the format at all (so a template without AgentCore resources is named
as such instead of "unrecognised").
"""

from __future__ import annotations

import re

from gwlint.formats import Format

FORMATS: tuple[Format, ...] = (
    Format(
        name="cloudformation",
        title="CloudFormation template",
        module="gwlint.formats.cloudformation",
        extensions=(".yaml", ".yml", ".template", ".json"),
        marker=re.compile(
            r"""\bType["']?\s*:\s*["']?AWS::BedrockAgentCore::Gateway(?:Target)?(?![\w:])"""
        ),
        family=re.compile(r"""AWSTemplateFormatVersion|\bType["']?\s*:\s*["']?AWS::\w+::"""),
    ),
)
