"""Reading the access token: signature verified against the issuer's JWKS (PyJWT).

The claims come back as a dict for GW703 to compare with the authorizer; the
token itself never leaves this module's callers except as a redaction entry.
"""

from __future__ import annotations

from typing import Any

import jwt

from gwlint.probe.results import Step, failed, passed

#: Asymmetric algorithms only: a gateway verifies with the JWKS' public keys.
ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512")


def verify(token: str, jwks: dict[str, Any]) -> Step:
    """Decode ``token`` and verify its signature; ``value`` is the claims."""
    where = "jwt.discovery_url"
    fix = "Tokens must be JWTs signed by a key in the discovery document's jwks_uri."
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return Step([failed(where, "The access token is not a JWT.", fix)])
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in ALGORITHMS:
        return Step([failed(where, f"The token is signed with {alg!r}, not an RSA/EC key.", fix)])
    try:
        keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(jwks).keys}
    except jwt.PyJWTError as exc:
        return Step([failed(where, f"The JWKS cannot be read: {exc}.", fix)])
    key = keys.get(kid) if kid is not None else (next(iter(keys.values())) if keys else None)
    if key is None:
        return Step([failed(where, f"No key in the JWKS has the token's kid {kid!r}.", fix)])
    try:
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[alg],
            options={"verify_exp": False, "verify_aud": False, "verify_iss": False},
        )
    except jwt.InvalidSignatureError:
        return Step([failed(where, f"The token's signature does not verify with key {kid}.", fix)])
    except jwt.PyJWTError as exc:
        return Step([failed(where, f"The token cannot be verified: {exc}.", fix)])
    return Step([passed(where, f"token signature verifies ({alg}, kid {kid})")], claims)
