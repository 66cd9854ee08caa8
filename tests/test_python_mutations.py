"""boto3 scripts: a literal changed in a way the reader cannot follow is unresolved, never judged.

Each script binds ``cfg`` to a target configuration whose endpoint is a Lambda
ARN (GW201 fails it) and then changes that object somewhere the binding alone
does not show. The stale literal must never be judged: the argument becomes
:class:`~gwlint.unresolved.Unresolved` and rules on it report ``skip``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gwlint import lint
from gwlint.formats import Source
from gwlint.formats.python_script import read
from gwlint.unresolved import Unresolved

ARN = "arn:aws:lambda:us-east-1:123456789012:function:f"
HEAD = (
    "import boto3\n"
    'c = boto3.client("bedrock-agentcore-control")\n'
    'OK = "https://ok.example/mcp"\n'
    f'cfg = {{"mcp": {{"mcpServer": {{"endpoint": "{ARN}"}}}}}}\n'
)
CALL = 'c.create_gateway_target(gatewayIdentifier="gw-123", name="t", targetConfiguration=cfg)\n'
LITERAL = {"mcp": {"mcpServer": {"endpoint": ARN}}}


def target(text: str) -> Any:
    [data] = [item.data for item in read(Source(text, "deploy.py"))]
    return data["targets"][0]["targetConfiguration"]


CHANGED = {
    "method": (
        "class Deployer:\n"
        "    def patch(self):\n"
        '        cfg["mcp"]["mcpServer"]["endpoint"] = OK\n'
        "Deployer().patch()\n"
    ),
    "nested function": (
        "def outer():\n"
        "    def inner():\n"
        '        cfg["mcp"]["mcpServer"]["endpoint"] = OK\n'
        "    inner()\n"
        "outer()\n"
    ),
    "comprehension": '[cfg["mcp"]["mcpServer"].update(endpoint=OK) for _ in range(1)]\n',
    "lambda": 'patch = lambda: cfg["mcp"].update({"mcpServer": {"endpoint": OK}})\npatch()\n',
    "class body": 'class Settings:\n    cfg["mcp"] = {"mcpServer": {"endpoint": OK}}\n',
    "global": (
        "def reset():\n"
        "    global cfg\n"
        '    cfg = {"mcp": {"mcpServer": {"endpoint": OK}}}\n'
        "reset()\n"
    ),
    "augmented assignment through an alias": (
        'server = cfg["mcp"]["mcpServer"]\nserver |= {"endpoint": OK}\n'
    ),
    "augmented item assignment": 'cfg["mcp"]["mcpServer"]["endpoint"] += "-v2"\n',
    "item assignment through an alias": (
        'server = cfg["mcp"]["mcpServer"]\nserver["endpoint"] = OK\n'
    ),
    "item assignment through a whole alias": 'alias = cfg\nalias["mcp"] = {}\n',
    "update through get": 'cfg.get("mcp")["mcpServer"].update(endpoint=OK)\n',
    "setdefault": 'cfg.setdefault("mcp", {})["mcpServer"] = {"endpoint": OK}\n',
    "an unknown method": "cfg.merge_defaults()\n",
    "a method named like logging on another object": "audit.info(cfg)\n",
    "passed to a helper": (
        'def patch(d):\n    d["mcp"]["mcpServer"]["endpoint"] = OK\npatch(cfg)\n'
    ),
    "part passed to a helper": 'tweak(cfg["mcp"])\n',
    "passed by keyword to a function that changes it": (
        "def patch(d):\n    d.clear()\npatch(d=cfg)\n"
    ),
    "passed through *args": "def patch(*ds):\n    ds[0].clear()\npatch(*[cfg])\n",
    "passed on by a function to an unknown one": "def relay(d):\n    tweak(d)\nrelay(cfg)\n",
    "returned by a function of the file, then changed": (
        'def same(d):\n    return d\nsame(cfg)["mcp"] = {}\n'
    ),
    "passed to a decorated function": ("@wrap\ndef show(d):\n    print(d)\nshow(cfg)\n"),
    "operator.setitem": (
        'import operator\noperator.setitem(cfg["mcp"]["mcpServer"], "endpoint", OK)\n'
    ),
    "setattr": 'setattr(cfg, "endpoint", OK)\n',
    "loop variable alias": 'for part in cfg.values():\n    part["mcpServer"] = {"endpoint": OK}\n',
    "loop over a list holding it": "for each in [cfg]:\n    each.clear()\n",
    "comprehension variable alias": "[d.clear() for d in [cfg]]\n",
    "default parameter value": 'def patch(d=cfg):\n    d["mcp"] = {}\npatch()\n',
    "walrus in a comprehension": (
        '[(cfg := {"mcp": {"mcpServer": {"endpoint": OK}}}) for _ in range(1)]\n'
    ),
    "match capture": 'match {"t": 1}:\n    case {"t": cfg}:\n        pass\n',
    "star import after it": "from settings import *\n",
    "globals()": 'globals()["cfg"] = {}\n',
    "exec": 'exec("cfg = {}")\n',
    "sys.modules": "import sys\nsys.modules[__name__].cfg = {}\n",
    "a function returning it, its result changed": (
        'def current():\n    return cfg\ncurrent()["mcp"] = {}\n'
    ),
    "with target alias": (
        'import contextlib\nwith contextlib.nullcontext(cfg) as same:\n    same["mcp"] = {}\n'
    ),
    "del of an item": 'del cfg["mcp"]["mcpServer"]\n',
    "list holding it changed": 'box = [cfg]\nbox[0]["mcp"] = {}\n',
}


@pytest.mark.parametrize("change", list(CHANGED.values()), ids=list(CHANGED))
def test_a_changed_literal_is_unresolved(change: str) -> None:
    assert target(HEAD + change + CALL) == Unresolved("cfg")


def test_a_contained_dict_changed_through_its_container_is_unresolved() -> None:
    text = (
        HEAD
        + f'inner = {{"endpoint": "{ARN}"}}\n'
        + 'outer = {"mcp": {"mcpServer": inner}}\n'
        + 'outer["mcp"]["mcpServer"]["endpoint"] = OK\n'
        + 'c.create_gateway_target(gatewayIdentifier="gw-1", targetConfiguration='
        + '{"mcp": {"mcpServer": inner}})\n'
    )
    assert target(text) == {"mcp": {"mcpServer": Unresolved("inner")}}


def test_nonlocal_rebinding_leaves_the_function_name_unresolved() -> None:
    text = (
        HEAD.replace("cfg = ", "unused = ")
        + "def deploy():\n"
        + f'    cfg = {{"mcp": {{"mcpServer": {{"endpoint": "{ARN}"}}}}}}\n'
        + "    def fix():\n"
        + "        nonlocal cfg\n"
        + '        cfg = {"mcp": {"mcpServer": {"endpoint": OK}}}\n'
        + "    fix()\n"
        + "    "
        + CALL
    )
    assert target(text) == Unresolved("cfg")


SHADOWED = {
    "function parameter": "def deploy(cfg):\n    " + CALL,
    "lambda parameter": "deploy = lambda cfg: " + CALL,
    "comprehension variable": ("[" + CALL.strip() + " for cfg in [1, 2]]\n"),
}


@pytest.mark.parametrize("text", list(SHADOWED.values()), ids=list(SHADOWED))
def test_a_parameter_or_comprehension_variable_shadows_the_module_literal(text: str) -> None:
    assert target(HEAD + text) == Unresolved("cfg")


def test_methods_see_the_module_binding_not_the_class_body() -> None:
    text = (
        HEAD
        + "class Deployer:\n"
        + '    cfg = {"mcp": {}}\n'
        + "    def run(self):\n"
        + "        "
        + CALL
    )
    assert target(text) == LITERAL


FOLLOWED = {
    "printed": "print(cfg)\n",
    "shown with display": "display(cfg)\n",
    "serialised": "import json\nbody = json.dumps(cfg)\nprint(len(cfg))\n",
    "logged": 'import logging\nlogging.info("target %s", cfg)\n',
    "logged through a logger": (
        'import logging\nlog = logging.getLogger(__name__)\nlog.info("target %s", cfg)\n'
    ),
    "formatted": 'message = f"target {cfg}"\n',
    "read in a function": "def show():\n    print(cfg['mcp'])\nshow()\n",
    "passed to a function of the file that only reads it": (
        'def show(title, d):\n    print(title, json.dumps(d))\nimport json\nshow("t", cfg)\n'
    ),
    "a deep copy changed": 'import copy\nmine = copy.deepcopy(cfg)\nmine["mcp"] = {}\n',
    "passed to another client call": (
        's3 = boto3.client("s3")\ns3.put_object(Bucket="b", Key="k", Body=str(cfg))\n'
    ),
    "read with get": 'endpoint = cfg.get("mcp", {}).get("mcpServer")\nprint(endpoint)\n',
    "an unrelated name changed": 'other = {"a": 1}\nother["a"] = 2\nhelper(other)\n',
    "used by an earlier gateway call": CALL,
    "a response changed": 'r = c.get_gateway(gatewayIdentifier="gw-1")\nr["x"] = 1\n',
}


@pytest.mark.parametrize("use", list(FOLLOWED.values()), ids=list(FOLLOWED))
def test_uses_that_leave_the_literal_alone_keep_it_checked(use: str) -> None:
    assert target(HEAD + use + CALL) == LITERAL


def test_a_changed_object_of_unknown_origin_does_not_reach_names_no_function_reads() -> None:
    # ``load()`` cannot return ``cfg``: no function of the file reads it
    text = HEAD + 'items = load()\nitems.append("x")\n' + CALL
    assert target(text) == LITERAL


def findings(path: Path) -> list[tuple[str, str, str | None, int | None, int | None, str]]:
    report = lint([str(path)])
    return sorted(
        (f.rule_id, f.status.value, f.pointer, f.line, f.column, f.message)
        for f in report.findings
        if f.rule_id in {"GW107", "GW201", "GW212"}
    )


def test_end_to_end_the_stale_arn_fails_only_while_nothing_changes_it(tmp_path: Path) -> None:
    path = tmp_path / "deploy.py"
    path.write_text(HEAD + CALL, encoding="utf-8")
    message = f"endpoint is a Lambda function ARN ({ARN}); the gateway needs an https:// URL"
    [gw201] = [f for f in findings(path) if f[0] == "GW201"]
    assert gw201[:5] == (
        "GW201",
        "fail",
        "/calls/0/targetConfiguration/mcp/mcpServer/endpoint",
        4,
        42,
    )
    assert gw201[5].startswith(message)

    path.write_text(HEAD + CHANGED["method"] + CALL, encoding="utf-8")
    reason = "not checked: set at deploy time (cfg)"
    assert findings(path) == [
        ("GW107", "skip", "/calls/0/targetConfiguration", 9, 83, reason),
        ("GW212", "skip", "/calls/0/targetConfiguration", 9, 83, reason),
    ]


def test_an_expression_as_deep_as_the_parser_allows_is_read(tmp_path: Path) -> None:
    sum_of_names = " + ".join(["part"] * 2000)
    text = HEAD + f"x = {sum_of_names}\nhelper(x)\n" + CALL.replace("=cfg", "=x")
    assert target(text) == Unresolved("x")


def test_a_notebook_cell_changing_an_earlier_cells_literal_leaves_it_unresolved(
    tmp_path: Path,
) -> None:
    from gwlint.formats.notebook import read as read_notebook

    cells = [
        HEAD,
        'def use_the_url():\n    cfg["mcp"]["mcpServer"]["endpoint"] = OK\n',
        "use_the_url()\n" + CALL,
    ]
    document = {
        "cells": [
            {"cell_type": "code", "id": f"c{i}", "metadata": {}, "source": source,
             "execution_count": None, "outputs": []}
            for i, source in enumerate(cells)
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    text = json.dumps(document, indent=1)
    [data] = [item.data for item in read_notebook(Source(text, "nb.ipynb"))]
    assert data["targets"][0]["targetConfiguration"] == Unresolved("cfg")
    path = tmp_path / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    report = lint([str(path)])
    skipped = sorted(
        (f.rule_id, f.status.value, f.pointer, f.line, f.column, f.message)
        for f in report.findings
        if f.rule_id in {"GW107", "GW201", "GW212"}
    )
    reason = "not checked: set at deploy time (cfg)"
    pointer = "/cells/2/calls/0/targetConfiguration"
    assert [row[:3] + row[5:] for row in skipped] == [
        ("GW107", "skip", pointer, reason),
        ("GW212", "skip", pointer, reason),
    ]
    [cell] = {f.cell for f in report.findings if f.pointer == pointer}
    assert cell is not None and (cell.index, cell.id, cell.line, cell.column) == (2, "c2", 2, 83)


def test_a_string_passed_to_a_helper_stays_checked_but_rebinding_it_globally_does_not() -> None:
    head = HEAD + 'NAME = "tools_gateway"\n'
    call = "c.create_gateway(name=NAME)\n"
    [data] = [item.data for item in read(Source(head + "helper(NAME)\n" + call, "d.py"))]
    assert data["gateway"]["name"] == "tools_gateway"
    rebind = 'def rename():\n    global NAME\n    NAME = "tools-gateway"\n'
    [data] = [item.data for item in read(Source(head + rebind + call, "d.py"))]
    assert data["gateway"]["name"] == Unresolved("NAME")


def test_reading_globals_leaves_names_known() -> None:
    text = HEAD + 'if "__file__" in globals():\n    print("script")\n' + CALL
    assert target(text) == LITERAL
