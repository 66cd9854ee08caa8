"""boto3 scripts: gateway API calls read statically, located at the argument as written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.findings import Finding, Report
from gwlint.formats import Source
from gwlint.formats.python_script import read
from gwlint.unresolved import Unresolved

from .conftest import FIXTURES, ROOT

PY = FIXTURES / "formats" / "python"
GOOD = PY / "deploy_gateway.py"
EQUIVALENT = PY / "deploy_gateway.json"
FAILURES = PY / "deploy_gateway_guide_failures.py"
DEPLOY_TIME = PY / "deploy_time_values.py"

runner = CliRunner()


def checklist(report: Report) -> set[tuple[str, str]]:
    return {(f.rule_id, f.status.value) for f in report.findings}


def deploy_time(report: Report) -> list[tuple[str, str | None, int | None, int | None, str]]:
    return sorted(
        (f.rule_id, f.pointer, f.line, f.column, f.message)
        for f in report.findings
        if f.status.value == "skip" and "set at deploy time" in f.message
    )


def fails(report: Report) -> list[tuple[str, str, str | None, int | None, int | None, str | None]]:
    return sorted(
        (f.rule_id, f.severity.value, f.pointer, f.line, f.column, f.key)
        for f in report.findings
        if f.status.value == "fail"
    )


def one(report: Report, rule_id: str, status: str = "fail") -> Finding:
    found = [f for f in report.findings if f.rule_id == rule_id and f.status.value == status]
    assert len(found) == 1, [(f.pointer, f.message) for f in found]
    return found[0]


def translate(text: str, name: str = "script.py") -> list[dict[str, Any]]:
    return [item.data for item in read(Source(text, name))]


# -- the realistic script ------------------------------------------------------------


def test_correct_script_exits_0_with_the_checklist_of_its_api_json() -> None:
    result = runner.invoke(app, ["check", str(GOOD)])
    assert result.exit_code == 0, result.output
    script, api_json = lint([str(GOOD)]), lint([str(EQUIVALENT)])
    assert not script.errors and not api_json.errors
    # gatewayIdentifier reads the create_gateway response: set at deploy time
    reason = 'not checked: set at deploy time (create_response["gatewayId"])'
    skipped = [
        ("GW107", "/calls/1/gatewayIdentifier", 40, 23, reason),
        ("GW107", "/calls/2/gatewayIdentifier", 72, 23, reason),
    ]
    assert deploy_time(script) == skipped
    assert checklist(script) - {("GW107", "skip")} == checklist(api_json)
    assert {f.format for f in script.findings} == {"python"}
    assert {f.format for f in api_json.findings} == {"json"}


def test_script_pairs_targets_with_the_gateway_whose_response_they_read() -> None:
    [data] = translate(GOOD.read_text())
    assert data["region"] == "us-east-1"
    assert data["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]["allowedClients"] == [
        "6aarhftf6bopppar05humcp2r6"
    ]
    assert [t["name"] for t in data["targets"]] == ["security-mcp", "security-lambda"]
    assert data["targets"][0]["gatewayIdentifier"] == Unresolved('create_response["gatewayId"]')
    endpoint = data["targets"][0]["targetConfiguration"]["mcp"]["mcpServer"]["endpoint"]
    assert endpoint.endswith("runtime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=DEFAULT")


def test_guide_failures_are_located_at_the_argument_with_the_fix() -> None:
    report = lint([str(FAILURES)])
    lam = "/calls/2/targetConfiguration/mcp/lambda"
    oauth = "/calls/1/credentialProviderConfigurations/0/credentialProvider/oauthCredentialProvider"
    jwt = "/calls/0/authorizerConfiguration/customJWTAuthorizer"
    endpoint = "/calls/1/targetConfiguration/mcp/mcpServer/endpoint"
    assert fails(report) == [
        ("GW004", "error", lam, 58, 23, "lambda"),
        ("GW201", "error", endpoint, 34, 29, "endpoint"),
        ("GW205", "error", lam, 58, 23, "lambda"),
        ("GW217", "error", oauth, 43, 44, "oauthCredentialProvider"),
        ("GW301", "error", f"{jwt}/allowedClients", 14, 27, "allowedClients"),
        ("GW309", "warning", f"{jwt}/discoveryUrl", 13, 25, "discoveryUrl"),
    ]
    arn = one(report, "GW201")
    assert arn.message.startswith(
        "endpoint is an AgentCore runtime ARN (arn:aws:bedrock-agentcore:"
    )
    assert "runtime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=DEFAULT" in arn.fix
    assert one(report, "GW205").message == (
        "Lambda target security-lambda has no toolSchema; the gateway needs the function's "
        "tool definitions next to lambdaArn."
    )
    assert one(report, "GW301").message == (
        "allowedClients entry 'us-east-1_Ab3De5Gh7' is a Cognito user-pool ID, "
        "not an app client ID."
    )
    assert one(report, "GW217").message == (
        "oauthCredentialProvider has no scopes; it is required (use [] for none)."
    )
    assert report.exit_code(one(report, "GW201").severity) == 1


def test_deploy_time_values_never_fail_and_the_literals_around_them_are_checked() -> None:
    report = lint([str(DEPLOY_TIME)])
    assert not report.errors
    assert fails(report) == []
    reasons = {(rule, ptr): msg for rule, ptr, _, _, msg in deploy_time(report)}
    assert reasons[("GW101", "/calls/0/name")] == "not checked: set at deploy time (gateway_name)"
    assert reasons[("GW102", "/calls/0/roleArn")] == (
        'not checked: set at deploy time (role["Role"]["Arn"])'
    )
    assert reasons[("GW206", "/calls/1/targetConfiguration/mcp/lambda/lambdaArn")] == (
        'not checked: set at deploy time (os.environ["TOOLS_LAMBDA_ARN"])'
    )
    assert reasons[("GW201", "/calls/2/targetConfiguration/mcp/mcpServer/endpoint")] == (
        'not checked: set at deploy time (runtime["url"])'
    )
    discovery = "/calls/0/authorizerConfiguration/customJWTAuthorizer/discoveryUrl"
    assert reasons[("GW309", discovery)].startswith(
        'not checked: set at deploy time (f"https://cognito-idp.{region}.amazonaws.com/'
    )
    # the literals next to them are still judged
    assert one(report, "GW103", "pass").message == "authorizerType is CUSTOM_JWT"
    names = [
        f.message for f in report.findings if f.rule_id == "GW213" and f.status.value == "pass"
    ]
    assert "target name 'security-lambda' is valid and unique" in names
    # an open argument set (**extra, mutated) is never "missing required"
    gw004 = [(f.pointer, f.status.value) for f in report.findings if f.rule_id == "GW004"]
    assert gw004 == [("/calls/0", "pass"), ("/calls/1", "pass"), ("/calls/2", "pass"),
                     ("/calls/3", "pass")]  # fmt: skip


# -- static evaluation ---------------------------------------------------------------

CLIENT = 'import boto3\nc = boto3.client("bedrock-agentcore-control")\n'


def test_names_bound_twice_in_a_loop_after_use_or_mutated_are_unresolved() -> None:
    text = CLIENT + (
        'twice = "a"\ntwice = "b"\n'
        'for i in range(2):\n    looped = "x"\n'
        'changed = {"mcp": {}}\nchanged["mcp"] = {}\n'
        'grown = ["x"]\ngrown.append("y")\n'
        'once = {"k": -3, "t": ("a", 1.5), "f": f"plain", "n": None, "b": True}\n'
        "c.create_gateway(name=twice, description=looped, tags=later, kmsKeyArn=once,\n"
        "    roleArn=changed, authorizerType=grown, exceptionLevel=undefined_name)\n"
        'later = "too late"\n'
    )
    [data] = translate(text)
    gateway = data["gateway"]
    for member, written in [("name", "twice"), ("description", "looped"), ("tags", "later"),
                            ("exceptionLevel", "undefined_name"), ("roleArn", "changed"),
                            ("authorizerType", "grown")]:  # fmt: skip
        assert gateway[member] == Unresolved(written), member
    assert gateway["kmsKeyArn"] == {"k": -3, "t": ["a", 1.5], "f": "plain", "n": None, "b": True}


def test_functions_see_module_constants_and_literal_kwargs_are_arguments() -> None:
    text = CLIENT + (
        'NAME = "tools-gateway"\n'
        "def deploy(extra):\n"
        '    request = {"name": NAME, "authorizerType": "NONE"}\n'
        "    c.create_gateway(**request)\n"
        '    c.update_gateway(gatewayIdentifier="gw-1", **extra)\n'
    )
    first, second = translate(text)
    assert first["gateway"] == {"name": "tools-gateway", "authorizerType": "NONE"}
    update = second["gateway"]
    assert update["gatewayIdentifier"] == "gw-1"
    assert update["name"] == Unresolved("**extra")
    assert update["roleArn"] == Unresolved("**extra")


def test_targets_without_a_traceable_gateway_form_one_targets_only_deployment() -> None:
    text = (
        "import boto3\n"
        'session = boto3.Session(region_name="eu-west-1")\n'
        'agentcore = session.client("bedrock-agentcore-control")\n'
        'other = boto3.client("s3")\n'
        'other.create_gateway(name="not-agentcore")\n'
        'preview = session.client("bedrock-agent-core")  # the preview SDK\'s name\n'
        'preview.create_gateway_target(gatewayIdentifier="gw-123", name="p")\n'
        'agentcore.create_gateway_target(gatewayIdentifier="gw-123", name="a",\n'
        '    targetConfiguration={"mcp": {"mcpServer": {"endpoint": "https://x.example/mcp"}}})\n'
        'self_made.create_gateway_target(gatewayIdentifier=lookup(), name="b")\n'
    )
    [data] = translate(text)
    assert "gateway" not in data
    assert data["region"] == "eu-west-1"
    assert [t["name"] for t in data["targets"]] == ["p", "a", "b"]
    assert data["targets"][2]["gatewayIdentifier"] == Unresolved("lookup()")


def test_columns_count_characters_not_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "gw.py"
    path.write_text(
        CLIENT + 'c.create_gateway(description="Überwachung – Werkzeuge", name="bad_name",\n'
        '    roleArn="arn:aws:iam::123456789012:role/R", authorizerType="NONE")\n',
        encoding="utf-8",
    )
    finding = one(lint([str(path)]), "GW101")
    assert (finding.pointer, finding.line, finding.column, finding.key) == (
        "/calls/0/name",
        3,
        62,  # 65 in UTF-8 bytes
        "name",
    )


def test_secrets_in_a_script_reach_no_output(tmp_path: Path) -> None:
    secret = "s3cr3t-Value-0123456789abcdef"
    path = tmp_path / "gw.py"
    path.write_text(
        CLIENT + "c.create_gateway_target(gatewayIdentifier='gw-1', name='t',\n"
        "    targetConfiguration={'mcp': {'mcpServer': {'endpoint': "
        "'https://user:" + secret + "@tools.example.com/mcp'}}})\n",
        encoding="utf-8",
    )
    for output in ("text", "json", "sarif", "github", "junit"):
        result = runner.invoke(app, ["check", str(path), "-f", output])
        assert result.exit_code == 1, result.output
        assert secret not in result.output, output


# -- bad input and scans -------------------------------------------------------------


def test_a_syntax_error_is_one_located_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text(
        CLIENT + 'c.create_gateway(name="x",\n    roleArn="arn" authorizerType="NONE")\n'
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {path}:4:13: invalid Python script: invalid syntax. Perhaps you forgot a comma?\n"
    )


def test_scripts_without_gateway_calls_are_skipped_in_folders_and_named_when_given(
    tmp_path: Path,
) -> None:
    (tmp_path / "helper.py").write_text("print('hello')\n")
    (tmp_path / "lister.py").write_text(CLIENT + "c.list_gateways()\n")
    (tmp_path / "s3.py").write_text('c = boto3.client("s3")\nc.create_gateway(name="x")\n')
    report = lint([str(tmp_path)])
    assert report.findings == [] and report.errors == []
    assert sorted(Path(e.file).name for e in report.skipped) == ["helper.py", "lister.py", "s3.py"]
    named = runner.invoke(app, ["check", str(tmp_path / "lister.py")])
    assert named.exit_code == 2
    assert named.output == (
        f"error: {tmp_path / 'lister.py'}: looks like a Python script but defines no "
        "AgentCore gateway or target\n"
    )
    named = runner.invoke(app, ["check", str(tmp_path / "s3.py")])
    assert named.output == (
        f"error: {tmp_path / 's3.py'}: Python script calls no AgentCore gateway API "
        "(create_gateway, …) on a client\n"
    )


@pytest.mark.parametrize(
    ("target", "loaded"),
    [(EQUIVALENT, False), (GOOD, True)],
)
def test_the_python_reader_is_imported_only_for_python_files(target: Path, loaded: bool) -> None:
    probe = (
        "import json, sys\n"
        "from gwlint import lint\n"
        f"lint([{str(target)!r}])\n"
        "mine = sorted(m for m in sys.modules if m.startswith('gwlint.formats.'))\n"
        "sdk = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', "
        "'requests', 'urllib3'))\n"
        "print(json.dumps([mine, sdk]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    mine, sdk = json.loads(proc.stdout)
    assert sdk == []
    reader = ["gwlint.formats.boto3_calls", "gwlint.formats.pyscope",
              "gwlint.formats.python_script", "gwlint.formats.pyvalues"]  # fmt: skip
    assert [m for m in mine if m in reader] == (reader if loaded else [])


def test_a_long_chain_of_names_is_unresolved_not_a_crash() -> None:
    chain = "".join(f"n{i} = {{'k': n{i - 1}}}\n" for i in range(1, 400))
    [data] = translate(CLIENT + "n0 = 'x'\n" + chain + "c.create_gateway(tags=n399)\n")
    depth, value = 0, data["gateway"]["tags"]
    while isinstance(value, dict):
        depth, value = depth + 1, value["k"]
    assert isinstance(value, Unresolved)
    assert 50 < depth < 399


def test_inline_comments_suppress_findings_on_their_line(tmp_path: Path) -> None:
    path = tmp_path / "gw.py"
    path.write_text(
        CLIENT
        + 'RUNTIME_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp-Ab12"\n'
        "c.create_gateway_target(\n"
        '    gatewayIdentifier="tools-gateway-k3j9x0abcd",\n'
        "    # gwlint: ignore[GW201] the deploy job swaps in the invocation URL\n"
        '    targetConfiguration={"mcp": {"mcpServer": {"endpoint": RUNTIME_ARN}}},\n'
        ")\n"
    )
    result = runner.invoke(app, ["check", str(path), "--isolated", "-f", "json"])
    assert result.exit_code == 0, result.output
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "GW201"]
    # located where the name is passed (its literal is on line 3)
    assert (finding["status"], finding["line"], finding["column"]) == ("suppressed", 7, 60)
    assert finding["suppression"] == {
        "kind": "inline",
        "reason": "the deploy job swaps in the invocation URL",
        "location": f"{path}:6:5",
        "expires": None,
    }


# -- credentials in expressions set at deploy time -------------------------------------

LEAKY = """import boto3

