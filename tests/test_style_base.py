"""The base layers' drawings (geo/style/_base.py): one ``[base.*]`` spec, the map and QGIS alike.

The map's reference styles (the page's ``cfg.reference``) and the QGIS styles of
the same layers (the GeoPackage's ``layer_styles``) are read from the outputs and
compared per category: colour, width (px x ``mm_per_px`` = mm), opacity, fill
and the railway's overlay. Bad ``[base.*]`` input is refused naming the file,
the record and the field.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import LineString

import layers
from geo import export, maps
from geo.catalogue import load_vocab
from geo.datadict import value_map
from geo.errors import CatalogueError, ParameterError
from geo.export import _base_layers
from geo.export._qgis_symbols import renderer_element
from geo.maps._style import reference_style
from geo.style import STYLE_PATH, load_base_style
from tests.test_maps import payload

VOCAB = load_vocab()
MODES = value_map("mode", VOCAB)
"""The existing network's modes: the vocabulary's names."""
BASE_LAYERS = (
    "existing_network",
    "boundary",
    "counties",
    "orientation_rivers",
    "orientation_water",
)


def _map_key(layer: str, value: str) -> str:
    """The key of ``cfg.reference`` drawing ``value`` of base layer ``layer``."""
    if layer == "existing_network":
        return f"network_{value}"
    return {"boundary": "boundary", "counties": "county"}.get(layer, value)


def _rgb(colour: str) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


def _drawn(renderer: ET.Element) -> dict[str, dict[str, Any]]:
    """Category value -> what its QGIS symbol draws (line or outline, fill, overlay)."""
    symbols = {s.get("name"): s for s in renderer.iter("symbol")}
    out = {}
    for cat in renderer.iter("category"):
        symbol = symbols[cat.get("symbol")]
        parts = [
            (sl.get("class"), {p.get("k"): p.get("v") for p in sl.findall("prop")})
            for sl in symbol.findall("layer")
        ]
        cls, first = parts[0]
        drawn: dict[str, Any] = {
            "alpha": float(symbol.get("alpha", "1")),
            "label": cat.get("label"),
        }
        if cls == "SimpleFill":
            drawn["line"] = (
                first["outline_color"].rsplit(",", 1)[0],
                float(first["outline_width"]),
            )
            colour, alpha = first["color"].rsplit(",", 1)
            drawn["fill"] = (colour, int(alpha) if first["style"] != "no" else 0)
        else:
            drawn["line"] = (first["line_color"].rsplit(",", 1)[0], float(first["line_width"]))
        overlays = [p for c, p in parts[1:] if c == "SimpleLine"]
        if overlays:
            drawn["overlay"] = (
                overlays[0]["line_color"].rsplit(",", 1)[0],
                float(overlays[0]["line_width"]),
                overlays[0]["customdash"],
            )
        out[str(cat.get("value"))] = drawn
    return out


@pytest.fixture(scope="module")
def reference(mini_catalogue) -> dict[str, dict[str, Any]]:
    """The map's reference styles, from a page of the tiny catalogue."""
    every = layers.load_all(catalogue=mini_catalogue)
    cfg, _ = payload(maps.map_html(maps.build_map(every, vocab=mini_catalogue.vocab)))
    return cfg["reference"]


