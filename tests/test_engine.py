"""Rule packs, crashes, prerequisites and deselection, through the CLI and the API."""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import gwlint
from gwlint.cli import app
from gwlint.findings import Status
from gwlint.registry import all_rules

from .conftest import FIXTURES, ROOT

GW201_FAIL = FIXTURES / "rules" / "GW201" / "fail.json"
runner = CliRunner()

HEADER = '''
"""{title}

## Why
Test rule.

## Symptom
None.

## Fix
Nothing.
"""
from gwlint.rule import Context, Severity, rule
'''


def rule_module(folder: Path, stem: str, body: str, title: str = "A test rule.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.py"
    path.write_text(HEADER.format(title=title) + textwrap.dedent(body))
    return path


def invoke(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def findings(result: Result) -> list[dict[str, object]]:
    payload: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return payload["findings"]


# -- a third-party pack from --rules-dir -----------------------------------------

ACME = """
@rule(
    id="ACME001",
    name="acme-scope-named",
    severity=Severity.WARNING,
    summary="Client scope is set",
    fix="Set scope to the gateway's resource-server scope.",
)
def check(ctx: Context):
    client = ctx.deployment.client
    if client is None:
        return
    if client.has("scope"):
        yield ctx.passed(client, "scope", "scope is set")
    else:
        yield ctx.fail(client, "scope", "no scope is set.")
"""


def test_rules_dir_pack_runs_and_is_listed(tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    rule_module(pack, "acme_scope", ACME, title="The client names its OAuth scope.")
    config = tmp_path / "gateway-config.json"
    config.write_text(
        json.dumps(
            {
                "gateway_url": "https://gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
                "client_id": "6aarhftf6bopppar05humcp2r6",
            },
            indent=2,
        )
    )
    result = invoke("check", config, "--rules-dir", pack, "--select", "ACME001", "--format", "json")
    assert result.exit_code == 0  # a warning does not fail at --fail-on error
    [finding] = findings(result)
    assert (finding["rule_id"], finding["status"], finding["pointer"], finding["line"]) == (
        "ACME001",
        "fail",
        "",  # scope missing: located at its parent, the document
        1,
    )
    assert invoke("check", config, "--rules-dir", pack, "--fail-on", "warning").exit_code == 1

    listed = invoke("rules", "--rules-dir", pack, "--format", "json")
    [acme] = [r for r in json.loads(listed.stdout) if r["id"] == "ACME001"]
    assert (acme["name"], acme["severity"], acme["pack"]) == (
        "acme-scope-named",
        "warning",
        str(pack),
    )
    text = invoke("rules", "--rules-dir", pack).stdout
    assert any(line.startswith("ACME001  acme-scope-named") for line in text.splitlines())
    explained = invoke("explain", "acme-scope-named", "--rules-dir", pack)
    assert explained.exit_code == 0
    assert explained.stdout.startswith("ACME001 acme-scope-named\n")
    assert "The client names its OAuth scope." in explained.stdout

    report = gwlint.lint([str(config)], select=["ACME001"], rules_dirs=[str(pack)])
    assert [(f.rule_id, f.status) for f in report.findings] == [("ACME001", Status.FAIL)]


def test_duplicate_rule_id_across_packs_names_both_modules(tmp_path: Path) -> None:
    pack = tmp_path / "dup"
    rule_module(
        pack,
        "mine",
        """
        @rule(id="GW201", name="my-own-rule", severity=Severity.ERROR, summary="s", fix="f")
        def check(ctx: Context):
            return iter(())
        """,
    )
    result = invoke("check", GW201_FAIL, "--rules-dir", pack)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "gwlint: error: duplicate rule GW201: defined in "
        f"gwlint_rules.gw201_target_endpoint_not_arn and {pack / 'mine.py'}"
    ]
    assert invoke("rules", "--rules-dir", pack).exit_code == 2


def test_duplicate_rule_name_across_two_rules_dirs(tmp_path: Path) -> None:
    body = """
    @rule(id="{id}", name="same-name", severity=Severity.INFO, summary="s", fix="f")
    def check(ctx: Context):
        return iter(())
    """
    first = rule_module(tmp_path / "one", "pack", body.format(id="ONE001")).parent
    second = rule_module(tmp_path / "two", "pack", body.format(id="TWO001")).parent
    result = invoke("check", GW201_FAIL, "--rules-dir", first, "--rules-dir", second)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"gwlint: error: duplicate rule same-name: defined in {first / 'pack.py'} "
        f"and {second / 'pack.py'}"
    ]


def test_broken_rules_dir_is_one_line(tmp_path: Path) -> None:
    pack = tmp_path / "broken"
    pack.mkdir()
    (pack / "oops.py").write_text("import no_such_module_for_gwlint\n")
    result = invoke("check", GW201_FAIL, "--rules-dir", pack)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"gwlint: error: {pack / 'oops.py'}: failed to import: ")
    assert "ModuleNotFoundError" in line
    missing = invoke("check", GW201_FAIL, "--rules-dir", tmp_path / "nope")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines() == [
        f"gwlint: error: --rules-dir {tmp_path / 'nope'}: not a directory"
    ]


