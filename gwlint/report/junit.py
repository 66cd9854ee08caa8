"""JUnit XML: one test case per rule and resource, for CI test-report views.

A ``testsuite`` per checked file (or the deployed resources), a ``testcase``
per rule × resource: ``<failure>`` when the rule failed there, ``<error>``
when gwlint could not evaluate it, ``<skipped>`` when it was skipped or every
problem there is suppressed (the message gives the reason), and no child when
it held. GitLab, Jenkins and Azure DevOps read this shape.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from gwlint.findings import Finding, Report, Status
from gwlint.report.text import location

#: Characters XML 1.0 cannot carry, even escaped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text)


def _detail(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{location(f)}: {f.message}")
        if f.fix:
            lines.append(f"  fix: {f.fix}")
    return "\n".join(lines)


def _case(suite: ET.Element, name: str, classname: str, findings: list[Finding]) -> str:
    """Add one testcase; return its outcome: pass, failure, error or skipped."""
    case = ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(classname))
    case.set("time", "0")
    failed = [f for f in findings if f.status is Status.FAIL]
    errored = [f for f in findings if f.status is Status.ERROR]
    suppressed = [f for f in findings if f.status is Status.SUPPRESSED]
    skipped = [f for f in findings if f.status is Status.SKIP]
    passed = [f for f in findings if f.status is Status.PASS]
    if failed:
        first = failed[0]
        node = ET.SubElement(
            case, "failure", message=_clean(first.message), type=first.severity.value
        )
        node.text = _clean(_detail(failed + errored))
        return "failure"
    if errored:
        first = errored[0]
        node = ET.SubElement(case, "error", message=_clean(first.message), type="could-not-check")
        node.text = _clean(_detail(errored))
        return "error"
    if suppressed:
        reasons = "; ".join(sorted({f.suppression.reason for f in suppressed if f.suppression}))
        ET.SubElement(case, "skipped", message=_clean(f"suppressed: {reasons}"))
        return "skipped"
    if skipped and not passed:
        ET.SubElement(case, "skipped", message=_clean(skipped[0].message))
        return "skipped"
    return "pass"


def as_element(report: Report) -> ET.Element:
    grouped: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for finding in report.findings:
        suite_name = finding.source or finding.file or "deployed resources"
        label = f"{finding.rule_id} {finding.rule_name}"
        grouped[suite_name][(label, finding.resource or "")].append(finding)
    root = ET.Element("testsuites", name="gwlint")
    totals: defaultdict[str, int] = defaultdict(int)
    for suite_name, cases in grouped.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(suite_name))
        counts: defaultdict[str, int] = defaultdict(int)
        for (label, resource), findings in sorted(cases.items()):
            name = f"{label} [{resource}]" if resource else label
            counts[_case(suite, name, f"gwlint.{suite_name}", findings)] += 1
            counts["tests"] += 1
        for key in ("tests", "failure", "error", "skipped"):
            totals[key] += counts[key]
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failure"]))
        suite.set("errors", str(counts["error"]))
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", "0")
    for error in report.errors:  # an unreadable input is an errored test of its own
        suite = ET.SubElement(root, "testsuite", name=_clean(error.file))
        case = ET.SubElement(
            suite, "testcase", name="input", classname=f"gwlint.{_clean(error.file)}"
        )
        case.set("time", "0")
        node = ET.SubElement(case, "error", message=_clean(error.message), type="input-error")
        node.text = _clean(str(error))
        for key, value in (
            ("tests", "1"),
            ("failures", "0"),
            ("errors", "1"),
            ("skipped", "0"),
            ("time", "0"),
        ):
            suite.set(key, value)
        totals["tests"] += 1
        totals["error"] += 1
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failure"]))
    root.set("errors", str(totals["error"]))
    root.set("skipped", str(totals["skipped"]))
    root.set("time", "0")
    return root


def render(report: Report, **_: Any) -> str:
    element = as_element(report)
    ET.indent(element)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode") + "\n"
    )
