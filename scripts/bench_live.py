#!/usr/bin/env python3
"""Benchmark a live run: sequential versus concurrent fetching, with network latency.

Not a test (timings vary by machine); run it by hand from the repository root:

    python scripts/bench_live.py [--latency 0.05] [--targets 8] [--workers 8] [--repeat 3]

It starts moto as a threaded HTTP server on a loopback port, seeds one
AWS-shaped deployment (a gateway with ``--targets`` targets, half Lambda
functions and half AgentCore runtimes behind MCP-server targets, a Cognito
pool and client, an execution role with inline and managed policies, a proxy
Lambda), and then runs what ``gwlint check --live --gateway ID --lambda proxy``
runs: the live source, the cache warm-up and every rule, offline and live.

Each request the facade sends first sleeps ``--latency`` seconds (a botocore
``before-send`` hook), standing in for the round trip to a real AWS region,
which moto on loopback does not have. The same run is timed with one worker
(every read in turn) and with ``--workers`` workers (independent reads in
parallel); every run starts from an empty cache. Needs the test extras
(moto[server]); it talks to nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.live_support: the seeders the test-suite uses


def seed_deployment(targets: int) -> dict[str, Any]:
    from tests.live_support import ACCOUNT, REGION, Seeder, allow

    seed = Seeder()
    cog = seed.cognito("bench-gateway")
    functions = [seed.function(f"bench-tools-{i}") for i in range((targets + 1) // 2)]
    runtimes = [seed.runtime(f"bench_server_{i}") for i in range(targets // 2)]
    role = seed.role(
        "BenchGatewayRole",
        inline={"invoke-tools": allow("lambda:InvokeFunction", functions)},
        managed={
            "bench-runtimes": allow(
                "bedrock-agentcore:InvokeAgentRuntime",
                [f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:runtime/*"],
            ),
            "bench-logs": allow("logs:PutLogEvents"),
        },
    )
    gateway = seed.gateway(
        "bench-gateway",
        role_arn=role,
        authorizer_configuration={
            "customJWTAuthorizer": {
                "discoveryUrl": cog.discovery_url,
                "allowedClients": [cog.client_id],
            }
        },
    )
    for i, function in enumerate(functions):
        seed.lambda_target(gateway["gatewayId"], f"tools{i}", function)
    for i, runtime in enumerate(runtimes):
        seed.mcp_server_target(
            gateway["gatewayId"],
            f"server{i}",
            runtime["invocationUrl"],
            credential_providers=[
                {
                    "credentialProviderType": "GATEWAY_IAM_ROLE",
                    "credentialProvider": {
                        "iamCredentialProvider": {"service": "bedrock-agentcore"}
                    },
                }
            ],
        )
    seed.function(
        "bench-proxy",
        env={
            "GATEWAY_URL": gateway["gatewayUrl"],
            "COGNITO_CLIENT_ID": cog.client_id,
            "TOKEN_URL": cog.token_endpoint,
        },
    )
    return {"gateway_id": gateway["gatewayId"], "proxy": "bench-proxy"}


def one_run(seeded: dict[str, Any], workers: int, latency: float) -> dict[str, float]:
    from gwlint.aws.facts import AwsFacts
    from gwlint.aws.live import prepare
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import all_rules, select
    from tests.live_support import REGION, Latency

    delay = Latency(latency)
    facts = AwsFacts(region=REGION, max_workers=workers, hooks=[delay.hook])
    rules = select(all_rules(), live=True)
    start = time.perf_counter()
    plan = prepare(gateways=[seeded["gateway_id"]], proxy_lambda=seeded["proxy"], facts=facts)
    loaded = time.perf_counter()
    report = run(rules, [Job(d, None, facts=plan.facts) for d in plan.deployments], Report())
    done = time.perf_counter()
    facts.close()
    return {
        "source": loaded - start,
        "rules": done - loaded,
        "total": done - start,
        "requests": float(facts.total_requests),
        "overlap": float(delay.max_in_flight),
        "findings": float(len(report.findings)),
    }


def _clean_env(url: str | None = None) -> None:
    from tests.live_support import FAKE_CREDENTIALS, REGION

    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_DEFAULT_REGION"] = REGION
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    if url:
        os.environ["AWS_ENDPOINT_URL"] = url


def serve(targets: int) -> None:
    """Child process: moto server + seeded deployment; runs until stdin closes."""
    from tests.live_support import start_moto_server

    _clean_env()
    url = start_moto_server()
    os.environ["AWS_ENDPOINT_URL"] = url
    seeded = seed_deployment(targets)
    print(json.dumps({"url": url, **seeded}), flush=True)
    sys.stdin.read()  # the parent closes stdin when it is done


def spawn(targets: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """A moto server child seeded with ``targets`` targets; its process and what it seeded.

    moto runs in its own process, so its request handling does not share this
    process's interpreter lock with the threads being measured. Close its stdin to stop it.
    """
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--targets", str(targets)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, json.loads(server.stdout.readline())


def stop(server: subprocess.Popen[str]) -> None:
    """End a :func:`spawn` child (it exits when its stdin closes)."""
    if server.stdin is not None:
        server.stdin.close()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per request")
    parser.add_argument("--targets", type=int, default=8, help="targets on the gateway")
    parser.add_argument("--workers", type=int, default=8, help="workers of the concurrent run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode (median shown)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.targets)
        return

    server, seeded = spawn(args.targets)
    try:
        _clean_env(seeded["url"])
        print(
            f"moto server {seeded['url']} (own process); gateway with {args.targets} targets; "
            f"+{args.latency * 1000:.0f} ms per request; median of {args.repeat} runs"
        )
        rows = []
        for label, workers in (("sequential", 1), ("concurrent", args.workers)):
            one_run(seeded, workers, 0.0)  # warm-up: imports, connection pools
            runs = [one_run(seeded, workers, args.latency) for _ in range(args.repeat)]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((label, workers, median))
    finally:
        stop(server)
    base = rows[0][2]["total"]
    header = (
        f"{'mode':<11} {'workers':>7} {'requests':>8} {'overlap':>7} "
        f"{'source+warm s':>13} {'rules s':>8} {'total s':>8} {'speed-up':>8}"
    )
    print(header)
    print("-" * len(header))
    for label, workers, m in rows:
        print(
            f"{label:<11} {workers:>7} {m['requests']:>8.0f} {m['overlap']:>7.0f} "
            f"{m['source']:>13.2f} {m['rules']:>8.2f} {m['total']:>8.2f} "
            f"{base / m['total']:>7.1f}x"
        )
    findings = {int(m["findings"]) for _, _, m in rows}
    print(f"findings per run: {', '.join(map(str, sorted(findings)))} (same in both modes)")


if __name__ == "__main__":
    main()
