"""A newcomer's one-place changes reach every output, with no code change.

Each test makes exactly one edit to a temporary copy of the data (the tiny catalogue
of ``tests/data/mini``; records that use the new entry are data, not a second place),
runs ``infra-map build`` on it and reads the GeoPackage and its QML styles, the
shapefile QML, the QGIS project and the HTML maps it wrote:

* a new layer is one ``[layer.X]`` entry in ``vocab.toml``;
* a new status is one ``[status.X]`` entry in ``vocab.toml`` (its words, dash hint,
  opacity and density tier): ``style.toml`` draws it by its ``[derived_status]`` rule,
  the same symbol in the map and in QGIS;
* a kind's colour is one edit in ``vocab.toml``, and the map and QGIS both change;
* a base layer's colour is one edit in ``style.toml``'s ``[base.*]``, for both.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from buildcheck import build_command

import geo.style
from geo.catalogue import load_vocab
from geo.cli import main
from tests.test_layers import _TRAM_LAYER, _TRAM_PROJECT
from tests.test_maps import payload


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


def _category_symbol(qml: ET.Element, value: str) -> ET.Element:
    """The ``<symbol>`` a categorised renderer draws category ``value`` with."""
    renderer = qml if qml.tag == "renderer-v2" else qml.find(".//renderer-v2")
    assert renderer is not None
    (cat,) = [c for c in renderer.iter("category") if c.get("value") == value]
    (symbol,) = [s for s in renderer.iter("symbol") if s.get("name") == cat.get("symbol")]
    return symbol


def _line_dashes(symbol: ET.Element) -> list[str]:
    """Custom dashes (mm) of the always-drawn simple lines of a line symbol."""
    out = []
    for sl in symbol.findall("layer"):
        if sl.get("class") != "SimpleLine" or "expression" in ET.tostring(sl, "unicode"):
            continue
        props = {p.get("k"): p.get("v") for p in sl.findall("prop")}
        out.append(props["customdash"] if props.get("use_custom_dash") == "1" else "")
    return out


def test_a_new_status_is_one_vocab_entry(mini_dir, tmp_path):
    style_before = geo.style.STYLE_PATH.read_bytes()
    with (mini_dir / "vocab.toml").open("a", encoding="utf-8") as fh:
        fh.write(_DELAYED_VOCAB)
    transport = mini_dir / "transport.toml"  # a record that uses it (data, not style)
    text = transport.read_text(encoding="utf-8")
    first = 'id = "rail_hefei_chaohu"'
    head, tail = text.split(first, 1)
    transport.write_text(
        head + first + tail.replace('status = "in_construction"', 'status = "delayed"', 1),
        encoding="utf-8",
    )
    data, maps = _build(mini_dir, tmp_path / "out")
    assert geo.style.STYLE_PATH.read_bytes() == style_before

    spec = geo.style.load_style(vocab=load_vocab(mini_dir / "vocab.toml"))
    delayed = spec.symbol("rail", "suburban_rail", "delayed")
    assert delayed.status.dash == (8.0, 3.0)  # the first free "dash" candidate of style.toml
    others = {spec.symbol("rail", "suburban_rail", s).key for s in spec.statuses if s != "delayed"}
    assert delayed.key not in others
    value, label = "suburban_rail|delayed", "市域(郊)铁路 suburban railway – 推迟 delayed"
    project = ET.parse(data / "hefei_plan.qgs").getroot()
    (rail,) = [
        m for m in project.iter("maplayer") if (m.findtext("datasource") or "").endswith("=rail")
    ]
    qmls = {
        "gpkg": ET.fromstring(_gpkg_styles(data / "hefei_plan.gpkg")["rail"]),
        "shp": ET.parse(data / "shapefiles" / "rail.qml").getroot(),
        "qgs": rail,
    }
    for where, qml in qmls.items():
        assert _qml_categories(ET.tostring(qml, "unicode"))[value] == label, where
        symbol = _category_symbol(qml, value)
        assert symbol.get("alpha") == "0.7", where
        assert _line_dashes(symbol) == [delayed.dash_mm()], where
    for page in ("hefei_plan.html", "transport.html"):
        cfg, _ = payload((maps / page).read_text(encoding="utf-8"))
        status = cfg["style"]["statuses"]["delayed"]
        assert (status["label"], status["dash"], status["opacity"]) == (
            "推迟 delayed",
            [8.0, 3.0],
            0.7,
        ), page
        (stroke,) = cfg["style"]["layers"]["rail"]["kinds"]["suburban_rail"]["symbols"]["delayed"][
            "strokes"
        ]
        assert stroke["dashArray"] == delayed.dash_px(), page
        assert "推迟" in cfg["legend"], page


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


def _restyle(
    monkeypatch, catalogue: Path, edits: dict[str, tuple[str, str]]
) -> geo.style.StyleSpec:
    """Make the build read an edited copy of ``style.toml``: table header -> (old, new).

    Each ``old`` is the first one after its ``[table]`` header; returns the edited spec.
    """
    text = geo.style.STYLE_PATH.read_text(encoding="utf-8")
    for header, (old, new) in edits.items():
        start = text.index(f"[{header}]\n")
        at = text.index(old, start)
        text = text[:at] + new + text[at + len(old) :]
    path = catalogue.parent / "style.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr("geo.style._read.STYLE_PATH", path)
    return geo.style.load_style(vocab=load_vocab(catalogue / "vocab.toml"))


def _qmls(data: Path, layer: str) -> dict[str, ET.Element]:
    """The QGIS styles of ``layer``: in the GeoPackage, beside the shapefile, in the project."""
    project = ET.parse(data / "hefei_plan.qgs").getroot()
    (maplayer,) = [
        m
        for m in project.iter("maplayer")
        if (m.findtext("datasource") or "").endswith(f"={layer}")
    ]
    return {
        "gpkg": ET.fromstring(_gpkg_styles(data / "hefei_plan.gpkg")[layer]),
        "shp": ET.parse(data / "shapefiles" / f"{layer}.qml").getroot(),
        "qgs": maplayer,
    }


def _props(symbol: ET.Element, cls: str) -> list[dict[str, str]]:
    """Properties of the always-drawn symbol layers of class ``cls`` (no markings)."""
    return [
        {p.get("k", ""): p.get("v", "") for p in sl.findall("prop")}
        for sl in symbol.findall("layer")
        if sl.get("class") == cls and sl.find("data_defined_properties") is None
    ]


def test_status_area_fill_icon_marker_and_pen_are_style_toml_edits(mini_dir, tmp_path, monkeypatch):
    """style.toml's per-status area fill, icon -> QGIS marker and pen rule reach both renderers."""
    spec = _restyle(
        monkeypatch,
        mini_dir,
        {
            "status.in_construction": ("area_fill = 1.0", "area_fill = 0.4"),
            "qgis_marker": ('plane = "triangle"', 'plane = "star"'),
            "pen": ("dash_from = 2.0", "dash_from = 2.5"),
        },
    )
    assert spec.statuses["in_construction"].point_outline == (2.0, 1.0)  # now a "dot" pen
    data, maps = _build(mini_dir, tmp_path / "out")
    alpha = round(spec.polygon_fill("wetland") * 0.4 * 255)
    for where, qml in _qmls(data, "wetland").items():
        (fill,) = _props(_category_symbol(qml, "wetland|in_construction"), "SimpleFill")
        assert fill["color"].endswith(f",{alpha}"), where
    for where, qml in _qmls(data, "airport").items():
        marker = _props(_category_symbol(qml, "hub_airport|in_construction"), "SimpleMarker")
        # white disc, fill, outline ring in the status' pen, the icon's marker as the glyph
        assert [(m["name"], m["outline_style"]) for m in marker] == [
            ("circle", "no"),
            ("circle", "no"),
            ("circle", "dot"),
            ("star", "no"),
        ], where
    for page in ("hefei_plan.html", "environment.html"):
        cfg, _ = payload((maps / page).read_text(encoding="utf-8"))
        assert cfg["style"]["statuses"]["in_construction"]["areaFill"] == 0.4, page
        assert cfg["style"]["layers"]["wetland"]["fill"] == spec.polygon_fill("wetland"), page


