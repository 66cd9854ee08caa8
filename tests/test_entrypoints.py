"""Rule packs are read from the installed distributions as importlib.metadata reads them."""

from __future__ import annotations

import sys
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from gwlint import entrypoints, rule_index
from gwlint.registry import load_entry_point_rules


def _metadata(group: str) -> list[tuple[str, str]]:
    return sorted((ep.name, ep.value) for ep in entry_points(group=group))


@pytest.mark.parametrize("group", ["gwlint.rules", "console_scripts", "pytest11"])
def test_the_scan_finds_what_importlib_metadata_finds(group: str) -> None:
    scanned = entrypoints._scanned(group)
    assert scanned is not None
    assert sorted(scanned) == _metadata(group)


def test_the_builtin_pack_is_the_only_pack_here() -> None:
    assert entrypoints.rule_packs() == [("builtin", "gwlint_rules")]


def _dist(root: Path, name: str, text: str) -> None:
    folder = root / f"{name}-1.0.dist-info"
    folder.mkdir(parents=True)
    (folder / "entry_points.txt").write_text(text, encoding="utf-8")


def test_a_third_party_pack_is_seen_and_the_index_steps_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path / "a", "acme_rules", "# note\n[gwlint.rules]\nacme = acme_pack\n\n[x]\ny = z\n")
    _dist(tmp_path / "b", "Acme.Rules", "[gwlint.rules]\nshadowed = never\n")  # a's name wins
    monkeypatch.syspath_prepend(str(tmp_path / "b"))
    monkeypatch.syspath_prepend(str(tmp_path / "a"))
    assert entrypoints.rule_packs() == [("acme", "acme_pack"), ("builtin", "gwlint_rules")]
    assert entrypoints.rule_packs() == sorted(_metadata("gwlint.rules"))
    assert rule_index.load(None) is None


def test_a_broken_third_party_pack_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "acme_rules", "[gwlint.rules]\nacme = acme_pack_missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(Exception, match=r"rule pack 'acme' \(acme_pack_missing\) failed to load"):
        load_entry_point_rules()


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[gwlint.rules]\nzipped = z\n")
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert entrypoints._scanned("gwlint.rules") is None
    assert ("zipped", "z") in entrypoints.rule_packs()
