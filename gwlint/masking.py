"""Mask secret values where the model is built, so no rule or reporter sees one.

A decoded input passes through :func:`mask_tree` before any source maps it onto
the model. Masked are, as whole values: the values of secret-named keys
(``client_secret``, ``apiKey``, ``password``…), every string that parses as a
JWT, and any other string equal to one of those (a secret pasted into
``client_id``); inside strings: URL userinfo, the values of secret-named query
parameters (``api_key``, ``token``, ``sig``, ``X-Amz-Signature``…) and embedded
JWTs. References and placeholders (``${CLIENT_SECRET}``) hold no secret and stay.

A masked value is a :class:`Masked` string: its text is the value with ``***``
in place of each secret, and it records what was found, so rules can say
"client_id holds a JWT" without ever holding the token.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from gwlint.awsformats import is_secret_reference
from gwlint.secretnames import REFERENCE_SUFFIXES
from gwlint.unresolved import Unresolved

MASK = "***"

#: Words that make a key's value a secret (keys are compared as UPPER_SNAKE).
_SECRET_WORDS = ("SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "PRIVATE_KEY", "TOKEN")
_SECRET_KEYS = frozenset({"AUTHORIZATION", "PWD", "SIGNATURE", "X_API_KEY"})
#: Endings of keys that name a setting or a reference, not a secret value.
_NOT_SECRET_SUFFIXES = (
    *REFERENCE_SUFFIXES,
    "_LOCATION",
    "_PREFIX",
    "_CONFIGURATION",
    "_CONFIGURATIONS",
    "_PROVIDER",
    "_USE",
    "_VALIDITY",
    "_UNITS",
)
#: Query parameters whose values are credentials even without a secret word.
_SECRET_QUERY = frozenset(
    {
        "SIG",
        "SIGNATURE",
        "X_AMZ_SIGNATURE",
        "X_AMZ_CREDENTIAL",
        "X_AMZ_SECURITY_TOKEN",
        "KEY",
        "CODE",
        "AUTH",
        "PWD",
        "PASS",
    }
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#@\s\"']+)@")
_QUERY_PARAM = re.compile(r"(?P<sep>[?&;])(?P<name>[^=&#;\s\"'?]+)=(?P<value>[^&#;\s\"']*)")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
#: Known secrets this long are masked wherever a whole value equals one (shorter
#: values such as "abc" would mask unrelated fields) and, from _EMBEDDED_MIN,
#: inside other text too (no unrelated text is that long a random match).
_EQUAL_MIN = 8
_EMBEDDED_MIN = 16


# Key names repeat across every object of every input; the verdicts are pure
# functions of the name, so they are cached (bounded: inputs are untrusted).
@lru_cache(maxsize=4096)
def _normal(name: str) -> str:
    return _CAMEL.sub("_", name).replace("-", "_").replace(".", "_").upper()


@lru_cache(maxsize=4096)
def is_secret_key(name: str) -> bool:
    """True when a value stored under key ``name`` is a credential."""
    key = _normal(name)
    if key in _SECRET_KEYS:
        return True
    if not any(word in key for word in _SECRET_WORDS):
        return False
    return not key.endswith(_NOT_SECRET_SUFFIXES)


def _is_secret_query(name: str) -> bool:
    key = _normal(name)
    return key in _SECRET_QUERY or is_secret_key(name)


class JwtFacts(NamedTuple):
    """What gwlint may know of a JWT without keeping it: that it is one, and ``exp``."""

    exp: datetime | None = None


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def read_jwt(token: str) -> JwtFacts | None:
    """``exp`` of ``token`` when it parses as a JWT (signature NOT verified), else None."""
    text = token.strip()
    if text[:7].lower() == "bearer ":
        text = text[7:].strip()
    parts = text.split(".")
    if len(parts) != 3 or not all(_B64URL.match(p) for p in parts[:2]):
        return None
    if parts[2] and not _B64URL.match(parts[2]):  # the signature is empty only for alg none
        return None
    try:
        header = json.loads(_b64decode(parts[0]))
        payload = json.loads(_b64decode(parts[1]))
    except (binascii.Error, ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    exp = payload.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return JwtFacts()
    try:
        return JwtFacts(datetime.fromtimestamp(exp, UTC))
    except (OverflowError, OSError, ValueError):
        return JwtFacts()


class Masked(str):
    """A value with its secrets replaced by ``***``; says what was found.

    ``whole`` is True when the entire value was a secret (its text is ``***``);
    ``found`` names what it held ("a JWT", "a secret", "URL userinfo"…);
    ``json_type`` is the JSON type the user wrote; ``jwt`` holds the facts
    read from a whole-value JWT.
    """

    found: str
    whole: bool
    json_type: str
    jwt: JwtFacts | None

    def __new__(
        cls,
        text: str,
        *,
        found: str,
        whole: bool,
        json_type: str = "string",
        jwt: JwtFacts | None = None,
    ) -> Masked:
        value = super().__new__(cls, text)
        value.found = found
        value.whole = whole
        value.json_type = json_type
        value.jwt = jwt
        return value

    def __reduce__(self) -> Any:  # deepcopy/pickle keep the facts, not a plain str
        return (_rebuild, (str(self), self.found, self.whole, self.json_type, self.jwt))


def _rebuild(text: str, found: str, whole: bool, json_type: str, jwt: JwtFacts | None) -> Masked:
    return Masked(text, found=found, whole=whole, json_type=json_type, jwt=jwt)


def _whole(value: Any, found: str) -> Masked:
    json_type = "number" if isinstance(value, int | float) else "string"
    jwt = read_jwt(value) if isinstance(value, str) else None
    if jwt is not None:
        found = "a JWT"
    return Masked(MASK, found=found, whole=True, json_type=json_type, jwt=jwt)


def _is_jwt_text(match: re.Match[str]) -> bool:
    return read_jwt(match.group(0)) is not None


def mask_text(text: str, known: frozenset[str] = frozenset()) -> str:
    """``text`` with URL userinfo, secret query values, JWTs and ``known`` secrets masked."""
    if isinstance(text, Masked):
        return text
    if not known and _plain(text):
        return text  # nothing below can match: most strings of a document end here
    if text in known:
        return _whole(text, "a secret")
    # A JWT has exactly two dots: the count spares most strings read_jwt's split.
    if text.count(".") == 2 and read_jwt(text) is not None:
        return _whole(text, "a JWT")
    found: list[str] = []
    out = text
    for secret in sorted(known, key=len, reverse=True) if known else ():
        if len(secret) >= _EMBEDDED_MIN and secret in out:
            out = out.replace(secret, MASK)
            found.append("a secret")
    if not found and "=" not in out and "eyJ" not in out and not ("://" in out and "@" in out):
        return text  # nothing below can match: most strings of a document end here

    def userinfo(match: re.Match[str]) -> str:
        found.append("URL userinfo")
        return f"{match['scheme']}{MASK}@"

    def query(match: re.Match[str]) -> str:
        if not _is_secret_query(match["name"]) or not match["value"] or match["value"] == MASK:
            return match.group(0)
        found.append(f"the {match['name']} query parameter")
        return f"{match['sep']}{match['name']}={MASK}"

    def jwt(match: re.Match[str]) -> str:
        if not _is_jwt_text(match):
            return match.group(0)
        found.append("a JWT")
        return MASK

    if "://" in out and "@" in out:
        out = _URL_USERINFO.sub(userinfo, out)
    if "=" in out:
        out = _QUERY_PARAM.sub(query, out)
    if "eyJ" in out:
        out = _JWT.sub(jwt, out)
    if not found:
        return text
    return Masked(out, found=", ".join(dict.fromkeys(found)), whole=False)


def _secret_value(key: str, value: Any) -> bool:
    """A value under ``key`` that is a stored secret (not a reference, setting or null)."""
    if not is_secret_key(key) or isinstance(value, bool) or value is None:
        return False
    if isinstance(value, Masked):
        return False
    if isinstance(value, int | float):
        # token settings such as "max_tokens": 100 are numbers; a numeric secret is not
        return "TOKEN" not in _normal(key) or any(w in _normal(key) for w in _SECRET_WORDS[:-1])
    return isinstance(value, str) and value != "" and not is_secret_reference(value)


def holds_secret_value(value: Any, key: str = "") -> bool:
    """True when a secret-named key anywhere in ``value`` holds a stored secret."""
    if isinstance(value, dict):
        return any(holds_secret_value(item, str(name)) for name, item in value.items())
    if isinstance(value, list):
        return any(holds_secret_value(item, key) for item in value)
    return _secret_value(key, value)


class _Pass:
    """One masking walk: the secrets to look for, and what it saw."""

    __slots__ = ("found", "ids", "known", "partly")

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.found: set[str] = set()  # values secret-named keys hold
        self.ids: set[int] = set()  # the containers of the result
        self.partly = False  # a string had part of it masked (URL userinfo, a query value)


def _changed(new: Any, walk: _Pass) -> None:
    if type(new) is Masked and not new.whole:
        walk.partly = True


def _plain(text: str) -> bool:
    """What :func:`mask_text` returns as it is without a known secret (inlined: most strings)."""
    return "=" not in text and "eyJ" not in text and "@" not in text and text.count(".") != 2


def _mask(value: Any, key: str, walk: _Pass) -> Any:
    """``value`` masked; unchanged containers are returned as they are (copy on write).

    The loops decide the common values themselves (a plain string, a number
    under a key that names no secret): a call per value was most of a large
    document's masking.
    """
    known = walk.known
    if isinstance(value, dict):
        out: dict[Any, Any] | None = None
        for name, item in value.items():
            item_key = name if type(name) is str else str(name)
            if isinstance(item, dict | list) or is_secret_key(item_key):
                new: Any = _mask(item, item_key, walk)
            elif type(item) is str:
                if not known and _plain(item):
                    continue
                new = mask_text(item, known)
            elif isinstance(item, str | Unresolved):  # a Masked value, a deploy-time value
                new = _mask(item, item_key, walk)
            else:
                continue  # numbers, booleans, null under a key that names no secret
            if new is not item:
                _changed(new, walk)
                if out is None:
                    out = dict(value)
                out[name] = new
        result: Any = value if out is None else out
        walk.ids.add(id(result))
        return result
    if isinstance(value, list):
        items: list[Any] | None = None
        secret_key = is_secret_key(key)
        for index, item in enumerate(value):
            if not secret_key and type(item) is str:
                if not known and _plain(item):
                    continue
                new = mask_text(item, known)
            else:
                new = _mask(item, key, walk)
            if new is not item:
                _changed(new, walk)
                if items is None:
                    items = list(value)
                items[index] = new
        result = value if items is None else items
        walk.ids.add(id(result))
        return result
    if _secret_value(key, value):
        if isinstance(value, str) and len(value) >= _EQUAL_MIN:
            walk.found.add(value)
        return _whole(value, "a secret")
    if isinstance(value, str):
        return mask_text(value, known)
    if isinstance(value, Unresolved):  # how a deploy-time value is written reaches messages
        text = mask_text(value.text, known)
        if type(text) is Masked and not text.whole:
            walk.partly = True  # GW604 reports the credential its written part holds
        return value if text is value.text else Unresolved(text, value.kind)
    return value


#: ids of the containers of a document masked as a whole, while its sources read it.
_MASKED: ContextVar[frozenset[int]] = ContextVar("gwlint_masked", default=frozenset())
#: The last tree :func:`mask_tree` returned, with the ids of its containers and whether
#: a string of it was partly masked: what ``already_masked`` and
#: :func:`holds_masked_parts` are then asked about, answered without another walk.
_LAST: list[tuple[Any, frozenset[int], bool]] = []


def _containers(value: Any, into: set[int]) -> None:
    if isinstance(value, dict):
        into.add(id(value))
        for item in value.values():
            _containers(item, into)
    elif isinstance(value, list):
        into.add(id(value))
        for item in value:
            _containers(item, into)


@contextmanager
def already_masked(data: Any) -> Iterator[None]:
    """Within the block, ``mask_tree`` returns parts of ``data`` (an output of
    ``mask_tree``) as they are: masking is idempotent, and re-masking every
    node's subtree made a large file cost quadratic time. Containers built
    anew (parsed from a command line, say) are still masked.
    """
    if _LAST and _LAST[0][0] is data:
        ids = _LAST[0][1]
    else:
        walked: set[int] = set()
        _containers(data, walked)
        ids = frozenset(walked)
    token = _MASKED.set(ids)
    try:
        yield
    finally:
        _MASKED.reset(token)


def _partly(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_partly(item) for item in value.values())
    if isinstance(value, list):
        return any(_partly(item) for item in value)
    if isinstance(value, Unresolved):  # a deploy-time value: what its written text held
        value = value.text
    return isinstance(value, Masked) and not value.whole


def holds_masked_parts(tree: Any) -> bool:
    """True when a string in ``tree`` (an output of :func:`mask_tree`) had part of
    it masked: URL userinfo, a secret query value, an embedded JWT or secret."""
    if _LAST and _LAST[0][0] is tree:
        return _LAST[0][2]
    return _partly(tree)


def mask_tree(data: Any) -> Any:
    """``data`` (decoded JSON) with every secret masked (idempotent).

    One walk in the usual case: the values of secret-named keys are collected
    while masking, and only when there are some is the tree masked again so
    that copies of them elsewhere are masked too. Parts with nothing to mask
    are shared with ``data``, not copied.
    """
    if isinstance(data, dict | list) and id(data) in _MASKED.get():
        return data
    walk = _Pass(frozenset())
    result = _mask(data, "", walk)
    if walk.found:
        walk = _Pass(frozenset(walk.found))
        result = _mask(data, "", walk)
    if isinstance(result, dict | list):
        _LAST[:] = [(result, frozenset(walk.ids), walk.partly)]
    return result


def shown(text: str, limit: int) -> str:
    """``text`` with its secrets masked, then cut to ``limit`` characters for messages.

    Masked first: a cut can hide what marks a secret (the ``@`` after URL
    userinfo). A :class:`Masked` result stays one, so rules still know what it held.
    """
    masked = mask_text(text)
    if len(masked) <= limit:
        return masked
    cut = masked[: limit - 1] + "…"
    if isinstance(masked, Masked):
        return Masked(cut, found=masked.found, whole=False)
    return cut


def describe_masked(value: Masked) -> str:
    """How messages name a masked value: what it held, never the value."""
    if value.whole:
        return f"{value.found} (masked)"
    return f"'{value}' ({value.found} masked)"


__all__ = [
    "MASK",
    "JwtFacts",
    "Masked",
    "already_masked",
    "describe_masked",
    "holds_masked_parts",
    "holds_secret_value",
    "is_secret_key",
    "mask_text",
    "mask_tree",
    "shown",
]
