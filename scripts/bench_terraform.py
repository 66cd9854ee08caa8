#!/usr/bin/env python3
"""Benchmark Terraform module folders: does the cost grow linearly with the files?

Not a test (timings vary by machine); run it by hand from an installed
``gwlint``:

    python scripts/bench_terraform.py [--runs 5] [--sizes 1,10,50,200]

Terraform reads every ``.tf`` file of a folder as one module, so gwlint reads
a module whole whichever of its files it is given. For each size a folder is
generated: ``main.tf`` holds the provider, a variable and a gateway; the
targets (an MCP server and a Lambda target with an inline tool schema, in
turn) are spread one per file over the other files (a one-file module holds
them all). Every row is whole processes, the commands of all sizes
interleaved so each sees the same machine load, median wall time and peak
memory:

- ``gwlint check <folder>``: a folder scan;
- ``gwlint check <every file>``: the files named, as a pre-commit hook does.

The ratio of the 200-file folder to the 50-file one is printed: a linear
cost gives at most 4.0 (the file count's ratio; less, as start-up is paid
once), a quadratic one 16; with the one-file module's time (start-up)
taken off both, linear is 199/49 = 4.06.

The inputs are generated in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Children may write bytecode (the untimed warm-up run caches it), as a normal install has.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

MAIN = """\
provider "aws" {
  region = "us-east-1"
}

variable "app_client_id" {
  type    = string
  default = "6aarhftf6bopppar05humcp2r6"
}

resource "aws_bedrockagentcore_gateway" "main" {
  name            = "bench-gateway"
  role_arn        = "arn:aws:iam::123456789012:role/GatewayExecutionRole"
  authorizer_type = "CUSTOM_JWT"
  protocol_type   = "MCP"

  authorizer_configuration {
    custom_jwt_authorizer {
      discovery_url   = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration"
      allowed_clients = [var.app_client_id]
    }
  }
}
"""

MCP_TARGET = """
resource "aws_bedrockagentcore_gateway_target" "mcp_{n}" {{
  name               = "mcp-{n}"
  gateway_identifier = aws_bedrockagentcore_gateway.main.gateway_id

  credential_provider_configuration {{
    gateway_iam_role {{
      service = "bedrock-agentcore"
    }}
  }}

  target_configuration {{
    mcp {{
      mcp_server {{
        endpoint = "https://mcp-{n}.example.com/mcp"
      }}
    }}
  }}
}}
"""

LAMBDA_TARGET = """
resource "aws_bedrockagentcore_gateway_target" "lambda_{n}" {{
  name               = "lambda-{n}"
  gateway_identifier = aws_bedrockagentcore_gateway.main.gateway_id

  credential_provider_configuration {{
    gateway_iam_role {{}}
  }}

  target_configuration {{
    mcp {{
      lambda {{
        lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:Tools{n}"

        tool_schema {{
          inline_payload {{
            name        = "LookUp{n}"
            description = "Look up finding {n}"

            input_schema {{
              type = "object"

              property {{
                name     = "region"
                type     = "string"
                required = true
              }}
            }}
          }}
        }}
      }}
    }}
  }}
}}
"""


def _gwlint() -> list[str]:
    script = Path(sys.executable).with_name("gwlint")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from gwlint.cli import main; main()"]


def _target(n: int) -> str:
    return (MCP_TARGET if n % 2 == 0 else LAMBDA_TARGET).format(n=n)


def generate(folder: Path, files: int) -> list[Path]:
    """A module of ``files`` ``.tf`` files: a gateway in main.tf, a target in each other."""
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "main.tf"
    if files == 1:
        main.write_text(MAIN + _target(0) + _target(1), encoding="utf-8")
        return [main]
    main.write_text(MAIN, encoding="utf-8")
    written = [main]
    for n in range(files - 1):
        path = folder / f"target_{n:04d}.tf"
        path.write_text(_target(n), encoding="utf-8")
        written.append(path)
    return written


def _once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4
    return wall, usage.ru_maxrss / 1024


def _paired(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Median wall ms and median peak MiB of each command, runs interleaved."""
    walls: list[list[float]] = [[] for _ in commands]
    peaks: list[list[float]] = [[] for _ in commands]
    for cmd in commands:  # warm the page cache and bytecode once, untimed
        _once(cmd)
    for _ in range(runs):
        for index, cmd in enumerate(commands):
            wall, peak = _once(cmd)
            walls[index].append(wall)
            peaks[index].append(peak)
    return [
        (statistics.median(w) * 1000, statistics.median(p))
        for w, p in zip(walls, peaks, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("--sizes", default="1,10,50,200", help="files per module folder")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    gw = _gwlint()
    with tempfile.TemporaryDirectory() as tmp:
        folders = {size: Path(tmp) / f"module-{size}" for size in sizes}
        named = {size: generate(folder, size) for size, folder in folders.items()}
        rows = [
            ("gwlint check <folder>", [[*gw, "check", str(folders[s]), "-q"] for s in sizes]),
            (
                "gwlint check <every file>",
                [[*gw, "check", *map(str, named[s]), "-q"] for s in sizes],
            ),
        ]
        print(f"Terraform module folders  (python {sys.version.split()[0]}, {args.runs} runs)")
        for label, commands in rows:
            results = _paired(commands, args.runs)
            print(f"\n{label}")
            for size, (ms, mib) in zip(sizes, results, strict=True):
                print(f"  {size:>5} files {ms:9.0f} ms {mib:7.0f} MiB")
            by_size = dict(zip(sizes, results, strict=True))
            if 50 in by_size and 200 in by_size:
                ratio = by_size[200][0] / by_size[50][0]
                print(f"  200 / 50 files: {ratio:.2f}x (linear: at most 4.0x, quadratic: 16x)")
            if {1, 50, 200} <= by_size.keys():  # less the start-up a one-file module costs
                one = by_size[1][0]
                added = (by_size[200][0] - one) / max(by_size[50][0] - one, 1e-9)
                print(f"  200 / 50 files, start-up taken off: {added:.2f}x (linear: 4.06x)")


if __name__ == "__main__":
    main()
