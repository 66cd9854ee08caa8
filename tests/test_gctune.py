"""The collector is disabled for offline runs only, and restored by the test."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gwlint.gctune import tune_for_run


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_offline_check_disables_the_collector() -> None:
    assert tune_for_run(["check", "deployment.json", "--quiet"]) is True
    assert gc.isenabled() is False


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--live", "--gateway", "gw-1"],
        ["check", "--probe", "deployment.json"],
        ["check", "--probe=yes", "deployment.json"],
    ],
)
def test_networked_runs_keep_the_collector(argv: list[str]) -> None:
    assert tune_for_run(argv) is False
    assert gc.isenabled() is True


def test_a_path_that_merely_contains_the_flag_name_does_not_count() -> None:
    assert tune_for_run(["check", "configs/--live-notes.json"]) is True
