"""``gwlint check --probe`` end to end against real local servers (tests/probe_support.py).

The bundled example, probed through ``--probe-via``, passes; each seeded fault
makes exactly the probe rules it should fail (or skip behind it); the client
secret and the access token never reach any output format.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from .probe_support import (
    EXAMPLE,
    LONG_TOOL,
    StandIn,
    scenario,
    serve,
    via_args,
)
from .test_cli import invoke

FORMATS = ("text", "json", "sarif")


def _check(doc_path: Path, base: str, secret: str, *extra: str, fmt: str = "json") -> Any:
    doc = json.loads(doc_path.read_text())
    args = [a.replace("{base}", base) for a in via_args(doc, "{base}")]
    return invoke(
        "check",
        "--probe",
        "--format",
        fmt,
        "--client-secret-env",
        "GWLINT_PROBE_SECRET",
        *args,
        *extra,
        str(doc_path),
        env={"GWLINT_PROBE_SECRET": secret},
    )


def _probe_statuses(result: Any) -> dict[str, list[str]]:
    report = json.loads(result if isinstance(result, str) else result.stdout)
    out: dict[str, list[str]] = {}
    for f in report["findings"]:
        if f["rule_id"].startswith("GW7"):
            out.setdefault(f["rule_id"], []).append(f["status"])
    return {k: sorted(v) for k, v in out.items()}


CLEAN = {
    "GW701": ["pass", "pass"],
    "GW702": ["pass"],
    "GW703": ["pass"],
    "GW704": ["pass"] * 5,
    "GW705": ["pass"],
    "GW706": ["pass", "pass"],
    "GW707": ["pass"],
    "GW708": ["skip"],
}
AFTER_TOKEN_FAILED = {
    "GW701": ["pass", "pass"],
    "GW702": ["pass"],
    "GW703": ["fail"],
    "GW704": ["skip"],
    "GW705": ["skip"],
    "GW706": ["skip"],
    "GW707": ["skip"],
    "GW708": ["skip"],
}


@pytest.mark.parametrize("json_response", [False, True], ids=["sse", "json"])
def test_clean_setup_passes_and_never_prints_secret_or_token(json_response: bool) -> None:
    secret = "s3cr3t-" + "k" * 30
    clients, tools = scenario("clean", secret)
    stand_in = StandIn(json.loads(EXAMPLE.read_text()), clients, tools, json_response=json_response)
    outputs = {}
    with serve(stand_in) as base:
        for fmt in FORMATS:
            result = _check(EXAMPLE, base, secret, fmt=fmt)
            assert result.exit_code == 0, result.stdout
            outputs[fmt] = result.stdout + result.stderr
            if fmt == "json":
                json_stdout = result.stdout
    assert _probe_statuses(json_stdout) == CLEAN
    assert len(stand_in.issued) == 3  # one token per run: Cognito bills each request
    for fmt, text in outputs.items():
        assert secret not in text, fmt
        for token in stand_in.issued:
            for part in token.split("."):
                assert part not in text, fmt
    # the MCP requests carried the headers clients must send
    mcp = [h for m, p, h in stand_in.requests if p == "/mcp"]
    assert all(h["accept"] == "application/json, text/event-stream" for h in mcp)
    assert all(h["authorization"].startswith("Bearer ") for h in mcp)
    # only each run's initialize goes without the negotiated version and the session id
    later = [h for h in mcp if "mcp-protocol-version" in h]
    assert len(mcp) - len(later) == 3
    assert all(h["mcp-protocol-version"] == "2025-03-26" and "mcp-session-id" in h for h in later)


@pytest.mark.parametrize(
    ("name", "secret_sent", "expected", "exit_code"),
    [
        ("wrong-secret", "wrong", AFTER_TOKEN_FAILED, 1),
        ("missing-flow", "right", AFTER_TOKEN_FAILED, 1),
        ("scope-not-allowed", "right", AFTER_TOKEN_FAILED, 1),
        (
            "target-without-tools",
            "right",
            {**CLEAN, "GW706": ["fail", "pass"]},
            1,
        ),
        ("long-tool-name", "right", {**CLEAN, "GW707": ["fail"]}, 0),  # a warning
    ],
)
def test_each_seeded_fault_is_found_exactly(
    name: str, secret_sent: str, expected: dict[str, list[str]], exit_code: int
) -> None:
    secret = "right-" + "q" * 30
    seeded = "clean" if name == "wrong-secret" else name
    clients, tools = scenario(seeded, secret)
    stand_in = StandIn(json.loads(EXAMPLE.read_text()), clients, tools)
    with serve(stand_in) as base:
        result = _check(EXAMPLE, base, secret if secret_sent == "right" else "not-" + secret)
    assert _probe_statuses(result) == expected
    assert result.exit_code == exit_code
    if name == "long-tool-name":
        assert LONG_TOOL in result.stdout


@pytest.mark.parametrize(
    ("authorizer", "gw704", "cause"),
    [
        ({"allowedClients": ["1example23456789abcdefghij"]}, "allowedClients", "allowedClients"),
        (
            {"allowedAudience": ["6aarhftf6bopppar05humcp2r6"]},
            "allowedAudience",
            "allowedAudience",
        ),
    ],
    ids=["client-not-allowed", "cognito-audience"],
)
def test_gateway_authorizer_faults_fail_claims_and_tools_list(
    tmp_path: Path, authorizer: dict[str, Any], gw704: str, cause: str
) -> None:
    example = json.loads(EXAMPLE.read_text())
    doc = json.loads(EXAMPLE.read_text())
    jwt_config = doc["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]
    jwt_config.pop("allowedClients")
    jwt_config.update(authorizer)
    path = tmp_path / "deployment.json"
    path.write_text(json.dumps(doc, indent=2))
    secret = "right-" + "z" * 30
    clients, tools = scenario("clean", secret)
    with serve(StandIn(example, clients, tools, gateway_doc=doc)) as base:
        result = _check(path, base, secret)
    report = json.loads(result.stdout)
    fails = [(f["rule_id"], f["pointer"]) for f in report["findings"] if f["status"] == "fail"]
    pointer = f"/gateway/authorizerConfiguration/customJWTAuthorizer/{gw704}"
    probe_fails = [x for x in fails if x[0].startswith("GW7")]
    assert probe_fails == [("GW704", pointer), ("GW705", "/client/gateway_url")]
    gw705 = next(f for f in report["findings"] if f["rule_id"] == "GW705")
    assert f"Likely cause (GW704): {cause}." in gw705["message"]
    assert "'Invalid Bearer token'" in gw705["message"]
    assert _probe_statuses(result)["GW706"] == ["skip"]
    assert result.exit_code == 1


def _listener() -> tuple[socket.socket, str]:
    """A loopback TCP listener on a free port, and its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}"


