"""``gwlint why MESSAGE PATH...``: which cause the files hold, located as ``check`` locates it.

Also the command's edges: stdin, the JSON contract, bad input, secrets in the
pasted text, and the offline import promise.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource

from gwlint.catalogue import load_catalogue
from gwlint.registry import all_rules
from gwlint.whymatch import find_errors

from .conftest import FIXTURES, ROOT
from .test_offline_imports import probe
from .why_support import cdk_event, curl, invoke

WHY = FIXTURES / "why"
GOOD = FIXTURES / "examples" / "good"
SCHEMAS = ROOT / "gwlint" / "schemas"
REPORT_SCHEMA = json.loads((SCHEMAS / "report.schema.json").read_text())
WHY_SCHEMA = json.loads((SCHEMAS / "why.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(
    WHY_SCHEMA,
    registry=Registry().with_resource(REPORT_SCHEMA["$id"], Resource.from_contents(REPORT_SCHEMA)),
)

CATALOGUE = load_catalogue(all_rules())
LAMBDA_CREDS = "CredentialProviderConfigurations is required for Lambda targets"
IAM_PROVIDER = "IamCredentialProvider is required for mcpServer targets using IAM authentication"
BEARER = '{"jsonrpc":"2.0","id":0,"error":{"code":-32001,"message":"Invalid Bearer token"}}'
LAMBDA_PERMISSION = (
    "Gateway execution role lacks permission to invoke Lambda function "
    "arn:aws:lambda:us-east-1:123456789012:function:weather-tools. Update the permission and retry"
)


def why(*args: str | Path, stdin: str | None = None) -> tuple[int, dict[str, Any]]:
    result = invoke("why", *[str(a) for a in args], "--format", "json", stdin=stdin)
    payload: dict[str, Any] = json.loads(result.stdout)
    VALIDATOR.validate(payload)
    return result.exit_code, payload


def verdicts(payload: dict[str, Any], index: int = 0) -> list[tuple[str | None, str, str]]:
    """(rule id, verdict, first location) per cause of the index-th match."""
    out = []
    for cause in payload["matches"][index]["causes"]:
        rule = cause["rule"]["id"] if cause["rule"] else None
        located = [f"{f['file']}:{f['line']}:{f['column']}" for f in cause["findings"]]
        out.append((rule, cause["verdict"], located[0] if located else cause["reason"]))
    return out


# -- the cause is in the files ---------------------------------------------------------
def test_lambda_target_without_credentials_is_located() -> None:
    path = WHY / "lambda-target-no-credentials.json"
    code, payload = why(cdk_event("AWS::BedrockAgentCore::GatewayTarget", "T", LAMBDA_CREDS), path)
    assert code == 1
    assert verdicts(payload) == [("GW216", "present", f"{path}:1:1")]
    assert payload["matches"][0]["present"] == [1]
    assert payload["checked"] == {"files": [str(path)], "live": False, "errors": []}
    finding = payload["matches"][0]["causes"][0]["findings"][0]
    assert (finding["rule_id"], finding["status"], finding["pointer"]) == ("GW216", "fail", "")


def test_mcp_target_without_iam_service_is_located() -> None:
    path = WHY / "mcp-target-iam-no-service.json"
    code, payload = why(IAM_PROVIDER, path)
    assert code == 1
    assert verdicts(payload) == [("GW217", "present", f"{path}:12:5")]


def test_cognito_audience_trap_is_the_present_cause() -> None:
    path = FIXTURES / "examples" / "guide-failures" / "create-gateway-cognito-audience.json"
    code, payload = why(BEARER, path)
    assert code == 1
    got = {rule: verdict for rule, verdict, _ in verdicts(payload)}
    assert got == {
        "GW308": "present",
        "GW306": "unknown",
        "GW307": "unknown",
        "GW326": "unknown",
        "GW601": "unknown",
        "GW304": "unknown",
        "GW704": "unknown",
        "GW309": "absent",
    }
    assert payload["matches"][0]["present"] == [1]


def test_text_output_names_the_location_like_check() -> None:
    path = WHY / "client-token-endpoint-path.json"
    text = "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://x.auth.us-east-1.amazoncognito.com/token"
    result = invoke("why", text, str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"        ✗ present: {path}:5:21: token_endpoint " in "\n".join(lines)
    assert lines[-1] == f"   → present in {path}: cause 1 (GW303)"


# -- a correct config -----------------------------------------------------------------
def test_correct_config_says_no_known_cause_is_present_and_what_else_to_check() -> None:
    path = GOOD / "create-target-lambda.json"
    result = invoke("why", LAMBDA_PERMISSION, str(path))
    assert result.exit_code == 0
    conclusion = result.stdout.rstrip("\n").splitlines()[-3:]
    assert conclusion == [
        f"   → none of the known causes gwlint checked is present in {path}.",
        "     Still to check: cause 1 (GW512 reads the AWS account: add --live); cause 2 "
        "(GW501 reads the AWS account: add --live); cause 3 (no gwlint rule checks this cause).",
        "     Run again with --live to read the deployed gateway, role and runtime.",
    ]
    code, payload = why(LAMBDA_PERMISSION, path)
    assert code == 0
    assert [(r, v) for r, v, _ in verdicts(payload)] == [
        ("GW512", "unknown"),
        ("GW501", "unknown"),
        (None, "unknown"),
        ("GW206", "absent"),
    ]
    assert payload["matches"][0]["present"] == []


@pytest.mark.parametrize(
    ("message", "path", "rule"),
    [
        (LAMBDA_CREDS, GOOD / "create-target-lambda.json", "GW216"),
        (IAM_PROVIDER, GOOD / "create-target-runtime.json", "GW217"),
    ],
)
def test_correct_config_passes_the_causes_rule(message: str, path: Path, rule: str) -> None:
    code, payload = why(message, path)
    assert code == 0
    assert verdicts(payload) == [(rule, "absent", f"{rule} passed")]


def test_rules_outside_the_causes_never_run() -> None:
    # the guide's failing client config fails GW108 and GW301, neither a cause of this error
    path = FIXTURES / "examples" / "guide-failures" / "gateway-config.json"
    code, payload = why(IAM_PROVIDER, path)
    assert code == 0
    assert verdicts(payload) == [
        (
            "GW217",
            "unknown",
            "GW217 had nothing to check in these inputs (pass the file that holds it too)",
        )
    ]


# -- input and usage ------------------------------------------------------------------
def test_stdin_dash_reads_the_whole_pasted_text() -> None:
    pasted = curl(
        "401", BEARER, url="https://g.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
    )
    code, payload = why("-", stdin=pasted)
    assert code == 0
    assert [(m["error"], m["line"]) for m in payload["matches"]] == [("invalid-bearer-token", 6)]
    assert payload["checked"] is None


def test_undecodable_bytes_on_stdin_do_not_stop_matching() -> None:
    result = invoke("why", "-", stdin=b"\xff\xfe garbage \x00 Invalid Bearer token \xc3")
    assert result.exit_code == 0
    assert result.stdout.startswith("Found 1 known error in the text.\n\n1. invalid-bearer-token")


def test_nothing_matched_says_so_and_points_at_check() -> None:
    result = invoke("why", "Everything is fine, really")
    assert result.exit_code == 0
    assert result.stdout == (
        "No known AgentCore Gateway error found in this text. Check the deployment itself: "
        "'gwlint check PATH' reads your config files, 'gwlint check --live PATH' also reads "
        "the AWS account; see 'gwlint check --help' for end-to-end endpoint probes (--probe) "
        "where your gwlint version offers them.\n"
    )
    code, payload = why("Everything is fine, really")
    assert (code, payload["matches"], payload["checked"]) == (0, [], None)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["   "], None, "the error text is empty: pass the message, or - to read it from stdin"),
        (["-"], "", "the error text is empty: pass the message, or - to read it from stdin"),
        (["x", "--region", "us-east-1"], None, "--region read(s) the AWS account: add --live"),
        (
            ["x", "--live"],
            None,
            "--live checks a deployment: name its config files or --gateway ID|ARN|URL",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    args: list[str], stdin: str | None, message: str
) -> None:
    result = invoke("why", *args, stdin=stdin)
    assert result.exit_code == 2
    assert result.stderr == f"gwlint: error: {message}\n"


def test_bad_config_file_is_one_line_with_its_location(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "name": "x",\n  "targetConfiguration": {\n}\n,}\n')
    result = invoke("why", IAM_PROVIDER, str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"gwlint: error: {bad}:5:2: ")


def test_missing_file_exits_2() -> None:
    result = invoke("why", IAM_PROVIDER, "no/such/file.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("gwlint: error: no/such/file.json")


def test_oversized_text_is_refused_not_scanned() -> None:
    result = invoke("why", "-", stdin="x" * 5_000_001)
    assert result.exit_code == 2
    assert result.stderr == (
        "gwlint: error: the text is 5,000,001 characters; gwlint reads at most 5,000,000: "
        "paste the part with the error\n"
    )


# -- secrets ---------------------------------------------------------------------------
JWT = (
    "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiI2YWFyaGZ0ZjZib3BwcGFyMDVodW1jcDJyNiJ9."
    "c2lnbmF0dXJlLXRoYXQtaXMtbm90LXJlYWw"
)
SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0svc"


def test_credentials_in_the_pasted_text_reach_no_output() -> None:
    pasted = "\n".join(
        [
            "> POST /runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime"
            "%2Fweather_mcp-AbCdEf1234/invocations?qualifier=DEFAULT HTTP/2",
            f"> Authorization: Bearer {JWT}",
            f"> X-Client-Secret: {SECRET}",
            f"client_secret={SECRET}&grant_type=client_credentials",
            "> Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE7Q/20261201/us-east-1/"
            "bedrock-agentcore/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d",
            f"> X-Amz-Security-Token: IQoJb3JpZ2luX2VjE{SECRET}",
            "< HTTP/2 403 Forbidden",
            '{"message":"Forbidden"}',
        ]
    )
    for fmt in ("text", "json"):
        result = invoke("why", "-", "--format", fmt, stdin=pasted)
        assert result.exit_code == 0
        assert "runtime-invocation-forbidden" in result.stdout
        for secret in (
            JWT,
            SECRET,
            JWT.split(".")[1],
            SECRET[:12],
            "5d672d79c15b",
            "AKIAEXAMPLE7Q",
        ):
            assert secret not in result.stdout + result.stderr


# -- offline stays offline --------------------------------------------------------------
def test_why_with_files_loads_no_sdk() -> None:
    body = f"""
