"""Reporters: pure functions of the report, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from gwlint.findings import Report
from gwlint.report import json_report, sarif, text

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
}
__all__ = ["FORMATS", "Report"]
