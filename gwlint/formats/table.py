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

TERRAFORM = Format(
    name="terraform",
    title="Terraform configuration",
    module="gwlint.formats.terraform",
    extensions=(".tf", ".tf.json", ".json"),  # .json: `terraform show -json` plans
    # any HCL file: one file of a module folder (variables.tf) stands for the module
    marker=re.compile(
        r'"aws_bedrockagentcore_gateway(?:_target)?"\s*[:,}\]]'
        r"|^\s*(?:resource|variable|provider|locals|output|data|module|terraform)\b",
        re.MULTILINE,
    ),
    family=re.compile(
        r'"terraform_version"\s*:|^\s*(?:resource|provider|terraform|module|variable|data)\s+["{]',
        re.MULTILINE,
    ),
)

FORMATS: tuple[Format, ...] = (TERRAFORM,)
