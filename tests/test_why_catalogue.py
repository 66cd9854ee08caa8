"""The known-error catalogue: declared in rule modules, validated, shown by explain and docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gwlint.catalogue import load_catalogue
from gwlint.registry import all_rules
from gwlint.symptoms import Likelihood, Symptom, SymptomError, build_catalogue, parse_symptoms

from .conftest import ROOT
from .why_support import invoke

RULES = all_rules()
CATALOGUE = load_catalogue(RULES)

KNOWN = [
    "agentcore-action-not-authorized",
    "api-gateway-auth-unsupported",
    "botocore-unknown-parameter",
    "client-session-not-running",
    "connector-not-available",
    "iam-credential-provider-required",
    "insufficient-permissions-call-gateway",
    "invalid-bearer-token",
    "invalid-client",
    "invalid-grant",
    "invalid-or-expired-session",
    "invalid-scope",
    "lambda-access-denied",
    "lambda-credential-provider-required",
    "lambda-invoke-permission",
    "mcp-target-fetch-tools-failed",
    "missing-authentication-token",
    "not-acceptable-406",
    "return-url-required",
    "role-credentials-unavailable",
    "runtime-invocation-forbidden",
    "search-type-not-semantic",
    "target-missing-authentication-token",
    "token-endpoint-bad-request",
    "tool-name-length",
    "unauthorized-client",
]


def test_builtin_catalogue_holds_exactly_the_known_errors() -> None:
    assert [e.id for e in CATALOGUE.errors] == KNOWN


@pytest.mark.parametrize("error", CATALOGUE.errors, ids=lambda e: e.id)
def test_each_known_error_is_well_formed(error) -> None:  # type: ignore[no-untyped-def]
    for pattern in error.patterns:
        re.compile(pattern)
        assert not re.search(pattern, "", re.IGNORECASE), "a pattern must not match empty text"
    assert error.sources and error.means and error.causes
    ranks = [c.likelihood.rank for c in error.causes]
    assert ranks == sorted(ranks)
    assert all(c.fix for c in error.causes)


def test_rules_declare_symptoms_at_the_end_of_their_module() -> None:
    for path in sorted((ROOT / "rules").glob("*.py")):
        source = path.read_text()
        if "SYMPTOMS = [" not in source:
            continue
        tail = source[source.index("SYMPTOMS = [") :]
        assert tail.rstrip().endswith("]"), path.name
        assert "\ndef " not in tail and "\n@rule" not in tail, path.name


def test_a_rule_lists_only_the_causes_it_checks() -> None:
    pairs = [(e.id, c.likelihood.value) for e, c in CATALOGUE.for_rule("GW217")]
    assert pairs == [
        ("iam-credential-provider-required", "high"),
        ("runtime-invocation-forbidden", "medium"),
        ("target-missing-authentication-token", "high"),
    ]


def _declare(**overrides: object) -> dict[str, object]:
    item: dict[str, object] = {"error": "x-error", "cause": "a cause", "likelihood": "high"}
    item.update(overrides)
    return item


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"error": "x"}, "pack.mod: SYMPTOMS must be a list of dicts"),
        (["x"], "pack.mod: SYMPTOMS[0] must be a dict"),
        ([_declare(why="?")], "pack.mod: SYMPTOMS[0]: unknown key(s) why"),
        ([_declare(cause=None)], "pack.mod: SYMPTOMS[0]: 'error' and 'cause' are required"),
        ([_declare(likelihood="certain")], "'likelihood' must be high, medium or low"),
        ([_declare(pattern="x")], "pack.mod: SYMPTOMS[0]: 'pattern' and 'source' go together"),
        ([_declare(means="")], "pack.mod: SYMPTOMS[0]: 'means' must be a non-empty string"),
    ],
)
def test_malformed_declarations_are_named(declared: object, message: str) -> None:
    with pytest.raises(SymptomError) as caught:
        parse_symptoms(declared, "pack.mod")
    assert message in str(caught.value)


def _symptom(**overrides: object) -> Symptom:
    fields: dict[str, object] = {
        "error": "x-error",
        "cause": "a cause",
        "likelihood": Likelihood.high,
        "module": "pack.mod",
        "fix": "the fix",
    }
    fields.update(overrides)
    return Symptom(**fields)  # type: ignore[arg-type]


def test_catalogue_rejects_contradictions() -> None:
    with pytest.raises(SymptomError, match="'means' must be declared exactly once"):
        build_catalogue([], [_symptom(pattern="x", source="s")])
    with pytest.raises(SymptomError, match="no declaration gives a 'pattern'"):
        build_catalogue([], [_symptom(means="m")])
    with pytest.raises(SymptomError, match="checked by no rule needs a 'fix'"):
        build_catalogue([], [_symptom(means="m", pattern="x", source="s", fix=None)])


def test_explain_shows_the_rules_known_errors() -> None:
    result = invoke("explain", "GW216")
    assert result.exit_code == 0
    tail = result.stdout.split("Known errors this rule explains (gwlint why MESSAGE):\n")[1]
    assert tail.splitlines() == [
        "  lambda-credential-provider-required: matches "
        "/CredentialProviderConfigurations\\W*is required for Lambda targets/",
        "    cause checked: [high] The Lambda target has no credentialProviderConfigurations, "
        "or a type Lambda does not support.",
    ]


def test_explain_of_a_rule_without_symptoms_has_no_section() -> None:
    result = invoke("explain", "GW101")
    assert result.exit_code == 0
    assert "Known errors" not in result.stdout


def test_docs_list_each_rules_known_errors_and_the_catalogue() -> None:
    text = (ROOT / "docs" / "rules.md").read_text()
    assert (
        "**Known error** [`lambda-credential-provider-required`]"
        "(#lambda-credential-provider-required): [high] The Lambda target has no "
        "credentialProviderConfigurations, or a type Lambda does not support." in text
    )
    assert text.count("\n### `") == len(KNOWN)
    assert "- Cause 1 (high, no rule yet): The client sent no Authorization header" in text


PACK = '''
"""An extra rule with its own known error.

