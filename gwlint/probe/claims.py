"""The token's claims against the gateway's CUSTOM_JWT authorizer.

What the gateway compares (docs inbound-jwt-authorizer): ``iss`` with the
discovery document's issuer, ``client_id`` with allowedClients, ``scope`` with
allowedScopes, ``aud`` with allowedAudience, and each customClaims rule.
Cognito access tokens carry ``client_id`` and no ``aud``: allowedAudience
rejects every one of them (facts §0, guide failure 1).
"""

from __future__ import annotations

import time
from typing import Any

from gwlint.awsformats import is_cognito_idp_host
from gwlint.model import JwtAuthorizer
from gwlint.probe.results import Outcome, failed, passed


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _shown(values: list[str]) -> str:
    return ", ".join(values) if values else "none"


def compare(
    claims: dict[str, Any], jwt: JwtAuthorizer | None, issuer: str, now: float | None = None
) -> list[Outcome]:
    """One outcome per claim the authorizer checks; values shown are identifiers only."""
    now = time.time() if now is None else now
    out: list[Outcome] = []
    iss = claims.get("iss")
    out.append(
        _verdict(
            iss == issuer,
            "jwt.discovery_url",
            f"token iss {iss} is the discovery issuer",
            f"The token's iss {iss!r} is not the discovery document's issuer {issuer}; "
            "the gateway rejects it (401).",
            "Point discoveryUrl at the issuer that mints the client's tokens.",
        )
    )
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp <= now:
        out.append(
            failed(
                "client.token_endpoint",
                f"The fresh token's exp {exp!r} is missing or already past (clock skew?).",
                "Check this machine's clock and the app client's access-token validity.",
            )
        )
    else:
        out.append(passed("client.token_endpoint", f"token exp in {int(exp - now)} s"))
    cognito = is_cognito_idp_host(_host(issuer))
    if cognito and claims.get("token_use") != "access":
        out.append(
            failed(
                "client.token_endpoint",
                f"token_use is {claims.get('token_use')!r}, not 'access'.",
                "Send the access token, not the ID token.",
            )
        )
    if jwt is None:
        return out
    client_id = claims.get("client_id", claims.get("azp"))
    allowed_clients = _strings(jwt.allowed_clients)
    if allowed_clients:
        out.append(
            _verdict(
                client_id in allowed_clients,
                "jwt.allowed_clients",
                f"token client_id {client_id} is allowed",
                f"The token's client_id {client_id!r} is not in allowedClients "
                f"[{_shown(allowed_clients)}]; the gateway answers 401 Invalid Bearer token.",
                f"Add {client_id} to allowedClients (update-gateway), or use that client.",
            )
        )
    scopes = str(claims.get("scope") or "").split()
    allowed_scopes = _strings(jwt.allowed_scopes)
    if allowed_scopes:
        common = sorted(set(scopes) & set(allowed_scopes))
        out.append(
            _verdict(
                bool(common),
                "jwt.allowed_scopes",
                f"token scope {_shown(common)} is allowed",
                f"The token's scopes [{_shown(scopes)}] include none of allowedScopes "
                f"[{_shown(allowed_scopes)}].",
                "Request a scope listed in allowedScopes (client scope), or allow the one "
                "the client requests.",
            )
        )
    audience = _strings(jwt.allowed_audience)
    if audience:
        aud = _strings(claims.get("aud"))
        if set(aud) & set(audience):
            out.append(passed("jwt.allowed_audience", f"token aud {_shown(aud)} is allowed"))
        elif not aud:
            trap = (
                f" Cognito access tokens carry client_id ({client_id}) instead of aud."
                if cognito
                else ""
            )
            out.append(
                failed(
                    "jwt.allowed_audience",
                    "The token has no aud claim, so allowedAudience "
                    f"[{_shown(audience)}] rejects it (401 Invalid Bearer token).{trap}",
                    "Remove allowedAudience and list the app client in allowedClients.",
                )
            )
        else:
            out.append(
                failed(
                    "jwt.allowed_audience",
                    f"The token's aud [{_shown(aud)}] is not in allowedAudience "
                    f"[{_shown(audience)}].",
                    "Allow the audience the IdP puts in the token.",
                )
            )
    out.extend(_custom_claims(claims, jwt.custom_claims))
    return out


def _verdict(ok: bool, where: str, good: str, bad: str, fix: str) -> Outcome:
    return passed(where, good) if ok else failed(where, bad, fix)


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def _custom_claims(claims: dict[str, Any], rules: Any) -> list[Outcome]:
    out: list[Outcome] = []
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, dict):
            continue
        name = rule.get("inboundTokenClaimName")
        match = rule.get("authorizingClaimMatchValue")
        match = match if isinstance(match, dict) else {}
        operator = match.get("claimMatchOperator")
        wanted = match.get("claimMatchValue")
        wanted = wanted if isinstance(wanted, dict) else {}
        one, many = wanted.get("matchValueString"), _strings(wanted.get("matchValueStringList"))
        have = _strings(claims.get(name)) if isinstance(name, str) else []
        if operator == "EQUALS":
            ok = isinstance(one, str) and have == [one]
        elif operator == "CONTAINS":
            ok = isinstance(one, str) and one in have
        elif operator == "CONTAINS_ANY":
            ok = bool(set(many) & set(have))
        else:
            continue  # an unknown operator is GW310's finding, not a probe result
        want = one if isinstance(one, str) else _shown(many)
        if ok:
            out.append(passed("jwt.custom_claims", f"claim {name} {operator} {want} holds"))
        else:
            out.append(
                failed(
                    "jwt.custom_claims",
                    f"The token's claim {name} is [{_shown(have)}]; the customClaims rule "
                    f"{operator} {want} rejects it.",
                    "Make the IdP issue the claim the rule expects, or correct the rule.",
                )
            )
    return out
