#!/usr/bin/env python3
"""Benchmark the offline path: cold start of ``gwlint check`` and lint throughput.

Not a test (timings vary by machine); run it by hand:

    python scripts/bench_offline.py [--runs 10] [--configs 400]

(a) Cold start: the installed ``gwlint`` console script checks one bundled
    fixture in a fresh process, ``--runs`` times (median and min wall time),
    next to a bare ``python -c pass`` for the interpreter's own share, plus
    ``python -X importtime`` of ``gwlint.cli`` and a full check with its
    heaviest imports: what a pre-commit hook pays on every commit.
(b) Throughput: ``gwlint.lint`` in-process over a generated folder of
    ``--configs`` configs (copies of the bundled examples with varied names),
    split into loading (read + parse + model) and running the rules.

Stays well under a minute with the defaults on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "examples" / "good" / "deployment.json"
EXAMPLES = ROOT / "fixtures" / "examples"


def _script() -> list[str]:
    script = Path(sys.executable).with_name("gwlint")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from gwlint.cli import main; main()"]


def _wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def _importtime(code: str) -> tuple[float, list[tuple[float, str]]]:
    """Total self time of all imports (ms) and the five heaviest top-level packages."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    by_package: dict[str, float] = {}
    total = 0.0
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if not match:
            continue
        self_us = int(match.group(1))
        total += self_us
        package = match.group(4).split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + self_us / 1000
    heaviest = sorted(((ms, name) for name, ms in by_package.items()), reverse=True)[:5]
    return total / 1000, heaviest


def _generate(folder: Path, count: int) -> int:
    """``count`` configs: the bundled examples, renamed so each file is distinct."""
    sources = sorted(EXAMPLES.rglob("*.json"))
    written = 0
    while written < count:
        for source in sources:
            if written >= count:
                break
            text = source.read_text(encoding="utf-8")
            text = text.replace("security", f"team{written:04d}")
            target = folder / f"{written // 50:02d}" / f"{written:04d}-{source.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def _throughput(count: int) -> dict[str, float]:
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import all_rules, select
    from gwlint.sources import load_paths

    rules = select(all_rules())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = _generate(folder, count)
        start = time.perf_counter()
        loaded = load_paths([str(folder)])
        loaded_at = time.perf_counter()
        report = run(rules, (Job(i.deployment, i.document) for i in loaded.loaded), Report())
        done = time.perf_counter()
    return {
        "files": files,
        "inputs": len(loaded.loaded),
        "rules": len(rules),
        "findings": len(report.findings),
        "load_s": loaded_at - start,
        "rules_s": done - loaded_at,
        "total_s": done - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="cold-start runs (default 10)")
    parser.add_argument("--configs", type=int, default=400, help="generated configs (default 400)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()

    check = [*_script(), "check", str(FIXTURE), "--quiet"]
    bare = _wall([sys.executable, "-c", "pass"], args.runs)
    cold = _wall(check, args.runs)
    version = _wall([*_script(), "--version"], args.runs)
    import_ms, _ = _importtime("import gwlint.cli")
    check_code = (
        f"import sys; sys.argv = ['gwlint', 'check', {str(FIXTURE)!r}, '--quiet']\n"
        "from gwlint.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    check_import_ms, heaviest = _importtime(check_code)
    through = _throughput(args.configs)

    numbers = {
        "python_startup_ms": {"median": statistics.median(bare) * 1000, "min": min(bare) * 1000},
        "gwlint_version_ms": {
            "median": statistics.median(version) * 1000,
            "min": min(version) * 1000,
        },
        "gwlint_check_one_file_ms": {
            "median": statistics.median(cold) * 1000,
            "min": min(cold) * 1000,
        },
        "import_gwlint_cli_ms": import_ms,
        "imports_during_check_ms": check_import_ms,
        "heaviest_imports_ms": {name: round(ms, 1) for ms, name in heaviest},
        "throughput": through,
    }
    if args.json:
        print(json.dumps(numbers, indent=2))
        return

    print(f"gwlint offline benchmark  (python {sys.version.split()[0]}, {args.runs} runs)")
    print()
    print(f"{'cold start (subprocess)':<52} {'median ms':>10} {'min ms':>10}")
    for label, values in (
        ("python -c pass", bare),
        ("gwlint --version", version),
        (f"gwlint check {FIXTURE.relative_to(ROOT)}", cold),
    ):
        print(f"{label:<52} {statistics.median(values) * 1000:>10.0f} {min(values) * 1000:>10.0f}")
    print()
    print(f"{'import time (python -X importtime)':<52} {'ms':>10}")
    print(f"{'import gwlint.cli':<52} {import_ms:>10.1f}")
    print(f"{'all imports during a check':<52} {check_import_ms:>10.1f}")
    for ms, name in heaviest:
        print(f"{'  of which ' + name:<52} {ms:>10.1f}")
    print()
    t = through
    print(f"throughput (in-process, {t['rules']:.0f} offline rules)")
    print(f"{'configs linted':<52} {t['inputs']:>10.0f}")
    print(f"{'findings':<52} {t['findings']:>10.0f}")
    print(f"{'load (read, parse, model) s':<52} {t['load_s']:>10.2f}")
    print(f"{'rules s':<52} {t['rules_s']:>10.2f}")
    print(f"{'configs per second':<52} {t['inputs'] / t['total_s']:>10.0f}")
    print(f"{'ms per config':<52} {t['total_s'] * 1000 / max(t['inputs'], 1):>10.2f}")


if __name__ == "__main__":
    main()
