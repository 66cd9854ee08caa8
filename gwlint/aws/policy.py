"""IAM actions: naming the action behind an API call, and the policy ``--live`` needs.

Importable without boto3: ``gwlint iam-policy`` works on a machine that only
wants to know which permissions to grant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gwlint.aws.readonly import is_read_only
from gwlint.reads import SOURCE_READS, actions_of

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

#: boto3 service name -> IAM action prefix, where they differ or to be explicit.
IAM_PREFIX = {
    "bedrock-agentcore-control": "bedrock-agentcore",
    "bedrock-agentcore": "bedrock-agentcore",
    "cognito-idp": "cognito-idp",
    "iam": "iam",
    "lambda": "lambda",
    "sts": "sts",
    "secretsmanager": "secretsmanager",
    "logs": "logs",
    "s3": "s3",
    "ecr": "ecr",
}

#: API operations whose IAM action has another name.
ACTION_ALIASES = {
    "s3:ListObjectsV2": "s3:ListBucket",
    "s3:ListObjects": "s3:ListBucket",
    "s3:HeadObject": "s3:GetObject",
    "s3:HeadBucket": "s3:ListBucket",
    "apigateway:GetStage": "apigateway:GET",
    "apigateway:GetRestApi": "apigateway:GET",
}

#: What the live source itself calls, whatever rules are selected.
SOURCE_ACTIONS = actions_of(SOURCE_READS)

_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")

#: Read-only IAM actions not named Get/List/Describe: API Gateway grants every
#: management read (GetStage, GetRestApi…) as its HTTP verb.
READ_ONLY_ACTIONS = frozenset({"apigateway:GET"})


def iam_prefix(service: str) -> str:
    """The IAM action prefix of a boto3 service name."""
    return IAM_PREFIX.get(service, service)


def action_for(service: str, operation: str) -> str:
    """``("cognito-idp", "DescribeUserPoolClient")`` -> ``"cognito-idp:DescribeUserPoolClient"``."""
    action = f"{iam_prefix(service)}:{operation}"
    return ACTION_ALIASES.get(action, action)


def required_actions(rules: Iterable[RuleMeta], *, include_source: bool = True) -> list[str]:
    """Sorted, de-duplicated actions the given live rules (and the source) declare."""
    actions = set(SOURCE_ACTIONS) if include_source else set()
    for meta in rules:
        if meta.live:
            actions.update(meta.actions)
    return sorted(actions, key=lambda a: (a.split(":", 1)[0], a.lower()))


def is_read_only_action(action: str) -> bool:
    """True for an IAM action that only reads (Get/List/Describe…, ``apigateway:GET``)."""
    return action in READ_ONLY_ACTIONS or is_read_only(action.split(":", 1)[-1])


def invalid_actions(actions: Iterable[str]) -> list[str]:
    """Declared actions that are not ``prefix:Action`` (a rule bug)."""
    return [a for a in actions if not _ACTION.match(a)]


def policy_document(actions: Sequence[str]) -> dict[str, Any]:
    """A read-only identity policy allowing exactly ``actions`` on any resource.

    gwlint reads resources it discovers at run time (the gateway's role, the
    runtime a target names…), so the resource is ``*``; every action is a
    Get/List/Describe, never a write.
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GwlintLiveReadOnly",
                "Effect": "Allow",
                "Action": list(actions),
                "Resource": "*",
            }
        ],
    }


def policy_json(actions: Sequence[str]) -> str:
    return json.dumps(policy_document(actions), indent=2) + "\n"


__all__ = [
    "SOURCE_ACTIONS",
    "action_for",
    "iam_prefix",
    "invalid_actions",
    "is_read_only_action",
    "policy_document",
    "policy_json",
    "required_actions",
]
