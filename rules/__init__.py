"""gwlint's built-in rule pack: one module per checklist item.

Registered through the ``gwlint.rules`` entry point exactly as a third-party
pack would be; the engine imports every module in this package.
"""

# Causes of known errors that no rule of this pack checks yet, for `gwlint why`.
SYMPTOMS = [
    {
        "error": "missing-authentication-token",
        "pattern": r"Missing Authentication Token",
        "source": (
            "Gateway MCP endpoint, HTTP 401 with JSON-RPC error -32001 (CopilotKit#2912, #6920)"
        ),
        "means": (
            "The request reached AWS without credentials it could use, or on a path the endpoint "
            "does not serve."
        ),
        "cause": "The client sent no Authorization header, or 'Bearer undefined' / an empty token.",
        "likelihood": "high",
        "fix": (
            "Fetch a token and send 'Authorization: Bearer <token>' on every request (log whether "
            "the header is set, never its value)."
        ),
    },
    {
        "error": "not-acceptable-406",
        "pattern": (
            r"Client must accept both application/json and text/event-stream|\b406\b.{0,40}?Not "
            r"Acceptable"
        ),
        "source": (
            "MCP streamable-HTTP endpoints: the gateway, AgentCore Runtime-hosted MCP servers "
            "(HTTP 406)"
        ),
        "means": (
            "The MCP endpoint refused the request because its Accept header lacks "
            "application/json or text/event-stream."
        ),
        "cause": (
            "The client (curl, a hand-written HTTP call) sends no or an incomplete Accept header."
        ),
        "likelihood": "high",
        "fix": (
            "Send 'Accept: application/json, text/event-stream', 'Content-Type: application/json' "
            "and 'MCP-Protocol-Version'."
        ),
    },
    {
        "error": "return-url-required",
        "pattern": r"must register and use at least one ResourceOauth2ReturnUrl",
        "source": "GetResourceOauth2Token, AgentCore Identity (awslabs/agentcore-samples#528)",
        "means": (
            "The authorization-code (3LO) flow needs a return URL registered on the workload "
            "identity."
        ),
        "cause": (
            "The workload identity has no allowedResourceOauth2ReturnUrls, or the return URL is "
            "not one of them."
        ),
        "likelihood": "high",
        "fix": (
            "Register the callback URL on the workload identity (allowedResourceOauth2ReturnUrls) "
            "and pass that same URL."
        ),
    },
    {
        "error": "api-gateway-auth-unsupported",
        "pattern": r"unsupported auth type '?cognito_user_pools'?",
        "source": "CreateGatewayTarget for an apiGateway target (awslabs/agentcore-samples#1219)",
        "means": (
            "The REST API's methods use a Cognito authorizer; the gateway calls API Gateway with "
            "API keys or IAM only."
        ),
        "cause": "A method the target exposes uses COGNITO_USER_POOLS authorization.",
        "likelihood": "high",
        "fix": (
            "Use API-key or AWS_IAM authorization on the exposed methods, or leave those methods "
            "out with toolFilters."
        ),
    },
    {
        "error": "connector-not-available",
        "pattern": r"Connector integration \S+ is not available for this account",
        "source": (
            "CreateGatewayTarget ValidationException (hashicorp/terraform-provider-aws#48706)"
        ),
        "means": "This built-in connector is not offered to the account in this region.",
        "cause": (
            "The connector is region- or account-gated (web-search is reported as us-east-1 only)."
        ),
        "likelihood": "high",
        "fix": (
            "Create the target in a region where the connector is offered, or ask AWS to enable "
            "it for the account."
        ),
    },
    {
        "error": "lambda-invoke-permission",
        "cause": (
            "IAM has not propagated yet: the role policy was created moments before the target."
        ),
        "likelihood": "medium",
        "fix": (
            "Make the target depend on the role's policy (DependsOn, node.addDependency) and "
            "retry after a minute."
        ),
    },
    {
        "error": "invalid-grant",
        "pattern": r"\binvalid_grant\b",
        "source": (
            "Cognito /oauth2/token, authorization-code exchange (awslabs/agentcore-samples#156)"
        ),
        "means": (
            "The authorization code or refresh token was refused: expired, used, or issued for "
            "another redirect_uri."
        ),
        "cause": (
            "The code was used twice or late, or redirect_uri differs from the one sent to "
            "/oauth2/authorize."
        ),
        "likelihood": "high",
        "fix": (
            "Exchange each code once, right away, with exactly the redirect_uri and client used "
            "to obtain it."
        ),
    },
    {
        "error": "invalid-or-expired-session",
        "pattern": r"Invalid or expired session",
        "source": "CompleteResourceTokenAuth, gateway 3LO (bedrock-agentcore-starter-toolkit#406)",
        "means": "The authorization session being completed is unknown or has timed out.",
        "cause": (
            "The session URI was completed after it expired, or against another workload identity."
        ),
        "likelihood": "high",
        "fix": (
            "Start the authorization again and complete it promptly with the session from the "
            "same request."
        ),
    },
    {
        "error": "client-session-not-running",
        "pattern": r"client session is not running",
        "source": (
            "MCP client session to the gateway after 15-60 minutes "
            "(fullstack-solution-template-for-agentcore#40)"
        ),
        "means": (
            "The MCP client's session is gone; reconnecting with a stale bearer token keeps it "
            "down."
        ),
        "cause": (
            "The token was fetched once and captured (a closure, a global); reconnects reuse it "
            "after it expires."
        ),
        "likelihood": "high",
        "fix": "Fetch a token per connection, or refresh it shortly before its exp claim.",
    },
    {
        "error": "insufficient-permissions-call-gateway",
        "pattern": r"Insufficient permissions to call gateway",
        "source": (
            "CreatePolicy on a policy engine, CloudFormation CREATE_FAILED "
            "(fullstack-solution-template-for-agentcore#133)"
        ),
        "means": "Validating the Cedar policy, the service could not call the gateway.",
        "cause": "The role used lacks bedrock-agentcore:InvokeGateway on the gateway.",
        "likelihood": "high",
        "fix": (
            "Grant bedrock-agentcore:InvokeGateway on the gateway's ARN to the role that creates "
            "the policy."
        ),
    },
    {
        "error": "agentcore-action-not-authorized",
        "pattern": r"is not authorized to perform: bedrock-agentcore:\w+",
        "source": (
            "AgentCore control plane AccessDeniedException (hashicorp/terraform-provider-aws#47525)"
        ),
        "means": "The identity after 'User:' in the message may not call this AgentCore API.",
        "cause": "The deploying user or role lacks the bedrock-agentcore action the message names.",
        "likelihood": "high",
        "fix": (
            "Allow the named action (and iam:PassRole on the gateway's role) for the deploying "
            "user or role."
        ),
    },
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": (
            "The server listens on 127.0.0.1, another port or path than /mcp, or is unreachable "
            "from AWS."
        ),
        "likelihood": "medium",
        "fix": (
            "Serve streamable HTTP on 0.0.0.0:8000/mcp (the runtime contract) and check it "
            "answers tools/list."
        ),
    },
]