# -- crashes -------------------------------------------------------------------------

CRASHING = """
@rule(id="BOOM001", name="boom", severity=Severity.{severity}, summary="s", fix="f")
def check(ctx: Context):
    yield from ()
    raise RuntimeError("kaboom")
"""


def test_a_crashing_rule_is_an_error_finding_and_others_still_run(tmp_path: Path) -> None:
    pack = tmp_path / "crash"
    rule_module(pack, "boom", CRASHING.format(severity="ERROR"))
    result = invoke(
        "check", GW201_FAIL, "--rules-dir", pack, "--select", "BOOM001,GW201", "--format", "json"
    )
    assert result.exit_code == 1
    got = {(f["rule_id"], f["status"]) for f in findings(result)}
    assert got == {("BOOM001", "error"), ("GW201", "fail")}
    [boom] = [f for f in findings(result) if f["rule_id"] == "BOOM001"]
    assert boom["message"] == (
        "rule BOOM001 (boom) crashed and could not evaluate this input: RuntimeError: kaboom"
    )
    assert (boom["file"], boom["pointer"], boom["line"], boom["column"]) == (
        str(GW201_FAIL),
        "",
        1,
        1,
    )
    text = invoke("check", GW201_FAIL, "--rules-dir", pack, "--select", "BOOM001,GW201")
    assert "! BOOM001 boom [error]" in text.stdout
    assert "1 could not be checked" in text.stdout


def test_a_crash_counts_at_its_rules_severity(tmp_path: Path) -> None:
    pack = tmp_path / "crash"
    rule_module(pack, "boom", CRASHING.format(severity="WARNING"))
    args = ("check", GW201_FAIL, "--rules-dir", pack, "--select", "BOOM001")
    assert invoke(*args).exit_code == 0
    assert invoke(*args, "--fail-on", "warning").exit_code == 1


def test_a_rule_yielding_junk_is_an_error_finding(tmp_path: Path) -> None:
    pack = tmp_path / "junk"
    rule_module(
        pack,
        "junk",
        """
        @rule(id="JUNK001", name="junk", severity=Severity.ERROR, summary="s", fix="f")
        def check(ctx: Context):
            yield "not a finding"
        """,
    )
    result = invoke(
        "check", GW201_FAIL, "--rules-dir", pack, "--select", "JUNK001", "--format", "json"
    )
    [finding] = findings(result)
    assert finding["status"] == "error"
    assert "yielded str, not a Finding" in str(finding["message"])


# -- prerequisites -------------------------------------------------------------------

PREREQUISITES = """
@rule(id="PRE001", name="pre", severity=Severity.ERROR, summary="target has a name", fix="f")
def pre(ctx: Context):
    for target in ctx.deployment.targets:
        if target.name == "broken":
            yield ctx.fail(target, "name", "this target is broken.")
        else:
            yield ctx.passed(target, "name")


@rule(
    id="DEP001",
    name="dep",
    severity=Severity.ERROR,
    summary="s",
    fix="f",
    requires=("PRE001",),
)
def dep(ctx: Context):
    for target in ctx.deployment.targets:
        yield ctx.fail(target, "description", "dependent check failed.")
"""


def test_dependent_is_skipped_where_its_prerequisite_failed(tmp_path: Path) -> None:
    pack = tmp_path / "deps"
    rule_module(pack, "deps", PREREQUISITES)
    config = tmp_path / "deployment.json"
    config.write_text(json.dumps({"targets": [{"name": "broken"}, {"name": "fine"}]}, indent=2))
    result = invoke(
        "check", config, "--rules-dir", pack, "--select", "PRE001,DEP001", "--format", "json"
    )
    got = sorted(
        (str(f["rule_id"]), str(f["resource"]), str(f["status"]), str(f["pointer"]))
        for f in findings(result)
    )
    assert got == [
        ("DEP001", "target broken", "skip", "/targets/0"),
        ("DEP001", "target fine", "fail", "/targets/1"),
        ("PRE001", "target broken", "fail", "/targets/0/name"),
        ("PRE001", "target fine", "pass", "/targets/1/name"),
    ]
    [skip] = [f for f in findings(result) if f["status"] == "skip"]
    assert skip["message"] == (
        "not checked: prerequisite PRE001 (pre) did not hold for target broken"
    )
    assert skip["fix"] == ""
    # the dependent's own rule order does not matter: DEP001 sorts first but runs second
    assert [r.id for r in all_rules([pack]) if r.id in ("DEP001", "PRE001")] == [
        "DEP001",
        "PRE001",
    ]


