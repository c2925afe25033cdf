"""Loading the whole catalogue (geo/catalogue/_load.py): its own rules, and its files named.

The loader's rules (folder, plan text, chapter files, records, unique ids) are
tested on a copy of the tiny catalogue in tests/data/mini; so is that every
other module's refusal names the real file it comes from. The rules of those
modules are tested one by one in tests/test_catalogue_<module>.py and
tests/test_strict.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from errmatch import refused, where

from geo._paths import CATALOGUE_DIR
from geo.catalogue import load_catalogue
from geo.errors import CatalogueError
from tests.conftest import MINI


def _load(directory: Path, **kwargs):
    return load_catalogue(directory, gazetteer=directory / "gazetteer.csv", **kwargs)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_catalogue_loads(mini_catalogue):
    ids = [p.id for p in mini_catalogue.projects]
    # catalogue order is kept: chapter files by name, records in file order
    in_files = [
        record["id"]
        for path in sorted(MINI.glob("*.toml"))
        if path.name != "vocab.toml"
        for record in tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    ]
    assert ids == in_files
    assert {"rail_hefei_chaohu", "hwy_hening", "airport_xinqiao", "wetland_sanhe"} <= set(ids)
    rail = next(p for p in mini_catalogue.projects if p.id == "rail_hefei_chaohu")
    assert rail.clause == ("(58)", "专栏8")
    assert rail.via == ("hefei", "chaohu")
    assert set(mini_catalogue.places) >= {"hefei", "chaohu", "sanhe"}


def test_test_fixture_uses_the_real_vocabulary():
    real = CATALOGUE_DIR / "vocab.toml"
    assert (MINI / "vocab.toml").read_bytes() == real.read_bytes(), (
        "cp geo/data/catalogue/vocab.toml tests/data/mini/"
    )


def test_vocab_style_fields_and_metadata_files_are_not_chapters(mini_dir):
    for name in ("style.toml", "fields.toml", "metadata.toml"):
        (mini_dir / name).write_text('[other]\nkey = "not a chapter"\n', encoding="utf-8")
    assert len(_load(mini_dir).projects) == 4


def test_missing_catalogue_folder(tmp_path):
    with pytest.raises(CatalogueError, match=where("nope") + "catalogue folder not found"):
        load_catalogue(tmp_path / "nope", gazetteer=MINI / "gazetteer.csv")


def test_unreadable_plan_text(mini_dir, tmp_path):
    with pytest.raises(CatalogueError, match=where("plan.txt") + "cannot read the plan text"):
        _load(mini_dir, plan=tmp_path / "plan.txt")


def test_quotes_checked_against_the_given_plan(mini_dir, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("加快推进合肥-巢湖 合宁 合肥新桥机场 肥西三河", encoding="utf-8")
    with pytest.raises(
        CatalogueError,
        match=where("transport.toml", "rail_hefei_chaohu", "quote")
        + ".*does not occur in the plan",
    ):
        _load(mini_dir, plan=plan)


def test_no_chapter_files(mini_dir):
    for name in ("transport.toml", "environment.toml"):
        (mini_dir / name).unlink()
    with pytest.raises(CatalogueError, match=where("catalogue") + "no chapter files"):
        _load(mini_dir)


def _chapter(cat: Path, text: str) -> None:
    (cat / "transport.toml").write_text(text, encoding="utf-8")


# (what to do to the copied catalogue, file, record, field, message)
BAD = [
    pytest.param(
        lambda c: _edit(c / "transport.toml", "[[project]]", 'title = "x"\n[[project]]'),
        "transport.toml",
        None,
        "title",
        r"unknown top-level key 'title'; records go in \[\[project\]\] tables",
        id="unknown-top-level-key",
    ),
    pytest.param(
        lambda c: _chapter(c, 'project = "x"\n'),
        "transport.toml",
        None,
        "project",
        r"'project' must be an array of tables \(\[\[project\]\]\)",
        id="project-not-an-array",
    ),
    pytest.param(
        lambda c: _chapter(c, "# nothing here yet\n"),
        "transport.toml",
        None,
        "project",
        r"no \[\[project\]\] records; a chapter file without records",
        id="no-records",
    ),
    pytest.param(
        lambda c: _chapter(c, "project = []\n"),
        "transport.toml",
        None,
        "project",
        r"no \[\[project\]\] records",
        id="empty-project-array",
    ),
    pytest.param(
        lambda c: _chapter(c, "project = [1]\n"),
        "transport.toml",
        "#1",
        None,
        "record #1 is not a table",
        id="record-not-a-table",
    ),
    pytest.param(
        lambda c: _edit(c / "transport.toml", 'id = "hwy_hening"', 'id = "rail_hefei_chaohu"'),
        "transport.toml",
        "rail_hefei_chaohu",
        "id",
        "duplicate id 'rail_hefei_chaohu', already used in 'transport.toml'; ids must be unique",
        id="duplicate-id-in-a-file",
    ),
    pytest.param(
        lambda c: _edit(c / "environment.toml", 'id = "wetland_sanhe"', 'id = "hwy_hening"'),
        "transport.toml",
        "hwy_hening",
        "id",
        "duplicate id 'hwy_hening', already used in 'environment.toml'",
        id="duplicate-id-across-files",
    ),
    # every other module's refusal names the real file it comes from
    pytest.param(
        lambda c: _edit(
            c / "vocab.toml", 'density_tier = "today+planning_study"', 'density_tier = "zigzag"'
        ),
        "vocab.toml",
        "planning_study",
        "density_tier",
        "'zigzag' is not allowed",
        id="vocab-file",
    ),
    pytest.param(
        lambda c: _edit(c / "gazetteer.csv", "117.2430,31.5140", "31.5140,117.2430"),
        "gazetteer.csv",
        "sanhe",
        "lon",
        "lon=31.514 is outside China",
        id="gazetteer-file",
    ),
    pytest.param(
        lambda c: _edit(c / "transport.toml", 'name_en = "Hefei–Chaohu suburban railway"\n', ""),
        "transport.toml",
        "rail_hefei_chaohu",
        "name_en",
        "missing",
        id="record-file",
    ),
    pytest.param(
        lambda c: _edit(c / "environment.toml", "area_km2 = 10.0", "area_km2 = -1"),
        "environment.toml",
        "wetland_sanhe",
        "area_km2",
        "a schematic area needs area_km2",
        id="record-second-file",
    ),
    pytest.param(
        lambda c: _edit(
            c / "transport.toml", 'via = ["hefei", "chaohu"]', 'via = ["hefei", "hefei"]'
        ),
        "transport.toml",
        "rail_hefei_chaohu",
        "via",
        "repeated consecutively",
        id="plausibility-file",
    ),
    pytest.param(
        lambda c: _edit(
            c / "transport.toml", 'replaces = "g40_hefei_nanjing"', 'replaces = "g40_nowhere"'
        ),
        "transport.toml",
        "hwy_hening",
        "replaces",
        "'g40_nowhere' is not an id of the reference network",
        id="reference-file",
    ),
    pytest.param(
        lambda c: _edit(
            c / "transport.toml", '[[project]]\nid = "hwy_hening"', '[[project]\nid = "hwy_hening"'
        ),
        "transport.toml",
        None,
        None,
        "malformed TOML",
        id="toml-file",
    ),
    pytest.param(
        lambda c: (c / "environment.toml").write_bytes("name = '合肥'\n".encode("gb18030")),
        "environment.toml",
        None,
        None,
        "not UTF-8",
        id="not-utf8-file",
    ),
]


@pytest.mark.parametrize(("change", "file", "record", "field", "message"), BAD)
def test_bad_catalogue_refused_naming_file_record_and_field(
    mini_dir, change, file, record, field, message
):
    change(mini_dir)
    with refused(file, record, field, ".*" + message) as info:
        _load(mini_dir)
    assert info.value.file == str(mini_dir / file)