sys.argv = ["gwlint", "why", {LAMBDA_PERMISSION!r}, {str(GOOD / "create-target-lambda.json")!r}]
from gwlint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
"""
    result = probe(body)
    assert result["code"] == 0
    assert result["loaded"] == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Invalid Bearer token",
                "Missing Authentication Token",
                "invalid_client",
                "│ ",
                "\n",
                " ",
                "403",
                "/invocations?qualifier=",
                "tool discovery",
            ]
        )
        | st.text(max_size=20),
        max_size=30,
    )
)
def test_matching_never_crashes_and_locates_inside_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    for match in find_errors(text, CATALOGUE):
        lines = text.split("\n")
        assert 1 <= match.line <= len(lines)
        assert 1 <= match.column <= len(lines[match.line - 1])
        assert match.count >= 1


def test_a_log_full_of_errors_is_scanned_in_bounded_time() -> None:
    line = "invalid_client tool discovery failed: Missing Authentication Token\n"
    text = line * (5_000_000 // len(line))
    started = time.monotonic()
    matches = find_errors(text, CATALOGUE)
    assert time.monotonic() - started < 60
    assert [(m.error.id, m.count) for m in matches] == [
        ("invalid-client", 74626),
        ("target-missing-authentication-token", 74626),
    ]


def test_probe_rules_are_named_as_causes_but_left_to_check_probe() -> None:
    """A wrong client secret is only seen by a real token request: GW703 names it, unjudged."""
    result = invoke(
        "why", '{"error":"invalid_client"}', str(FIXTURES / "examples/good/deployment.json")
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("        checked by: GW703 probe-token (probe, --probe); gwlint explain GW703")
    assert lines[at + 2] == (
        "        ? unknown: GW703 calls the endpoints themselves: run gwlint check --probe on "
        "these files"
    )
    assert "Still to check:" in result.output and "cause 5 (GW703 calls" in result.output