def test_dependency_cycle_is_a_load_error(tmp_path: Path) -> None:
    pack = tmp_path / "cycle"
    rule_module(
        pack,
        "cycle",
        """
        @rule(id="CYC001", name="c1", severity=Severity.INFO, summary="s", fix="f",
              requires=("CYC002",))
        def one(ctx: Context):
            return iter(())

        @rule(id="CYC002", name="c2", severity=Severity.INFO, summary="s", fix="f",
              requires=("CYC001",))
        def two(ctx: Context):
            return iter(())
        """,
    )
    result = invoke("check", GW201_FAIL, "--rules-dir", pack)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("gwlint: error: rule CYC00") and "depends on itself" in line


# -- deselected rules never run ----------------------------------------------------------

TRIPWIRE = """
from pathlib import Path

MARKER = Path({marker!r})


@rule(id="TRIP001", name="tripwire", severity=Severity.ERROR, summary="s", fix="f")
def check(ctx: Context):
    MARKER.write_text("ran")
    raise RuntimeError("a deselected rule ran")
    yield
"""


@pytest.mark.parametrize(
    "selection",
    [
        ["--ignore", "TRIP001"],
        ["--ignore", "tripwire"],
        ["--ignore", "TRIP"],
        ["--select", "GW201"],
        ["--select", "GW201,TRIP001", "--ignore", "TRIP001"],
    ],
)
def test_deselected_rules_never_run(tmp_path: Path, selection: list[str]) -> None:
    marker = tmp_path / "ran.txt"
    pack = tmp_path / "trip"
    rule_module(pack, "trip", TRIPWIRE.format(marker=str(marker)))
    result = invoke("check", GW201_FAIL, "--rules-dir", pack, *selection, "--format", "json")
    assert not marker.exists()
    assert all(f["rule_id"] != "TRIP001" for f in findings(result))
    # and it does run when selected, so the tripwire is live
    invoke("check", GW201_FAIL, "--rules-dir", pack, "--select", "TRIP001")
    assert marker.read_text() == "ran"


# -- the built-in pack is an entry point --------------------------------------------------


def test_builtin_pack_is_registered_as_an_entry_point() -> None:
    [ep] = [ep for ep in entry_points(group="gwlint.rules") if ep.name == "builtin"]
    assert ep.value == "gwlint_rules"
    module = ep.load()
    assert module.__name__ == "gwlint_rules"
    # the installed pack holds this checkout's rule modules, wherever it was installed
    # from (an editable install elsewhere, site-packages after `pip install .`)
    installed = {p.name for p in Path(module.__file__).parent.glob("gw*.py")}
    assert installed == {p.name for p in (ROOT / "rules").glob("gw*.py")}
    builtin = [r for r in all_rules() if r.pack == "builtin"]
    assert {"GW001", "GW201", "GW301"} <= {r.id for r in builtin}
    assert all(r.module.startswith("gwlint_rules.") for r in builtin)


KEEPS = """
_KEPT = []


@rule(
    id="KEEP001",
    name="keeps-a-finding",
    severity=Severity.WARNING,
    summary="A pack that keeps its finding and yields it again",
    fix="Nothing.",
)
def check(ctx: Context):
    if not ctx.deployment.targets:
        return
    if not _KEPT:
        _KEPT.append(ctx.fail(ctx.deployment.targets[0], "endpoint", "kept"))
    yield _KEPT[0]
    yield _KEPT[0]
"""


def test_a_finding_yielded_again_is_located_once(tmp_path: Path) -> None:
    """The engine completes a rule's fresh finding where it stands; one it already
    completed (yielded twice, or kept from an earlier file) is copied, never
    translated to the user's file a second time."""
    pack = tmp_path / "keeps"
    rule_module(pack, "keeps", KEEPS)
    template = FIXTURES / "formats" / "cloudformation" / "guide-failures.yaml"
    second = tmp_path / "second.yaml"
    second.write_text(template.read_text())
    result = invoke(
        "check", template, second, "--rules-dir", pack, "--select", "KEEP001", "--format", "json"
    )
    located = [
        (f["file"], f["pointer"], f["line"], f["column"], f["key"]) for f in findings(result)
    ]
    first = (
        str(template),
        "/Resources/SecurityMcpTarget/Properties/TargetConfiguration/Mcp/McpServer/Endpoint",
        26,
        23,
        "Endpoint",
    )
    assert located == [first] * 4
