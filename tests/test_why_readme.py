"""The README's ``gwlint why`` examples are what the command prints (shortened lines end in …)."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT
from .why_support import invoke

README = (ROOT / "README.md").read_text()
SECTION = README.split("## Explaining an error AWS gave you (`gwlint why`)")[1].split("\n## ")[0]
EXAMPLES = re.findall(r"```text\n\$ gwlint why - (\S+) < (\S+)\n(.*?)```", SECTION, re.DOTALL)


def test_the_section_has_three_examples() -> None:
    assert [(path, text) for path, text, _ in EXAMPLES] == [
        ("fixtures/why/mcp-target-iam-no-service.json", "fixtures/why/terraform-apply.txt"),
        (
            "fixtures/examples/guide-failures/create-gateway-cognito-audience.json",
            "fixtures/why/curl-401.txt",
        ),
        ("fixtures/examples/good/deployment.json", "fixtures/why/cdk-deploy.txt"),
    ]


@pytest.mark.parametrize(("path", "text", "shown"), EXAMPLES, ids=lambda v: str(v)[:40])
def test_readme_example_matches_a_real_run(
    path: str, text: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("why", "-", path, stdin=(ROOT / text).read_text())
    printed = result.stdout.splitlines()
    position = 0
    for line in shown.rstrip("\n").splitlines():
        if line.lstrip().startswith("…"):  # an elision of whole causes
            continue
        prefix = line[:-1] if line.endswith("…") else None
        for index in range(position, len(printed)):
            real = printed[index]
            if (prefix is not None and real.startswith(prefix)) or real == line:
                position = index + 1
                break
        else:
            pytest.fail(f"README line not printed (in order): {line!r}")