## Why
Because.
## Symptom
ACME-42.
## Fix
Do it.
"""
from gwlint.rule import rule, Severity


@rule(id="ACME001", name="acme-thing", severity=Severity.WARNING, summary="Acme", fix="Acme fix")
def check(ctx):
    for target in ctx.deployment.targets:
        yield ctx.fail(target, "name", "acme says no")


SYMPTOMS = [
    {
        "error": "acme-42",
        "pattern": r"ACME-42",
        "source": "Acme proxy",
        "means": "The Acme proxy refused the call.",
        "cause": "The target is not registered with Acme.",
        "likelihood": "high",
    },
    {
        "error": "lambda-invoke-permission",
        "cause": "An Acme permission boundary blocks the invoke.",
        "likelihood": "low",
    },
]
'''


def _pack(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "acme.py").write_text(source)
    return folder


def test_a_rules_dir_pack_adds_errors_and_causes(tmp_path: Path) -> None:
    pack = _pack(tmp_path, PACK)
    text = (
        "Error ACME-42; also: Gateway execution role lacks permission to invoke Lambda function x"
    )
    result = invoke("why", text, "--rules-dir", str(pack), "--format", "json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)["matches"]
    assert [m["error"] for m in matches] == ["acme-42", "lambda-invoke-permission"]
    assert [c["rule"]["id"] for c in matches[0]["causes"]] == ["ACME001"]
    ranked = [(c["rule"] or {}).get("id") for c in matches[1]["causes"]]
    assert ranked == ["GW512", "GW501", None, "ACME001", "GW206"]
    explained = invoke("explain", "ACME001", "--rules-dir", str(pack))
    assert "  acme-42: matches /ACME-42/" in explained.stdout


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"likelihood": "low"',
            '"likelihood": "often"',
            "gwlint_local_rules.acme: SYMPTOMS[1]: 'likelihood' must be high, medium or low",
        ),
        (
            'r"ACME-42"',
            'r"ACME-(42"',
            "known error 'acme-42': pattern 'ACME-(42' does not compile: "
            "missing ), unterminated subpattern at position 5",
        ),
    ],
)
def test_a_broken_pack_declaration_is_one_line_exit_2(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    pack = _pack(tmp_path, PACK.replace(old, new))
    result = invoke("why", "ACME-42", "--rules-dir", str(pack))
    assert result.exit_code == 2
    assert result.stderr == f"gwlint: error: {message}\n"
    assert result.stdout == ""
