"""Terraform at scale: a module folder read once per run, each file decoded once.

A folder of N files used to be read once per file (N² work); these tests pin
the work done (parses, decodes, translations) and that the findings, their
files and positions, are what they are when the folder is read alone. Plan
files: targets of counted and for_each modules pair with their module's
gateway.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gwlint import jsonfast, jsonpos, lint
from gwlint.findings import Report
from gwlint.formats import hcl, terraform, terraform_mapping
from gwlint.formats.terraform_template import interpolated, literal
from gwlint.sources import load_paths

from .conftest import FIXTURES, of_rule

#: The gateway's arguments, written as HCL (main.tf) or in Terraform's JSON syntax.
GATEWAY_ARGS = {
    "name": "tools-gateway",
    "role_arn": "arn:aws:iam::123456789012:role/GatewayExecutionRole",
    "authorizer_type": "AWS_IAM",
    "protocol_type": "MCP",
}
GATEWAY = 'provider "aws" {\n  region = "us-east-1"\n}\n\n'
GATEWAY += 'resource "aws_bedrockagentcore_gateway" "main" {\n'
GATEWAY += "".join(f"  {key} = {json.dumps(value)}\n" for key, value in GATEWAY_ARGS.items())
GATEWAY += "}\n"
TARGET = """\
resource "aws_bedrockagentcore_gateway_target" "t{n}" {{
  name               = "t{n}"
  gateway_identifier = aws_bedrockagentcore_gateway.main.gateway_id
  target_configuration {{
    mcp {{
      mcp_server {{ endpoint = "{endpoint}" }}
    }}
  }}
  credential_provider_configuration {{
    gateway_iam_role {{ service = "bedrock-agentcore" }}
  }}
}}
"""
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:tools"


def module(folder: Path, targets: int) -> list[Path]:
    """main.tf with the gateway, one target per file; target t1's endpoint is an ARN."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf").write_text(GATEWAY)
    files = [folder / "main.tf"]
    for n in range(targets):
        endpoint = LAMBDA_ARN if n == 1 else f"https://t{n}.example.com/mcp"
        path = folder / f"target_{n:02d}.tf"
        path.write_text(TARGET.format(n=n, endpoint=endpoint))
        files.append(path)
    return files


def calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """Record the first argument of every call of ``owner.name`` (still calling it)."""
    seen: list[Any] = []
    real: Callable[..., Any] = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return seen


def endpoints(report: Report) -> list[tuple[str, str, str, int | None, int | None]]:
    return sorted(
        (f.status.value, f.resource or "", Path(f.file or "").name, f.line, f.column)
        for f in of_rule(report, "GW201")
    )


EXPECTED_ENDPOINTS = [
    ("fail", "target t1", "target_01.tf", 6, 31),
    *[("pass", f"target t{n}", f"target_{n:02d}.tf", 6, 31) for n in (0, 2, 3, 4, 5, 6)],
]


@pytest.mark.parametrize("named", [False, True], ids=["folder scan", "every file named"])
def test_a_module_folder_is_parsed_and_translated_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    files = module(tmp_path / "m", 7)
    monkeypatch.setattr(terraform, "_PARSED", {})  # no parse left from an earlier run
    parsed = calls(monkeypatch, hcl, "parse")
    translated = calls(monkeypatch, terraform_mapping, "translate_module")
    report = lint([str(f) for f in files] if named else [str(tmp_path / "m")])
    assert not report.errors
    assert len(parsed) == 8  # each of the 8 files once
    assert len(translated) == 1
    assert endpoints(report) == EXPECTED_ENDPOINTS
    assert len(of_rule(report, "GW101")) == 1  # one gateway, checked once


