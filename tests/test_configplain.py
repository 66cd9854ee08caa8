"""A plainly valid configuration is read as the schema reads it; anything else goes there."""

from __future__ import annotations

import datetime
import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint import configplain
from gwlint.config import Config, ConfigError
from gwlint.configschema import validate

FIELDS = [
    "select", "ignore", "fail_on", "rules_dirs", "exclude", "per_file_ignores", "severity",
    "format", "output", "quiet", "baseline", "inline_suppressions", "live", "probe", "suppress",
]  # fmt: skip

words = st.sampled_from(["GW101", "GW2", "", " ", "error", "warning", "info", "ERROR", "json"])
anything = st.none() | st.booleans() | st.integers(-2, 3) | st.floats(-1, 5) | words
strings = st.lists(words, max_size=3)
values = {
    "select": strings | anything,
    "ignore": strings | anything,
    "fail-on": words | anything,
    "rules-dirs": strings,
    "exclude": strings | anything,
    "per-file-ignores": st.dictionaries(words, strings | anything, max_size=2),
    "severity": st.dictionaries(words, words | anything, max_size=2),
    "format": st.sampled_from(["text", "json", "sarif", "yaml"]) | anything,
    "output": st.lists(st.sampled_from(["sarif=out.sarif", "json=", "x=y", "json=r.json"]))
    | anything,
    "quiet": anything,
    "baseline": words | anything,
    "inline-suppressions": anything,
    "fail_on": words,
    "live": st.dictionaries(
        st.sampled_from(["region", "profile", "lambda", "timeout", "wait"]), anything, max_size=3
    )
    | anything,
    "probe": st.dictionaries(st.sampled_from(["timeout", "x"]), anything, max_size=2) | anything,
    "suppress": st.lists(
        st.dictionaries(
            st.sampled_from(["rule", "reason", "path", "pointer", "resource", "expires", "x"]),
            words
            | st.sampled_from(["/a", "a", "why not"])
            | st.just(datetime.date(2026, 6, 30))
            | st.just(datetime.datetime(2026, 6, 30, 1, 2))
            | anything,
            max_size=5,
        ),
        max_size=2,
    )
    | anything,
}
tables = st.fixed_dictionaries({}, optional=values)
ids = st.lists(st.sampled_from(["GW101", "GW2", "ALL"]), max_size=2)
levels = st.sampled_from(["error", "warning", "info"])
timeouts = st.integers(1, 60) | st.floats(0.1, 60)
entries = st.fixed_dictionaries(
    {"rule": st.sampled_from(["GW101", "x"]), "reason": st.sampled_from(["ok", " why "])},
    optional={
        "path": st.just("a/*.json"),
        "pointer": st.sampled_from(["", "/gateway"]),
        "resource": st.just("gateway g"),
        "expires": st.just(datetime.date(2031, 1, 2)),
    },
)
valid = st.fixed_dictionaries(
    {},
    optional={
        "select": ids,
        "ignore": ids,
        "fail-on": levels,
        "rules-dirs": st.lists(st.just("rules")),
        "exclude": st.lists(st.just("vendor/**")),
        "per-file-ignores": st.dictionaries(st.sampled_from(["a/*", "b"]), ids, max_size=2),
        "severity": st.dictionaries(st.sampled_from(["GW101", "GW2"]), levels, max_size=2),
        "format": st.sampled_from(["text", "json", "sarif", "github", "junit"]),
        "output": st.lists(st.sampled_from(["sarif=out.sarif", "json=r.json"]), max_size=2),
        "quiet": st.booleans(),
        "baseline": st.just("baseline.json"),
        "inline-suppressions": st.booleans(),
        "live": st.fixed_dictionaries(
            {},
            optional={
                "region": st.just("eu-west-1"),
                "profile": st.just("dev"),
                "lambda": st.just("proxy"),
                "timeout": timeouts,
            },
        ),
        "probe": st.fixed_dictionaries({}, optional={"timeout": timeouts}),
        "suppress": st.lists(entries, max_size=2),
    },
)


def _config() -> Config:
    return Config(file="pyproject.toml", root="/r", prefix=("tool", "gwlint"))


def _read(fill: Any, data: dict[str, Any]) -> tuple[str, Any]:
    config = _config()
    try:
        filled = fill(data, config)
    except ConfigError as exc:
        return "error", str(exc)
    if filled is False:
        return "declined", None
    return "config", [getattr(config, name) for name in FIELDS]


@settings(max_examples=400, deadline=None)
@given(tables)
def test_the_plain_reading_agrees_with_the_schema(data: dict[str, Any]) -> None:
    plain = _read(configplain.fill, data)
    schema = _read(validate, data)
    if plain[0] == "declined":
        return
    assert plain == schema


@settings(max_examples=200, deadline=None)
@given(valid)
def test_a_valid_configuration_is_read_plainly_and_alike(data: dict[str, Any]) -> None:
    assert _read(configplain.fill, data) == _read(validate, data)
    assert _read(configplain.fill, data)[0] == "config"


def test_a_typical_configuration_is_read_without_the_schema() -> None:
    data = {
        "select": ["GW1", "GW2"],
        "fail-on": "warning",
        "per-file-ignores": {"legacy/*.json": ["GW105"]},
        "severity": {"GW105": "info"},
        "output": ["sarif=gwlint.sarif"],
        "live": {"timeout": 30, "region": "us-east-1"},
        "suppress": [
            {"rule": "GW201", "reason": " reviewed ", "expires": datetime.date(2030, 1, 1)}
        ],
    }
    assert _read(configplain.fill, data) == _read(validate, data)
    assert _read(configplain.fill, data)[0] == "config"
    config = _config()
    configplain.fill(data, config)
    assert config.live == {"region": "us-east-1", "timeout": 30}
    assert config.suppress[0].reason == "reviewed"


def test_a_wrong_value_is_left_to_the_schema() -> None:
    for data in ({"fail-on": "fatal"}, {"select": "GW1"}, {"quiet": 1}, {"unknown": 1}):
        assert configplain.fill(data, _config()) is False


def test_a_check_with_a_plain_configuration_does_not_import_pydantic(tmp_path: Any) -> None:
    from .conftest import FIXTURES

    (tmp_path / ".gwlint.toml").write_text('ignore = ["GW105"]\nfail-on = "warning"\n', "utf-8")
    script = (
        "import sys\n"
        f"sys.argv = ['gwlint', 'check', {str(FIXTURES / 'examples' / 'good')!r}, '-q']\n"
        "from gwlint.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('pydantic' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert proc.stdout.strip().splitlines()[-2:] == ["exit 0", "False"]
