"""A target's credential provider list is empty or holds more than one provider.

## Why
``credentialProviderConfigurations`` tells the gateway how to authenticate
to the target. It is optional on CreateGatewayTarget, but when it is given the
API takes exactly one item (the list has a minimum and a maximum length of
1). boto3 and the AWS CLI refuse an empty list before sending it; a second
item is refused by the service. Leaving the key out is the way to ask for no
outbound authorization, on the target types that allow it (see GW216).

## Symptom
``Parameter validation failed: Invalid length for parameter
credentialProviderConfigurations, value: 0, valid min length: 1``, or a
ValidationException for two items.

## Fix
Keep one provider, the one the target needs:

    "credentialProviderConfigurations": [
      {"credentialProviderType": "GATEWAY_IAM_ROLE"}
    ]

or remove the key altogether for an unauthenticated target.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW215",
    name="single-credential-provider",
    severity=Severity.ERROR,
    summary="credentialProviderConfigurations, when given, holds exactly one provider",
    fix=(
        "Give exactly one item in credentialProviderConfigurations, e.g. "
        '[{"credentialProviderType": "GATEWAY_IAM_ROLE"}], or leave the key out for a '
        "target without outbound authorization."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.deployment.is_setup_args:
        return  # setup_gateway arguments carry no credential providers
    for target in ctx.deployment.targets:
        providers = target.credential_providers
        if providers is None:
            if target.has("credential_providers"):
                value = target.raw.get("credentialProviderConfigurations")
                yield ctx.fail(
                    target,
                    "credential_providers",
                    f"credentialProviderConfigurations is {json_kind(value)}, not an array with "
                    "one provider.",
                )
            else:
                yield ctx.passed(
                    target,
                    "credential_providers",
                    "credentialProviderConfigurations is not given (optional on input): the "
                    "target gets no outbound authorization, which GW216 checks its type allows",
                )
            continue
        count = len(providers)
        if count == 0:
            yield ctx.fail(
                target,
                "credential_providers",
                "credentialProviderConfigurations is an empty array; the API needs exactly one "
                "provider (or leave the key out for no outbound authorization).",
            )
        elif count > 1:
            types = ", ".join(
                str(p.provider_type) if isinstance(p.provider_type, str) else "?" for p in providers
            )
            yield ctx.fail(
                target,
                "credential_providers",
                f"credentialProviderConfigurations has {count} providers ({types}); the API "
                "takes exactly one.",
            )
        else:
            yield ctx.passed(target, "credential_providers", "exactly one credential provider")
