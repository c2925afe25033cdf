"""A newcomer's one-place changes reach every output, with no code change.

Each test edits a temporary copy of the data (the tiny catalogue of ``tests/data/mini``
and, for a status, a copy of ``style.toml``), runs ``infra-map build`` on it and reads
the GeoPackage, the QGIS project and styles and the HTML maps it wrote:

* a new layer is one ``[layer.X]`` entry in ``vocab.toml`` (plus its records);
* a new status is one ``[status.X]`` entry in ``vocab.toml`` (its words and density tier)
  plus its drawing in ``style.toml`` (the one style spec of map and QGIS);
* a kind's colour is one edit in ``vocab.toml``, and the map and QGIS both change.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from buildcheck import build_command

import geo.style
from geo.catalogue import load_vocab
from geo.cli import main
from geo.errors import CatalogueError
from tests.test_layers import _TRAM_LAYER, _TRAM_PROJECT


def _build(catalogue: Path, out: Path) -> tuple[Path, Path]:
    """Build ``catalogue`` into ``out`` in this process; return the data and maps folders."""
    assert main(build_command(catalogue, out)[3:]) == 0  # without "python -m geo"
    return out / "data", out / "maps"


def _gpkg_tables(gpkg: Path) -> dict[str, int]:
    """Feature tables of a GeoPackage with their row counts."""
    with sqlite3.connect(gpkg) as con:
        names = [n for (n,) in con.execute("SELECT table_name FROM gpkg_contents")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _gpkg_styles(gpkg: Path) -> dict[str, str]:
    """The QML style stored in the GeoPackage for each layer."""
    with sqlite3.connect(gpkg) as con:
        return dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())


def _qgs_layers(qgs: Path) -> set[str]:
    """Names of the layers in a QGIS project (its ``layername=`` data sources)."""
    root = ET.parse(qgs).getroot()
    sources = (e.text or "" for e in root.iter("datasource"))
    return {m.group(1) for s in sources if (m := re.search(r"layername=(\w+)", s))}


def _qml_categories(qml: str) -> dict[str, str]:
    """Category value -> label of a QML categorised renderer."""
    root = ET.fromstring(qml)
    return {c.get("value", ""): c.get("label", "") for c in root.iter("category")}


def test_a_new_layer_is_one_vocab_entry_in_every_output(mini_dir, tmp_path):
    with (mini_dir / "vocab.toml").open("a", encoding="utf-8") as fh:
        fh.write(_TRAM_LAYER)
    with (mini_dir / "transport.toml").open("a", encoding="utf-8") as fh:
        fh.write(_TRAM_PROJECT)
    data, maps = _build(mini_dir, tmp_path / "out")

    assert _gpkg_tables(data / "hefei_plan.gpkg")["tram"] == 1
    tram_qml = _gpkg_styles(data / "hefei_plan.gpkg")["tram"]
    assert _qml_categories(tram_qml) == {
        "tram|planning_study": "有轨电车 tram – 规划研究 planning study"
    }
    assert "tram" in _qgs_layers(data / "hefei_plan.qgs")
    assert (data / "shapefiles" / "tram.shp").is_file()
    assert (data / "shapefiles" / "tram.qml").is_file()
    downloads = json.loads((maps / "downloads" / "tram.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in downloads["features"]] == ["tram_hefei_chaohu"]
    for page in ("hefei_plan.html", "hefei_plan_gcj02.html", "transport.html"):
        html = (maps / page).read_text(encoding="utf-8")
        assert '"tram_hefei_chaohu"' in html, page  # the feature is on the map
        assert "有轨电车" in html, page  # and its kind in the legend
    assert '"tram_hefei_chaohu"' not in (maps / "energy.html").read_text(encoding="utf-8")


_DELAYED_VOCAB = """
[status.delayed]
zh = "推迟"
en = "delayed"
dash = "dash"
opacity = 0.7
density_tier = "today+planning_study"
"""

_DELAYED_STYLE = """
[status.delayed]
dash = [8, 3, 1, 3]
casing = false
point_fill = "half"
point_outline = [2, 2]
point_ring = false
opacity = 0.7
"""


def test_a_new_status_is_one_vocab_entry_and_its_style(mini_dir, tmp_path, monkeypatch):
    with (mini_dir / "vocab.toml").open("a", encoding="utf-8") as fh:
        fh.write(_DELAYED_VOCAB)
    style = tmp_path / "style.toml"
    style.write_text(
        geo.style.STYLE_PATH.read_text(encoding="utf-8") + _DELAYED_STYLE, encoding="utf-8"
    )
    monkeypatch.setattr(geo.style, "STYLE_PATH", style)
    transport = mini_dir / "transport.toml"
    text = transport.read_text(encoding="utf-8")
    first = 'id = "rail_hefei_chaohu"'
    head, tail = text.split(first, 1)
    transport.write_text(
        head + first + tail.replace('status = "in_construction"', 'status = "delayed"', 1),
        encoding="utf-8",
    )
    data, maps = _build(mini_dir, tmp_path / "out")

    label = "市域(郊)铁路 suburban railway – 推迟 delayed"
    rail_qml = _gpkg_styles(data / "hefei_plan.gpkg")["rail"]
    assert _qml_categories(rail_qml)["suburban_rail|delayed"] == label
    shp_qml = (data / "shapefiles" / "rail.qml").read_text(encoding="utf-8")
    assert _qml_categories(shp_qml)["suburban_rail|delayed"] == label
    assert "推迟" in (data / "hefei_plan.qgs").read_text(encoding="utf-8")
    html = (maps / "hefei_plan.html").read_text(encoding="utf-8")
    assert '"delayed":{"zh":"推迟","en":"delayed","label":"推迟 delayed","opacity":0.7,' in html
    assert '"dash":[8.0,3.0,1.0,3.0]' in html


def test_a_new_status_without_its_style_is_refused_naming_the_file(mini_dir, tmp_path):
    with (mini_dir / "vocab.toml").open("a", encoding="utf-8") as fh:
        fh.write(_DELAYED_VOCAB)
    with pytest.raises(CatalogueError, match=r"style\.toml.*'delayed'.*\[status"):
        geo.style.load_style(vocab=load_vocab(mini_dir / "vocab.toml"))


def _rgb(colour: str) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


def test_a_kind_colour_is_one_edit_for_map_and_qgis(mini_dir, tmp_path):
    # suburban_rail (the tiny catalogue's railway); air_logistics shares the colour and keeps it
    old, new = "#8e44ad", "#1a6b3c"
    line = '"suburban railway", "{}"]'
    vocab = mini_dir / "vocab.toml"
    text = vocab.read_text(encoding="utf-8")
    assert text.count(line.format(old)) == 1
    vocab.write_text(text.replace(line.format(old), line.format(new)), encoding="utf-8")
    data, maps = _build(mini_dir, tmp_path / "out")

    for qml in (
        _gpkg_styles(data / "hefei_plan.gpkg")["rail"],
        (data / "shapefiles" / "rail.qml").read_text(encoding="utf-8"),
    ):
        assert _rgb(new) in qml and _rgb(old) not in qml
    assert _rgb(new) in (data / "hefei_plan.qgs").read_text(encoding="utf-8")
    for page in ("hefei_plan.html", "transport.html"):
        html = (maps / page).read_text(encoding="utf-8")
        kind = html.index('"suburban_rail":{"zh":"市域(郊)铁路"')
        entry = html[kind : html.index('"in_construction"', kind)]
        assert f'"colour":"{new}"' in entry, page
        strokes = html[kind : html.index("}]", kind)]
        assert f'"color":"{new}"' in strokes and old not in strokes, page
        assert re.search(rf'(?:fill|stroke)=\\\\?"{new}', html), page  # the legend swatch