@pytest.fixture(scope="module")
def qgis(exported_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Base layer -> category value -> its QGIS drawing, from the GeoPackage's styles.

    The same drawing as the QGIS project's and the shapefile's (checked here).
    """
    with sqlite3.connect(exported_dir / export.GEOPACKAGE_NAME) as con:
        styles = dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    project = ET.parse(exported_dir / "hefei_plan.qgs").getroot()
    out = {}
    for name in BASE_LAYERS:
        renderer = ET.fromstring(styles[name]).find(".//renderer-v2")
        assert renderer is not None, name
        out[name] = _drawn(renderer)
        (maplayer,) = [
            m
            for m in project.iter("maplayer")
            if (m.findtext("datasource") or "").endswith(f"={name}")
        ]
        in_project = maplayer.find(".//renderer-v2")
        assert in_project is not None and _drawn(in_project) == out[name], name
        shp = exported_dir / "shapefiles" / f"{name}.qml"
        if shp.is_file():
            in_shp = ET.parse(shp).getroot().find(".//renderer-v2")
            assert in_shp is not None and _drawn(in_shp) == out[name], name
    return out


def _same(ref: dict[str, Any], drawn: dict[str, Any], mm_per_px: float, where: str) -> None:
    """Assert the map's ``ref`` and the QGIS ``drawn`` draw one symbol."""
    colour, width_mm = drawn["line"]
    assert colour == _rgb(ref["color"]), where
    assert width_mm == pytest.approx(ref["weight"] * mm_per_px, abs=1e-6), where
    assert drawn["alpha"] == pytest.approx(ref["opacity"]), where
    if "fill" in drawn:
        fill, alpha = drawn["fill"]
        if ref.get("fill") is False:
            assert alpha == 0, where
        else:
            assert fill == _rgb(ref["fillColor"]), where
            assert alpha == round(ref["fillOpacity"] / ref["opacity"] * 255), where


def test_every_base_layer_is_drawn_alike_on_the_map_and_in_qgis(reference, qgis):
    base = load_base_style()
    compared = set()
    for layer, categories in qgis.items():
        assert categories, layer
        for value, drawn in categories.items():
            key = _map_key(layer, value)
            _same(reference[key], drawn, base.mm_per_px, f"{layer}.{value}")
            dash = reference.get(f"{key}_dash")
            if dash is not None or "overlay" in drawn:
                colour, width_mm, custom = drawn["overlay"]
                assert colour == _rgb(dash["color"]), key
                assert width_mm == pytest.approx(dash["weight"] * base.mm_per_px, abs=1e-6), key
                px = [float(d) for d in dash["dashArray"].split()]
                assert [float(d) for d in custom.split(";")] == pytest.approx(
                    [d * base.mm_per_px for d in px], abs=0.006
                ), key
            compared.add(layer)
    assert compared == set(BASE_LAYERS)
    # the tiny catalogue draws the railway with its dashes, the lake filled, the Yangtze wide
    assert "overlay" in qgis["existing_network"]["rail"]
    assert qgis["orientation_water"]["lake"]["fill"][1] > 0
    assert reference["major_river"]["weight"] > reference["river"]["weight"]


def test_the_values_are_style_toml_s(reference, qgis):
    base = load_base_style()
    rail = base.drawing("existing_network", "rail")
    assert reference["network_rail"]["color"] == rail.colour
    assert qgis["existing_network"]["rail"]["line"] == (_rgb(rail.colour), round(rail.weight_mm, 6))
    water = base.drawing("orientation_water", "lake")
    assert (reference["lake"]["fillColor"], reference["lake"]["fillOpacity"]) == (
        water.fill,
        water.fill_opacity,
    )


@pytest.mark.parametrize("mode", list(MODES))
def test_every_mode_of_the_vocabulary_is_drawn_alike(mode, reference):
    """Each mode (roads too, which the tiny catalogue lacks) and its name, from one place."""
    frame = gpd.GeoDataFrame(
        {"mode": [mode]}, geometry=[LineString([(117.0, 31.0), (117.1, 31.1)])], crs=4326
    )
    style = _base_layers.base_style("existing_network", frame, "LineString", (), vocab=VOCAB)
    (drawn,) = _drawn(renderer_element(style)).values()
    _same(reference[f"network_{mode}"], drawn, load_base_style().mm_per_px, mode)
    zh, en = MODES[mode]
    assert drawn["label"] == f"{zh} {en}"


def test_the_map_names_the_modes_as_the_vocabulary(mini_catalogue):
    every = layers.load_all(catalogue=mini_catalogue)
    cfg, _ = payload(maps.map_html(maps.build_map(every, vocab=mini_catalogue.vocab)))
    assert cfg["network"]["modes"] == {
        k: list(v) for k, v in value_map("mode", mini_catalogue.vocab).items()
    }


def test_a_value_without_its_table_is_drawn_as_its_layer():
    base = load_base_style()
    assert base.drawing("orientation_rivers", "canal") == base.drawing("orientation_rivers")
    road = base.drawing("existing_network", "road")
    assert road == base.drawing("existing_network")


# ------------------------------------------------------------------ bad input


def _style(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of style.toml with the first ``old`` of its [base.*] part replaced."""
    text = STYLE_PATH.read_text(encoding="utf-8")
    start = text.index("[base.boundary]")
    at = text.index(old, start)
    path = tmp_path / "style.toml"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path


_RAIL = '[base.existing_network.rail]\ncolour = "#6b6b6b"'


@pytest.mark.parametrize(
    ("old", "new", "record", "field", "match"),
    [
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\ncolor = "#3d3d3d"',
            "base.boundary",
            "color",
            "'color' is not a field of a base drawing; use one of colour, weight",
        ),
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\ncolour = "grey"',
            "base.boundary",
            "colour",
            "'grey' is not a #rrggbb colour",
        ),
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\ncolour = "#3d3d3g"',
            "base.boundary",
            "colour",
            "'#3d3d3g' is not a #rrggbb colour",
        ),
        (
            '[base.boundary]\ncolour = "#3d3d3d"\nweight = 2.6',
            '[base.boundary]\ncolour = "#3d3d3d"',
            "base.boundary",
            "weight",
            "no weight; a base layer says its colour",
        ),
        (
            "weight = 1.1",
            'weight = "thin"',
            "base.counties",
            "weight",
            "'thin' is not a number >= 0.1",
        ),
        ("weight = 1.1", "weight = 0", "base.counties", "weight", "0 is not a number >= 0.1"),
        ("opacity = 0.9", "opacity = 1.5", "base.existing_network", "opacity", "1.5 is above 1"),
        (
            "dash = [4, 4]",
            "dash = [4, 4, 1]",
            "base.existing_network.rail.overlay",
            "dash",
            "odd number of entries",
        ),
        (
            "overlay = { colour",
            "overlay = { width = 2, colour",
            "base.existing_network.rail.overlay",
            "width",
            "'width' is not a field of an overlay; use one of colour, weight, dash",
        ),
        (
            'overlay = { colour = "#ffffff", ',
            "overlay = { ",
            "base.existing_network.rail.overlay",
            "colour",
            "no colour",
        ),
        (
            'overlay = { colour = "#ffffff", ',
            'overlay = { colour = "white", ',
            "base.existing_network.rail.overlay",
            "colour",
            "'white' is not a #rrggbb colour",
        ),
        (
            'overlay = { colour = "#ffffff", weight = 1.0, dash = [4, 4] }',
            'overlay = "white dashes"',
            "base.existing_network.rail",
            "overlay",
            "'white dashes' is not a table",
        ),
        (
            _RAIL,
            _RAIL + "\nwidth = 3",
            "base.existing_network.rail",
            "width",
            "'width' is not a field of a base drawing",
        ),
        (
            _RAIL,
            _RAIL + '\nfill = "#aabbcc"\n[base.existing_network.rail.x]\ncolour = "#000000"',
            "base.existing_network.rail",
            "x",
            "nests too deep",
        ),
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\nfill_opacity = 0.5\ncolour = "#3d3d3d"',
            "base.boundary",
            "fill_opacity",
            "fill_opacity without a fill",
        ),
        (
            'fill = "#b5d8f2"',
            'fill = "light blue"',
            "base.orientation_water",
            "fill",
            "'light blue' is not a #rrggbb colour",
        ),
        ("fill_opacity = 0.9", "fill_opacity = -0.1", "base.orientation_water", "fill_opacity", ""),
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\ncolour = "#3d3d3dd"',
            "base.boundary",
            "colour",
            "'#3d3d3dd' is not a #rrggbb colour",
        ),
        (
            '[base.boundary]\ncolour = "#3d3d3d"',
            '[base.boundary]\ncolour = "1234567"',
            "base.boundary",
            "colour",
            "'1234567' is not a #rrggbb colour",
        ),
        (
            "weight = 1.0, dash",
            "weight = 0, dash",
            "base.existing_network.rail.overlay",
            "weight",
            "0 is not a number >= 0.1",
        ),
        ("scale = 0.4", "scale = 0", "minimap", "scale", "0 is not a number >= 0.05"),
        ("scale = 0.4", "scale = 1.5", "minimap", "scale", "1.5 is above 1"),
        ("scale = 0.4\n", "", "minimap", "scale", "no 'scale'"),
        ('land = "#e9e5dc"', 'land = "beige"', "minimap", "land", "'beige' is not a #rrggbb"),
        ('view = "#c0392b"', "", "minimap", "view", "no view"),
        ("scale = 0.4", "scale = 0.4\nzoom = 3", "minimap", "zoom", r"'zoom' is not a field of"),
    ],
)
def test_bad_base_input_is_refused(tmp_path, old, new, record, field, match):
    path = _style(tmp_path, old, new)
    with pytest.raises(CatalogueError, match=match or "is not a number") as info:
        load_base_style(path)
    assert (info.value.file, info.value.record, info.value.field) == (str(path), record, field)


def test_a_style_without_base_tables_is_refused(tmp_path):
    text = STYLE_PATH.read_text(encoding="utf-8")
    path = tmp_path / "style.toml"
    path.write_text(text[: text.index("[base.boundary]")], encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"no \[base.<layer>\] tables") as info:
        load_base_style(path)
    assert (info.value.file, info.value.record) == (str(path), "base")


def test_a_style_without_a_minimap_table_is_refused(tmp_path):
    text = STYLE_PATH.read_text(encoding="utf-8")
    path = tmp_path / "style.toml"
    path.write_text(text[: text.index("\n[minimap]\n") + 1], encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"no \[minimap\] table") as info:
        load_base_style(path)
    assert (info.value.file, info.value.record) == (str(path), "minimap")


def test_the_maps_overview_is_drawn_from_the_minimap_table(mini_catalogue):
    every = layers.load_all(catalogue=mini_catalogue)
    cfg, _ = payload(maps.map_html(maps.build_map(every, vocab=mini_catalogue.vocab)))
    minimap = load_base_style().minimap
    assert cfg["minimap"] == {"scale": minimap.scale, "land": minimap.land, "view": minimap.view}
    # its lines are the reference layers' (cfg.reference), scaled in the page
    assert {"boundary", "county"} <= set(cfg["reference"])


def test_a_base_layer_that_is_not_a_table_is_refused(tmp_path):
    text = STYLE_PATH.read_text(encoding="utf-8")
    path = tmp_path / "style.toml"
    head = text[: text.index("[base.boundary]")]
    path.write_text(head + "[base]\nboundary = 3\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"3 is not a table; write \[base.boundary\]") as info:
        load_base_style(path)
    assert (info.value.record, info.value.field) == ("base.boundary", None)


def test_a_base_layer_without_its_table_is_refused_by_both_renderers(tmp_path, monkeypatch):
    text = STYLE_PATH.read_text(encoding="utf-8")
    start = text.index("[base.boundary]")
    end = text.index("[base.counties]")
    path = tmp_path / "style.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    monkeypatch.setattr("geo.style._read.STYLE_PATH", path)
    with pytest.raises(CatalogueError, match=r"no drawing for base layer 'boundary'") as info:
        load_base_style().drawing("boundary")
    assert (info.value.file, info.value.record) == (str(path), "base.boundary")
    # both renderers read the style.toml beside the vocabulary (a --catalogue folder's)
    vocab = dataclasses.replace(load_vocab(), style_path=path)
    frame = gpd.GeoDataFrame({"kind": ["city"]}, geometry=[LineString([(0, 0), (1, 1)])])
    with pytest.raises(CatalogueError, match=r"add a \[base.boundary\] table"):
        _base_layers.base_style("boundary", frame, "Polygon", (), vocab=vocab)
    with pytest.raises(CatalogueError, match=r"add a \[base.boundary\] table"):
        reference_style(vocab, orientation={})


def test_the_module_examples_hold():
    import doctest

    import geo.style._base

    result = doctest.testmod(geo.style._base, verbose=False)
    assert result.attempted >= 3 and result.failed == 0


def test_a_mode_the_vocabulary_does_not_name_is_refused():
    frame = gpd.GeoDataFrame(
        {"mode": ["tram"]}, geometry=[LineString([(117.0, 31.0), (117.1, 31.1)])], crs=4326
    )
    with pytest.raises(ParameterError, match="has mode 'tram'; use one of rail, expressway, road"):
        _base_layers.base_style("existing_network", frame, "LineString", (), vocab=VOCAB)


def test_the_modes_names_are_one_place_for_map_and_qgis(monkeypatch, mini_catalogue):
    """Renaming a mode where the vocabulary's names are renames it on the map and in QGIS."""
    renamed = {**MODES, "rail": ("既有铁路", "railway in service")}
    monkeypatch.setattr("geo.datadict.NETWORK_MODES", renamed)
    frame = gpd.GeoDataFrame(
        {"mode": ["rail"]}, geometry=[LineString([(117.0, 31.0), (117.1, 31.1)])], crs=4326
    )
    style = _base_layers.base_style("existing_network", frame, "LineString", (), vocab=VOCAB)
    assert [c.label for c in style.categories] == ["既有铁路 railway in service"]
    every = layers.load_all(catalogue=mini_catalogue)
    cfg, _ = payload(maps.map_html(maps.build_map(every, vocab=mini_catalogue.vocab)))
    assert cfg["network"]["modes"]["rail"] == ["既有铁路", "railway in service"]
    assert '既有铁路 <span class="hm-en">railway in service</span>' in cfg["legend"]
