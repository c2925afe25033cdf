"""The exports open in Debian's QGIS 3.22: valid, styled, measured right, documented.

QGIS belongs to the system Python (``python3-qgis``), not the venv, so
``tests/qgis_check.py`` runs under ``/usr/bin/python3`` in a subprocess and
reports what QGIS sees as JSON; the assertions are here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

import layers
from geo import export
from geo.errors import ParameterError
from geo.export._qgis_legend import LEGEND_DATASOURCE, LEGEND_TITLE
from geo.style import load_style

pytestmark = pytest.mark.qgis

SYSTEM_PYTHON = Path("/usr/bin/python3")
CHECK = Path(__file__).with_name("qgis_check.py")
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
SCREENSHOTS = os.environ.get("INFRA_MAP_SCREENSHOTS")
CENTRE = (117.27, 31.84)  # Hefei's centre, lon/lat
CITY = (117.25, 31.75)


def _require_qgis() -> None:
    if not SYSTEM_PYTHON.exists():
        pytest.skip(f"{SYSTEM_PYTHON} not found; install python3-qgis to run the QGIS checks")
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import qgis.core"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["?"])[-1]
        pytest.skip(
            f"{SYSTEM_PYTHON} cannot import qgis.core ({reason}); apt-get install python3-qgis"
        )


def _run_check(spec: dict, root: Path) -> dict:
    """Run tests/qgis_check.py on ``spec`` in Debian's Python; its result, with its stderr."""
    spec_path = root / "spec.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [str(SYSTEM_PYTHON), str(CHECK), str(spec_path)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=root,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, f"qgis_check.py printed no result (exit {run.returncode}):\n{run.stderr[-3000:]}"
    result = json.loads(lines[-1])
    assert "error" not in result, result.get("traceback", result)
    result["stderr"] = run.stderr
    return result


@pytest.fixture(scope="module")
def qgis(tmp_path_factory, mini_catalogue, mini_layers, every):
    """Build on the tiny catalogue, then let QGIS open everything once."""
    _require_qgis()
    root = tmp_path_factory.mktemp("qgis")
    # Build in one folder and move it: the project must survive being moved.
    built = root / "built"
    export.write_all(mini_layers, vocab=mini_catalogue.vocab, out_dir=built)
    out = built.rename(root / "moved")
    # A canary GeoPackage 1.4, which QGIS 3.22's GDAL warns about: proves warnings are seen.
    canary = root / "canary.gpkg"
    pyogrio.write_dataframe(
        mini_layers["airport"],
        canary,
        layer="airport",
        driver="GPKG",
        dataset_options={"VERSION": "1.4"},
    )
    pictures = Path(SCREENSHOTS) if SCREENSHOTS else root
    pictures.mkdir(parents=True, exist_ok=True)
    spec = {
        "geopackages": {
            str(out / export.GEOPACKAGE_NAME): list(every),
            str(out / export.CGCS2000_GEOPACKAGE_NAME): list(every),
            str(canary): ["airport"],
        },
        "shapefiles": [str(out / "shapefiles" / f"{name}.shp") for name in every],
        "files": [
            *(str(out / "geojson" / f"{name}.geojson") for name in every),
            *(str(out / "flatgeobuf" / f"{name}.fgb") for name in every),
        ],
        "project": str(out / export.QGIS_PROJECT_NAME),
        "renders": _renders(pictures, "qgis_mini_"),
    }
    result = _run_check(spec, root)
    result["gpkg"] = result["geopackages"][str(out / export.GEOPACKAGE_NAME)]
    result["cgcs2000"] = result["geopackages"][str(out / export.CGCS2000_GEOPACKAGE_NAME)]
    result["out"] = out
    result["canary"] = result["geopackages"][str(canary)]["airport"]
    return result


NETWORK = "existing_network"


