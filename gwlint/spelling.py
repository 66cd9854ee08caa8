"""Messages in the user's spelling: API member names rewritten for their format.

Rules write messages and fixes in the API's words (``authorizerType``,
``targetConfiguration.mcp.lambda``); a finding on a CloudFormation template
should say ``AuthorizerType``, on Terraform ``authorizer_type``. The reader of
each format records how its keys spell API members
(:attr:`gwlint.jsonpos.LocatedDocument.names`); this rewrites the identifiers
a message names. Only identifiers that are unmistakably member names are
touched: camelCase words, dotted paths with at least one mapped camelCase
part, and the one-word member the finding is located at (``endpoint`` in a
finding on ``.../mcpServer/endpoint`` is that key). Quoted text is a user
value and stays as written, unless it is exactly a camelCase member name
(``has no 'toolSchema'``) or a key of an example (``"lambda": {…}``).
"""

from __future__ import annotations

import re

#: A quoted text, or an identifier (dotted path) that is no part of an ARN, IAM
#: action or URL: ``exceptionLevel:`` ends a phrase, ``lambda:Invoke`` does not.
_TOKEN = re.compile(
    r"'[^'\n]*'|\"[^\"\n]*\"|(?<![\w:/.-])[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*"
    r"(?![\w/-]|:[^\s])"
)
_CAMEL = re.compile(r"[a-z][A-Z]")


def _camel(word: str) -> bool:
    return _CAMEL.search(word) is not None


def respell(text: str, names: dict[str, str], located: str | None = None) -> str:
    """``text`` with every API member name it mentions spelled as in ``names``.

    ``located`` is the API member the finding points at: that word is respelled
    even when it is a plain lower-case word.
    """
    if not names or not text:
        return text

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[0] in "'\"":  # a user value, unless it names a member (an example's key)
            inner, rest = token[1:-1], match.string[match.end() : match.end() + 2]
            key = token[0] == '"' and rest.lstrip().startswith(":")
            if inner in names and (key or _camel(inner)):
                return f"{token[0]}{names[inner]}{token[0]}"
            return token
        parts = token.split(".")
        if len(parts) == 1:
            return names.get(token, token) if _camel(token) or token == located else token
        if any(_camel(part) and part in names for part in parts):
            return ".".join(names.get(part, part) for part in parts)
        return token

    return _TOKEN.sub(replace, text)


__all__ = ["respell"]
