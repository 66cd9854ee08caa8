#!/usr/bin/env python3
"""Benchmark the boto3-script and notebook readers: does the cost grow linearly?

Not a test (timings vary by machine); run it by hand from an installed
``gwlint``:

    python scripts/bench_python_readers.py [--runs 5] [--sizes 50,200,800]

For every size N it generates a notebook of N code cells (one gateway, then
one target per cell, each with a literal configuration and a Lambda ARN
endpoint GW201 fails, so every cell is located) and the same program as one
``.py`` script, runs ``gwlint check --format json`` on each as a whole process
and prints the median time and the ratio to the previous size. Linear cost
means the ratio follows the size ratio (4× the cells: about 4× the time, less
while start-up still dominates).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = (
    "import boto3\n"
    'client = boto3.client("bedrock-agentcore-control", region_name="us-east-1")\n'
    "created = client.create_gateway(\n"
    '    name="bench-gateway", roleArn="arn:aws:iam::123456789012:role/gw",\n'
    '    protocolType="MCP", authorizerType="AWS_IAM")\n'
    'gateway_id = created["gatewayId"]\n'
)


def _target(i: int) -> str:
    return (
        f'config_{i} = {{"mcp": {{"mcpServer": {{\n'
        f'    "endpoint": "arn:aws:lambda:us-east-1:123456789012:function:tool-{i}"}}}}}}\n'
        f"client.create_gateway_target(gatewayIdentifier=gateway_id, name='t{i}',\n"
        f"    targetConfiguration=config_{i})\n"
    )


def _cells(count: int) -> list[str]:
    return [HEAD] + [_target(i) for i in range(1, count)]


def _notebook(path: Path, count: int) -> None:
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{i}",
            "metadata": {},
            "outputs": [],
            "source": text.splitlines(keepends=True),
        }
        for i, text in enumerate(_cells(count))
    ]
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")


def _script(path: Path, count: int) -> None:
    path.write_text("".join(_cells(count)), encoding="utf-8")


def _gwlint() -> list[str]:
    script = Path(sys.executable).with_name("gwlint")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from gwlint.cli import main; main()"]


def _median(path: Path, runs: int) -> float:
    cmd = [*_gwlint(), "check", "--format", "json", str(path)]
    subprocess.run(cmd, capture_output=True, check=False)  # warm-up: bytecode cached
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{path.name}: exit {done.returncode}: {done.stderr.decode()[:300]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="50,200,800")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        for kind, write, suffix in (("notebook", _notebook, ".ipynb"), ("script", _script, ".py")):
            previous: tuple[int, float] | None = None
            for size in sizes:
                path = Path(folder) / f"bench_{size}{suffix}"
                write(path, size)
                seconds = _median(path, args.runs)
                ratio = ""
                if previous is not None:
                    grown = size / previous[0]
                    ratio = f"  {seconds / previous[1]:.2f}x the time for {grown:.0f}x the cells"
                print(f"{kind:8} {size:5} cells  {seconds * 1000:8.0f} ms{ratio}", flush=True)
                previous = (size, seconds)


if __name__ == "__main__":
    main()
