#!/usr/bin/env python3
"""Where one file's time goes in a many-file offline check: the parts, per file.

Not a test (timings vary by machine); run it by hand from an installed gwlint:

    python scripts/bench_file_parts.py FOLDER

Reads every file of ``FOLDER`` as ``gwlint check FOLDER`` does (the collector
off, as the command runs), then runs the offline rules on each as a text-only
run does, and prints process time per file for: reading, decoding, masking and
building the model; the rules' own checks (and the costliest rules); completing
the findings (locating, masking, their source); and the engine's bookkeeping.
``scripts/bench_issue_rows.py`` generates a 1,000-file folder like the one its
many-file row times; any folder of inputs will do.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from typing import Any

import gwlint.engine as engine
from gwlint.engine import Job, run_job
from gwlint.lazyrules import builtin_rules
from gwlint.registry import all_rules
from gwlint.sources import iter_loads


def _jobs(folder: str) -> list[Job]:
    return [Job(i.deployment, i.document) for p in iter_loads([folder]) for i in p.loaded]


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/bench_file_parts.py FOLDER")
    folder = sys.argv[1]
    gc.freeze()
    gc.disable()
    rules = [r for r in (builtin_rules() or all_rules([])) if not r.live and not r.probe]
    warm = _jobs(folder)[:1]  # imports the rule modules and readers, untimed
    for job in warm:
        run_job(rules, job, locate_passes=False)
    start = time.process_time()
    jobs = _jobs(folder)
    loaded = time.process_time() - start
    spent: Counter[str] = Counter()
    completing = [0.0]
    run_rule, finish = engine.run_rule, engine._finish

    def timed_rule(meta: Any, ctx: Any) -> Any:
        began = time.process_time()
        try:
            return run_rule(meta, ctx)
        finally:
            spent[meta.id] += time.process_time() - began

    def timed_finish(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return finish(*args, **kwargs)
        finally:
            completing[0] += time.process_time() - began

    engine.run_rule, engine._finish = timed_rule, timed_finish
    findings = 0
    began = time.process_time()
    for job in jobs:
        findings += len(run_job(rules, job, locate_passes=False))
    ran = time.process_time() - began
    count = max(len(jobs), 1)
    checks = sum(spent.values())

    def per_file(seconds: float) -> str:
        return f"{seconds * 1e6 / count:6.0f} µs"

    print(f"{len(jobs)} files, {findings} findings ({findings / count:.1f} a file)")
    print(f"  read, decode, mask, build the model  {per_file(loaded)}")
    print(f"  the {len(rules)} rules' own checks          {per_file(checks)}")
    print(f"  completing the findings              {per_file(completing[0])}")
    rest = ran - checks - completing[0]
    print(f"  the engine's bookkeeping             {per_file(rest)} (with the timers' own cost)")
    top = ", ".join(f"{rule} {value * 1e6 / count:.0f} µs" for rule, value in spent.most_common(8))
    print(f"  costliest rules: {top}")


if __name__ == "__main__":
    main()
