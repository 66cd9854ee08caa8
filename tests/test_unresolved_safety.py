"""No rule fails or crashes on values set at deploy time.

Every offline rule's fixtures, read again as a format whose every string is
a deploy-time reference (a ``!Ref`` in a template, ``var.x`` in HCL): the
engine skips what sits on an unresolved value, and no rule may report a
problem it cannot know, such as a FAIL at a parent because a child is not a
string, or a cross-field mismatch between two references. What does not
depend on a string (a number out of range, a key the API does not define, a
missing member) still fails: every FAIL must be one the same file gives with
its strings as written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gwlint.engine import Job, run_job
from gwlint.findings import Status
from gwlint.formats import Recorder, translate
from gwlint.jsonpos import loads
from gwlint.masking import already_masked, mask_tree
from gwlint.registry import all_rules
from gwlint.sources import InputErrorException, Unrecognised, deployment_file, load_many
from gwlint.unresolved import Unresolved

from .conftest import FIXTURES

OFFLINE = [r for r in all_rules() if r.pack == "builtin" and not r.live and not r.probe]

#: How each of gwlint's own JSON shapes sits in a deployment file (setup
#: arguments are the toolkit's words, which no format translates into).
SECTION = {
    "deployment": lambda data: data,
    "aws-api-gateway": lambda data: {"gateway": data},
    "aws-api-target": lambda data: {"targets": [data]},
    "client-config": lambda data: {"client": data},
}


def _shape(path: Path) -> str | None:
    try:
        return load_many(path)[0].deployment.shape
    except (InputErrorException, Unrecognised):
        return None  # a fixture of bad input: nothing to translate


def _fixtures() -> list[Path]:
    """Every fixture in one of the shapes a format is read into."""
    return sorted(
        path
        for meta in OFFLINE
        for path in (FIXTURES / "rules" / meta.id).glob("*.json")
        if _shape(path) in SECTION
    )


def _strings(value: Any, _pointer: str) -> Any:
    return Unresolved(value) if isinstance(value, str) else value


def _lists(value: Any, pointer: str) -> Any:
    """Lists below the sections: a ``!Split``, a list variable, a comprehension."""
    if isinstance(value, list) and pointer.count("/") > 1:
        return Unresolved(f"list at {pointer}")
    return value


def _objects(value: Any, pointer: str) -> Any:
    """Objects below the sections: a ``!GetAtt``, a module output, a dict built at run time."""
    if isinstance(value, dict) and pointer.count("/") > 1:
        return Unresolved(f"object at {pointer}")
    return value


CONVERT = {"strings": _strings, "lists": _lists, "objects": _objects}


def _as_format(path: Path, unresolved: str | None) -> Job:
    shape = _shape(path)
    assert shape is not None
    written = SECTION[shape](json.loads(path.read_text()))
    recorder = Recorder(loads(json.dumps(written)), "unresolved")
    convert = CONVERT[unresolved] if unresolved else None
    data = mask_tree(translate(written, "", "", recorder, str, convert))
    document = recorder.finish(data)
    with already_masked(data):
        deployment = deployment_file.load(data, str(path))
    deployment.format = "unresolved"
    return Job(deployment, document)


@pytest.mark.parametrize("unresolved", sorted(CONVERT))
@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_rule_fails_or_crashes_on_values_set_at_deploy_time(path: Path, unresolved: str) -> None:
    job, as_written = _as_format(path, unresolved), _as_format(path, None)
    known = {
        (f.rule_id, f.pointer) for f in run_job(OFFLINE, as_written) if f.status is Status.FAIL
    }
    bad = [
        (f.rule_id, f.status.value, f.pointer, f.message)
        for f in run_job(OFFLINE, job)
        if f.status is Status.ERROR
        or (f.status is Status.FAIL and (f.rule_id, f.pointer) not in known)
    ]
    assert bad == []


def _findings(path: Path, unresolved: str, rule_id: str) -> list[tuple[str, str | None, str]]:
    job = _as_format(path, unresolved)
    return [
        (f.status.value, f.pointer, f.message)
        for f in run_job(OFFLINE, job)
        if f.rule_id == rule_id
    ]


def test_a_deploy_time_domain_override_leaves_a_custom_gateway_url_unjudged() -> None:
    path = FIXTURES / "rules" / "GW108" / "pass-domain-override.json"
    assert _findings(path, "objects", "GW108") == [
        (
            "skip",
            "/client",
            "gateway_url host 'tools.example.com' may be one of the gateway's domainOverride "
            "domains, which are set at deploy time",
        )
    ]


def test_deploy_time_allowed_scopes_leave_the_scope_mapping_unjudged() -> None:
    path = FIXTURES / "rules" / "GW311" / "pass.json"
    jwt = "/gateway/authorizerConfiguration/customJWTAuthorizer"
    assert _findings(path, "lists", "GW311") == [
        (
            "skip",
            f"{jwt}/certificateConfigurations",
            f"not checked: set at deploy time (list at {jwt}/certificateConfigurations)",
        ),
        (
            "skip",
            "/gateway/authorizerConfiguration/customJWTAuthorizer",
            "allowedScopes are set at deploy time: the advertisedScopeMapping keys cannot be "
            "compared with them",
        ),
    ]