def test_a_new_run_reads_the_folder_afresh(tmp_path: Path) -> None:
    module(tmp_path / "m", 7)
    assert endpoints(lint([str(tmp_path / "m")])) == EXPECTED_ENDPOINTS
    target = tmp_path / "m" / "target_03.tf"
    target.write_text(target.read_text().replace("https://t3.example.com/mcp", LAMBDA_ARN))
    assert ("fail", "target t3", "target_03.tf", 6, 31) in endpoints(lint([str(tmp_path / "m")]))


@pytest.mark.parametrize("broken", ["a_broken.tf", "z_broken.tf"], ids=["read first", "last"])
def test_a_broken_file_is_reported_when_read_and_the_module_still_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    module(tmp_path / "m", 7)
    (tmp_path / "m" / broken).write_text('locals {\n  x = "y"\n')
    monkeypatch.setattr(terraform, "_PARSED", {})
    parsed = calls(monkeypatch, hcl, "parse")
    translated = calls(monkeypatch, terraform_mapping, "translate_module")
    report = lint([str(tmp_path / "m")])
    assert [(Path(e.file).name, e.line, e.column, e.message) for e in report.errors] == [
        (broken, 3, 1, "invalid Terraform configuration: unexpected end of file")
    ]
    assert len(parsed) == 9
    assert len(translated) == 1
    assert endpoints(report) == EXPECTED_ENDPOINTS


def test_targets_of_one_external_gateway_in_two_files_are_checked_once(tmp_path: Path) -> None:
    """Unpaired targets form one group: whichever file is read first, it is loaded once."""
    (tmp_path / "a.tf.json").write_text(
        json.dumps(
            {
                "resource": {
                    "aws_bedrockagentcore_gateway_target": {
                        "ext_a": {
                            "name": "ext-a",
                            "gateway_identifier": "gw-0123456789",
                            "target_configuration": {
                                "mcp": {"mcp_server": {"endpoint": LAMBDA_ARN}}
                            },
                        }
                    }
                }
            },
            indent=2,
        )
    )
    (tmp_path / "b.tf").write_text(
        TARGET.format(n=9, endpoint=LAMBDA_ARN).replace(
            "aws_bedrockagentcore_gateway.main.gateway_id", '"gw-0123456789"'
        )
    )
    expected = [
        ("fail", "target ext-a", "a.tf.json", 10, 27),
        ("fail", "target t9", "b.tf", 6, 31),
    ]
    assert endpoints(lint([str(tmp_path)])) == expected
    assert endpoints(lint([str(tmp_path / "b.tf"), str(tmp_path / "a.tf.json")])) == expected


def test_tf_json_files_are_decoded_once_without_the_located_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = GATEWAY_ARGS | {"tags": {"a/b~c": "escaped pointer"}}
    gateway = {
        "provider": {"aws": {"region": "us-east-1"}},
        "resource": {"aws_bedrockagentcore_gateway": {"main": main}},
    }
    (tmp_path / "main.tf.json").write_text(json.dumps(gateway, indent=2))
    for n in range(3):
        target = {
            "name": f"t{n}",
            "gateway_identifier": "${aws_bedrockagentcore_gateway.main.gateway_id}",
            "credential_provider_configuration": [{"gateway_iam_role": {}}],
            "target_configuration": {"mcp": {"mcp_server": {"endpoint": LAMBDA_ARN}}},
        }
        resource = {"resource": {"aws_bedrockagentcore_gateway_target": {f"t{n}": target}}}
        (tmp_path / f"t{n}.tf.json").write_text(json.dumps(resource, indent=2))
    located = calls(monkeypatch, jsonpos, "loads")
    monkeypatch.setattr(jsonfast, "located_loads", jsonpos.loads)  # counted too
    decoded = calls(monkeypatch, jsonfast, "loads")  # the reader's (the loader binds its own)
    report = lint([str(tmp_path)])
    assert not report.errors
    assert located == []
    assert [Path(text_of).name for text_of in _files_of(decoded, tmp_path)] == [
        "t0.tf.json",
        "t1.tf.json",
        "t2.tf.json",
    ]  # the first file read (main.tf.json) reuses the loader's decoding
    assert endpoints(report) == [
        ("fail", f"target t{n}", f"t{n}.tf.json", 15, 27) for n in range(3)
    ]
    (gateway,) = [item for item in load_paths([str(tmp_path)]).loaded if item.deployment.gateway]
    tag = "/gateway/tags/a~1b~0c"  # an escaped pointer, located node by node
    assert (gateway.document.keys[tag], gateway.document.values[tag]) == (
        jsonpos.Position(15, 11),
        jsonpos.Position(15, 20),
    )