def _expected_categories(gdf: pd.DataFrame, name: str, vocab) -> list[str]:
    if name == NETWORK:
        return [m for m in ("rail", "expressway", "road") if m in set(gdf["mode"])]
    if name in layers.BASE_LAYERS or name in export.ORIENTATION_LAYERS:
        return sorted(set(gdf["kind"]))
    present = set(zip(gdf["kind"], gdf["status"], strict=True))
    return [
        f"{kind}|{status}"
        for kind in vocab.layers[name].kinds
        for status in vocab.statuses
        if (kind, status) in present
    ]


def _check_layer(
    info: dict, gdf: pd.DataFrame, name: str, vocab, where: str, crs: str = "EPSG:4326"
) -> None:
    assert info["valid"], f"{where}: not valid ({info['layer_error']})"
    assert info["crs"] == crs, where
    assert info["feature_count"] == len(gdf), where
    # documented: abstract, licence and attribution (rights), lineage, field aliases
    assert info["abstract"] and info["licenses"] and info["rights"], where
    assert info["history"] and info["keywords"], where
    assert info["null_text"] == {}, f"{where}: empty strings instead of NULL"
    aliases = {k: v for k, v in info["aliases"].items() if k != "fid"}
    assert aliases and all(aliases.values()), f"{where}: fields without alias"
    for column in ("target_year", "target_yr", "opened"):
        if column in info["fields"]:
            assert info["field_types"][info["fields"].index(column)] == "Integer", where
    assert info["name_zh"] == sorted(gdf["name_zh"]), where
    assert info["messages"] == [], where
    assert info["provider_error"] == "" and info["layer_error"] == "", where
    assert info["renderer"] == "categorizedSymbol", f"{where}: style not applied"
    assert [c["value"] for c in info["categories"]] == _expected_categories(gdf, name, vocab), where
    if name == NETWORK:
        _check_network_style(info, where)
        return
    if name in ("boundary", "counties"):
        assert all(c["style"] == "no" for c in info["categories"]), f"{where}: boundary filled"
        if name == "counties":
            assert info["label_priority"] == 10, where
        return
    if name in export.ORIENTATION_LAYERS:
        return
    assert info["labels_enabled"] and info["label_field"] == "name_zh", where
    assert info["label_scale_visibility"] and info["label_min_scale"] > 0, where
    assert info["value_maps"]["status"]["proposed"] == "谋划 proposed", where
    spec = load_style(vocab=vocab)
    kinds = vocab.layers[name].kinds
    geometry = vocab.layers[name].geometry
    dumps = {}
    for cat in info["categories"]:
        kind, status = cat["value"].split("|")
        sym = spec.symbol(name, kind, status)
        assert cat["colour"] == kinds[kind].colour.lower(), where
        assert cat["opacity"] == pytest.approx(sym.status.opacity, abs=1e-3), where
        assert cat["label"] == spec.legend_label(name, kind, status), where
        if geometry != "Point" and not sym.status.casing:
            drawn = [sl for sl in cat["layers"] if sl["enabled_by"] is None]
            assert any(
                (sl["customdash"] if sl["use_custom_dash"] == "1" else "") == sym.dash_mm()
                for sl in drawn
            ), f"{where}: {cat['value']}"
        dumps[cat["value"]] = _look(cat)
    # every status of a kind has its own symbol, as QGIS draws it
    assert len(set(dumps.values())) == len(dumps), f"{where}: {dumps}"
    if geometry == "LineString" and info["categories"]:
        marks = [sl["enabled_by"] for sl in info["categories"][0]["layers"] if sl["enabled_by"]]
        assert any("indicative" in m for m in marks), f"{where}: indicative not marked"
        assert any("station_to_station" in m for m in marks), f"{where}: schematic not marked"


def _look(cat: dict) -> str:
    """What makes a symbol look the way it does: its layers' drawing properties and opacity."""
    keep = (
        "line_color",
        "color",
        "outline_color",
        "line_width",
        "customdash",
        "use_custom_dash",
        "line_style",
        "outline_style",
        "name",
        "size",
        "outline_width",
    )
    layers_ = [
        tuple((k, sl["props"].get(k)) for k in keep) for sl in cat["layers"] if not sl["enabled_by"]
    ]
    return repr((cat["opacity"], layers_))


