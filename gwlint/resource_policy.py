"""Does a Lambda function's resource-based policy let another account's role invoke it?

A function in another account than the gateway's is invoked only when *both*
the gateway role's identity policies (GW512) and the function's resource
policy (``lambda GetPolicy``) allow it. This module answers the second half:
the statements whose ``Principal`` names the role, its account (``"123…"`` or
``arn:aws:iam::123…:root``) or everyone (``"*"``) are evaluated with
:func:`gwlint.iampolicy.evaluate`. Service principals do not grant a role
anything; a ``NotPrincipal`` statement cannot be decided here and makes the
answer uncertain. No boto3 here.
"""

from __future__ import annotations

from typing import Any

from gwlint.iampolicy import Evaluation, PolicyDocument, Statement, evaluate, parse_policy

__all__ = ["INVOKE", "invoke_evaluation", "names_principal"]

INVOKE = "lambda:InvokeFunction"


def _aws_principals(principal: Any) -> list[str] | None:
    """The ``AWS`` principals of a statement (``["*"]`` for ``"*"``), None for none."""
    if principal == "*":
        return ["*"]
    if not isinstance(principal, dict):
        return None
    value = principal.get("AWS")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return None


def names_principal(statement: Statement, role_arn: str, account: str) -> bool:
    """True when the statement's Principal covers the role (itself, its account or ``*``)."""
    for value in _aws_principals(statement.principal) or []:
        if value in ("*", role_arn, account, f"arn:aws:iam::{account}:root"):
            return True
    return False


def invoke_evaluation(document: Any, function_arn: str, role_arn: str, account: str) -> Evaluation:
    """The resource policy's answer to ``role_arn`` calling lambda:InvokeFunction.

    Raises :class:`gwlint.iampolicy.PolicyParseError` for a document that is not a policy.
    """
    policy = parse_policy(document, "resource policy")
    problems = list(policy.problems)
    problems += [
        f"{s.label} uses NotPrincipal (not evaluated)" for s in policy.statements if s.not_principal
    ]
    kept = tuple(s for s in policy.statements if names_principal(s, role_arn, account))
    return evaluate([PolicyDocument(policy.name, kept, tuple(problems))], INVOKE, function_arn)
