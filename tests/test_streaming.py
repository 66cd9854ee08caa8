"""An offline check reads each file as the engine reaches it, keeping what the gate reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gwlint import sources, streaming
from gwlint.config import load_config
from gwlint.findings import Report
from gwlint.gate import drop_excluded
from gwlint.sources import iter_loads, load_paths

from .conftest import FIXTURES

GOOD = FIXTURES / "examples" / "good" / "deployment.json"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "c", "e"):
        shutil.copy(GOOD, folder / f"{name}.json")
    (folder / "b.json").write_text('{"gateway": {"name": 1,}', encoding="utf-8")  # input, broken
    (folder / "d.json").write_text('{"compilerOptions": {}}', encoding="utf-8")  # not an input
    (folder / "f.json").write_text('{"gateway": [], "targets": {}}', encoding="utf-8")
    return folder


def test_the_files_are_read_one_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    read: list[str] = []
    real = sources.load_many
    monkeypatch.setattr(sources, "load_many", lambda p, **kw: read.append(p.name) or real(p, **kw))
    jobs = streaming.StreamedJobs(iter_loads([str(folder)]), Report(), None, keep_all=False)
    seen = []
    for job in jobs:
        seen.append((Path(job.deployment.file or "").name, list(read)))
    assert seen == [
        ("a.json", ["a.json"]),
        ("c.json", ["a.json", "b.json", "c.json"]),
        ("e.json", ["a.json", "b.json", "c.json", "d.json", "e.json"]),
        ("f.json", ["a.json", "b.json", "c.json", "d.json", "e.json", "f.json"]),
    ]
    assert len(jobs) == 4 and jobs.kept == []


def test_errors_skips_and_exclusions_are_those_of_loading_everything_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    (tmp_path / ".gwlint.toml").write_text('exclude = ["in/c.json", "in/b.json"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config(None, isolated=False)
    everything = load_paths([str(folder)])
    excluded = drop_excluded(everything, config)
    report = Report()
    jobs = streaming.StreamedJobs(iter_loads([str(folder)]), report, config, keep_all=True)
    files = [job.deployment.file for job in jobs]
    assert files == [item.deployment.file for item in everything.loaded]
    assert [Path(f or "").name for f in files] == ["a.json", "e.json", "f.json"]
    assert report.errors == everything.errors and report.skipped == everything.skipped
    assert [Path(e.file).name for e in report.errors] == ["f.json", "f.json"]
    assert [Path(e.file).name for e in report.skipped] == ["d.json"]
    assert jobs.excluded == excluded == 2
    assert [j.deployment.file for j in jobs.kept] == files  # keep_all: a baseline reads them


def test_a_young_collection_runs_every_so_many_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(5):
        shutil.copy(GOOD, folder / f"{index}.json")
    calls: list[int] = []
    monkeypatch.setattr(streaming, "COLLECT_EVERY", 2)
    monkeypatch.setattr(streaming.gc, "isenabled", lambda: False)
    monkeypatch.setattr(streaming.gc, "collect", lambda generation=2: calls.append(generation))
    jobs = streaming.StreamedJobs(iter_loads([str(folder)]), Report(), None, keep_all=False)
    assert len(list(jobs)) == 5
    assert calls == [0, 0]