def _is_grey(colour: str) -> bool:
    return colour[1:3] == colour[3:5] == colour[5:7]


def _check_network_style(info: dict, where: str) -> None:
    """Context, not plan: unlabelled greys, railways with white dashes over a dark line."""
    assert info["expression"] == '"mode"', where
    assert not info["labels_enabled"], f"{where}: the existing network is labelled"
    cats = {c["value"]: c for c in info["categories"]}
    rail, expressway = cats["rail"], cats["expressway"]
    assert all(_is_grey(c["colour"]) for c in cats.values()), where
    assert [sl["class"] for sl in rail["layers"]] == ["SimpleLine", "SimpleLine"], where
    line, dashes = rail["layers"]
    assert _is_grey(line["colour"]) and line["use_custom_dash"] == "0", where
    assert dashes["colour"] == "#ffffff" and dashes["use_custom_dash"] == "1", where
    assert float(dashes["width"]) < float(line["width"]), where
    assert len(expressway["layers"]) == 1 and rail["colour"] < expressway["colour"], where


def test_the_canary_warning_is_detected(qgis):
    gdal = tuple(int(p) for p in (qgis["gdal"] or "0.0").split(".")[:2])
    if gdal >= (3, 7) or gdal == (0, 0):
        pytest.skip(f"GDAL {qgis['gdal']} reads GeoPackage 1.4 silently (or is not importable)")
    assert qgis["canary"]["valid"]
    assert any("10400" in m or "1.4" in m for m in qgis["canary"]["messages"]), qgis["canary"]


def test_geopackage_layers_open_styled_without_warnings(qgis, every, mini_catalogue):
    assert set(qgis["gpkg"]) == set(every)
    for name, gdf in every.items():
        _check_layer(qgis["gpkg"][name], gdf, name, mini_catalogue.vocab, f"gpkg:{name}")


def test_cgcs2000_geopackage_opens_in_epsg_4490(qgis, every, mini_catalogue):
    assert set(qgis["cgcs2000"]) == set(every)
    for name, gdf in every.items():
        info = qgis["cgcs2000"][name]
        _check_layer(info, gdf, name, mini_catalogue.vocab, f"cgcs2000:{name}", crs="EPSG:4490")


def test_geojson_and_flatgeobuf_open_in_qgis(qgis, every):
    out = qgis["out"]
    for name, gdf in every.items():
        for path in (out / "geojson" / f"{name}.geojson", out / "flatgeobuf" / f"{name}.fgb"):
            info = qgis["files"][str(path)]
            assert info["valid"], path
            if len(gdf):  # an empty GeoJSON has nothing to tell QGIS its CRS by
                assert info["crs"] == "EPSG:4326", path
            assert info["feature_count"] == len(gdf), path
            assert info["messages"] == [], path
            assert info["null_text"] == {}, path


def test_shapefiles_open_styled_by_their_qml(qgis, every, mini_catalogue):
    assert set(qgis["shapefiles"]) == set(every)
    for name, gdf in every.items():
        info = qgis["shapefiles"][name]
        _check_layer(info, gdf, name, mini_catalogue.vocab, f"shp:{name}")
        if name in mini_catalogue.vocab.layers:
            assert {"target_yr", "coord_src", "src_file"} <= set(info["fields"]), name