def _files_of(texts: list[Any], folder: Path) -> list[str]:
    """Which file each decoded text is (the decoder is given text, not a name)."""
    by_text = {path.read_text(): str(path) for path in folder.iterdir()}
    return [by_text[text] for text in texts]


def test_lazy_nodes_are_the_located_parsers_positions() -> None:
    """``LazyDocument.node`` gives exactly the key and value positions jsonpos records."""
    checked = 0
    for path in sorted(FIXTURES.rglob("*.json"))[:60]:
        text = path.read_text(encoding="utf-8")
        lazy = jsonfast.loads(text)
        if not isinstance(lazy, jsonfast.LazyDocument):
            continue
        full = jsonpos.loads(text)
        for pointer, value in full.values.items():
            assert lazy.node(pointer) == (full.keys.get(pointer), value), (path, pointer)
            checked += 1
        assert lazy.node("/no such key") == (None, None)
    assert checked > 1000


# -- plans: counted and for_each modules ---------------------------------------------

GW, TG = "aws_bedrockagentcore_gateway", "aws_bedrockagentcore_gateway_target"
RUNTIME_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/rt-AbCdEf1234"


def module_plan(keys: list[Any], meta: str) -> dict[str, Any]:
    """A plan of one module called with ``count``/``for_each``: a gateway and a target each."""
    children, changes = [], []
    for key in keys:
        at = f"module.tools[{json.dumps(key)}]"
        gateway, target = f"{at}.{GW}.main", f"{at}.{TG}.runtime"
        gateway_values = {
            "name": f"gw-{key}",
            "authorizer_type": "AWS_IAM",
            "protocol_type": "MCP",
            "role_arn": "arn:aws:iam::123456789012:role/GatewayExecutionRole",
        }
        target_values = {
            "name": f"runtime-{key}",
            "credential_provider_configuration": [
                {"gateway_iam_role": [{"service": "bedrock-agentcore"}]}
            ],
            "target_configuration": [{"mcp": [{"mcp_server": [{"endpoint": RUNTIME_ARN}]}]}],
        }
        children.append(
            {
                "address": at,
                "resources": [
                    {"address": gateway, "mode": "managed", "type": GW, "name": "main"}
                    | {"values": gateway_values},
                    {"address": target, "mode": "managed", "type": TG, "name": "runtime"}
                    | {"values": target_values},
                ],
            }
        )
        changes += [
            {"address": gateway, "change": {"after_unknown": {"gateway_id": True}}},
            {"address": target, "change": {"after_unknown": {"gateway_identifier": True}}},
        ]
    references = [f"{GW}.main.gateway_id", f"{GW}.main"]
    call = {
        f"{meta}_expression": {"constant_value": keys},
        "module": {
            "resources": [
                {
                    "address": f"{TG}.runtime",
                    "type": TG,
                    "expressions": {"gateway_identifier": {"references": references}},
                }
            ]
        },
    }
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"child_modules": children}},
        "resource_changes": changes,
        "configuration": {"root_module": {"module_calls": {"tools": call}}},
    }


