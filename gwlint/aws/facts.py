"""AwsFacts: the one cached, read-only, thread-safe view of the account per run.

Every live rule reads the account through one :class:`AwsFacts` (the
:class:`gwlint.facts.Facts` protocol):

- one boto3 session (``--profile``, ``--region``, the standard credential
  chain); ``AWS_ENDPOINT_URL`` is honoured by botocore itself (moto server,
  LocalStack), or pass ``endpoint_url``;
- clients cached per (service, region), created under a lock;
- botocore *standard* retries and explicit connect/read timeouts;
- each (service, operation, region, parameters) answered once per run: the
  first caller makes the request, concurrent callers for the same key wait for
  it, later callers get the stored answer. Failures are stored too, so a
  refused or failing call is not repeated by every rule that needs it;
- botocore errors become :class:`gwlint.facts.AccessDenied` (with the IAM
  action), :class:`~gwlint.facts.NotFound` or :class:`~gwlint.facts.Unavailable`
  (throttled after retries, timeouts, unreachable endpoint, other faults);
  missing or rejected credentials and a missing region become
  :class:`SetupError`, which the CLI turns into exit code 2 with the fix;
- every client refuses non-read operations (:mod:`gwlint.aws.readonly`);
- :meth:`AwsFacts.prefetch` runs independent calls concurrently to warm the
  cache; ``counts`` records the requests actually sent.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import MappingProxyType
from typing import Any, NamedTuple

import boto3
import botocore.exceptions as bex
from botocore.config import Config
from botocore.parsers import ResponseParserError

from gwlint import __version__
from gwlint.aws import answers, readonly
from gwlint.aws.deadline import Deadline
from gwlint.aws.policy import action_for
from gwlint.facts import AccessDenied, LiveError, NotFound, Unavailable
from gwlint.secretnames import is_plaintext_secret

FIX_CREDENTIALS = (
    "gwlint --live uses the standard AWS credential chain. Give it credentials with one of:\n"
    "  aws configure                          (access keys for the default profile)\n"
    "  AWS_PROFILE=<profile> gwlint check --live ...   (or --profile <profile>)\n"
    "  aws sso login --profile <profile>      (IAM Identity Center / SSO sessions)\n"
    "and a region with --region <region> (or AWS_REGION) when the profile has none."
)
FIX_REGION = (
    "Name the region: --region <region>, AWS_REGION=<region>, or "
    "'aws configure set region <region>' for the profile; a gateway URL or ARN given "
    "with --gateway also carries its region."
)

ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedException",
        "AuthorizationError",
        "AuthorizationErrorException",
    }
)
NOT_FOUND_CODES = frozenset(
    {
        "ResourceNotFoundException",
        "ResourceNotFound",
        "NoSuchEntity",
        "NotFound",
        "NotFoundException",
    }
)
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ProvisionedThroughputExceededException",
    }
)
CREDENTIAL_CODES = frozenset(
    {
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "AuthFailure",
        "IncompleteSignature",
        "MissingAuthenticationToken",
    }
)
_CREDENTIAL_ERRORS: tuple[type[Exception], ...] = (
    bex.NoCredentialsError,
    bex.PartialCredentialsError,
    bex.CredentialRetrievalError,
    bex.TokenRetrievalError,
    bex.SSOError,
    bex.NoAuthTokenError,
    bex.InvalidConfigError,
)


class SetupError(Unavailable):
    """Live mode cannot start: no credentials, rejected credentials, no region.

    The CLI reports it with :attr:`fix` and exits with code 2. It is an
    :class:`~gwlint.facts.Unavailable`, so a rule that meets it mid-run (an SSO
    session expiring) reports ``error`` rather than crashing.
    """

    def __init__(self, message: str, *, fix: str = FIX_CREDENTIALS, action: str = "") -> None:
        super().__init__(message, action=action)
        self.fix = fix


class Call(NamedTuple):
    """One read for :meth:`AwsFacts.prefetch`; ``result_key`` set means paginate."""

    service: str
    operation: str
    params: Mapping[str, Any] = MappingProxyType({})
    region: str | None = None
    result_key: str | None = None


Hook = tuple[str, Callable[..., Any]]

#: Connections kept per client: the dependency scheduler sends independent reads at once.
MAX_CONNECTIONS = 64


def _freeze(params: Mapping[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=str, separators=(",", ":"))


def _items(page: Mapping[str, Any], result_key: str) -> list[Any]:
    value: Any = page
    for part in result_key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _api_name(operation: str) -> str:
    """``get_gateway`` -> ``GetGateway`` (API names pass unchanged)."""
    return "".join(part[:1].upper() + part[1:] for part in operation.split("_"))


def _profile_not_found(profile: str | None) -> SetupError:
    """The error for a profile that is not configured, named as the user set it."""
    if profile:
        name, where, undo = profile, "--profile", "or drop --profile"
    else:
        env = next((v for v in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE") if os.environ.get(v)), "")
        name = os.environ.get(env, "") if env else ""
        where = env or "the AWS configuration"
        undo = f"or unset {env}" if env else "or name another with --profile"
    return SetupError(
        f"AWS profile '{name}' is not configured (set by {where})",
        fix="List the profiles with 'aws configure list-profiles', create one with "
        f"'aws configure --profile <name>' or 'aws configure sso', {undo}.",
    )


#: botocore failing on a body it cannot parse: the answer is unreadable, not a gwlint bug.
_PARSE_ERRORS: tuple[type[Exception], ...] = (
    ResponseParserError,
    UnicodeError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
)


def _copy_error(exc: LiveError) -> LiveError:
    """A fresh instance to raise (one stored exception is shared across threads)."""
    if isinstance(exc, SetupError):
        return SetupError(str(exc), fix=exc.fix, action=exc.action)
    fresh = type(exc)(str(exc), action=exc.action, resource=exc.resource)
    return fresh


def _is_not_found(code: str) -> bool:
    return (
        code in NOT_FOUND_CODES
        or code.startswith("NoSuch")
        or code.endswith(("NotFoundException", "NotFound"))
    )


def as_call(item: Call | Sequence[Any]) -> Call:
    """Accept a :class:`Call` or a plain ``(service, operation[, params[, region]])`` tuple."""
    if isinstance(item, Call):
        return item
    values: list[Any] = list(item)
    service, operation = str(values[0]), str(values[1])
    params: Mapping[str, Any] = values[2] if len(values) > 2 and values[2] else {}
    region: str | None = values[3] if len(values) > 3 else None
    result_key: str | None = values[4] if len(values) > 4 else None
    return Call(service, operation, MappingProxyType(dict(params)), region, result_key)


#: Response fields whose values are secrets (Lambda variables: gwlint.secretnames).
_SECRET_FIELDS = frozenset({"ClientSecret", "SecretString"})


class AwsFacts:
    """The live facts facade (implements :class:`gwlint.facts.Facts`)."""

    def __init__(
        self,
        *,
        profile: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        max_attempts: int = 5,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        max_workers: int = 8,
        hooks: Iterable[Hook] = (),
        session: Any = None,
        timeout: float | None = None,
    ) -> None:
        try:
            self.session = session or boto3.session.Session(
                profile_name=profile, region_name=region
            )
        except bex.ProfileNotFound:
            raise _profile_not_found(profile) from None
        self.profile = profile
        #: The whole run's time limit (``--timeout``); None: botocore's own limits only.
        self.deadline = Deadline(timeout) if timeout is not None else None
        if self.deadline is not None:
            connect_timeout, read_timeout = self.deadline.socket_timeouts(
                connect_timeout, read_timeout
            )
        self.region: str | None = region or self.session.region_name
        self.endpoint_url = endpoint_url
        self.max_workers = max(1, max_workers)
        self.config = Config(
            retries={"mode": "standard", "total_max_attempts": max(1, max_attempts)},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_pool_connections=max(MAX_CONNECTIONS, self.max_workers * 2),
            user_agent_extra=f"gwlint/{__version__}",
        )
        self._hooks = list(hooks)
        self._clients: dict[tuple[str, str], Any] = {}
        self._clients_lock = threading.Lock()
        self._memo: dict[tuple[Any, ...], Future[Any]] = {}
        self._memo_lock = threading.Lock()
        self._count_lock = threading.Lock()
        #: API requests sent (one per operation call or page; retries not counted).
        self.counts: Counter[tuple[str, str]] = Counter()
        self._secrets: set[str] = set()
        #: Reads a rule or the source asked for and did not get (Unavailable and kin).
        self.failures: list[LiveError] = []
        self._local = threading.local()  # .prefetching: failures are the askers' to count

    # -- the Facts protocol --------------------------------------------------
    def call(
        self, service: str, operation: str, *, region: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Result of one read-only call, memoised per run (a deep copy per caller)."""
        where = self._region(region, service)
        key = ("call", service, operation, where, _freeze(params))
        result: dict[str, Any] = self._memoised(
            key, lambda: self._call(service, operation, where, params), service, operation
        )
        return result

    def paginate(
        self,
        service: str,
        operation: str,
        result_key: str,
        *,
        region: str | None = None,
        **params: Any,
    ) -> list[Any]:
        """Every ``result_key`` item over all pages (dotted keys reach nested lists)."""
        where = self._region(region, service)
        key = ("paginate", service, operation, result_key, where, _freeze(params))
        result: list[Any] = self._memoised(
            key,
            lambda: self._paginate(service, operation, result_key, where, params),
            service,
            operation,
        )
        return result

    # -- additions -------------------------------------------------------------
    def prefetch(self, calls: Iterable[Call | Sequence[Any]]) -> list[Any]:
        """Run independent reads concurrently (at most ``max_workers`` at once).

        Returns each call's result or the exception it raised, in order; the
        answers are memoised, so rules asking the same later cost nothing.
        """
        items = [as_call(c) for c in calls]

        def one(c: Call) -> Any:
            self._local.prefetching = True
            try:
                if c.result_key:
                    return self.paginate(
                        c.service, c.operation, c.result_key, region=c.region, **c.params
                    )
                return self.call(c.service, c.operation, region=c.region, **c.params)
            except Exception as exc:  # stored for the rule that needs it
                return exc
            finally:
                self._local.prefetching = False

        if self.max_workers == 1 or len(items) <= 1:
            return [one(c) for c in items]
        workers = min(self.max_workers, len(items))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gwlint-aws") as pool:
            return list(pool.map(one, items))

    def load_credentials(self) -> None:
        """Raise :class:`SetupError` when no credentials can be loaded (no request is sent)."""
        try:
            credentials = self.session.get_credentials()
        except _CREDENTIAL_ERRORS as exc:
            raise SetupError(f"AWS credentials could not be loaded: {exc}") from None
        if credentials is None:
            raise SetupError("no AWS credentials found")

    def check_credentials(self) -> dict[str, Any]:
        """Fail fast with :class:`SetupError` unless credentials work (STS GetCallerIdentity)."""
        self.load_credentials()
        try:
            return self.call("sts", "get_caller_identity", region=self.region or "us-east-1")
        except SetupError:
            raise
        except AccessDenied:  # an explicit deny on sts: the rest may still work
            return {}
        except LiveError as exc:
            raise SetupError(
                f"cannot reach AWS to check the credentials: {exc}",
                fix="Check the network, the region and AWS_ENDPOINT_URL; then retry.",
            ) from None

    @property
    def account_id(self) -> str | None:
        """The caller's account (STS), or None when it cannot be known."""
        try:
            identity = self.call("sts", "get_caller_identity", region=self.region or "us-east-1")
        except LiveError:
            return None
        account = identity.get("Account")
        return str(account) if account else None

    @property
    def actions(self) -> list[str]:
        """IAM actions of every request sent so far (``service-prefix:Operation``)."""
        with self._count_lock:
            keys = list(self.counts)
        return sorted({action_for(service, op) for service, op in keys})

    @property
    def total_requests(self) -> int:
        with self._count_lock:
            return sum(self.counts.values())

    def waiting_on(self) -> list[str]:
        """IAM actions of the reads still in flight (for progress output)."""
        with self._memo_lock:
            keys = [key for key, future in self._memo.items() if not future.done()]
        return sorted({action_for(key[1], _api_name(key[2])) for key in keys})

    def client(self, service: str, region: str | None = None) -> Any:
        """The cached, read-only client (for the live source and tests; rules use call)."""
        return self._client(service, self._region(region, service))

    def close(self) -> None:
        with self._clients_lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            closer = getattr(client, "close", None)
            if callable(closer):
                closer()

    def __enter__(self) -> AwsFacts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------
    def _region(self, region: str | None, service: str) -> str:
        where = region or self.region
        if not where:
            raise SetupError(
                f"no AWS region for {service}: none was given and the profile has none",
                fix=FIX_REGION,
            )
        return where

    def _record(self, service: str, model: Any = None, **_: Any) -> None:
        with self._count_lock:
            self.counts[(service, str(getattr(model, "name", "?")))] += 1

    def _client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._clients_lock:
            client = self._clients.get(key)
            if client is None:
                kwargs: dict[str, Any] = {"region_name": region, "config": self.config}
                if self.endpoint_url:
                    kwargs["endpoint_url"] = self.endpoint_url
                client = self.session.client(service, **kwargs)  # type: ignore[call-overload]
                readonly.install(client)
                answers.install(client)
                if self.deadline is not None:
                    client.meta.events.register(
                        "before-send", self.deadline.before_send(lambda op: action_for(service, op))
                    )
                client.meta.events.register(
                    "before-call", lambda model=None, **kw: self._record(service, model)
                )
                for event, handler in self._hooks:  # first: before any stub (moto) answers
                    client.meta.events.register_first(event, handler)
                self._clients[key] = client
            return client

    @staticmethod
    def _operation(client: Any, service: str, operation: str) -> tuple[str, str]:
        """(method name, API operation name) from either spelling."""
        mapping: dict[str, str] = client.meta.method_to_api_mapping
        if operation in mapping:
            return operation, mapping[operation]
        for method, api_name in mapping.items():
            if api_name == operation:
                return method, api_name
        raise ValueError(f"{service} has no operation '{operation}'")

    def _memoised(
        self, key: tuple[Any, ...], compute: Callable[[], Any], service: str, operation: str
    ) -> Any:
        try:
            return self._answer(key, compute, action_for(service, _api_name(operation)))
        except Unavailable as exc:
            if not getattr(self._local, "prefetching", False):
                with self._count_lock:
                    self.failures.append(exc)
            raise

    def _answer(self, key: tuple[Any, ...], compute: Callable[[], Any], action: str) -> Any:
        deadline = self.deadline
        with self._memo_lock:
            future = self._memo.get(key)
            owner = future is None
            if future is None:
                if deadline is not None and deadline.remaining() <= 0:
                    raise deadline.exceeded(action)  # answers already in still count
                future = Future()
                self._memo[key] = future

        def settle() -> Any:
            result = compute()
            self._note_secrets(result)
            return result

        if owner and deadline is not None:
            deadline.run(settle, future)
        elif owner:
            try:
                future.set_result(settle())
            except Exception as exc:
                future.set_exception(exc)
            except BaseException as exc:  # KeyboardInterrupt: waiters must not hang
                future.set_exception(exc)
                raise
        try:
            result = future.result() if deadline is None else deadline.wait(future, action)
            return copy.deepcopy(result)
        except LiveError as exc:
            raise _copy_error(exc) from None

    def secrets(self) -> list[str]:
        """Secret values the account returned (client secrets, secret env vars).

        The engine redacts them from every finding: rules never print them, and
        this makes sure a slip cannot leak one either.
        """
        with self._memo_lock:
            return sorted(self._secrets)

    def _note_secrets(self, value: Any, key: str = "", parent: str = "") -> None:
        """Remember client secrets and secret-named Lambda environment values."""
        if isinstance(value, dict):
            for name, item in value.items():
                self._note_secrets(item, str(name), key)
        elif isinstance(value, list):
            for item in value:
                self._note_secrets(item, key, parent)
        elif (
            isinstance(value, str)
            and value
            and (
                key in _SECRET_FIELDS or (parent == "Variables" and is_plaintext_secret(key, value))
            )
        ):
            with self._memo_lock:
                self._secrets.add(value)

    def _call(
        self, service: str, operation: str, region: str, params: Mapping[str, Any]
    ) -> dict[str, Any]:
        client = self._client(service, region)
        method, api_name = self._operation(client, service, operation)
        try:
            response = dict(getattr(client, method)(**params))
            answers.require_fields(client, service, api_name, response)
        except Exception as exc:
            mapped = self._translate(exc, service, api_name, region)
            if mapped is exc:
                raise
            raise mapped from exc
        response.pop("ResponseMetadata", None)
        return response

    def _paginate(
        self,
        service: str,
        operation: str,
        result_key: str,
        region: str,
        params: Mapping[str, Any],
    ) -> list[Any]:
        client = self._client(service, region)
        method, api_name = self._operation(client, service, operation)
        try:
            if client.can_paginate(method):
                items: list[Any] = []
                for page in client.get_paginator(method).paginate(**params):
                    answers.require_fields(client, service, api_name, page)
                    items.extend(_items(page, result_key))
                return items
            page = getattr(client, method)(**params)
            answers.require_fields(client, service, api_name, page)
            return _items(page, result_key)
        except Exception as exc:
            mapped = self._translate(exc, service, api_name, region)
            if mapped is exc:
                raise
            raise mapped from exc

    @staticmethod
    def _translate(exc: Exception, service: str, operation: str, region: str) -> Exception:
        action = action_for(service, operation)
        if isinstance(exc, LiveError):  # answers, deadline: already named
            return exc
        if isinstance(exc, bex.ClientError):
            error = exc.response.get("Error", {}) or {}
            meta = exc.response.get("ResponseMetadata", {}) or {}
            code = str(error.get("Code", "") or "")
            message = str(error.get("Message", "") or "") or str(exc)
            if code in ACCESS_DENIED_CODES:
                return AccessDenied(
                    f"access denied: the credentials lack {action} in {region} ({message})",
                    action=action,
                )
            if _is_not_found(code):
                return NotFound(f"{code}: {message}", action=action)
            if code in THROTTLING_CODES:
                attempts = int(meta.get("RetryAttempts", 0) or 0) + 1
                return Unavailable(
                    f"{action} was throttled in {region} after {attempts} attempt"
                    f"{'s' if attempts != 1 else ''} ({code}: {message})",
                    action=action,
                )
            if code in CREDENTIAL_CODES:
                return SetupError(
                    f"AWS rejected the credentials ({code}: {message})", action=action
                )
            status = meta.get("HTTPStatusCode")
            return Unavailable(
                f"{action} failed in {region} ({code or f'HTTP {status}'}: {message})",
                action=action,
            )
        if isinstance(exc, _CREDENTIAL_ERRORS):
            return SetupError(f"AWS credentials are missing or unusable: {exc}", action=action)
        if isinstance(exc, bex.NoRegionError):
            return SetupError(str(exc), fix=FIX_REGION, action=action)
        if isinstance(exc, bex.ConnectTimeoutError):
            return Unavailable(f"{action}: timed out connecting ({exc})", action=action)
        if isinstance(exc, bex.ReadTimeoutError):
            return Unavailable(f"{action}: no answer in time ({exc})", action=action)
        if isinstance(exc, bex.EndpointConnectionError):
            return Unavailable(f"{action}: endpoint unreachable ({exc})", action=action)
        if isinstance(exc, (bex.HTTPClientError, bex.ConnectionError)):
            return Unavailable(f"{action}: connection failed ({exc})", action=action)
        if isinstance(exc, NotImplementedError):  # an emulator (moto) without this API
            return Unavailable(
                f"{action}: the endpoint does not implement it ({exc})", action=action
            )
        if isinstance(exc, _PARSE_ERRORS):
            # botocore's parse errors quote the body: not for an answer that can hold secrets
            detail = "" if operation in answers.SECRET_BEARING else f": {str(exc)[:120]}"
            return answers.UnreadableAnswer(
                f"{action} got an answer botocore could not parse ({type(exc).__name__}{detail})",
                action=action,
            )
        return exc


__all__ = ["FIX_CREDENTIALS", "FIX_REGION", "AwsFacts", "Call", "SetupError", "as_call"]