def test_project_opens_every_layer_documented(qgis, every):
    project = qgis["project"]
    assert project["read"], project["error"]
    assert project["crs"] == "EPSG:4548"
    assert project["messages"] == []
    assert project["title"] and project["abstract"] and project["author"]
    assert "合肥市推动长三角地区更高质量一体化发展重点工作推进方案" in project["title"]
    data = [la for la in project["layers"] if not la["source"].startswith(LEGEND_DATASOURCE)]
    assert len(data) == len(every) == len(project["layers"]) - 1  # + the legend layer
    for layer in data:
        assert layer["valid"], layer
        assert layer["crs"] == "EPSG:4326", layer
        assert layer["renderer"] == "categorizedSymbol", layer
        assert "/moved/hefei_plan.gpkg|layername=" in layer["source"], layer
        assert layer["abstract"] and layer["licenses"] and layer["attribution"], layer["name"]
        assert layer["layer_abstract"] and layer["history"], layer["name"]
    names = {la["name"] for la in project["layers"]}
    assert {"铁路 Railways", "公路 Highways", "机场 Airports", "湿地 Wetlands"} <= names
    assert {"巢湖 Chaohu (orientation)", "主要河流 Main rivers (orientation)"} <= names
    counts = {la["source"].rsplit("=", 1)[1]: la["feature_count"] for la in data}
    assert counts == {name: len(gdf) for name, gdf in every.items()}


def test_project_legend_explains_the_precision_and_progress_markings(qgis, mini_catalogue):
    project = qgis["project"]
    (legend,) = [la for la in project["layers"] if la["source"].startswith(LEGEND_DATASOURCE)]
    assert legend["valid"] and legend["feature_count"] == 0, legend
    assert legend["name"] == LEGEND_TITLE == project["render_order"][0]
    assert legend["renderer"] == "categorizedSymbol"
    spec = load_style(vocab=mini_catalogue.vocab)
    cats = {c["value"]: c for c in legend["categories"]}
    assert list(cats) == [
        "precision:halo",
        "precision:marker_line",
        "progress:built",
        "progress:under_construction",
    ]
    halo, arrows, built, ticks = cats.values()
    assert (
        halo["label"].startswith(spec.marking_label("halo"))
        and "station_to_station" in halo["label"]
    )
    assert "示意" in halo["label"] and "schematic" in halo["label"]
    assert arrows["label"].endswith("precision = indicative") and "beads" in arrows["label"]
    assert built["label"].endswith("progress = built") and "已建成" in built["label"]
    assert "under construction" in ticks["label"]
    for cat in cats.values():  # every marking is drawn in the legend icon, not only on features
        assert all(sl["enabled_by"] is None for sl in cat["layers"]), cat
    sample = float(halo["layers"][-1]["width"])
    assert [sl["class"] for sl in halo["layers"]] == ["SimpleLine", "SimpleLine"]
    assert float(halo["layers"][0]["width"]) > 2 * sample  # the pale band under the line
    assert "MarkerLine" in [sl["class"] for sl in arrows["layers"]]
    assert built["layers"][-1]["colour"] == spec.progress_marking("built").colour
    assert float(built["layers"][-1]["width"]) < sample  # a core line inside the sample
    assert [sl["class"] for sl in ticks["layers"]] == ["SimpleLine", "MarkerLine"]


def test_project_measures_like_the_stored_lengths_and_areas(qgis, every):
    """QGIS' own measure settings (ellipsoid, units) give the stored length_km / area_km2."""
    project = qgis["project"]
    assert project["ellipsoid"] == "EPSG:7030"
    assert (project["distance_units"], project["area_units"]) == ("km", "km2")
    rows = project["measurements"]
    expected = sum(
        int(gdf[c].notna().sum())
        for gdf in every.values()
        for c in ("length_km", "area_km2")
        if c in gdf.columns
    )
    assert len(rows) == expected > 20
    assert {r["column"] for r in rows} == {"length_km", "area_km2"}
    for r in rows:
        assert r["measured"] == pytest.approx(r["stored"], rel=0.005), r


def test_project_renders_to_png_with_district_names(qgis, mini_layers):
    project = qgis["project"]
    counties = {la_id for la_id, n in project["layer_ids"].items() if n.startswith("县")}
    names = set(mini_layers["counties"]["name_zh"])
    for render in project["renders"]:
        assert render["saved"] and render["errors"] == [], render
        assert Path(render["out"]).stat().st_size > 50_000, render["out"]
    city = project["renders"][0]
    assert city["scale"] == pytest.approx(400_000, rel=0.01)
    placed = {la["text"] for la in city["labels"] if la["layer"] in counties}
    assert placed == names, f"district names lost at 1:400k: {names - placed}"


