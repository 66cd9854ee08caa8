#!/usr/bin/env python3
"""Benchmark the offline speed goals, each next to its reference, side by side.

Not a test (timings vary by machine); run it by hand from an installed
``gwlint``:

    python scripts/bench_issue_rows.py [--runs 7] [--big-runs 3] [--cfn-lint PATH]

Every row runs whole processes, alternating the gwlint command with its
reference so both see the same machine load, and prints medians, the ratio
and the goal:

- one deployment file: ``gwlint check`` (without and with a configuration
  file) against ``cfn-lint`` on the same deployment as a CloudFormation
  template (when ``--cfn-lint`` names one) and ``python -c pass``;
- ``gwlint rules`` and ``gwlint explain GW301`` against ``gwlint --version``;
- 1,000, 2,500 and 5,000 generated files against glob + ``json.load`` of the
  same files (the floor), with peak memory; 5,000 against 2,500 shows whether
  the cost is linear;
- one generated 12.8 MB deployment (500 targets x 50 tools) against
  ``json.load`` of it.

The inputs are generated in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "examples" / "good" / "deployment.json"
EXAMPLES = ROOT / "fixtures" / "examples"

FLOOR = (
    "import glob, json, sys\n"
    "for name in glob.glob(sys.argv[1] + '/**/*.json', recursive=True):\n"
    "    with open(name, encoding='utf-8') as handle:\n"
    "        json.load(handle)\n"
)
LOAD_ONE = "import json, sys\nwith open(sys.argv[1], encoding='utf-8') as f:\n    json.load(f)\n"


def _gwlint() -> list[str]:
    script = Path(sys.executable).with_name("gwlint")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from gwlint.cli import main; main()"]


#: Children may write bytecode (the untimed warm-up run caches it), as a normal install has.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(cmd: list[str], cwd: Path | None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=ENV
    )
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4
    return wall, usage.ru_maxrss / 1024


def _paired(
    commands: list[list[str]], runs: int, cwd: Path | None = None
) -> list[tuple[float, float]]:
    """Median wall ms and median peak MiB of each command, runs interleaved."""
    walls: list[list[float]] = [[] for _ in commands]
    peaks: list[list[float]] = [[] for _ in commands]
    for cmd in commands:  # warm the page cache and bytecode once, untimed
        _once(cmd, cwd)
    for _ in range(runs):
        for index, cmd in enumerate(commands):
            wall, peak = _once(cmd, cwd)
            walls[index].append(wall)
            peaks[index].append(peak)
    return [
        (statistics.median(w) * 1000, statistics.median(p))
        for w, p in zip(walls, peaks, strict=True)
    ]


def _generate_files(folder: Path, count: int) -> None:
    """``count`` inputs: the bundled examples, renamed so each file is distinct."""
    sources = sorted(EXAMPLES.rglob("*.json"))
    texts = [(s.name, s.read_text(encoding="utf-8")) for s in sources]
    for written in range(count):
        name, text = texts[written % len(texts)]
        target = folder / f"{written // 100:03d}" / f"{written:05d}-{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("security", f"team{written:05d}"), encoding="utf-8")


def _tool(target: int, tool: int) -> dict[str, object]:
    return {
        "name": f"Tool{target:03d}x{tool:02d}",
        "description": f"Look up security finding {tool} for team {target}, "
        "with its severity, resource and notes",
        "inputSchema": {
            "type": "object",
            "properties": {
                "region": {"type": "string", "description": "AWS Region, e.g. us-east-1"},
                "severity": {"type": "string", "description": "LOW, MEDIUM, HIGH or CRITICAL"},
                "resourceArn": {"type": "string", "description": "ARN of the resource"},
                "maxResults": {"type": "integer", "description": "Page size, 1 to 100"},
            },
            "required": ["region", "severity"],
        },
    }


def _big_deployment(path: Path, targets: int = 500, tools: int = 50) -> dict[str, object]:
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    lam = base["targets"][1]
    made = []
    for index in range(targets):
        target = json.loads(json.dumps(lam))
        target["name"] = f"team-lambda-{index:03d}"
        target["targetConfiguration"]["mcp"]["lambda"]["toolSchema"]["inlinePayload"] = [
            _tool(index, t) for t in range(tools)
        ]
        made.append(target)
    base["targets"] = made
    path.write_text(json.dumps(base), encoding="utf-8")
    return base


def _cfn_template(deployment: dict[str, object], path: Path) -> None:
    """The same deployment as a CloudFormation template (gateway and its targets)."""
    gateway = dict(deployment["gateway"])  # type: ignore[call-overload]
    props = {
        k[0].upper() + k[1:]: v
        for k, v in gateway.items()
        if k in ("name", "roleArn", "protocolType", "authorizerType")
    }
    props["AuthorizerConfiguration"] = {
        "CustomJWTAuthorizer": {
            "DiscoveryUrl": gateway["authorizerConfiguration"]["customJWTAuthorizer"][
                "discoveryUrl"
            ],
            "AllowedClients": ["6aarhftf6bopppar05humcp2r6"],
        }
    }
    resources: dict[str, object] = {
        "Gateway": {"Type": "AWS::BedrockAgentCore::Gateway", "Properties": props}
    }
    for index, target in enumerate(deployment["targets"]):  # type: ignore[arg-type]
        resources[f"Target{index}"] = {
            "Type": "AWS::BedrockAgentCore::GatewayTarget",
            "Properties": {
                "Name": target["name"],
                "GatewayIdentifier": {"Ref": "Gateway"},
                "TargetConfiguration": {
                    "Mcp": {"McpServer": {"Endpoint": "https://example.com/mcp"}}
                },
                "CredentialProviderConfigurations": [
                    {"CredentialProviderType": "GATEWAY_IAM_ROLE"}
                ],
            },
        }
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    path.write_text(json.dumps(template, indent=2), encoding="utf-8")


def _row(
    label: str,
    results: list[tuple[float, float]],
    names: list[str],
    goal: str,
    verdict: Callable[[list[tuple[float, float]]], bool] | None,
) -> None:
    print(f"\n{label}")
    first = results[0][0]
    for name, (ms, mib) in zip(names, results, strict=True):
        ratio = "" if ms == first else f"  gwlint / this = {first / ms:6.2f}x"
        print(f"  {name:<58} {ms:9.0f} ms {mib:7.0f} MiB{ratio}")
    met = "" if verdict is None else ("  -> MET" if verdict(results) else "  -> NOT MET")
    print(f"  goal: {goal}{met}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of the short rows (default 7)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the big rows (default 3)")
    parser.add_argument("--cfn-lint", help="a cfn-lint executable for the reference row")
    parser.add_argument("--only", help="comma-separated rows: one,rules,files,big")
    args = parser.parse_args()
    rows = set((args.only or "one,rules,files,big").split(","))
    gw = _gwlint()
    py = sys.executable
    print(
        f"gwlint offline speed, issue rows (python {sys.version.split()[0]}, {os.cpu_count()} cpus)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        deployment = json.loads(FIXTURE.read_text(encoding="utf-8"))
        if "one" in rows:
            plain, configured = work / "plain", work / "configured"
            for folder in (plain, configured):
                folder.mkdir()
                (folder / "deployment.json").write_text(FIXTURE.read_text(encoding="utf-8"))
            (configured / "pyproject.toml").write_text(
                '[tool.gwlint]\nignore = ["GW105"]\nfail-on = "warning"\n', encoding="utf-8"
            )
            commands = [
                [*gw, "check", "deployment.json", "--quiet"],
                [*gw, "check", "deployment.json", "--quiet"],
                [py, "-c", "pass"],
            ]
            names = [
                "gwlint check deployment.json (no config)",
                "(with a config file)",
                "python -c pass",
            ]
            if args.cfn_lint:
                template = work / "template.json"
                _cfn_template(deployment, template)
                commands.append([args.cfn_lint, str(template)])
                names.append("cfn-lint template.json")
            # the configured run needs its own folder: run the pair by hand
            a = _paired([commands[0], *commands[2:]], args.runs, plain)
            b = _paired([commands[1]], args.runs, configured)
            results = [a[0], b[0], *a[1:]]

            def one_ok(r: list[tuple[float, float]]) -> bool:
                return len(r) > 3 and r[3][0] >= 10 * r[0][0] and r[3][0] >= 8 * r[1][0]

            _row(
                "one deployment file",
                results,
                names,
                ">= 10x faster than cfn-lint with no config file, >= 8x with one",
                one_ok if args.cfn_lint else None,
            )
            if args.cfn_lint:
                print(
                    f"  cfn-lint / gwlint: {results[3][0] / results[0][0]:.1f}x (no config), "
                    f"{results[3][0] / results[1][0]:.1f}x (config)"
                )
        if "rules" in rows:
            results = _paired(
                [[*gw, "rules"], [*gw, "explain", "GW301"], [*gw, "--version"]], args.runs, work
            )
            _row(
                "gwlint rules, explain ID",
                results,
                ["gwlint rules", "gwlint explain GW301", "gwlint --version"],
                "<= 1.3x --version",
                lambda r: max(r[0][0], r[1][0]) <= 1.3 * r[2][0],
            )
        if "files" in rows:
            timed: dict[int, float] = {}
            for count in (1000, 2500, 5000):
                folder = work / f"files{count}"
                _generate_files(folder, count)
                results = _paired(
                    [[*gw, "check", str(folder), "--quiet"], [py, "-c", FLOOR, str(folder)]],
                    args.big_runs,
                )
                timed[count] = results[0][0]
                goal = "<= 10x the floor" if count == 1000 else "<= 100 MiB peak"
                _row(
                    f"{count:,} files in one run",
                    results,
                    [f"gwlint check <{count} files>", "glob + json.load (floor)"],
                    goal,
                    (lambda r: r[0][0] <= 10 * r[1][0])
                    if count == 1000
                    else (lambda r: r[0][1] <= 100),
                )
            growth = timed[5000] / timed[2500]
            print(
                f"\n  linear in N: 5,000 files cost {growth:.2f}x 2,500 (goal <= 2.1x)"
                f"  -> {'MET' if growth <= 2.1 else 'NOT MET'}"
            )
        if "big" in rows:
            big = work / "big" / "deployment.json"
            big.parent.mkdir()
            _big_deployment(big)
            size = big.stat().st_size / 1e6
            results = _paired(
                [[*gw, "check", str(big), "--quiet"], [py, "-c", LOAD_ONE, str(big)]],
                args.big_runs,
            )
            _row(
                f"one {size:.1f} MB deployment, 500 targets x 50 tools",
                results,
                ["gwlint check deployment.json", "json.load"],
                "<= 1.5 s",
                lambda r: r[0][0] <= 1500,
            )


if __name__ == "__main__":
    main()