client = boto3.client("bedrock-agentcore-control")
host = get_host()
gw = client.create_gateway(
    name="leaky-gateway",
    roleArn="arn:aws:iam::123456789012:role/GatewayRole",
    protocolType="MCP",
    authorizerType="AWS_IAM",
)
client.create_gateway_target(
    gatewayIdentifier=gw["gatewayId"],
    name="split",
    targetConfiguration={"mcp": {"mcpServer": {
        "endpoint": "https://bob:" + "Hunt3rPassw0rd@" + host + "/mcp"}}},
    credentialProviderConfigurations=[{"credentialProviderType": "GATEWAY_IAM_ROLE"}],
)
client.create_gateway_target(
    gatewayIdentifier=gw["gatewayId"],
    name="long",
    targetConfiguration={"mcp": {"mcpServer": {"endpoint": host + "/tools/aaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaa?api_key=" + "SuperSecretKeyValue123"}}},
    credentialProviderConfigurations=[{"credentialProviderType": "GATEWAY_IAM_ROLE"}],
)
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_credential_split_across_literals_is_masked_in_skip_messages(
    tmp_path: Path, fmt: str
) -> None:
    """The pieces ``"https://bob:" + "pw@"`` hold userinfo together, and a long value is cut
    for messages after it is masked, never before (the cut hid the ``@`` from masking)."""
    script = tmp_path / "deploy.py"
    script.write_text(LEAKY)
    result = runner.invoke(app, ["check", str(script), "--format", fmt])
    assert "Hunt3rPassw0rd" not in result.output and "SuperSecret" not in result.output
    report = lint([str(script)])
    skipped = {f.message for f in report.findings if f.rule_id == "GW202"}
    assert skipped == {
        "not checked: set at deploy time ('https://***@' + host + '/mcp')",
        "not checked: set at deploy time (host + '/tools/" + "a" * 47 + "?api_key=***')",
    }