@pytest.mark.parametrize(
    ("keys", "meta"), [([0, 1], "count"), (["blue", "green"], "for_each")], ids=str
)
def test_plan_targets_of_counted_and_for_each_modules_pair_with_their_gateway(
    tmp_path: Path, keys: list[Any], meta: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(module_plan(keys, meta), indent=1))
    loaded = load_paths([str(path)])
    assert not loaded.errors
    assert [
        (item.deployment.gateway.name if item.deployment.gateway else None)
        for item in loaded.loaded
    ] == [f"gw-{key}" for key in keys]
    assert [[t.name for t in item.deployment.targets] for item in loaded.loaded] == [
        [f"runtime-{key}"] for key in keys
    ]
    report = lint([str(path)])
    assert not report.errors
    base = "/planned_values/root_module/child_modules"
    # the target's gateway_identifier (known after apply) is its module's gateway: no skip
    assert sorted(
        (f.status.value, f.resource, f.pointer, f.line, f.column) for f in of_rule(report, "GW107")
    ) == sorted(
        [
            ("pass", f"gateway gw-{keys[0]}", f"{base}/0/resources/0/values", 15, 18),
            ("pass", f"target runtime-{keys[0]}", f"{base}/0/resources/1/values", 27, 18),
            ("pass", f"gateway gw-{keys[1]}", f"{base}/1/resources/0/values", 63, 18),
            ("pass", f"target runtime-{keys[1]}", f"{base}/1/resources/1/values", 75, 18),
        ]
    )
    endpoint = "resources/1/values/target_configuration/0/mcp/0/mcp_server/0/endpoint"
    assert [
        (f.status.value, f.resource, f.pointer, f.line, f.column) for f in of_rule(report, "GW201")
    ] == [
        ("fail", f"target runtime-{keys[0]}", f"{base}/0/{endpoint}", 44, 27),
        ("fail", f"target runtime-{keys[1]}", f"{base}/1/{endpoint}", 92, 27),
    ]


# -- template strings, shared by both syntaxes ---------------------------------------


def test_template_helpers() -> None:
    assert literal("plain") == "plain"
    assert literal("a$${b}c%%{d}") == "a${b}c%{d}"
    assert literal("a${b}") is None
    assert literal("%{ if x }y%{ endif }") is None
    assert interpolated("x") == "x"
    assert interpolated(3) == "3"
    assert interpolated(True) is None
    assert interpolated(["x"]) is None
    assert interpolated(None) is None


def test_hcl_and_json_syntax_resolve_the_same_templates(tmp_path: Path) -> None:
    names = ("${var.prefix}-gw", "$${var.prefix}-gw", "${var.flag}-gw", "${var.prefix}${1}")
    hcl_dir, json_dir = tmp_path / "hcl", tmp_path / "json"
    hcl_dir.mkdir()
    json_dir.mkdir()
    variables = (
        'variable "prefix" {\n  default = "tools"\n}\nvariable "flag" {\n  default = true\n}\n'
    )
    blocks, resources = [variables], {}
    for i, name in enumerate(names):
        blocks.append(
            f'resource "{GW}" "g{i}" {{\n  name = "{name}"\n  protocol_type = "MCP"\n'
            '  authorizer_type = "AWS_IAM"\n}\n'
        )
        resources[f"g{i}"] = {"name": name, "protocol_type": "MCP", "authorizer_type": "AWS_IAM"}
    (hcl_dir / "main.tf").write_text("\n".join(blocks))
    (json_dir / "main.tf.json").write_text(
        json.dumps(
            {
                "variable": {"prefix": {"default": "tools"}, "flag": {"default": True}},
                "resource": {GW: resources},
            }
        )
    )

    def gateway_names(folder: Path) -> list[tuple[str, str]]:
        return sorted(
            (f.resource or "", f.status.value) for f in of_rule(lint([str(folder)]), "GW101")
        )

    # ${var.prefix} is resolved, $${…} is literal text; a bool and ${1} are not rendered
    assert (
        gateway_names(hcl_dir)
        == gateway_names(json_dir)
        == [
            ("gateway", "skip"),
            ("gateway", "skip"),
            ("gateway ${var.prefix}-gw", "fail"),
            ("gateway tools-gw", "pass"),
        ]
    )