def test_project_groups_and_drawing_order(qgis):
    project = qgis["project"]
    assert project["groups"] == [
        "交通 Transport",
        "能源 Energy",
        "环境 Environment",
        "行政区划与参考 Administrative divisions and reference",
    ]
    assert "铁路 Railways" in project["group_layers"]["交通 Transport"]
    assert "湿地 Wetlands" in project["group_layers"]["环境 Environment"]
    base = [
        "现状路网 Existing network",
        "合肥市界 Hefei city boundary",
        "县(市、区) Counties and districts",
        "主要河流 Main rivers (orientation)",
        "巢湖 Chaohu (orientation)",
    ]
    assert project["group_layers"]["行政区划与参考 Administrative divisions and reference"] == base
    assert project["custom_order"]
    order = project["render_order"]
    # the existing network under every plan layer, over the boundaries and the water
    assert order[-5:] == base
    airports, rail, wetlands = (
        order.index(n) for n in ("机场 Airports", "铁路 Railways", "湿地 Wetlands")
    )
    assert airports < rail < wetlands < order.index("现状路网 Existing network")


def test_project_shows_the_existing_network_styled(qgis, mini_layers):
    project = qgis["project"]
    network = [la for la in project["layers"] if la["name"] == "现状路网 Existing network"]
    assert len(network) == 1
    (layer,) = network
    assert layer["valid"] and layer["crs"] == "EPSG:4326"
    assert layer["feature_count"] == len(mini_layers[NETWORK]) > 40
    _check_network_style(layer, "project:existing_network")


def test_no_gdal_warnings_on_stderr(qgis):
    lines = [
        line
        for line in qgis["stderr"].splitlines()
        if ("Warning" in line or "ERROR" in line) and "canary.gpkg" not in line
    ]
    assert lines == []


# ---------------------------------------------------------------- every kind x status, real data