def test_casing_beads_and_marking_texts_are_style_toml_edits(mini_dir, tmp_path, monkeypatch):
    """style.toml's doubled line, indicative beads and marking texts reach both renderers."""
    spec = _restyle(
        monkeypatch,
        mini_dir,
        {
            "casing": (
                "width = 1.75\ncore = 0.6\nshade = 0.8",
                "width = 2\ncore = 0.5\nshade = 0.5",
            ),
            "precision.indicative": (
                'spacing = 4.0\nsize = 0.6\ncolour = "#ffffff"',
                'spacing = 5.0\nsize = 0.8\ncolour = "#ffee00"',
            ),
            "marking_legend.halo": ('zh = "示意几何（浅色光晕）"', 'zh = "示意几何（改）"'),
            "units": ('legend_colour = "#666666"', 'legend_colour = "#a1b2c3"'),
        },
    )
    data, maps = _build(mini_dir, tmp_path / "out")
    upgrade = spec.symbol("highway", "expressway", "upgrade")
    dark = _rgb(geo.style.shade(upgrade.colour, 0.5))
    for where, qml in _qmls(data, "highway").items():
        lines = _props(_category_symbol(qml, "expressway|upgrade"), "SimpleLine")
        assert [(p["line_color"].rsplit(",", 1)[0], float(p["line_width"])) for p in lines] == [
            (dark, round(upgrade.weight_mm * 2, 6)),
            ("255,255,255", round(upgrade.weight_mm * 0.5, 6)),
        ], where
    rail = spec.symbol("rail", "suburban_rail", "in_construction")
    for where, qml in _qmls(data, "rail").items():
        symbol = _category_symbol(qml, "suburban_rail|in_construction")
        (beads,) = [
            sl
            for sl in symbol.findall("layer")
            if sl.get("class") == "MarkerLine" and "indicative" in ET.tostring(sl, "unicode")
        ]
        props = {p.get("k"): p.get("v") for p in beads.findall("prop")}
        assert float(props["interval"]) == round(rail.weight_mm * 5.0, 6), where
        (marker,) = [
            {p.get("k"): p.get("v") for p in sl.findall("prop")}
            for sl in beads.iter("layer")
            if sl.get("class") == "SimpleMarker"
        ]
        assert (marker["name"], marker["color"]) == ("circle", "255,238,0,255"), where
        assert float(marker["size"]) == round(rail.weight_mm * 0.8, 6), where
    qgs = (data / "hefei_plan.qgs").read_text(encoding="utf-8")
    assert "示意几何（改）" in qgs and "示意几何（浅色光晕）" not in qgs
    assert "161,178,195,255" in qgs and "102,102,102,255" not in qgs  # the legend's samples
    for page in ("hefei_plan.html", "transport.html"):
        cfg, _ = payload((maps / page).read_text(encoding="utf-8"))
        strokes = cfg["style"]["layers"]["highway"]["kinds"]["expressway"]["symbols"]["upgrade"][
            "strokes"
        ]
        assert [(s["color"], s["weight"]) for s in strokes] == [
            (geo.style.shade(upgrade.colour, 0.5), upgrade.weight_px * 2),
            ("#ffffff", upgrade.weight_px * 0.5),
        ], page
        beads = cfg["style"]["precisions"]["indicative"]
        assert (beads["colour"], beads["size"], beads["spacing"]) == ("#ffee00", 0.8, 5.0), page
        assert "示意几何（改）" in cfg["legend"], page
        assert 'stroke="#a1b2c3"' in cfg["legend"] and "#666666" not in cfg["legend"], page


