"""No client secret or access token from the input reaches any output.

Runs over every fixture (a glob, so it grows with the rules) in every output
format, plus inputs built here with long secrets in each input shape, plus a
rule that tries to leak everything it can see: secrets are masked where the
model is built, so not even a run of ``FRAGMENT`` characters of one can leak.
(tests/test_secret_markers.py plants markers in every field of every shape.)
"""

from __future__ import annotations

import contextlib
import json
import random
import string
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.awsformats import is_secret_reference
from gwlint.cli import app
from gwlint.report import FORMATS as REPORTERS

from .conftest import FIXTURES

SECRET_KEYS = frozenset({"client_secret", "access_token"})
#: A run of this many characters copied from a secret counts as leaking it.
FRAGMENT = 8
FORMATS = tuple(REPORTERS)  # every registered format
runner = CliRunner()


def _walk_secrets(data: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_KEYS and isinstance(value, str) and value.strip():
                found.add(value)
            found |= _walk_secrets(value)
    elif isinstance(data, list):
        for item in data:
            found |= _walk_secrets(item)
    return found


def secrets_in(path: Path) -> list[str]:
    """Every value under a secret key.

    References and placeholders (``${CLIENT_SECRET}``, ``{{resolve:…}}``, a
    Secrets Manager ARN) name a secret without holding one, so rules may quote them.
    """
    found: set[str] = set()
    with contextlib.suppress(ValueError):  # not JSON, or not UTF-8
        found |= _walk_secrets(json.loads(path.read_text("utf-8-sig")))
    return sorted(s for s in found if not is_secret_reference(s))


def fragments(secret: str) -> set[str]:
    if len(secret) < FRAGMENT:
        return {secret}
    return {secret[i : i + FRAGMENT] for i in range(len(secret) - FRAGMENT + 1)}


def assert_no_leak(output: str, secrets: list[str], baseline: str = "") -> None:
    """No fragment of a secret in ``output``, unless the baseline prints it too.

    ``baseline`` is the output for the same input with every secret swapped
    for another value: text there (a rule name like ``plaintext-client-secret``,
    an account id that a fake secret happens to share) does not come from the
    secret.
    """
    for secret in secrets:
        leaked = sorted(f for f in fragments(secret) if f in output and f not in baseline)
        assert not leaked, f"secret fragment(s) {leaked} of a {len(secret)}-char secret in output"


def run(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args], env={"FORCE_COLOR": "", "NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed: {result.exception!r}")
    return result.output


def stand_in(secret: str) -> str:
    """A different value of the same length (deterministic per secret)."""
    rng = random.Random(secret)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in secret)


