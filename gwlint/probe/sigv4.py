"""SigV4 for AWS_IAM gateways: botocore's own signer, the standard credential chain.

botocore is imported here only: a probe of a CUSTOM_JWT gateway never needs it.
"""

from __future__ import annotations

from typing import Any

SERVICE = "bedrock-agentcore"


class SigningUnavailable(Exception):
    """botocore is missing or no credentials were found; the message says how to fix it."""


def credentials() -> Any:
    """Frozen credentials from the standard chain (environment, AWS_PROFILE, SSO, roles)."""
    try:
        import botocore.session
    except ModuleNotFoundError:
        raise SigningUnavailable(
            "signing for an AWS_IAM gateway needs botocore: pip install 'gwlint[live]' "
            "(from a clone: pip install '.[live]')"
        ) from None
    from botocore.exceptions import BotoCoreError

    try:
        found = botocore.session.get_session().get_credentials()
    except BotoCoreError as exc:  # e.g. ProfileNotFound for a wrong AWS_PROFILE
        raise SigningUnavailable(f"could not load AWS credentials to sign with: {exc}") from None
    if found is None:
        raise SigningUnavailable(
            "no AWS credentials in the standard chain to sign with: run aws configure, "
            "set AWS_PROFILE, or aws sso login"
        )
    return found.get_frozen_credentials()


def sign(creds: Any, region: str, url: str, body: bytes, headers: dict[str, str]) -> dict[str, str]:
    """Headers for a signed POST of ``body`` to ``url`` (service bedrock-agentcore)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    request = AWSRequest(method="POST", url=url, data=body, headers=dict(headers))
    SigV4Auth(creds, SERVICE, region).add_auth(request)
    return dict(request.headers.items())
