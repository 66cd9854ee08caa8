"""The Deployment model every rule reads.

Permissive on purpose: it records what the user wrote (or what the account
returned), valid or not, because judging values is the rules' job. Every value
field is typed ``Any``; each node carries an :class:`Origin` that maps its
fields back to where they were written, so rules can report a field name and
the engine turns it into file, JSON pointer, line and column.

Offline sources and the live source fill the same model, so every offline rule
also runs on deployed state.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple, TypeVar, dataclass_transform

from gwlint.awsformats import is_secret_reference

_T = TypeVar("_T")


def Field(*, default_factory: Callable[[], Any], exclude: bool = False) -> Any:
    """A field whose default is made per node (``exclude``: left out of ``model_dump``)."""
    return dataclasses.field(default_factory=default_factory, metadata={"exclude": exclude})


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
def _node(cls: type[_T]) -> type[_T]:
    """A model class: keyword-only, slotted, compared field by field.

    Plain dataclasses, not validating models: every value field is ``Any`` and
    sources build typed sub-nodes themselves, so validation had nothing to do
    and building its classes was a third of a one-file check's start-up.
    """
    made: Any = dataclasses.dataclass(kw_only=True, slots=True)(cls)
    made.model_fields = {
        f.name: _FieldInfo(Any if f.type == "Any" else f.type) for f in dataclasses.fields(made)
    }
    return made  # type: ignore[no-any-return]


class _FieldInfo(NamedTuple):
    """What sources ask about a field: its annotation (``Any`` for value fields)."""

    annotation: Any


class Secret:
    """A credential field (client secret, access token).

    Sources build it from an input already masked (:mod:`gwlint.masking`):
    ``reveal()`` returns a :class:`~gwlint.masking.Masked` stand-in for a stored
    value, or the reference, placeholder, null or empty string the user wrote.
    """

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def reveal(self) -> Any:
        return self._value

    @property
    def is_plaintext(self) -> bool:
        return isinstance(self._value, str) and bool(self._value.strip())

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(repr(self._value))


@_node
class Origin:
    """Where a node came from: a file and JSON pointers, or a live resource."""

    model_fields: ClassVar[dict[str, _FieldInfo]]
    file: str | None = None
    pointer: str = ""
    fields: dict[str, str] = Field(default_factory=dict)
    resource: str | None = None  # ARN or id, for live nodes

    def pointer_for(self, field: str | None) -> str:
        """Pointer of ``field`` as written, else the node itself (missing key)."""
        if field is None:
            return self.pointer
        return self.fields.get(field, self.pointer)

    def model_copy(self) -> Origin:
        """A shallow copy (``fields`` shared), as the sources have always made."""
        return copy.copy(self)


@_node
class Node:
    """Base of every model node: unknown keys are kept in ``raw``."""

    model_fields: ClassVar[dict[str, _FieldInfo]]
    origin: Origin = Field(default_factory=Origin, exclude=True)
    raw: Any = None

    def has(self, field: str) -> bool:
        """True when ``field`` was written in the source (even as null)."""
        return field in self.origin.fields

    def model_dump(self) -> dict[str, Any]:
        """The node's fields as nested dicts and lists, without origins."""
        return {
            f.name: _dump(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if not f.metadata.get("exclude")
        }


def _dump(value: Any) -> Any:
    if isinstance(value, Node):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


@_node
class ToolDefinition(Node):
    name: Any = None
    description: Any = None
    input_schema: Any = None
    output_schema: Any = None


@_node
class SchemaPayload(Node):
    """An OpenAPI/Smithy/tool schema given inline or by S3 URI."""

    inline: Any = None
    s3_uri: Any = None
    bucket_owner: Any = None


@_node
class CredentialProvider(Node):
    provider_type: Any = None
    oauth: Any = None
    api_key: Any = None
    iam: Any = None


@_node
class Interceptor(Node):
    lambda_arn: Any = None
    interception_points: Any = None


@_node
class JwtAuthorizer(Node):
    discovery_url: Any = None
    allowed_audience: Any = None
    allowed_clients: Any = None
    allowed_scopes: Any = None
    custom_claims: Any = None


@_node
class Target(Node):
    name: Any = None
    description: Any = None
    kinds: list[str] = Field(default_factory=list)  # union members written (apispec.kind_name)
    endpoint: Any = None  # mcpServer
    lambda_arn: Any = None
    tool_schema: SchemaPayload | None = None  # lambda toolSchema
    tools: list[ToolDefinition] | None = None  # inline tool definitions
    schema_payload: SchemaPayload | None = None  # openApiSchema / smithyModel
    api_gateway: Any = None
    runtime_arn: Any = None  # http.agentcoreRuntime
    runtime_qualifier: Any = None
    mcp_tool_schema: Any = None
    listing_mode: Any = None
    resource_priority: Any = None
    credential_providers: list[CredentialProvider] | None = None
    source_problem: str | None = None  # e.g. setup-args target_source unparsable
    # observed (GetGatewayTarget / live)
    target_id: Any = None
    gateway_identifier: Any = None
    status: Any = None
    status_reasons: Any = None
    #: live: why GetGatewayTarget gave no usable answer (only the list summary is known)
    unread: str | None = None

    @property
    def kind(self) -> str | None:
        """The single target kind, or None when zero or several were written."""
        return self.kinds[0] if len(self.kinds) == 1 else None

    @property
    def label(self) -> str:
        if isinstance(self.name, str):
            return f"target {self.name}"
        return f"{self.kind} target" if self.kind else "target"


@_node
class Gateway(Node):
    name: Any = None
    description: Any = None
    role_arn: Any = None
    authorizer_type: Any = None
    authorizer_configuration: Any = None
    jwt: JwtAuthorizer | None = None
    protocol_type: Any = None
    protocol_configuration: Any = None
    supported_versions: Any = None
    search_type: Any = None
    instructions: Any = None
    session_timeout: Any = None
    exception_level: Any = None
    kms_key_arn: Any = None
    interceptors: list[Interceptor] | None = None
    interceptor_configurations: Any = None
    policy_engine: Any = None
    tags: Any = None
    # observed (GetGateway / live) or recorded by clients
    gateway_id: Any = None
    gateway_arn: Any = None
    gateway_url: Any = None
    status: Any = None
    status_reasons: Any = None

    @property
    def label(self) -> str:
        ident = self.name if isinstance(self.name, str) else self.gateway_id
        return f"gateway {ident}" if isinstance(ident, str) else "gateway"


@_node
class ClientConfig(Node):
    """The OAuth client settings an agent or proxy uses to call the gateway."""

    gateway_url: Any = None
    gateway_id: Any = None
    region: Any = None
    client_id: Any = None
    client_secret: Secret | None = None
    token_endpoint: Any = None
    scope: Any = None
    access_token: Secret | None = None
    user_pool_id: Any = None
    domain_prefix: Any = None

    @property
    def label(self) -> str:
        return f"client {self.client_id}" if isinstance(self.client_id, str) else "client"


#: Shapes whose sections are API members as written (``shape`` of a Deployment).
API_DOCUMENT_SHAPES = frozenset({"aws-api-gateway", "aws-api-target", "deployment"})


@_node
class Deployment(Node):
    """Everything one input describes; every section optional."""

    file: str | None = None
    shape: str = ""  # which input shape produced it
    #: the file's format (gwlint.formats): "json" for gwlint's own JSON shapes
    format: str = "json"
    #: the resource in the user's words, for formats that name one (Resources/Gw…)
    address: str | None = None
    region: Any = None
    gateway: Gateway | None = None
    targets: list[Target] = Field(default_factory=list)
    client: ClientConfig | None = None
    proxy_lambda: Any = None  # name of the guide's step-3 proxy function, if given
    duplicates: list[Any] = Field(default_factory=list)  # jsonpos.DuplicateKey records
    #: live: why the gateway's target list could not be read (targets then unknown)
    targets_unread: str | None = None

    @property
    def is_setup_args(self) -> bool:
        """The guide's ``setup_gateway(...)`` arguments: toolkit words, not the API's."""
        return self.shape == "setup-args"

    @property
    def is_live(self) -> bool:
        """Read from the AWS account: what is deployed, not a request."""
        return self.shape == "live"

    @property
    def is_api_document(self) -> bool:
        """Written in the API's words: an API document, a deployment file or any format
        read into one (CloudFormation, Terraform, the agentcore CLI…)."""
        return self.shape in API_DOCUMENT_SHAPES

    def secrets(self) -> list[str]:
        """Every plaintext secret value in the deployment, for redaction.

        References and placeholders (``${CLIENT_SECRET}``, ``{{resolve:…}}``)
        name a secret without holding one, so they are left out.
        """
        found: list[str] = []
        if self.client is not None:
            for secret in (self.client.client_secret, self.client.access_token):
                if secret is not None and secret.is_plaintext:
                    value = str(secret.reveal())
                    if not is_secret_reference(value):
                        found.append(value)
        return found
