"""Probe options and the AWS_IAM path: usage errors exit 2 in one line; SigV4 as botocore signs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import responses
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from .conftest import ROOT
from .probe_support import EXAMPLE
from .test_cli import invoke
from .test_probe_answers import GATEWAY, mcp_server

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--probe-via", "example.com=http://10.0.0.1:80"], {}, "only a loopback address"),
        (["--probe-via", "nohost"], {}, "expected HOST=http://127.0.0.1:PORT"),
        (
            ["--probe-call", "t___x", "--probe-args", "{bad"],
            {},
            "--probe-args: invalid JSON at column 2",
        ),
        (["--probe-args", "{}"], {}, "--probe-args needs --probe-call NAME"),
        (["--probe-call", "t___x", "--probe-args", "[1]"], {}, "must be a JSON object"),
        (
            ["--client-secret-env", "GWLINT_UNSET_VAR"],
            {},
            "GWLINT_UNSET_VAR: that environment variable is not set",
        ),
        (["--probe-timeout", "0"], {}, "--probe-timeout must be a positive number"),
    ],
)
def test_unusable_probe_options_exit_2_in_one_line(
    args: list[str], env: dict[str, str], words: str
) -> None:
    result = invoke("check", "--probe", *args, str(EXAMPLE), env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gwlint: error: ") and words in lines[0]


def test_probe_options_without_probe_are_refused() -> None:
    result = invoke("check", "--probe-env", "--probe-call", "x", str(EXAMPLE))
    assert result.exit_code == 2
    assert "--probe-env, --probe-call only apply to the probe: add --probe" in result.output


def test_probe_rules_run_only_with_probe() -> None:
    result = invoke("check", "--format", "json", str(EXAMPLE))
    ids = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert ids and not any(i.startswith("GW7") for i in ids)


@pytest.mark.parametrize("module", ["requests", "jwt"])
def test_missing_probe_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    result = invoke("check", "--probe", str(EXAMPLE))
    assert result.exit_code == 2
    # run from this checkout, the hint names it (as the --live hint does)
    assert result.output.strip() == (
        f"gwlint: error: --probe needs {module}, which is not installed: "
        f"pip install '{'.' if Path.cwd() == ROOT else str(ROOT) + os.sep}[probe]'"
    )


def _iam_gateway(tmp_path: Path) -> Path:
    doc = json.loads(EXAMPLE.read_text())
    doc["gateway"]["authorizerType"] = "AWS_IAM"
    del doc["gateway"]["authorizerConfiguration"]
    del doc["client"]
    path = tmp_path / "iam-deployment.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.fixture
def aws_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }


def _verify_with_botocore(request: Any) -> None:
    """Recompute the recorded request's signature with botocore's SigV4 signer."""
    authorization = request.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
    fields = dict(part.strip().split("=", 1) for part in authorization[17:].split(","))
    scope = fields["Credential"].split("/")
    assert scope[2:] == ["us-east-1", "bedrock-agentcore", "aws4_request"]
    signed = fields["SignedHeaders"].split(";")
    headers = {k: v for k, v in request.headers.items() if k.lower() in signed}
    replay = AWSRequest(method=request.method, url=request.url, data=request.body, headers=headers)
    replay.context["timestamp"] = request.headers["X-Amz-Date"]
    signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "bedrock-agentcore", "us-east-1")
    canonical = signer.canonical_request(replay)
    expected = signer.signature(signer.string_to_sign(replay, canonical), replay)
    assert fields["Signature"] == expected
    assert {"host", "x-amz-date", "content-type"} <= set(signed)


def test_aws_iam_gateway_is_signed_as_botocore_signs(
    tmp_path: Path, aws_env: dict[str, str]
) -> None:
    path = _iam_gateway(tmp_path)
    with responses.RequestsMock() as rsps:
        rsps.add_callback(responses.POST, GATEWAY, callback=mcp_server())
        result = invoke(
            "check", "--probe", "--select", "GW7", "--format", "json", str(path), env=aws_env
        )
        calls = list(rsps.calls)
    assert result.exit_code == 0, result.output
    statuses = {f["rule_id"]: f["status"] for f in json.loads(result.stdout)["findings"]}
    assert statuses["GW701"] == statuses["GW703"] == "skip"
    assert statuses["GW705"] == "pass"
    assert len(calls) == 3  # initialize, initialized, tools/list: each one signed
    for call in calls:
        _verify_with_botocore(call.request)
    assert SECRET_KEY not in result.stdout


def _gw705_alone(path: Path, env: dict[str, str]) -> dict[str, Any]:
    result = invoke("check", "--probe", "--select", "GW705", "--format", "json", str(path), env=env)
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule_id"] == "GW705"
    return finding


def test_aws_iam_without_credentials_is_an_error_with_the_fix(
    tmp_path: Path, aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {k: v for k, v in aws_env.items() if not k.startswith("AWS_ACCESS") and "SECRET" not in k}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    finding = _gw705_alone(_iam_gateway(tmp_path), env)
    assert finding["status"] == "error"
    assert "no AWS credentials in the standard chain" in finding["message"]


def test_aws_iam_without_botocore_says_how_to_install(
    tmp_path: Path, aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "botocore.session", None)
    finding = _gw705_alone(_iam_gateway(tmp_path), aws_env)
    assert finding["status"] == "error"
    assert "needs botocore: pip install 'gwlint[live]'" in finding["message"]