def _all_pairs(vocab) -> dict[str, gpd.GeoDataFrame]:
    """One feature per kind x status of every catalogue layer (synthetic, near Hefei)."""
    out = {}
    for name, ldef in vocab.layers.items():
        rows, geoms = [], []
        for i, (kind, status) in enumerate((k, s) for k in ldef.kinds for s in vocab.statuses):
            x, y = 117.0 + 0.02 * (i % 10), 31.7 + 0.02 * (i // 10)
            rows.append(
                {
                    **dict.fromkeys(layers.CATALOGUE_COLUMNS),
                    "id": f"{name}_{kind}_{status}",
                    "name_zh": f"{kind} {status}",
                    "name_en": f"{kind} {status}",
                    "kind": kind,
                    "status": status,
                    "target_year": 2025,
                    "schematic": False,
                    "accuracy_m": 100.0,
                    "precision": "site_point",
                }
            )
            if ldef.geometry == "Point":
                geoms.append(shapely.Point(x, y))
            elif ldef.geometry == "LineString":
                geoms.append(shapely.LineString([(x, y), (x + 0.015, y + 0.01)]))
            else:
                geoms.append(shapely.box(x, y, x + 0.01, y + 0.01))
        frame = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
        if ldef.geometry == "LineString":
            frame["length_km"] = 1.0
            frame["length_in_hefei_km"] = 1.0
        elif ldef.geometry == "Polygon":
            frame["area_km2"] = 1.0
        out[name] = frame
    return out


def _renders(pictures: Path, prefix: str) -> list[dict[str, object]]:
    """The two pictures QGIS renders: the whole city at 1:400,000 and the centre at 1:100,000."""
    return [
        {
            "out": str(pictures / f"{prefix}city.png"),
            "center": list(CITY),
            "scale": 400_000,
            "size": [1500, 1700],
        },
        {
            "out": str(pictures / f"{prefix}centre.png"),
            "center": list(CENTRE),
            "scale": 100_000,
            "size": [1600, 1200],
        },
    ]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The embedded catalogue built in full, and every kind x status, opened in QGIS."""
    _require_qgis()
    from geo.catalogue import load_catalogue

    root = tmp_path_factory.mktemp("qgis_real")
    catalogue = load_catalogue()
    export.write_all(layers.load_all(catalogue=catalogue), vocab=catalogue.vocab, out_dir=root)
    pairs = _all_pairs(catalogue.vocab)
    export.write_geopackage(pairs, root / "pairs.gpkg", vocab=catalogue.vocab)
    pictures = Path(SCREENSHOTS) if SCREENSHOTS else root
    pictures.mkdir(parents=True, exist_ok=True)
    spec = {
        "geopackages": {str(root / "pairs.gpkg"): list(pairs)},
        "shapefiles": [],
        "project": str(root / export.QGIS_PROJECT_NAME),
        "renders": _renders(pictures, "qgis_"),
    }
    result = _run_check(spec, root)
    result["pairs"] = result["geopackages"][str(root / "pairs.gpkg")]
    result["catalogue"] = catalogue
    return result


def test_every_status_of_every_kind_has_its_own_symbol_in_qgis(real):
    vocab = real["catalogue"].vocab
    for name, ldef in vocab.layers.items():
        info = real["pairs"][name]
        assert info["valid"], name
        cats = info["categories"]
        assert len(cats) == len(ldef.kinds) * len(vocab.statuses), name
        for kind in ldef.kinds:
            looks = {c["value"]: _look(c) for c in cats if c["value"].startswith(f"{kind}|")}
            assert len(set(looks.values())) == len(looks) == len(vocab.statuses), (name, kind)
        labels = [c["label"] for c in cats]
        assert len(set(labels)) == len(labels), name
        assert not any("(谋划)" in label for label in labels), name


def test_real_project_measures_within_half_a_percent(real):
    project = real["project"]
    assert project["read"] and project["messages"] == [], project["messages"]
    assert project["ellipsoid"] == "EPSG:7030" and project["crs"] == "EPSG:4548"
    rows = project["measurements"]
    assert len(rows) > 100
    worst = max(rows, key=lambda r: abs(r["measured"] / r["stored"] - 1) if r["stored"] else 0)
    for r in rows:
        assert r["measured"] == pytest.approx(r["stored"], rel=0.005), r
    assert abs(worst["measured"] / worst["stored"] - 1) < 0.005


def test_real_project_renders_city_and_centre(real):
    project = real["project"]
    counties = {i for i, n in project["layer_ids"].items() if n.startswith("县")}
    city, centre = project["renders"]
    for render in (city, centre):
        assert render["saved"] and render["errors"] == [], render
        assert Path(render["out"]).stat().st_size > 100_000, render["out"]
    # the nine county-level names survive label collisions at 1:400k
    placed = {la["text"] for la in city["labels"] if la["layer"] in counties}
    assert len(placed) == 9, placed
    assert city["scale"] == pytest.approx(400_000, rel=0.01)
    assert centre["scale"] == pytest.approx(100_000, rel=0.01)


@pytest.mark.parametrize(
    ("geometry", "category", "match"),
    [
        ("Polygon", {"overlay": "#ffffff", "overlay_width_mm": 0.3}, r"is for lines only"),
        ("LineString", {"overlay": "#ffffff"}, r"overlay_width_mm=None .*must be positive"),
        ("LineString", {"dash": "zigzag"}, r"dash='zigzag' .*is not a line style"),
        ("LineString", {"opacity": 1.5}, r"opacity=1.5 .*within 0..1"),
        ("LineString", {"colour": "red"}, r"colour='red' is not '#rrggbb'"),
    ],
)
def test_a_layer_style_refuses_a_category_it_cannot_draw(geometry, category, match):
    from geo.export import _qgis_style as qs

    cat = qs.Category(**{"value": "a", "label": "a", "colour": "#112233", **category})
    with pytest.raises(ParameterError, match=match):
        qs.LayerStyle(geometry=geometry, expression='"kind"', categories=(cat,))