def test_a_base_layer_colour_is_one_style_toml_edit_for_map_and_qgis(
    mini_dir, tmp_path, monkeypatch
):
    """The existing railway's grey ([base.existing_network.rail]) reaches both renderers."""
    old, new = "#6b6b6b", "#2f4f8f"
    _restyle(
        monkeypatch,
        mini_dir,
        {"base.existing_network.rail": (f'colour = "{old}"', f'colour = "{new}"')},
    )
    rail = geo.style.load_base_style().drawing("existing_network", "rail")
    assert rail.colour == new
    data, maps = _build(mini_dir, tmp_path / "out")
    for where, qml in _qmls(data, "existing_network").items():
        line, dashes = _props(_category_symbol(qml, "rail"), "SimpleLine")
        assert line["line_color"] == f"{_rgb(new)},255", where
        assert float(line["line_width"]) == round(rail.weight_mm, 6), where
        assert dashes["line_color"] == "255,255,255,255", where  # the overlay keeps its white
        assert _rgb(old) not in ET.tostring(qml, "unicode"), where
    for page in ("hefei_plan.html", "transport.html"):
        html = (maps / page).read_text(encoding="utf-8")
        cfg, _ = payload(html)
        assert cfg["reference"]["network_rail"]["color"] == new, page
        assert f'stroke="{new}"' in cfg["legend"], page  # the legend's swatch
        assert old not in html, page
