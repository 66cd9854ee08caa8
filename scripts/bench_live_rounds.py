#!/usr/bin/env python3
"""Measure a live check's sequential latency rounds through a delaying loopback proxy.

Not a test (timings vary by machine); run it by hand from the repository root:

    python scripts/bench_live_rounds.py [--delay 0.3] [--targets 1 8] [--repeat 3]

For each target count it starts moto as an HTTP server in its own process
(seeded by ``scripts/bench_live.py --serve``: a gateway with that many
targets, half Lambda functions and half AgentCore runtimes, a Cognito pool
and client, an execution role with inline and managed policies, a proxy
Lambda) and a real HTTP proxy on 127.0.0.1 (``tests/fault_proxy.py``) that
holds every request ``--delay`` seconds before forwarding it. It then times
what ``gwlint check --live --gateway ID --lambda proxy`` runs (credentials
check, live source, prefetch, every rule) with no delay and with the delay:

    rounds = (wall with delay - wall without) / delay

is how many requests the check waits for one after another: the length of
the chain of dependent reads the scheduler achieved, plus any read that
queued. Every run starts from an empty cache. Talks to nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.*: the seeders and the proxy the test-suite uses

SERVICES = (
    "bedrock-agentcore-control",
    "cognito-idp",
    "iam",
    "lambda",
    "sts",
    "secretsmanager",
    "apigateway",
)


def one_run(gateway_id: str, proxy_lambda: str) -> tuple[float, int]:
    """Wall seconds and requests of one whole live check (source, prefetch, rules)."""
    from gwlint.aws.live import prepare
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import all_rules, select
    from tests.live_support import REGION

    rules = select(all_rules(), live=True)
    start = time.perf_counter()
    plan = prepare(gateways=[gateway_id], region=REGION, proxy_lambda=proxy_lambda)
    run(rules, [Job(d, None, facts=plan.facts) for d in plan.deployments], Report())
    wall = time.perf_counter() - start
    requests = plan.facts.total_requests
    plan.facts.close()
    return wall, requests


def measure(targets: int, delay: float, repeat: int) -> dict[str, Any]:
    import os

    from tests.fault_proxy import FaultProxy

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_live import _clean_env, spawn, stop

    server, seeded = spawn(targets)
    try:
        walls: dict[float, list[float]] = {}
        requests = 0
        for latency in (0.0, delay):
            with FaultProxy(seeded["url"], [], SERVICES, delay=latency) as proxy:
                _clean_env(proxy.url)
                one_run(seeded["gateway_id"], seeded["proxy"])  # warm-up: imports, pools
                runs = [one_run(seeded["gateway_id"], seeded["proxy"]) for _ in range(repeat)]
            walls[latency] = [wall for wall, _ in runs]
            requests = runs[-1][1]
        os.environ.pop("AWS_ENDPOINT_URL", None)
    finally:
        stop(server)
    fast, slow = statistics.median(walls[0.0]), statistics.median(walls[delay])
    return {
        "targets": targets,
        "requests": requests,
        "fast": fast,
        "slow": slow,
        "rounds": (slow - fast) / delay,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds the proxy holds each")
    parser.add_argument("--targets", type=int, nargs="+", default=[1, 8], help="target counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting (median shown)")
    args = parser.parse_args()
    print(f"proxy delay {args.delay * 1000:.0f} ms per request; median of {args.repeat} runs")
    header = f"{'targets':>7} {'requests':>8} {'wall +0 s':>9} {'wall +delay s':>13} {'rounds':>6}"
    print(header)
    print("-" * len(header))
    for targets in args.targets:
        row = measure(targets, args.delay, args.repeat)
        print(
            f"{row['targets']:>7} {row['requests']:>8} {row['fast']:>9.2f} "
            f"{row['slow']:>13.2f} {row['rounds']:>6.1f}"
        )


if __name__ == "__main__":
    main()