def copy_scrubbed(source: Path, target: Path, secrets: list[str]) -> None:
    """Copy ``source`` (bytes as they are) with every secret swapped for its stand-in."""
    data = source.read_bytes()
    for secret in sorted(secrets, key=len, reverse=True):
        for spelling in {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}:
            data = data.replace(spelling.encode("utf-8"), stand_in(secret).encode("utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    assert not set(secrets_in(target)) & set(secrets), f"could not scrub {source}"


def outputs(
    path: Path, copy: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """Output for ``path`` and for its scrubbed ``copy``, both named relatively."""
    monkeypatch.chdir(path.parent)
    real = run("check", path.name, *args)
    monkeypatch.chdir(copy.parent)
    base = run("check", copy.name, *args)
    return real, base


FIXTURES_WITH_SECRETS = [p for p in sorted(FIXTURES.rglob("*.json")) if secrets_in(p)]


def test_some_fixtures_carry_secrets() -> None:
    """Guards the parametrised test below against an empty glob."""
    assert FIXTURES_WITH_SECRETS, "no fixture holds a plaintext secret"


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("path", FIXTURES_WITH_SECRETS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_secrets_never_printed(
    path: Path, output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = secrets_in(path)
    copy = tmp_path / path.name
    copy_scrubbed(path, copy, secrets)
    real, base = outputs(path, copy, ("--format", output_format), monkeypatch)
    assert real.strip()
    assert_no_leak(real, secrets, base)


@pytest.mark.parametrize("output_format", FORMATS)
def test_whole_fixture_tree_at_once(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = sorted({s for p in FIXTURES_WITH_SECRETS for s in secrets_in(p)})
    copy = tmp_path / FIXTURES.name
    for path in FIXTURES.rglob("*.json"):
        copy_scrubbed(path, copy / path.relative_to(FIXTURES), secrets)
    real, base = outputs(FIXTURES, copy, ("--format", output_format), monkeypatch)
    assert_no_leak(real, secrets, base)


def test_the_baseline_does_not_hide_a_real_leak() -> None:
    secret = "EXAMPLE-not-a-real-secret-0123456789abcdef"
    with pytest.raises(AssertionError, match="secret fragment"):
        assert_no_leak(f"value {secret[:12]}", [secret], f"value {stand_in(secret)[:12]}")


# -- built here: long secrets in every shape that can hold one ---------------------

LONG_SECRET = "s3cr3tV4lue" + "Q9x" * 40  # longer than any message quote limit
TOKEN = (
    "eyJraWQiOiJrZXktMSIsImFsZyI6IlJTMjU2In0."
    "eyJzdWIiOiI2YWFyaGZ0ZjZib3BwcGFyMDVodW1jcDJyNiIsImV4cCI6MTcwMDAwMDAwMH0."
    "c2lnbmF0dXJlLXRoYXQtaXMtbm90LXJlYWwtYnV0LWxvbmctZW5vdWdoLXRvLWNvdW50"
)
GATEWAY_URL = "https://gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
TOKEN_ENDPOINT = "https://gw-auth.auth.us-east-1.amazoncognito.com/oauth2/token"

SHAPES = {
    "flat": {
        "gateway_url": GATEWAY_URL,
        "client_id": LONG_SECRET,  # a secret pasted into the wrong field is still masked
        "client_secret": LONG_SECRET,
        "token_endpoint": TOKEN_ENDPOINT,
        "scope": "gw/invoke",
        "access_token": TOKEN,
    },
    "toolkit": {
        "gateway_url": GATEWAY_URL,
        "gateway_id": "gw-abcdefghij",
        "region": "us-east-1",
        "client_info": {
            "client_id": "6aarhftf6bopppar05humcp2r6",
            "client_secret": LONG_SECRET,
            "user_pool_id": "us-east-1_AbCdEfGhI",
            "token_endpoint": TOKEN_ENDPOINT,
            "scope": "gw/invoke",
            "domain_prefix": "gw-auth",
            "access_token": TOKEN,
        },
    },
    "deployment": {
        "region": "us-east-1",
        "client": {
            "gateway_url": GATEWAY_URL,
            "client_id": "6aarhftf6bopppar05humcp2r6",
            "client_secret": LONG_SECRET,
            "token_endpoint": LONG_SECRET,
            "scope": LONG_SECRET,
            "access_token": TOKEN,
        },
    },
}


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_long_secrets_in_every_shape(tmp_path: Path, shape: str, output_format: str) -> None:
    path = tmp_path / f"{shape}.json"
    path.write_text(json.dumps(SHAPES[shape], indent=2))
    assert set(secrets_in(path)) == {LONG_SECRET, TOKEN}
    output = run("check", path, "--format", output_format)
    assert "GW" in output  # rules ran
    assert_no_leak(output, [LONG_SECRET, TOKEN])


LEAKY_RULE = '''
"""A rule that leaks on purpose.

## Why
To prove that no rule can print a secret: it never receives one.

## Symptom
None.

## Fix
None.
"""
from gwlint.rule import Context, Severity, rule


@rule(id="LEAK001", name="leaky", severity=Severity.ERROR, summary="s", fix="f")
def check(ctx: Context):
    client = ctx.deployment.client
    everything = repr(ctx.deployment.model_dump()) + repr(ctx.deployment.raw)
    secret = str(client.client_secret.reveal())
    token = str(client.access_token.reveal())
    yield ctx.fail(
        client,
        "client_secret",
        f"secret is {secret}; token {token}; model {everything}",
        fix=f"rotate {secret[:40]} {everything}",
        resource=f"client {secret[-12:]} {client.client_id}",
    )


@rule(id="LEAK002", name="crashy", severity=Severity.ERROR, summary="s", fix="f")
def crash(ctx: Context):
    client = ctx.deployment.client
    raise ValueError(f"crash quoting {client.access_token.reveal()} {ctx.deployment.raw}")
    yield
'''


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_rule_that_prints_all_it_sees_prints_no_secret(
    tmp_path: Path, output_format: str
) -> None:
    pack = tmp_path / "leaky"
    pack.mkdir()
    (pack / "leaky.py").write_text(textwrap.dedent(LEAKY_RULE))
    path = tmp_path / "flat.json"
    path.write_text(json.dumps(SHAPES["flat"], indent=2))
    output = run("check", path, "--rules-dir", pack, "--select", "LEAK", "--format", output_format)
    assert "LEAK001" in output
    assert (
        "rule LEAK002 (crashy) crashed" in output
    )  # the crash message (quoting the token) went through too
    assert "secret is ***; token ***" in output
    assert "gw-abcdefghij.gateway.bedrock-agentcore" in output  # unrelated text intact
    assert_no_leak(output, [LONG_SECRET, TOKEN])
