"""Which environment variables hold a secret value, by name and value.

Shared by the proxy-Lambda secret rule (GW603), which flags them, and the live
facade, which remembers their values so the engine can mask them in output.
"""

from __future__ import annotations

import re
from typing import Any

from gwlint.awsformats import is_secret_reference

SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD")
#: Name endings of settings and references, not secret values.
REFERENCE_SUFFIXES = (
    "_ARN",
    "_NAME",
    "_ID",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_PATH",
    "_PARAM",
    "_PARAMETER",
    "_REGION",
    "_TTL",
    "_SECONDS",
    "_TIMEOUT",
    "_EXPIRY",
    "_EXPIRES",
    "_TYPE",
    "_HEADER",
    "_FILE",
    "_SCOPE",
)
_REFERENCE_VALUE = re.compile(r"^(arn:|\{\{resolve:|https?://|ssm:|secretsmanager:)", re.IGNORECASE)
_SETTING_VALUE = re.compile(r"^(\d+|true|false|yes|no)$", re.IGNORECASE)


def is_plaintext_secret(name: str, value: Any) -> bool:
    """True when ``name`` looks secret and ``value`` is a literal, not a reference."""
    upper = name.upper()
    words = [word for word in SECRET_WORDS if word in upper]
    if not words or upper.endswith(REFERENCE_SUFFIXES):
        return False
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    if _REFERENCE_VALUE.match(text) or is_secret_reference(text):
        return False
    # TOKEN_* settings such as TOKEN_CACHE=300; a numeric SECRET/PASSWORD is still a secret
    return not (words == ["TOKEN"] and _SETTING_VALUE.match(text))
