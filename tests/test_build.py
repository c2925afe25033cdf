"""The transactional build (geo.build, geo._publish): one set, published at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildcheck import assert_nothing_left, assert_one_set, published

from geo import build
from geo.cli import main
from geo.errors import BuildError


def _args(catalogue: Path) -> list[str]:
    return ["--catalogue", str(catalogue), "--gazetteer", str(catalogue / "gazetteer.csv")]


def _build(catalogue: Path, out: Path, *extra: str) -> list[str]:
    dirs = ["--data-dir", str(out / "data"), "--maps-dir", str(out / "maps")]
    return ["build", "-q", *_args(catalogue), *dirs, *extra]


def _edit(catalogue: Path, old: str, new: str) -> None:
    path = catalogue / "transport.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_publishes_one_versioned_set_through_links(mini_dir, tmp_path):
    out = tmp_path / "out"
    assert main(_build(mini_dir, out)) == 0
    assert (out / "data").is_symlink() and (out / "maps").is_symlink()
    assert os.readlink(out / "data") == ".infra-map-data/current/data"
    files = assert_one_set(out)
    assert "data/hefei_plan.gpkg" in files and "maps/hefei_plan.html" in files
    assert any(name.startswith("data/shapefiles/") for name in files)
    assert_nothing_left(out)


def test_rebuild_identical_is_unchanged_and_a_change_keeps_one_previous(mini_dir, tmp_path, capsys):
    out = tmp_path / "out"
    store = out / ".infra-map-data"
    assert main(_build(mini_dir, out)) == 0
    first = os.readlink(store / "current")
    assert main(_build(mini_dir, out)) == 0
    assert "outputs unchanged" in capsys.readouterr().out
    assert os.readlink(store / "current") == first
    _edit(mini_dir, 'name_en = "', 'name_en = "New ')
    assert main(_build(mini_dir, out)) == 0
    second = os.readlink(store / "current")
    assert second != first and os.readlink(store / "previous") == first
    _edit(mini_dir, 'name_en = "', 'name_en = "Newer ')
    assert main(_build(mini_dir, out)) == 0
    assert not (store / first).exists(), "the version before the previous one is removed"
    assert os.readlink(store / "previous") == second
    assert_one_set(out)
    assert_nothing_left(out)


def test_validate_is_a_dry_run_that_writes_nothing(mini_dir, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["validate", "-q", *_args(mini_dir), "--data-dir", str(out / "data")]
    assert main([*argv, "--maps-dir", str(out / "maps")]) == 0
    assert "build would publish" in capsys.readouterr().out
    assert not out.exists()


def test_validate_lists_what_build_publishes(mini_dir, tmp_path):
    out = tmp_path / "out"
    inputs = build.Inputs(catalogue=mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    dry = build.validate(inputs, data_dir=out / "data", maps_dir=out / "maps")
    done = build.build(inputs, data_dir=out / "data", maps_dir=out / "maps")
    assert sorted(p.relative_to(out.resolve()) for p in done.files) == sorted(
        p.relative_to(out) for p in dry.written
    )


def test_map_publishes_new_maps_with_the_published_data(mini_dir, tmp_path):
    out = tmp_path / "out"
    assert main(_build(mini_dir, out)) == 0
    before = published(out)
    argv = ["map", "-q", *_args(mini_dir), "--no-density"]
    assert main([*argv, "--data-dir", str(out / "data"), "--maps-dir", str(out / "maps")]) == 0
    after = assert_one_set(out)
    data = {k: v for k, v in before.items() if k.startswith("data/")}
    assert {k: v for k, v in after.items() if k.startswith("data/")} == data
    assert after["maps/hefei_plan.html"] != before["maps/hefei_plan.html"]


def test_earlier_real_output_folder_is_moved_aside_not_lost(mini_dir, tmp_path):
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "data" / "mine.txt").write_text("keep me", encoding="utf-8")
    (out / "maps").mkdir()
    assert main(_build(mini_dir, out)) == 0
    assert (out / "data.replaced-1" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert not (out / "maps.replaced-1").exists(), "an empty folder is simply replaced"
    assert_one_set(out)


@pytest.mark.parametrize(
    ("data", "maps"),
    [("out", "out"), ("out", "out/maps"), ("out/data/x", "out/data")],
    ids=["same", "maps-inside-data", "data-inside-maps"],
)
def test_nested_or_equal_output_folders_refused(tmp_path, data, maps):
    with pytest.raises(BuildError, match="two separate folders"):
        build.build(build.Inputs(), data_dir=tmp_path / data, maps_dir=tmp_path / maps)


def test_output_path_that_is_a_file_refused(mini_dir, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data").write_text("not a folder", encoding="utf-8")
    assert main(_build(mini_dir, out)) == 2
    err = capsys.readouterr().err
    assert "is a file, not an output folder" in err and len(err.splitlines()) == 1
    assert (out / "data").read_text(encoding="utf-8") == "not a folder"
    assert_nothing_left(out)