def _gw701(result: Any) -> list[dict[str, Any]]:
    return [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "GW701"]


def test_one_deadline_bounds_a_server_that_never_answers() -> None:
    silent, base = _listener()  # accepts connections, never answers
    started = time.monotonic()
    try:
        result = _check(EXAMPLE, base, "x" * 30, "--probe-timeout", "1")
    finally:
        silent.close()
    assert time.monotonic() - started < 6
    gw701 = _gw701(result)
    # nothing had answered yet: maybe this machine's network, so not checked rather than failed
    assert [f["status"] for f in gw701] == ["error"]
    assert "did not answer in time; nothing configured has answered yet" in gw701[0]["message"]
    assert _probe_statuses(result)["GW703"] == ["skip"]


def test_a_server_dripping_its_answer_cannot_outlast_the_deadline() -> None:
    import threading

    listener, base = _listener()
    stop = threading.Event()

    def drip() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000\r\n\r\n{"
            )
            until = time.monotonic() + 10  # a regression fails the test, never hangs it
            while not stop.wait(0.05) and time.monotonic() < until:
                try:
                    conn.sendall(b" ")
                except OSError:
                    return

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        result = _check(EXAMPLE, base, "x" * 30, "--probe-timeout", "1.5")
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)
    assert time.monotonic() - started < 5
    gw701 = _gw701(result)
    assert [f["status"] for f in gw701] == ["error"]
    assert "deadline ran out mid-answer" in gw701[0]["message"]


def test_stand_in_script_prints_a_working_command() -> None:
    """What the README tells a new user to run, checked the way they would use it."""
    import subprocess
    import sys

    from .probe_support import ROOT

    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.probe_support"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        secret = lines[1].strip().split("=", 1)[1].strip("'")
        command = lines[2].split()
        assert command[:3] == ["gwlint", "check", "--probe"]
        result = invoke(*command[1:], "--format", "json", env={"GWLINT_PROBE_SECRET": secret})
        assert result.exit_code == 0, result.stdout
        assert _probe_statuses(result) == CLEAN
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_client_config_alone_with_an_env_reference_and_a_proxy_in_the_environment() -> None:
    """The guide's gateway-config.json: ``${COGNITO_CLIENT_SECRET}`` resolved with --probe-env;
    loopback stand-ins are reached directly although HTTPS_PROXY names a dead proxy."""
    path = EXAMPLE.parent / "gateway-config.json"
    secret = "ref-" + "m" * 30
    clients, tools = scenario("clean", secret)
    example = json.loads(EXAMPLE.read_text())
    with serve(StandIn(example, clients, tools)) as base:
        args = [a.replace("{base}", base) for a in via_args(example, "{base}")]
        dead = "http://127.0.0.1:9"
        env = {"COGNITO_CLIENT_SECRET": secret, "HTTPS_PROXY": dead, "HTTP_PROXY": dead}
        result = invoke(
            "check", "--probe", "--probe-env", "--format", "json", *args, str(path), env=env
        )
    assert _probe_statuses(result) == {
        "GW701": ["skip"],
        "GW702": ["skip"],
        "GW703": ["pass"],
        "GW704": ["skip"],
        "GW705": ["pass"],
        "GW706": ["skip"],
        "GW707": ["pass"],
        "GW708": ["skip"],
    }
    assert secret not in result.stdout


def test_offline_check_imports_no_probe_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom gwlint import lint\n"
        f"lint([{str(EXAMPLE)!r}])\n"
        "print(sorted(m for m in ('requests', 'jwt', 'cryptography', 'mcp') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
