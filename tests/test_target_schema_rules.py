"""Edge cases of the tool-schema, schema-source and credential-provider rules.

GW208 tool-schema-valid, GW209 tool-names-unique, GW210 visible-tool-name,
GW211 schema-source, GW215 single-credential-provider, GW216
credential-provider-allowed, GW217 credential-provider-shape, GW218
listing-mode. Each test writes the config a user would write and asserts
the exact (rule id, status, pointer) of that rule's findings.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gwlint.findings import Finding, Severity, Status

from .conftest import WriteJson, lint_one, lint_rule, of_rule, triples

ROLE = "arn:aws:iam::123456789012:role/GatewayExecutionRole"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"
RUNTIME_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/security_mcp-AbCdEf1234"
RUNTIME_URL = (
    "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore"
    "%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234/invocations"
    "?qualifier=DEFAULT"
)
OAUTH_ARN = (
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/"
    "oauth2credentialprovider/okta"
)
KEY_ARN = (
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/"
    "apikeycredentialprovider/weather"
)
INLINE = "/targetConfiguration/mcp/lambda/toolSchema/inlinePayload"
CRED = "/credentialProviderConfigurations/0"


def tool(name: Any = "get_weather", **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "description": "Weather for a city",
        "inputSchema": schema or {"type": "object", "properties": {"city": {"type": "string"}}},
    }


def lambda_target(tools: Any, name: str = "weather") -> dict[str, Any]:
    return {
        "gatewayIdentifier": "weather-gateway-abcdefghij",
        "name": name,
        "targetConfiguration": {
            "mcp": {"lambda": {"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": tools}}}
        },
        "credentialProviderConfigurations": [{"credentialProviderType": "GATEWAY_IAM_ROLE"}],
    }


def setup_lambda(tools: Any, *, as_string: bool = False) -> dict[str, Any]:
    config = {"arn": LAMBDA_ARN, "tools": tools}
    return {
        "gateway_name": "weather-gateway",
        "target_type": "lambda",
        "target_source": json.dumps(config) if as_string else config,
        "execution_role_arn": ROLE,
    }


# --------------------------------------------------------------------------- GW208


def test_gw208_items_missing_two_levels_down(write_json: WriteJson) -> None:
    schema = {
        "type": "object",
        "properties": {
            "grid": {"type": "array", "items": {"type": "array", "items": {"type": "array"}}}
        },
    }
    findings = lint_rule(write_json, lambda_target([tool(**schema)]), "GW208")
    assert triples(findings) == [
        ("GW208", "fail", f"{INLINE}/0/inputSchema/properties/grid/items/items"),
    ]
    assert "grid.items.items is an array schema without items" in findings[0].message


def test_gw208_guide_example_fails_at_services(write_json: WriteJson) -> None:
    guide_tool = {
        "name": "CheckSecurityServices",
        "description": "Check AWS security services",
        "inputSchema": {
            "type": "object",
            "properties": {"region": {"type": "string"}, "services": {"type": "array"}},
        },
    }
    findings = lint_rule(write_json, setup_lambda([guide_tool]), "GW208")
    assert triples(findings) == [
        ("GW208", "fail", "/target_source/tools/0/inputSchema/properties/services"),
    ]
    # the same config as a JSON string is located at the string itself
    findings = lint_rule(write_json, setup_lambda([guide_tool], as_string=True), "GW208")
    assert triples(findings) == [("GW208", "fail", "/target_source")]
    assert "services is an array schema without items" in findings[0].message


def test_gw208_structural_problems(write_json: WriteJson) -> None:
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": [{"type": "string"}]},
            "when": {"description": "date"},
            "meta": {"type": "object", "properties": ["a", "b"]},
        },
        "required": "tags",
    }
    findings = lint_rule(write_json, lambda_target([tool(**schema)]), "GW208")
    base = f"{INLINE}/0/inputSchema"
    assert triples(findings) == sorted(
        [
            ("GW208", "fail", f"{base}/properties/tags/items"),
            ("GW208", "fail", f"{base}/properties/when"),
            ("GW208", "fail", f"{base}/properties/meta/properties"),
            ("GW208", "fail", f"{base}/required"),
        ]
    )


def test_gw208_required_must_name_properties(write_json: WriteJson) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city", 3]}
    findings = lint_rule(write_json, lambda_target([tool(**schema)]), "GW208")
    assert triples(findings) == [("GW208", "fail", f"{INLINE}/0/inputSchema/required/1")]
    schema = {"type": "object", "required": ["city"]}
    findings = lint_rule(write_json, lambda_target([tool(**schema)]), "GW208")
    assert triples(findings) == [("GW208", "fail", f"{INLINE}/0/inputSchema/required/0")]
    assert "properties: none" in findings[0].message


def test_gw208_tool_level_problems(write_json: WriteJson) -> None:
    tools = [
        "get_weather",
        {"name": "", "description": "x", "inputSchema": {"type": "object"}},
        {"name": "no_description", "inputSchema": {"type": "object"}},
        {"name": "blank_description", "description": " ", "inputSchema": {"type": "object"}},
        {"name": "no_input", "description": "x"},
        {"name": "string_input", "description": "x", "inputSchema": {"type": "string"}},
        {"name": "input_not_object", "description": "x", "inputSchema": "object"},
    ]
    findings = lint_rule(write_json, lambda_target(tools), "GW208")
    assert triples(findings) == sorted(
        [
            ("GW208", "fail", f"{INLINE}/0"),
            ("GW208", "fail", f"{INLINE}/1/name"),
            ("GW208", "fail", f"{INLINE}/2"),
            ("GW208", "fail", f"{INLINE}/3/description"),
            ("GW208", "fail", f"{INLINE}/4"),
            ("GW208", "fail", f"{INLINE}/5/inputSchema/type"),
            ("GW208", "fail", f"{INLINE}/6/inputSchema"),
        ]
    )
    severities = {f.pointer: f.severity for f in findings}
    assert severities[f"{INLINE}/3/description"] is Severity.WARNING
    assert severities[f"{INLINE}/5/inputSchema/type"] is Severity.WARNING
    assert severities[f"{INLINE}/4"] is Severity.ERROR


def test_gw208_output_schema_checked_like_input(write_json: WriteJson) -> None:
    good = tool()
    good["outputSchema"] = {"type": "object", "properties": {"temp": {"type": "float"}}}
    findings = lint_rule(write_json, lambda_target([good]), "GW208")
    assert triples(findings) == [
        ("GW208", "fail", f"{INLINE}/0/outputSchema/properties/temp/type"),
    ]


def test_gw208_property_names_are_escaped_in_pointers(write_json: WriteJson) -> None:
    schema = {"type": "object", "properties": {"a/b": {"type": "array"}}}
    findings = lint_rule(write_json, lambda_target([tool(**schema)]), "GW208")
    assert triples(findings) == [("GW208", "fail", f"{INLINE}/0/inputSchema/properties/a~1b")]


def test_gw208_unknown_keys_left_to_gw002_in_api_documents(write_json: WriteJson) -> None:
    schema = {"type": "object", "properties": {"unit": {"type": "string", "enum": ["C", "F"]}}}
    path = write_json(lambda_target([tool(**schema)]))
    report = lint_one(path, select=("GW208", "GW002"))
    assert triples(of_rule(report, "GW208")) == [("GW208", "pass", f"{INLINE}/0")]
    assert ("GW002", "fail", f"{INLINE}/0/inputSchema/properties/unit/enum") in triples(
        of_rule(report, "GW002")
    )


def test_gw208_unknown_keys_in_setup_arguments(write_json: WriteJson) -> None:
    schema = {"type": "object", "properties": {"unit": {"type": "string", "default": "C"}}}
    findings = lint_rule(write_json, setup_lambda([tool(**schema)]), "GW208")
    assert triples(findings) == [
        ("GW208", "fail", "/target_source/tools/0/inputSchema/properties/unit/default"),
    ]
    assert findings[0].severity is Severity.ERROR


def test_gw208_inline_not_a_list_is_skipped(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, lambda_target({"name": "get_weather"}), "GW208")
    assert triples(findings) == [("GW208", "skip", "/targetConfiguration/mcp/lambda/toolSchema")]
    findings = lint_rule(write_json, setup_lambda("get_weather"), "GW208")
    assert triples(findings) == [("GW208", "skip", "/target_source/tools")]


def test_gw208_s3_tool_schema_not_checked(write_json: WriteJson) -> None:
    doc = lambda_target([])
    doc["targetConfiguration"]["mcp"]["lambda"]["toolSchema"] = {
        "s3": {"uri": "s3://bucket/tools.json"}
    }
    assert lint_rule(write_json, doc, "GW208") == []


# --------------------------------------------------------------------------- GW209


def test_gw209_every_repeat_is_reported(write_json: WriteJson) -> None:
    tools = [tool("a"), tool("b"), tool("a"), tool("a"), tool("A"), tool(None)]
    findings = lint_rule(write_json, lambda_target(tools), "GW209")
    assert triples(findings) == [
        ("GW209", "fail", f"{INLINE}/2/name"),
        ("GW209", "fail", f"{INLINE}/3/name"),
    ]
    assert "already used by tool 0" in findings[0].message


def test_gw209_pass_is_one_per_target(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, lambda_target([tool("a"), tool("A")]), "GW209")
    assert triples(findings) == [("GW209", "pass", INLINE)]
    assert findings[0].message.startswith("2 tool names are unique")


# --------------------------------------------------------------------------- GW210


def test_gw210_sixty_four_characters_fit(write_json: WriteJson) -> None:
    target = "t" * 10
    fits = "x" * (64 - 13)
    too_long = "y" * (64 - 12)
    findings = lint_rule(write_json, lambda_target([tool(fits), tool(too_long)], target), "GW210")
    assert triples(findings) == [
        ("GW210", "fail", f"{INLINE}/1/name"),
        ("GW210", "pass", f"{INLINE}/0/name"),
    ]
    failed = next(f for f in findings if f.status is Status.FAIL)
    assert f"'{target}___{too_long}' is 65 characters" in failed.message
    assert failed.severity is Severity.WARNING


def test_gw210_characters_and_separator(write_json: WriteJson) -> None:
    tools = [tool("get.weather"), tool("weather___now"), tool("get-weather_2")]
    findings = lint_rule(write_json, lambda_target(tools), "GW210")
    assert triples(findings) == [
        ("GW210", "fail", f"{INLINE}/0/name"),
        ("GW210", "fail", f"{INLINE}/1/name"),
        ("GW210", "pass", f"{INLINE}/2/name"),
    ]
    assert "'.'" in findings[0].message
    assert "'___'" in findings[1].message


def test_gw210_unknown_target_name_checks_tool_alone(write_json: WriteJson) -> None:
    tools = [tool("a" * 60), tool("b" * 61)]
    findings = lint_rule(write_json, setup_lambda(tools), "GW210")
    assert triples(findings) == [
        ("GW210", "fail", "/target_source/tools/1/name"),
        ("GW210", "pass", "/target_source/tools/0/name"),
    ]
    passed, failed = findings
    assert "at most 1 character" in passed.message  # room left for the target name
    assert "at least 4 more" in failed.message


# --------------------------------------------------------------------------- GW211

PETS: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets": {
            "get": {"operationId": "listPets", "responses": {"200": {"description": "OK"}}},
            "parameters": [],
        }
    },
}
OPENAPI = "/targetConfiguration/mcp/openApiSchema"


def openapi_target(payload: Any, creds: Any = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "gatewayIdentifier": "pets-gateway-abcdefghij",
        "name": "pets",
        "targetConfiguration": {"mcp": {"openApiSchema": payload}},
    }
    if creds is not None:
        doc["credentialProviderConfigurations"] = creds
    return doc


def setup_schema(source: Any, target_type: str = "openapi") -> dict[str, Any]:
    return {"gateway_name": "pets-gateway", "target_type": target_type, "target_source": source}


def test_gw211_inline_openapi_passes(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, openapi_target({"inlinePayload": json.dumps(PETS)}), "GW211")
    assert triples(findings) == [("GW211", "pass", f"{OPENAPI}/inlinePayload")]
    assert "1 operation with unique operationIds" in findings[0].message


@pytest.mark.parametrize(
    ("spec_change", "pointer_tail", "severity"),
    [
        ({"openapi": None, "swagger": "2.0"}, "/swagger", Severity.WARNING),
        ({"openapi": None}, "", Severity.ERROR),
        ({"openapi": "2.0"}, "/openapi", Severity.WARNING),
        ({"paths": {}}, "/paths", Severity.ERROR),
        ({"paths": None}, "", Severity.ERROR),
        ({"paths": {"/pets": {"summary": "no operations"}}}, "/paths", Severity.ERROR),
        ({"paths": {"/pets": {"get": {"operationId": ""}}}}, "/paths/~1pets/get/operationId", None),
    ],
)
def test_gw211_openapi_content(
    write_json: WriteJson, spec_change: dict[str, Any], pointer_tail: str, severity: Any
) -> None:
    spec = {**PETS, **spec_change}
    spec = {k: v for k, v in spec.items() if v is not None}
    # as a setup_gateway object the pointers land inside the spec itself
    findings = lint_rule(write_json, setup_schema(spec), "GW211")
    assert triples(findings) == [("GW211", "fail", f"/target_source{pointer_tail}")]
    assert findings[0].severity is (severity or Severity.ERROR)


def test_gw211_inline_string_locates_at_payload(write_json: WriteJson) -> None:
    spec = {**PETS, "paths": {"/pets": {"get": {"responses": {}}, "delete": {}}}}
    findings = lint_rule(write_json, openapi_target({"inlinePayload": json.dumps(spec)}), "GW211")
    assert triples(findings) == [
        ("GW211", "fail", f"{OPENAPI}/inlinePayload"),
        ("GW211", "fail", f"{OPENAPI}/inlinePayload"),
    ]
    assert {f.message.split(" has")[0] for f in findings} == {
        "operation GET /pets",
        "operation DELETE /pets",
    }


def test_gw211_inline_object_is_not_a_string(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, openapi_target({"inlinePayload": PETS}), "GW211")
    # wrong form (fail), but the document itself is still checked (pass)
    assert triples(findings) == [
        ("GW211", "fail", f"{OPENAPI}/inlinePayload"),
        ("GW211", "pass", f"{OPENAPI}/inlinePayload"),
    ]
    assert "json.dumps" in fails_of(findings)[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{openapi: 3", "is not valid JSON"),
        ("   ", "is empty"),
        ("http://example.com/spec.json", "is a URL"),
        ("C:\\specs\\pets.json", "is a file path"),
        ("~/specs/pets.yml", "is a file path"),
        ("pets.json", "is a file path"),
        ("s3://bucket/pets.json", "S3 URI written as inline text"),
    ],
)
def test_gw211_inline_text_that_is_no_document(
    write_json: WriteJson, text: str, expected: str
) -> None:
    findings = lint_rule(write_json, openapi_target({"inlinePayload": text}), "GW211")
    assert triples(findings) == [("GW211", "fail", f"{OPENAPI}/inlinePayload")]
    assert expected in findings[0].message


def test_gw211_yaml_checked_when_pyyaml_is_importable(write_json: WriteJson) -> None:
    pytest.importorskip("yaml")
    text = "openapi: 3.0.1\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get: {}\n"
    findings = lint_rule(write_json, openapi_target({"inlinePayload": text}), "GW211")
    assert triples(findings) == [("GW211", "fail", f"{OPENAPI}/inlinePayload")]
    assert "GET /pets has no operationId" in findings[0].message
    text = "openapi: 3.0.1\npaths:\n  /pets:\n    get: {operationId: listPets}\n"
    findings = lint_rule(write_json, openapi_target({"inlinePayload": text}), "GW211")
    assert triples(findings) == [("GW211", "pass", f"{OPENAPI}/inlinePayload")]


def test_gw211_yaml_skipped_without_pyyaml(
    write_json: WriteJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gwlint.documents

    monkeypatch.setattr(gwlint.documents, "_yaml_loader", lambda: None)
    text = "openapi: 3.0.1\npaths: {}\n"
    findings = lint_rule(write_json, openapi_target({"inlinePayload": text}), "GW211")
    assert triples(findings) == [("GW211", "skip", OPENAPI)]
    assert findings[0].message.startswith("not checked: YAML")


def test_gw211_s3_and_union(write_json: WriteJson) -> None:
    cases = {
        json.dumps({"s3": {"uri": "s3://b/k.json"}}): [("GW211", "pass", f"{OPENAPI}/s3/uri")],
        json.dumps({"s3": {"uri": "s3://" + "k" * 2044}}): [("GW211", "fail", f"{OPENAPI}/s3/uri")],
        json.dumps({"s3": {"uri": "s3://b/k", "bucketOwnerAccountId": "1234"}}): [
            ("GW211", "fail", f"{OPENAPI}/s3/bucketOwnerAccountId"),
            ("GW211", "pass", f"{OPENAPI}/s3/uri"),
        ],
        json.dumps({"s3": {}}): [("GW211", "fail", OPENAPI)],
        json.dumps({"s3": {"uri": "s3://b/k"}, "inlinePayload": "{}"}): [
            ("GW211", "fail", OPENAPI)
        ],
        json.dumps({}): [("GW211", "fail", OPENAPI)],
        json.dumps("s3://b/k"): [("GW211", "fail", OPENAPI)],
    }
    for payload, expected in cases.items():
        findings = lint_rule(write_json, openapi_target(json.loads(payload)), "GW211")
        assert triples(findings) == sorted(expected), payload


def test_gw211_smithy(write_json: WriteJson) -> None:
    def smithy(payload: Any) -> dict[str, Any]:
        doc = openapi_target(payload)
        doc["targetConfiguration"] = {"mcp": {"smithyModel": payload}}
        return doc

    base = "/targetConfiguration/mcp/smithyModel"
    service = {"type": "service", "version": "1"}
    cases: list[tuple[Any, list[tuple[str, str, str | None]], Severity]] = [
        ({"smithy": "2.0", "shapes": {"a#S": service}}, [("GW211", "pass", base)], Severity.ERROR),
        ({"shapes": {"a#S": service}}, [("GW211", "fail", base)], Severity.ERROR),
        ({"smithy": "2.0", "shapes": {}}, [("GW211", "fail", base)], Severity.ERROR),
        (
            {"smithy": "2.0", "shapes": {"a#S": {"type": "structure"}}},
            [("GW211", "fail", base)],
            Severity.WARNING,
        ),
    ]
    for model, expected, severity in cases:
        findings = lint_rule(write_json, smithy({"inlinePayload": json.dumps(model)}), "GW211")
        assert [
            (r, s, p and p.rsplit("/inlinePayload", 1)[0]) for r, s, p in triples(findings)
        ] == (expected), model
        assert findings[0].severity is severity or findings[0].status is Status.PASS
    findings = lint_rule(write_json, smithy({"inlinePayload": "namespace example\n"}), "GW211")
    assert "Smithy IDL text" in findings[0].message


def test_gw211_setup_smithy_s3(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, setup_schema("s3://models/weather.json", "smithy"), "GW211")
    assert triples(findings) == [("GW211", "pass", "/target_source")]


# --------------------------------------------------------------------------- GW215


def mcp_target(creds: Any = "absent", **server: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "gatewayIdentifier": "security-gateway-abcdefghij",
        "name": "security-mcp",
        "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": RUNTIME_URL, **server}}},
    }
    if creds != "absent":
        doc["credentialProviderConfigurations"] = creds
    return doc


@pytest.mark.parametrize(
    ("creds", "status"),
    [
        ("absent", "pass"),
        ([{"credentialProviderType": "GATEWAY_IAM_ROLE"}], "pass"),
        ([], "fail"),
        (None, "fail"),
        ({"credentialProviderType": "GATEWAY_IAM_ROLE"}, "fail"),
        ([{"credentialProviderType": "OAUTH"}, {"credentialProviderType": "API_KEY"}], "fail"),
    ],
)
def test_gw215_count(write_json: WriteJson, creds: Any, status: str) -> None:
    findings = lint_rule(write_json, mcp_target(creds), "GW215")
    pointer = "" if creds == "absent" else "/credentialProviderConfigurations"
    assert triples(findings) == [("GW215", status, pointer)]


def test_gw215_absent_message_names_the_default(write_json: WriteJson) -> None:
    (finding,) = lint_rule(write_json, mcp_target(), "GW215")
    assert "optional on input" in finding.message
    assert "no outbound authorization" in finding.message


def test_gw215_216_217_ignore_setup_arguments(write_json: WriteJson) -> None:
    doc = {"gateway_name": "g", "target_type": "runtime", "target_source": RUNTIME_URL}
    report = lint_one(write_json(doc), select=("GW215", "GW216", "GW217"))
    assert report.findings == []


# --------------------------------------------------------------------------- GW216

# Written from the facts' matrix (docs gateway-outbound-auth), independently of the rule.
MATRIX_FACTS = """
target            none role caller oauth_cc oauth_ac oauth_tx jwt apikey
apiGateway        Y    Y    N      N        N        N        N   Y
lambda            N    Y    N      N        N        N        N   N
mcpServer         Y    Y    N      Y        Y        Y        N   Y
openApiSchema     Y    Y    N      Y        Y        Y        N   Y
smithyModel       N    Y    N      Y        N        N        N   N
agentcoreRuntime  N    Y    Y      Y        N        N        Y   N
"""
_ROWS = [line.split() for line in MATRIX_FACTS.strip().splitlines()]
COLUMNS = _ROWS[0][1:]
ALLOWED = {
    row[0]: dict(zip(COLUMNS, (c == "Y" for c in row[1:]), strict=True)) for row in _ROWS[1:]
}

CONFIGS: dict[str, dict[str, Any]] = {
    "apiGateway": {
        "mcp": {
            "apiGateway": {
                "restApiId": "a1b2c3d4e5",
                "stage": "prod",
                "apiGatewayToolConfiguration": {
                    "toolFilters": [{"filterPath": "/pets", "methods": ["GET"]}]
                },
            }
        }
    },
    "lambda": {
        "mcp": {"lambda": {"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": [tool()]}}}
    },
    "mcpServer": {"mcp": {"mcpServer": {"endpoint": RUNTIME_URL}}},
    "openApiSchema": {"mcp": {"openApiSchema": {"inlinePayload": json.dumps(PETS)}}},
    "smithyModel": {"mcp": {"smithyModel": {"s3": {"uri": "s3://models/weather.json"}}}},
    "agentcoreRuntime": {"http": {"agentcoreRuntime": {"arn": RUNTIME_ARN}}},
}


def credentials(column: str) -> list[dict[str, Any]] | None:
    oauth = {"providerArn": OAUTH_ARN, "scopes": ["read"]}
    grants = {"oauth_ac": "AUTHORIZATION_CODE", "oauth_tx": "TOKEN_EXCHANGE"}
    simple = {
        "role": "GATEWAY_IAM_ROLE",
        "caller": "CALLER_IAM_CREDENTIALS",
        "jwt": "JWT_PASSTHROUGH",
    }
    if column == "none":
        return None
    if column in simple:
        return [{"credentialProviderType": simple[column]}]
    if column == "apikey":
        return [
            {
                "credentialProviderType": "API_KEY",
                "credentialProvider": {"apiKeyCredentialProvider": {"providerArn": KEY_ARN}},
            }
        ]
    if column in grants:
        oauth["grantType"] = grants[column]
    return [
        {
            "credentialProviderType": "OAUTH",
            "credentialProvider": {"oauthCredentialProvider": oauth},
        }
    ]


CELLS = [(kind, column) for kind in CONFIGS for column in COLUMNS]


@pytest.mark.parametrize(("kind", "column"), CELLS, ids=[f"{k}-{c}" for k, c in CELLS])
def test_gw216_matrix(write_json: WriteJson, kind: str, column: str) -> None:
    target: dict[str, Any] = {"name": "t1", "targetConfiguration": CONFIGS[kind]}
    creds = credentials(column)
    if creds is not None:
        target["credentialProviderConfigurations"] = creds
    gateway = {"name": "g", "roleArn": ROLE, "authorizerType": "AUTHENTICATE_ONLY"}
    findings = lint_rule(write_json, {"gateway": gateway, "targets": [target]}, "GW216")
    ok = ALLOWED[kind][column]
    if column == "none":
        pointer = "/targets/0"
    elif column in ("oauth_ac", "oauth_tx") and not ok:
        pointer = (
            "/targets/0/credentialProviderConfigurations/0/credentialProvider/"
            "oauthCredentialProvider/grantType"
        )
    else:
        pointer = "/targets/0/credentialProviderConfigurations/0/credentialProviderType"
    assert triples(findings) == [("GW216", "pass" if ok else "fail", pointer)]
    if not ok:
        expected = Severity.WARNING if column == "none" else Severity.ERROR
        assert findings[0].severity is expected


def test_gw216_type_problems(write_json: WriteJson) -> None:
    cases = {
        "oauth": "write it upper-case: OAUTH",
        "NO_AUTH": "leave credentialProviderConfigurations out",
        "IAM": "is not one of GATEWAY_IAM_ROLE, OAUTH, API_KEY",
    }
    for value, hint in cases.items():
        findings = lint_rule(write_json, mcp_target([{"credentialProviderType": value}]), "GW216")
        assert triples(findings) == [("GW216", "fail", f"{CRED}/credentialProviderType")]
        assert hint in findings[0].message
    findings = lint_rule(write_json, mcp_target([{"credentialProvider": {}}]), "GW216")
    assert triples(findings) == [("GW216", "fail", CRED)]
    findings = lint_rule(write_json, mcp_target(["OAUTH"]), "GW216")
    assert triples(findings) == [("GW216", "fail", CRED)]


def test_gw216_unknown_grant_skips(write_json: WriteJson) -> None:
    creds = [
        {
            "credentialProviderType": "OAUTH",
            "credentialProvider": {
                "oauthCredentialProvider": {
                    "providerArn": OAUTH_ARN,
                    "scopes": [],
                    "grantType": "PASSWORD",
                }
            },
        }
    ]
    report = lint_one(write_json(mcp_target(creds)), select=("GW216", "GW217"))
    assert triples(of_rule(report, "GW216")) == [("GW216", "skip", CRED)]
    grant = f"{CRED}/credentialProvider/oauthCredentialProvider/grantType"
    assert ("GW217", "fail", grant) in triples(of_rule(report, "GW217"))


def test_gw216_jwt_passthrough_needs_gateway(write_json: WriteJson) -> None:
    target = {
        "gatewayIdentifier": "g-abcdefghij",
        "name": "rt",
        "targetConfiguration": CONFIGS["agentcoreRuntime"],
        "credentialProviderConfigurations": [{"credentialProviderType": "JWT_PASSTHROUGH"}],
    }
    findings = lint_rule(write_json, target, "GW216")
    assert triples(findings) == [("GW216", "skip", CRED)]
    gateway = {"name": "g", "roleArn": ROLE, "authorizerType": "AWS_IAM"}
    findings = lint_rule(write_json, {"gateway": gateway, "targets": [target]}, "GW216")
    assert triples(findings) == [
        ("GW216", "fail", "/targets/0/credentialProviderConfigurations/0/credentialProviderType")
    ]
    assert "'AWS_IAM'" in findings[0].message


# --------------------------------------------------------------------------- GW217

OAUTH_BLOCK = f"{CRED}/credentialProvider/oauthCredentialProvider"
IAM_BLOCK = f"{CRED}/credentialProvider/iamCredentialProvider"
KEY_BLOCK = f"{CRED}/credentialProvider/apiKeyCredentialProvider"


def oauth_creds(**fields: Any) -> list[dict[str, Any]]:
    block = {"providerArn": OAUTH_ARN, "scopes": ["read"], **fields}
    block = {k: v for k, v in block.items() if v is not None}
    return [
        {
            "credentialProviderType": "OAUTH",
            "credentialProvider": {"oauthCredentialProvider": block},
        }
    ]


def iam_creds(service: Any = "bedrock-agentcore", **extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "credentialProviderType": "GATEWAY_IAM_ROLE",
            "credentialProvider": {"iamCredentialProvider": {"service": service, **extra}},
        }
    ]


def fails(findings: list[Finding]) -> list[tuple[str, str, str | None]]:
    return [t for t in triples(findings) if t[1] == "fail"]


@pytest.mark.parametrize(
    ("scopes", "pointer"),
    [
        ("read write", f"{OAUTH_BLOCK}/scopes"),
        (["read write"], f"{OAUTH_BLOCK}/scopes/0"),
        (["read", "x" * 65], f"{OAUTH_BLOCK}/scopes/1"),
        (["read", ""], f"{OAUTH_BLOCK}/scopes/1"),
        (["read", 7], f"{OAUTH_BLOCK}/scopes/1"),
        ({"read": True}, f"{OAUTH_BLOCK}/scopes"),
        (None, OAUTH_BLOCK),
    ],
)
def test_gw217_scopes(write_json: WriteJson, scopes: Any, pointer: str) -> None:
    findings = lint_rule(write_json, mcp_target(oauth_creds(scopes=scopes)), "GW217")
    assert fails(findings) == [("GW217", "fail", pointer)]


def test_gw217_space_joined_scopes_suggest_a_list(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, mcp_target(oauth_creds(scopes="read write")), "GW217")
    assert '["read", "write"]' in fails_of(findings)[0].message


def fails_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is Status.FAIL]


def test_gw217_empty_scope_list_and_acps_arn_pass(write_json: WriteJson) -> None:
    arn = "arn:aws:acps:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/x"
    findings = lint_rule(write_json, mcp_target(oauth_creds(scopes=[], providerArn=arn)), "GW217")
    assert triples(findings) == [
        ("GW217", "pass", f"{OAUTH_BLOCK}/providerArn"),
        ("GW217", "pass", f"{OAUTH_BLOCK}/scopes"),
    ]


@pytest.mark.parametrize(
    ("arn", "detail"),
    [
        (KEY_ARN, "it names a apikeycredentialprovider"),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-AbCdEf", "Secrets Manager"),
        ("arn:aws:bedrock-agentcore:us-east-1:123456789012:oauth2/okta", "usual shape"),
    ],
)
def test_gw217_provider_arn_shape_warns(write_json: WriteJson, arn: str, detail: str) -> None:
    findings = lint_rule(write_json, mcp_target(oauth_creds(providerArn=arn)), "GW217")
    (failed,) = fails_of(findings)
    assert (failed.status, failed.pointer) == (Status.FAIL, f"{OAUTH_BLOCK}/providerArn")
    assert failed.severity is Severity.WARNING
    assert detail in failed.message


def test_gw217_oauth_block_problems(write_json: WriteJson) -> None:
    findings = lint_rule(
        write_json, mcp_target(oauth_creds(providerArn=None, grantType="implicit")), "GW217"
    )
    assert fails(findings) == [
        ("GW217", "fail", OAUTH_BLOCK),
        ("GW217", "fail", f"{OAUTH_BLOCK}/grantType"),
    ]
    findings = lint_rule(write_json, mcp_target(oauth_creds(customParameters={})), "GW217")
    assert fails(findings) == [("GW217", "fail", f"{OAUTH_BLOCK}/customParameters")]


def test_gw217_union_and_container(write_json: WriteJson) -> None:
    creds = oauth_creds()
    creds[0]["credentialProvider"]["iamCredentialProvider"] = {"service": "lambda"}
    findings = lint_rule(write_json, mcp_target(creds), "GW217")
    assert fails(findings) == [
        ("GW217", "fail", f"{CRED}/credentialProvider"),
        ("GW217", "fail", IAM_BLOCK),
    ]
    creds = [{"credentialProviderType": "OAUTH", "credentialProvider": "okta"}]
    findings = lint_rule(write_json, mcp_target(creds), "GW217")
    assert fails(findings) == [("GW217", "fail", f"{CRED}/credentialProvider")]
    creds = [{"credentialProviderType": "OAUTH"}]
    findings = lint_rule(write_json, mcp_target(creds), "GW217")
    assert fails(findings) == [("GW217", "fail", CRED)]


@pytest.mark.parametrize(
    ("endpoint", "service", "status"),
    [
        (RUNTIME_URL, "bedrock-agentcore", "pass"),
        (RUNTIME_URL, "lambda", "fail"),
        (
            "https://other-gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
            "bedrock-agentcore",
            "pass",
        ),
        ("https://abcdefghij.lambda-url.us-east-1.on.aws/mcp", "lambda", "pass"),
        ("https://abcdefghij.lambda-url.us-east-1.on.aws/mcp", "execute-api", "fail"),
        ("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/mcp", "execute-api", "pass"),
        ("https://mcp.example.com/mcp", "anything", "pass"),
        ("https://mcp.example.com/mcp", "bad service!", "fail"),
    ],
)
def test_gw217_sigv4_service_for_endpoint(
    write_json: WriteJson, endpoint: str, service: str, status: str
) -> None:
    doc = mcp_target(iam_creds(service))
    doc["targetConfiguration"]["mcp"]["mcpServer"]["endpoint"] = endpoint
    findings = lint_rule(write_json, doc, "GW217")
    assert triples(findings) == [("GW217", status, f"{IAM_BLOCK}/service")]
    assert findings[0].severity is Severity.ERROR


def test_gw217_unrecognised_endpoint_says_so(write_json: WriteJson) -> None:
    doc = mcp_target(iam_creds("execute-api"))
    doc["targetConfiguration"]["mcp"]["mcpServer"]["endpoint"] = "https://mcp.example.com/mcp"
    (finding,) = lint_rule(write_json, doc, "GW217")
    assert "not checked" in finding.message


def test_gw217_region_must_match_endpoint(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, mcp_target(iam_creds(region="eu-west-1")), "GW217")
    assert triples(findings) == [("GW217", "fail", f"{IAM_BLOCK}/region")]
    findings = lint_rule(write_json, mcp_target(iam_creds(region="us-east-1")), "GW217")
    assert triples(findings) == [("GW217", "pass", f"{IAM_BLOCK}/service")]


def test_gw217_openapi_servers_decide_the_service(write_json: WriteJson) -> None:
    spec = {
        **PETS,
        "servers": [{"url": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/v1"}],
    }
    doc = openapi_target({"inlinePayload": json.dumps(spec)}, iam_creds("bedrock-agentcore"))
    findings = lint_rule(write_json, doc, "GW217")
    assert triples(findings) == [("GW217", "fail", f"{IAM_BLOCK}/service")]
    assert "'execute-api'" in findings[0].message


def test_gw217_iam_role_blocks_by_target_type(write_json: WriteJson) -> None:
    # MCP server / OpenAPI need the block; Lambda / Smithy / API Gateway do not want it
    doc = mcp_target([{"credentialProviderType": "GATEWAY_IAM_ROLE"}])
    findings = lint_rule(write_json, doc, "GW217")
    assert triples(findings) == [("GW217", "fail", CRED)]
    assert "'bedrock-agentcore' for an AgentCore Runtime invocation URL" in findings[0].message
    doc = mcp_target(
        [
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProvider": {"iamCredentialProvider": {"region": "us-east-1"}},
            }
        ]
    )
    assert triples(lint_rule(write_json, doc, "GW217")) == [("GW217", "fail", IAM_BLOCK)]
    for kind in ("lambda", "smithyModel", "apiGateway"):
        target = {"name": "t", "targetConfiguration": CONFIGS[kind]}
        target["credentialProviderConfigurations"] = iam_creds("lambda")
        findings = lint_rule(write_json, {"targets": [target]}, "GW217")
        pointer = "/targets/0/credentialProviderConfigurations/0/credentialProvider/"
        assert triples(findings) == [("GW217", "fail", pointer + "iamCredentialProvider")]
        assert findings[0].severity is Severity.WARNING


def test_gw217_api_key(write_json: WriteJson) -> None:
    creds = [
        {
            "credentialProviderType": "API_KEY",
            "credentialProvider": {
                "apiKeyCredentialProvider": {
                    "providerArn": KEY_ARN,
                    "credentialLocation": "BODY",
                    "credentialPrefix": "",
                    "credentialParameterName": "x" * 65,
                }
            },
        }
    ]
    findings = lint_rule(write_json, openapi_target({"inlinePayload": "{}"}, creds), "GW217")
    assert triples(findings) == [
        ("GW217", "fail", f"{KEY_BLOCK}/credentialLocation"),
        ("GW217", "fail", f"{KEY_BLOCK}/credentialParameterName"),
        ("GW217", "fail", f"{KEY_BLOCK}/credentialPrefix"),
        ("GW217", "pass", f"{KEY_BLOCK}/providerArn"),
    ]
    assert "toolkit's help text" in fails_of(findings)[0].message


def test_gw217_mismatched_block_for_passthrough(write_json: WriteJson) -> None:
    creds = oauth_creds()
    creds[0]["credentialProviderType"] = "JWT_PASSTHROUGH"
    target = {"name": "rt", "targetConfiguration": CONFIGS["agentcoreRuntime"]}
    target["credentialProviderConfigurations"] = creds
    findings = lint_rule(write_json, {"targets": [target]}, "GW217")
    assert triples(findings) == [
        (
            "GW217",
            "fail",
            "/targets/0/credentialProviderConfigurations/0/credentialProvider/"
            "oauthCredentialProvider",
        )
    ]


# --------------------------------------------------------------------------- GW218

SERVER = "/targetConfiguration/mcp/mcpServer"


def three_legged() -> list[dict[str, Any]]:
    return oauth_creds(grantType="AUTHORIZATION_CODE")


def test_gw218_tool_schema_allowed_with_any_provider(write_json: WriteJson) -> None:
    # botocore <= 1.43 limited mcpToolSchema to authorization-code OAuth; 1.44 lifted it
    schema = {"inlinePayload": json.dumps({"tools": []})}
    for creds in ("absent", oauth_creds(), three_legged()):
        findings = lint_rule(write_json, mcp_target(creds, mcpToolSchema=schema), "GW218")
        assert triples(findings) == [("GW218", "pass", f"{SERVER}/mcpToolSchema")]


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({}, "/mcpToolSchema"),
        ({"inlinePayload": "[]", "s3": {"uri": "s3://b/k"}}, "/mcpToolSchema"),
        ("s3://b/k", "/mcpToolSchema"),
        ({"inlinePayload": "tools: []"}, "/mcpToolSchema/inlinePayload"),
        ({"inlinePayload": []}, "/mcpToolSchema/inlinePayload"),
        ({"s3": {"uri": "https://b.s3.amazonaws.com/k"}}, "/mcpToolSchema/s3/uri"),
        ({"s3": {}}, "/mcpToolSchema/s3"),
    ],
)
def test_gw218_tool_schema_shape(write_json: WriteJson, schema: Any, pointer: str) -> None:
    findings = lint_rule(write_json, mcp_target(mcpToolSchema=schema), "GW218")
    assert triples(findings) == [("GW218", "fail", f"{SERVER}{pointer}")]


def test_gw218_dynamic_with_tool_schema(write_json: WriteJson) -> None:
    gateway = {"name": "g", "roleArn": ROLE, "authorizerType": "AWS_IAM"}
    target = mcp_target(listingMode="DYNAMIC", mcpToolSchema={"s3": {"uri": "s3://b/k"}})
    findings = lint_rule(write_json, {"gateway": gateway, "targets": [target]}, "GW218")
    assert triples(findings) == [
        ("GW218", "fail", f"/targets/0{SERVER}/listingMode"),
        ("GW218", "pass", f"/targets/0{SERVER}/mcpToolSchema"),
    ]
    assert "no effect with mcpToolSchema" in fails_of(findings)[0].message
    assert fails_of(findings)[0].severity is Severity.WARNING


def test_gw218_dynamic_without_gateway(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, mcp_target(listingMode="DYNAMIC"), "GW218")
    assert triples(findings) == [("GW218", "skip", "")]
    findings = lint_rule(write_json, mcp_target(three_legged(), listingMode="DYNAMIC"), "GW218")
    assert triples(findings) == [
        ("GW218", "fail", f"{SERVER}/listingMode"),
        ("GW218", "skip", ""),
    ]
    assert fails_of(findings)[0].severity is Severity.WARNING


def test_gw218_dynamic_with_semantic_gateway(write_json: WriteJson) -> None:
    gateway = {
        "name": "g",
        "roleArn": ROLE,
        "authorizerType": "AWS_IAM",
        "protocolConfiguration": {"mcp": {"searchType": "SEMANTIC"}},
    }
    target = mcp_target(listingMode="DYNAMIC")
    findings = lint_rule(write_json, {"gateway": gateway, "targets": [target]}, "GW218")
    assert triples(findings) == [("GW218", "fail", f"/targets/0{SERVER}/listingMode")]
    del gateway["protocolConfiguration"]
    findings = lint_rule(write_json, {"gateway": gateway, "targets": [target]}, "GW218")
    assert triples(findings) == [("GW218", "pass", f"/targets/0{SERVER}/listingMode")]


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (0, "pass"),
        (1000, "pass"),
        (1001, "fail"),
        (-1, "fail"),
        (True, "fail"),
        ("10", "fail"),
        (10.5, "fail"),
    ],
)
def test_gw218_resource_priority(write_json: WriteJson, value: Any, status: str) -> None:
    findings = lint_rule(write_json, mcp_target(resourcePriority=value), "GW218")
    assert triples(findings) == [("GW218", status, f"{SERVER}/resourcePriority")]


def test_gw218_only_mcp_server_targets(write_json: WriteJson) -> None:
    assert lint_rule(write_json, lambda_target([tool()]), "GW218") == []
    assert lint_rule(write_json, mcp_target(), "GW218") == []
