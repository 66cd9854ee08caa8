"""JSON report: the documented machine contract (``schema_version`` 1).

The contract is ``gwlint/schemas/report.schema.json``; tests validate every
report against it, so a change here that breaks consumers fails CI.
"""

from __future__ import annotations

import json
from typing import Any

from gwlint import __version__
from gwlint.findings import Report

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gwlint", "version": __version__},
        "summary": report.summary(),
        "findings": [f.to_dict() for f in report.findings],
        "errors": [e.to_dict() for e in report.errors],
    }
    if report.baseline is not None:  # only when --baseline was given
        data["baseline"] = report.baseline.to_dict()
    return data


def render(report: Report, **_: Any) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
