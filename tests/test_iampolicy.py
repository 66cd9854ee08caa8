"""The offline IAM policy evaluator (gwlint.iampolicy): pure, no AWS."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwlint.iampolicy import (
    Decision,
    PolicyParseError,
    action_matches,
    evaluate,
    parse_policy,
    resource_matches,
)

FN = "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"
FN_PROD = FN + ":prod"
RUNTIME = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_server-AbCdEf1234"


def policy(*statements: dict[str, Any], name: str = "p") -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name)


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def decide(policies: Any, action: str, resource: str) -> Decision:
    if not isinstance(policies, list):
        policies = [policies]
    return evaluate(policies, action, resource).decision


# -- action matching ---------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("lambda:InvokeFunction", "lambda:InvokeFunction", True),
        ("lambda:invokefunction", "lambda:InvokeFunction", True),
        ("LAMBDA:InvokeFunction", "lambda:InvokeFunction", True),
        ("lambda:Invoke*", "lambda:InvokeFunction", True),
        ("lambda:Invoke*", "lambda:InvokeFunctionUrl", True),
        ("lambda:*", "lambda:InvokeFunction", True),
        ("*", "bedrock-agentcore:InvokeAgentRuntime", True),
        ("lambda:?nvokeFunction", "lambda:InvokeFunction", True),
        ("lambda:InvokeFunction", "lambda:InvokeFunctionUrl", False),
        ("lambda:InvokeAsync", "lambda:InvokeFunction", False),
        ("s3:*", "lambda:InvokeFunction", False),
        ("lambda*", "lambda:InvokeFunction", True),
        ("bedrock:InvokeAgentRuntime", "bedrock-agentcore:InvokeAgentRuntime", False),
    ],
)
def test_action_matching(pattern: str, action: str, expected: bool) -> None:
    assert action_matches(pattern, action) is expected


# -- resource matching -------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    [
        (FN, FN, True),
        ("*", FN, True),
        (FN + "*", FN_PROD, True),
        (FN + ":*", FN_PROD, True),
        (FN + ":*", FN, False),
        (FN, FN_PROD, False),  # the unqualified ARN does not name the alias
        ("arn:aws:lambda:*:123456789012:function:*", FN, True),
        ("arn:aws:lambda:us-east-1:123456789012:function:Security?ambda", FN, True),
        ("arn:aws:lambda:us-east-1:123456789012:function:Security?", FN, False),
        (FN.lower(), FN, False),  # ARNs are case-sensitive
        ("arn:aws:lambda:us-west-2:123456789012:function:*", FN, False),
        (RUNTIME, RUNTIME + "/runtime-endpoint/DEFAULT", False),
        (RUNTIME + "*", RUNTIME + "/runtime-endpoint/DEFAULT", True),
        ("arn:aws:s3:::bucket/a.b", "arn:aws:s3:::bucket/aXb", False),  # '.' is literal
        ("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/*", True),  # escaped literal
        ("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/x", False),
    ],
)
def test_resource_matching(pattern: str, resource: str, expected: bool) -> None:
    assert resource_matches(pattern, resource) is expected


_LITERAL = st.text(
    alphabet=st.characters(blacklist_characters="*?$", blacklist_categories=("Cs",)), max_size=40
)


@given(_LITERAL, _LITERAL)
def test_a_pattern_without_wildcards_matches_only_itself(a: str, b: str) -> None:
    assert resource_matches(a, a)
    assert resource_matches(a, b) is (a == b)


@given(_LITERAL)
def test_star_matches_everything(resource: str) -> None:
    assert resource_matches("*", resource)
    assert action_matches("*", resource)


# -- decisions ---------------------------------------------------------------


def test_matching_allow_allows_and_names_the_statement() -> None:
    result = evaluate(
        [policy(allow("lambda:InvokeFunction", FN, Sid="Invoke"), name="inline:lambda")],
        "lambda:InvokeFunction",
        FN,
    )
    assert result.decision is Decision.ALLOWED
    assert result.allowed_by == ("inline:lambda statement Invoke",)


def test_no_statement_means_not_allowed() -> None:
    assert decide(policy(allow("s3:GetObject")), "lambda:InvokeFunction", FN) is (
        Decision.NOT_ALLOWED
    )
    assert decide([], "lambda:InvokeFunction", FN) is Decision.NOT_ALLOWED


def test_qualified_function_needs_a_pattern_covering_the_qualifier() -> None:
    unqualified_only = policy(allow("lambda:InvokeFunction", FN))
    assert decide(unqualified_only, "lambda:InvokeFunction", FN) is Decision.ALLOWED
    assert decide(unqualified_only, "lambda:InvokeFunction", FN_PROD) is Decision.NOT_ALLOWED
    both = policy(allow("lambda:InvokeFunction", [FN, FN + ":*"]))
    assert decide(both, "lambda:InvokeFunction", FN_PROD) is Decision.ALLOWED


def test_not_action_applies_to_every_other_action() -> None:
    doc = policy({"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"})
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.ALLOWED
    assert decide(doc, "iam:GetRole", "arn:aws:iam::123456789012:role/x") is (Decision.NOT_ALLOWED)


def test_not_resource_applies_to_every_other_resource() -> None:
    other = "arn:aws:lambda:us-east-1:123456789012:function:Other"
    doc = policy({"Effect": "Allow", "Action": "lambda:*", "NotResource": [FN]})
    assert decide(doc, "lambda:InvokeFunction", other) is Decision.ALLOWED
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.NOT_ALLOWED


def test_deny_with_not_resource_denies_everything_else() -> None:
    other = "arn:aws:lambda:us-east-1:123456789012:function:Other"
    doc = policy(
        allow("lambda:*"),
        {"Effect": "Deny", "Action": "lambda:InvokeFunction", "NotResource": FN},
    )
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.ALLOWED
    assert decide(doc, "lambda:InvokeFunction", other) is Decision.DENIED


def test_explicit_deny_wins_over_allow_in_another_policy() -> None:
    allowing = policy(allow("*"), name="AdministratorAccess")
    denying = policy(deny("lambda:Invoke*", FN, Sid="NoInvoke"), name="inline:guard")
    result = evaluate([allowing, denying], "lambda:InvokeFunction", FN)
    assert result.decision is Decision.DENIED
    assert result.denied_by == ("inline:guard statement NoInvoke",)
    assert decide([allowing, denying], "lambda:GetFunction", FN) is Decision.ALLOWED


def test_conditional_allow_is_uncertain_not_allowed() -> None:
    doc = policy(
        allow(
            "lambda:InvokeFunction",
            FN,
            Sid="OnlyFromVpc",
            Condition={"StringEquals": {"aws:SourceVpc": "vpc-1"}},
        )
    )
    result = evaluate([doc], "lambda:InvokeFunction", FN)
    assert result.decision is Decision.UNCERTAIN
    assert result.uncertain_by == ("p statement OnlyFromVpc",)
    assert result.allowed_by == ()


def test_conditional_deny_makes_an_allow_uncertain() -> None:
    doc = policy(
        allow("lambda:InvokeFunction", FN),
        deny("lambda:*", "*", Condition={"Bool": {"aws:SecureTransport": "false"}}),
    )
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.UNCERTAIN


def test_conditional_deny_without_allow_is_still_not_allowed() -> None:
    doc = policy(deny("lambda:*", "*", Condition={"Bool": {"aws:SecureTransport": "false"}}))
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.NOT_ALLOWED


def test_unconditional_deny_beats_conditional_allow() -> None:
    doc = policy(
        allow("lambda:*", "*", Condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}),
        deny("lambda:InvokeFunction", FN),
    )
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.DENIED


def test_empty_condition_block_is_unconditional() -> None:
    doc = policy(allow("lambda:InvokeFunction", FN, Condition={}))
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.ALLOWED


def test_policy_variable_in_resource_is_uncertain() -> None:
    doc = policy(allow("lambda:InvokeFunction", "arn:aws:lambda:*:*:function:${aws:username}"))
    assert decide(doc, "lambda:InvokeFunction", FN) is Decision.UNCERTAIN
    # …but it can never match another service's ARN
    assert decide(doc, "lambda:InvokeFunction", RUNTIME) is Decision.NOT_ALLOWED


# -- parsing -----------------------------------------------------------------


def test_string_and_list_forms_are_equivalent() -> None:
    as_strings = parse_policy(
        {"Statement": {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": FN}}
    )
    as_lists = parse_policy(
        {"Statement": [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": [FN]}]}
    )
    assert as_strings.statements == as_lists.statements
    assert decide(as_strings, "lambda:InvokeFunction", FN) is Decision.ALLOWED


def test_json_text_and_url_encoded_text_are_read() -> None:
    doc = {"Version": "2012-10-17", "Statement": [allow("lambda:InvokeFunction", FN)]}
    text = json.dumps(doc)
    for form in (text, quote(text), text.encode()):
        assert decide(parse_policy(form), "lambda:InvokeFunction", FN) is Decision.ALLOWED


@pytest.mark.parametrize("document", ["not json", "[1, 2]", 42, {"Statement": "x"}])
def test_unreadable_documents_raise(document: Any) -> None:
    with pytest.raises(PolicyParseError):
        parse_policy(document)


def test_statement_problems_are_reported_and_make_the_answer_uncertain() -> None:
    doc = policy(
        allow("lambda:InvokeFunction", FN),
        {"Effect": "Allow", "Action": "lambda:InvokeFunction"},  # no Resource
        {"Effect": "allow", "Action": "*", "Resource": "*"},  # Effect is case-sensitive
        {"Effect": "Deny", "Action": [1], "Resource": "*"},
    )
    assert doc.problems == (
        "p #1 has no Resource",
        "p #2 has Effect 'allow' (expected Allow or Deny)",
        "p #3 has an Action or Resource that is not a string list",
    )
    result = evaluate([doc], "lambda:InvokeFunction", FN)
    assert result.decision is Decision.UNCERTAIN
    assert result.problems == doc.problems


def test_trust_policy_statements_need_no_resource_and_keep_principal_and_condition() -> None:
    trust = parse_policy(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
                }
            ]
        },
        "trust",
        resource_required=False,
    )
    (statement,) = trust.statements
    assert trust.problems == ()
    assert statement.principal == {"Service": "bedrock-agentcore.amazonaws.com"}
    assert statement.condition == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    assert statement.conditional
    assert statement.matches_action("sts:assumerole")
