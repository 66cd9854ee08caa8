"""Masking where the model is built: what counts as a secret, and what is left alone."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gwlint.masking import MASK, Masked, is_secret_key, mask_text, mask_tree

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDAsImNsaWVudF9pZCI6IngifQ.c2lnbmF0dXJlLWJ5dGVz"


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("client_secret", True),
        ("clientSecret", True),
        ("access_token", True),
        ("apiKey", True),
        ("x-api-key", True),
        ("password", True),
        ("privateKey", True),
        ("Authorization", True),
        ("SecretString", True),
        ("token_endpoint", False),
        ("tokenEndpoint", False),
        ("secretArn", False),
        ("client_secret_name", False),
        ("credentialProviderType", False),
        ("apiKeyCredentialProvider", False),
        ("token_use", False),
        ("client_id", False),
        ("name", False),
        ("key", False),
    ],
)
def test_secret_key_names(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_whole_values_are_masked_and_say_what_they_held() -> None:
    data = {
        "client_id": "same-value-as-the-secret-123",
        "client_secret": "same-value-as-the-secret-123",
        "access_token": JWT,
        "apiKey": 4242,
        "max_tokens": 100,
        "password": "${DB_PASSWORD}",
        "note": f"Bearer {JWT} and more",
        "empty_secret": "",
    }
    masked = mask_tree(data)
    assert masked == {
        "client_id": MASK,
        "client_secret": MASK,
        "access_token": MASK,
        "apiKey": MASK,
        "max_tokens": 100,
        "password": "${DB_PASSWORD}",
        "note": f"Bearer {MASK} and more",
        "empty_secret": "",
    }
    assert isinstance(masked["client_id"], Masked) and masked["client_id"].found == "a secret"
    assert masked["access_token"].found == "a JWT" and masked["access_token"].jwt is not None
    assert masked["apiKey"].json_type == "number"
    assert not masked["note"].whole and masked["note"].found == "a secret"  # the access token
    alone = mask_text(f"Authorization: Bearer {JWT} (expired)")
    assert alone == f"Authorization: Bearer {MASK} (expired)" and alone.found == "a JWT"


def test_masking_is_idempotent_and_survives_copies() -> None:
    once = mask_tree({"url": "https://u:p@h/x?token=t", "client_secret": "abcdefghij"})
    twice = mask_tree(once)
    assert twice == once
    copied: Any = copy.deepcopy(twice)
    assert isinstance(copied["url"], Masked) and copied["url"].found == (
        "URL userinfo, the token query parameter"
    )


@pytest.mark.parametrize(
    "text",
    [
        "https://gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
        "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws/invocations"
        "?qualifier=DEFAULT",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "user@example.com",
        "a=b&c=d",
        "eyJ-not-a-jwt.at.all",
    ],
)
def test_text_without_secrets_is_left_exactly_as_written(text: str) -> None:
    assert mask_text(text) == text
    assert not isinstance(mask_text(text), Masked)
