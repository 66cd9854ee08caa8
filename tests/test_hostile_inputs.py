# ruff: noqa: E501 (the table quotes whole output lines)
"""A battery of hostile input files: each gets one located line and exit 2, or its finding.

Every case is built here (special files, odd encodings, JSON that Python accepts
but JSON does not, wrongly typed sections…) and asserts the exact exit code and
first output line, that no traceback is printed, that the run ends within its
timeout, and that the secret planted in every JSON case never appears.
Special files (FIFO, devices, socket) run in a subprocess under a timeout, so
a regression that blocks fails the test instead of hanging the suite.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint.cli import app

from .conftest import FIXTURES

SECRET = "hostile-secret-Q7zX9pL2vW4kM8nB"
GOOD_GATEWAY = json.loads((FIXTURES / "examples" / "good" / "create-gateway.json").read_text())
CLIENT = {
    "gateway_url": "https://gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
    "client_id": "6aarhftf6bopppar05humcp2r6",
    "client_secret": SECRET,
    "token_endpoint": "https://gw-auth.auth.us-east-1.amazoncognito.com/oauth2/token",
    "scope": "gw/invoke",
}


def _json(value: object) -> bytes:
    return json.dumps(value, indent=2).encode("utf-8")


@dataclass(frozen=True)
class Case:
    """``content`` is written to ``<tmp>/<name>``; ``make`` builds a special file instead."""

    name: str
    expect_exit: int
    first_line: str  # "{path}" stands for the file's path
    content: bytes | None = None
    make: Callable[[Path], Path] | None = None
    args: tuple[str, ...] = ()
    subprocess: bool = False
    also: tuple[str, ...] = field(default=())  # further lines the output must contain


def fifo(tmp: Path) -> Path:
    path = tmp / "pipe.json"
    os.mkfifo(path)
    return path


def unix_socket(tmp: Path) -> Path:
    path = tmp / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the file stays a socket
    return path


def loop(tmp: Path) -> Path:
    (tmp / "a.json").symlink_to(tmp / "b.json")
    (tmp / "b.json").symlink_to(tmp / "a.json")
    return tmp / "a.json"


def self_loop(tmp: Path) -> Path:
    (tmp / "self.json").symlink_to(tmp / "self.json")
    return tmp / "self.json"


def dangling(tmp: Path) -> Path:
    (tmp / "gone.json").symlink_to(tmp / "never-written.json")
    return tmp / "gone.json"


def directory(tmp: Path) -> Path:
    (tmp / "d.json").mkdir()
    (tmp / "d.json" / "x.txt").write_text("not json")
    return tmp / "d.json"


def sparse(tmp: Path) -> Path:
    path = tmp / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # 60 MB, no disk used
    return path


def device(name: str) -> Callable[[Path], Path]:
    return lambda _tmp: Path(name)


def missing(tmp: Path) -> Path:
    return tmp / "missing.json"


def link_to_good(tmp: Path) -> Path:
    (tmp / "real.json").write_bytes(_json(GOOD_GATEWAY))
    (tmp / "link.json").symlink_to(tmp / "real.json")
    return tmp / "link.json"


NOT_REGULAR = "not a regular file; gwlint reads only regular files"
DEEP = b'{"client_id": ' + b"[" * 5000 + b"]" * 5000 + b"}"
WITH_SECRET = {"client_secret": SECRET}

CASES = [
    # -- not regular files: refused before any read ------------------------------
    Case(
        "fifo",
        2,
        f"error: {{path}}: a named pipe (FIFO), {NOT_REGULAR}",
        make=fifo,
        subprocess=True,
    ),
    Case(
        "dev-zero",
        2,
        f"error: {{path}}: a character device, {NOT_REGULAR}",
        make=device("/dev/zero"),
        subprocess=True,
    ),
    Case(
        "dev-urandom",
        2,
        f"error: {{path}}: a character device, {NOT_REGULAR}",
        make=device("/dev/urandom"),
        subprocess=True,
    ),
    Case(
        "dev-null",
        2,
        f"error: {{path}}: a character device, {NOT_REGULAR}",
        make=device("/dev/null"),
        subprocess=True,
    ),
    Case(
        "socket", 2, f"error: {{path}}: a socket, {NOT_REGULAR}", make=unix_socket, subprocess=True
    ),
    Case(
        "symlink-loop",
        2,
        "error: {path}: symbolic link loop: the link points (through other links) back to itself",
        make=loop,
    ),
    Case(
        "symlink-self",
        2,
        "error: {path}: symbolic link loop: the link points (through other links) back to itself",
        make=self_loop,
    ),
    Case("symlink-dangling", 2, "error: {path}: symbolic link to a missing file", make=dangling),
    Case("missing", 2, "error: {path}: no such file or directory", make=missing),
    Case("symlink-to-good", 0, "{path}", make=link_to_good),
    # -- size ------------------------------------------------------------------------
    Case(
        "sparse-60MB",
        2,
        "error: {path}: 60.0 MB: file is larger than the 50.0 MB limit; gateway configs are a few KB (raise the limit with --max-file-size if this file is really an input)",
        make=sparse,
    ),
    Case(
        "over-1KB-limit",
        2,
        "error: {path}: 1.8 KB: file is larger than the 1.0 KB limit; gateway configs are a few KB (raise the limit with --max-file-size if this file is really an input)",
        content=_json({**CLIENT, "description": "x" * 1500}),
        args=("--max-file-size", "1KB"),
    ),
    Case("under-limit", 0, "{path}", content=_json(CLIENT), args=("--max-file-size", "1KB")),
    Case("bad-limit", 2, "", content=_json(CLIENT), args=("--max-file-size", "lots")),
    # -- encodings ---------------------------------------------------------------------
    Case(
        "utf16le-no-bom",
        2,
        "error: {path}:1:1: looks like UTF-16 text without a byte-order mark; save the file as UTF-8",
        content=json.dumps(CLIENT).encode("utf-16-le"),
    ),
    Case(
        "utf16be-no-bom",
        2,
        "error: {path}:1:1: looks like UTF-16 text without a byte-order mark; save the file as UTF-8",
        content=json.dumps(CLIENT).encode("utf-16-be"),
    ),
    Case(
        "utf16-bom",
        2,
        "error: {path}:1:1: UTF-16 text (byte-order mark); save the file as UTF-8",
        content=json.dumps(CLIENT).encode("utf-16"),
    ),
    Case(
        "utf32-bom",
        2,
        "error: {path}:1:1: UTF-32 text (byte-order mark); save the file as UTF-8",
        content=json.dumps(CLIENT).encode("utf-32"),
    ),
    Case(
        "utf32le-no-bom",
        2,
        "error: {path}:1:1: looks like UTF-32 text without a byte-order mark; save the file as UTF-8",
        content=json.dumps(CLIENT).encode("utf-32-le"),
    ),
    Case("utf8-bom", 0, "{path}", content=b"\xef\xbb\xbf" + _json(CLIENT)),
    Case(
        "latin1",
        2,
        "error: {path}:1:19: not UTF-8 text: byte 0xe9 (invalid continuation byte); save it as UTF-8",
        content=b'{"client_id": "caf\xe9", "client_secret": "' + SECRET.encode() + b'"}',
    ),
    Case(
        "truncated-utf8",
        2,
        "error: {path}:1:18: not UTF-8 text: byte 0xe2 (unexpected end of data); save it as UTF-8",
        content=b'{"client_id": "ab\xe2',
    ),
    Case(
        "nul-byte",
        2,
        "error: {path}:1:16: NUL byte: a binary file, not JSON text",
        content=b'{"client_id": "\x00x", "a": "bcdefgh"}',
    ),
    Case(
        "random-bytes",
        2,
        "error: {path}:1:1: not UTF-8 text: byte 0x80 (invalid start byte); save it as UTF-8",
        content=bytes(range(0x80, 0x100)),
    ),
    # -- JSON that Python's json accepts but JSON is not, and broken JSON ------------------
    Case(
        "empty",
        2,
        "error: {path}:1:1: invalid JSON: Expecting value: the file is empty",
        content=b"",
    ),
    Case(
        "whitespace",
        2,
        "error: {path}:3:1: invalid JSON: Expecting value: the file is empty",
        content=b"  \n\t\n",
    ),
    Case(
        "huge-int",
        2,
        "error: {path}:1:15: invalid JSON: number with 5000 digits is too long",
        content=b'{"client_id": ' + b"7" * 5000 + b"}",
    ),
    Case(
        "huge-negative-int",
        2,
        "error: {path}:1:29: invalid JSON: number with 5000 digits is too long",
        content=b'{"gateway_url": 1, "scope": -' + b"7" * 5000 + b"}",
    ),
    Case(
        "float-overflow",
        2,
        "error: {path}:1:15: invalid JSON: number is too large: it overflows to infinity",
        content=b'{"client_id": 1e400}',
    ),
    Case(
        "nan",
        2,
        "error: {path}:1:15: invalid JSON: NaN is not a JSON value (write a number or a string)",
        content=b'{"client_id": NaN}',
    ),
    Case(
        "infinity",
        2,
        "error: {path}:1:11: invalid JSON: Infinity is not a JSON value (write a number or a string)",
        content=b'{"scope": Infinity, "client_id": "a"}',
    ),
    Case(
        "minus-infinity",
        2,
        "error: {path}:1:11: invalid JSON: -Infinity is not a JSON value (write a number or a string)",
        content=b'{"scope": -Infinity, "client_id": "a"}',
    ),
    Case(
        "lone-high-surrogate",
        2,
        "error: {path}:1:16: invalid JSON: lone surrogate escape: not a Unicode character (AWS rejects such text)",
        content=b'{"client_id": "\\ud800"}',
    ),
    Case(
        "lone-low-surrogate",
        2,
        "error: {path}:1:18: invalid JSON: lone surrogate escape: not a Unicode character (AWS rejects such text)",
        content=b'{"client_id": "ab\\udfff"}',
    ),
    Case(
        "surrogate-in-key",
        2,
        "error: {path}:1:3: invalid JSON: lone surrogate escape: not a Unicode character (AWS rejects such text)",
        content=b'{"\\ud801": 1, "client_id": "a"}',
    ),
    Case(
        "deep-nesting", 2, "error: {path}:1:215: invalid JSON: JSON nested too deeply", content=DEEP
    ),
    Case(
        "trailing-comma",
        2,
        "error: {path}:1:22: invalid JSON: Expecting property name enclosed in double quotes",
        content=b'{"client_id": "abc", }',
    ),
    Case(
        "comment",
        2,
        "error: {path}:1:2: invalid JSON: Expecting property name enclosed in double quotes",
        content=b'{// c\n"client_id": "a"}',
    ),
    Case(
        "single-quotes",
        2,
        "error: {path}:1:2: invalid JSON: Expecting property name enclosed in double quotes",
        content=b"{'client_id': 'a'}",
    ),
    Case(
        "unterminated-string",
        2,
        "error: {path}:1:15: invalid JSON: Unterminated string starting at",
        content=b'{"client_id": "abc',
    ),
    Case(
        "control-character",
        2,
        "error: {path}:1:18: invalid JSON: Invalid control character at",
        content=b'{"client_id": "ab\x01c"}',
    ),
    Case(
        "trailing-data",
        2,
        "error: {path}:1:22: invalid JSON: Extra data after the JSON value",
        content=b'{"client_id": "abc"} {}',
    ),
    # -- JSON that is no gwlint input ------------------------------------------------------
    Case(
        "top-array",
        2,
        "error: {path}:1:1: top-level JSON value is an array, not an object;",
        content=b"[1, 2]",
    ),
    Case(
        "top-string",
        2,
        "error: {path}:1:3: top-level JSON value is a string, not an object;",
        content=b'  "client_id"',
    ),
    Case(
        "top-number",
        2,
        "error: {path}:1:1: top-level JSON value is a number, not an object;",
        content=b"42",
    ),
    Case(
        "top-null",
        2,
        "error: {path}:2:1: top-level JSON value is null, not an object;",
        content=b"\nnull",
    ),
    Case(
        "top-true",
        2,
        "error: {path}:1:1: top-level JSON value is a boolean, not an object;",
        content=b"true",
    ),
    Case(
        "empty-object",
        2,
        "error: {path}:1:1: unrecognised input (top-level keys: none);",
        content=b"{}",
    ),
    Case(
        "foreign-object",
        2,
        "error: {path}:1:1: unrecognised input (top-level keys: name, private);",
        content=b'{"name": "web", "private": true}',
    ),
    # -- wrongly typed sections: located at the key, the rest still checked ---------------
    Case(
        "gateway-array",
        2,
        "error: {path}:1:2: gateway is an array; expected an object of CreateGateway / GetGateway fields",
        content=b'{"gateway": []}',
    ),
    Case(
        "gateway-string",
        2,
        "error: {path}:1:2: gateway is a string; expected an object of CreateGateway / GetGateway fields",
        content=b'{"gateway": "gw"}',
    ),
    Case(
        "gateway-null",
        2,
        "error: {path}:1:2: gateway is null; expected an object of CreateGateway / GetGateway fields",
        content=b'{"gateway": null}',
    ),
    Case(
        "targets-string",
        2,
        "error: {path}:1:2: targets is a string; expected an array of CreateGatewayTarget / GetGatewayTarget objects",
        content=b'{"targets": "x"}',
    ),
    Case(
        "targets-object",
        2,
        "error: {path}:1:2: targets is an object; expected an array of CreateGatewayTarget / GetGatewayTarget objects",
        content=b'{"targets": {}}',
    ),
    Case(
        "targets-item-number",
        2,
        "error: {path}:1:14: targets[0] is a number; expected an object of CreateGatewayTarget / GetGatewayTarget fields",
        content=b'{"targets": [1]}',
    ),
    Case(
        "client-null-gateway-valid",
        2,
        "error: {path}:2:3: client is null; expected an object of client-config fields",
        content=_json({"client": None, "gateway": GOOD_GATEWAY}),
        also=("  ✓ GW103 authorizer-type: authorizerType is CUSTOM_JWT",),
    ),
    Case(
        "client-array",
        2,
        "error: {path}:2:3: client is an array; expected an object of client-config fields",
        content=_json({"client": [CLIENT], "gateway": GOOD_GATEWAY}),
    ),
    Case(
        "region-array",
        2,
        "error: {path}:2:3: region is an array; expected a string such as us-east-1",
        content=_json({"region": ["us-east-1"], "gateway": GOOD_GATEWAY}),
        also=("  ✓ GW103 authorizer-type: authorizerType is CUSTOM_JWT",),
    ),
    Case(
        "region-number",
        2,
        "error: {path}:2:3: region is a number; expected a string such as us-east-1",
        content=_json({"region": 123, "gateway": GOOD_GATEWAY}),
    ),
    Case(
        "region-true",
        2,
        "error: {path}:2:3: region is a boolean; expected a string such as us-east-1",
        content=_json({"region": True, "gateway": GOOD_GATEWAY}),
    ),
    Case(
        "proxy-lambda-number",
        2,
        "error: {path}:2:3: proxy_lambda is a number; expected a string naming the proxy Lambda function",
        content=_json({"proxy_lambda": 5, "gateway": GOOD_GATEWAY}),
    ),
    Case(
        "client-info-string",
        2,
        "error: {path}:2:3: client_info is a string; expected an object (client_id, client_secret, token_endpoint…)",
        content=_json({"client_info": "x", **CLIENT}),
    ),
    Case(
        "client-info-null",
        2,
        "error: {path}:2:3: client_info is null; expected an object (client_id, client_secret, token_endpoint…)",
        content=_json({"client_info": None, "gateway_url": CLIENT["gateway_url"]}),
    ),
    Case(
        "client-info-array",
        2,
        "error: {path}:2:3: client_info is an array; expected an object (client_id, client_secret, token_endpoint…)",
        content=_json({"client_info": [WITH_SECRET], "gateway_url": CLIENT["gateway_url"]}),
    ),
    Case(
        "nested-client-info",
        2,
        "error: {path}:3:5: client_info is a number; expected an object (client_id, client_secret, token_endpoint…)",
        content=_json({"client": {"client_info": 5, **WITH_SECRET}}),
    ),
    Case(
        "nested-client-region",
        2,
        "error: {path}:3:5: region is an array; expected a string such as us-east-1",
        content=_json({"client": {"region": [], **CLIENT}}),
    ),
    # -- valid but odd: findings, never a crash ---------------------------------------------
    Case(
        "duplicate-key",
        0,
        "{path}",
        content=b'{"client_id": "a", "client_id": "6aarhftf6bopppar05humcp2r6", "client_secret": "'
        + SECRET.encode()
        + b'"}',
        also=("  ✗ GW001 duplicate-key [warning] {path}:1:33",),
    ),
    Case(
        "secret-in-client-id",
        1,
        "{path}",
        content=_json({**CLIENT, "client_id": SECRET}),
        also=(
            "      client_id holds a secret (not shown): a token or secret pasted into the client ID field, which must never hold one; a Cognito app client ID is 1-128 letters, digits, '_' or '+'.  (client ***)",
        ),
    ),
    Case(
        "numeric-secret",
        0,
        "{path}",
        content=_json({**CLIENT, "client_secret": 987654321}),
        also=(
            "      client_secret is stored in plaintext (as a JSON number) in this file; anyone who can read the file or its history can mint tokens for the gateway.  (client 6aarhftf6bopppar05humcp2r6)",
        ),
    ),
    Case("megabyte-string", 1, "{path}", content=_json({**CLIENT, "scope": "s" * 1_000_000})),
    Case("unicode-keys", 0, "{path}", content=_json({**CLIENT, "ключ": "значение", "🔑": SECRET})),
]


def _expand(text: str, path: Path) -> str:
    return text.replace("{path}", str(path))


runner = CliRunner()


def _run(case: Case, path: Path) -> tuple[int, str]:
    argv = ["check", str(path), *case.args]
    if case.subprocess:
        code = "from gwlint.cli import main; main()"
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, *argv],
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, "NO_COLOR": "1"},
            )
        except subprocess.TimeoutExpired:  # pragma: no cover - the regression this guards
            pytest.fail(f"gwlint hung on {case.name}")
        return done.returncode, done.stdout + done.stderr
    result = runner.invoke(app, argv, env={"NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed on {case.name}: {result.exception!r}")
    return result.exit_code, result.output


def test_the_battery_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.make is not None:
        path = case.make(tmp_path)
    else:
        path = tmp_path / f"{case.name}.json"
        path.write_bytes(case.content or b"")
    exit_code, output = _run(case, path)
    assert exit_code == case.expect_exit, output
    assert "Traceback" not in output
    assert SECRET not in output
    lines = output.splitlines()
    if case.first_line:
        assert lines[0].startswith(_expand(case.first_line, path)), lines[0]
    for expected in case.also:
        assert _expand(expected, path) in lines, output
    if case.expect_exit == 2 and case.first_line.startswith("error:"):
        errors = [line for line in lines if line.startswith("error:")]
        assert len(errors) == 1, output  # one line per bad input, nothing repeated


def test_bad_size_option_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(_json(CLIENT))
    result = runner.invoke(app, ["check", str(path), "--max-file-size", "lots"])
    assert result.exit_code == 2
    assert result.stderr == (
        "gwlint: error: --max-file-size 'lots': expected a size such as 50MB, 512KB or "
        "1048576 (bytes)\n"
    )


def test_permission_denied_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the suite may run as root, who can read any file."""
    path = tmp_path / "locked.json"
    path.write_bytes(_json(CLIENT))
    real_open = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if str(name) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.output == f"error: {path}: permission denied: gwlint cannot read this file\n"


def test_folder_scan_reads_only_regular_json_files(tmp_path: Path) -> None:
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "Gateway.JSON").write_bytes(_json(GOOD_GATEWAY))  # upper-case suffix is found
    os.mkfifo(folder / "pipe.json")  # never opened
    (folder / "dir.json").mkdir()
    loop(folder)
    result = runner.invoke(app, ["check", str(folder), "--select", "GW103"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        str(folder / "Gateway.JSON"),
        "  ✓ GW103 authorizer-type: authorizerType is CUSTOM_JWT",
        "",
        "1 passed, 0 failed in 1 file",
    ]
