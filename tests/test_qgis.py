"""The exports open in Debian's QGIS 3.22: valid, in EPSG:4326, styled, without warnings.

QGIS belongs to the system Python (``python3-qgis``), not the venv, so
``tests/qgis_check.py`` runs under ``/usr/bin/python3`` in a subprocess and
reports what QGIS sees as JSON; the assertions are here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

import layers
from geo import export

pytestmark = pytest.mark.qgis

SYSTEM_PYTHON = Path("/usr/bin/python3")
CHECK = Path(__file__).with_name("qgis_check.py")
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
DASH = {"solid": "solid", "dash": "dash", "dot": "dot"}


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


@pytest.fixture(scope="module")
def mini_layers(mini_catalogue):
    return layers.load_all(catalogue=mini_catalogue)


@pytest.fixture(scope="module")
def qgis(tmp_path_factory, mini_catalogue, mini_layers):
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
    spec = {
        "geopackages": {
            str(out / export.GEOPACKAGE_NAME): list(mini_layers),
            str(canary): ["airport"],
        },
        "shapefiles": [str(out / "shapefiles" / f"{name}.shp") for name in mini_layers],
        "project": str(out / export.QGIS_PROJECT_NAME),
    }
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
    result["gpkg"] = result["geopackages"][str(out / export.GEOPACKAGE_NAME)]
    result["canary"] = result["geopackages"][str(canary)]["airport"]
    return result


NETWORK = "existing_network"


def _expected_categories(gdf: pd.DataFrame, name: str, vocab) -> list[str]:
    if name == NETWORK:
        return [m for m in ("rail", "expressway", "road") if m in set(gdf["mode"])]
    if name in layers.BASE_LAYERS:
        return sorted(set(gdf["kind"]))
    present = set(zip(gdf["kind"], gdf["status"], strict=True))
    return [
        f"{kind}|{status}"
        for kind in vocab.layers[name].kinds
        for status in vocab.statuses
        if (kind, status) in present
    ]


def _check_layer(info: dict, gdf: pd.DataFrame, name: str, vocab, where: str) -> None:
    assert info["valid"], f"{where}: not valid ({info['layer_error']})"
    assert info["crs"] == "EPSG:4326", where
    assert info["feature_count"] == len(gdf), where
    assert info["name_zh"] == sorted(gdf["name_zh"]), where
    assert info["messages"] == [], where
    assert info["provider_error"] == "" and info["layer_error"] == "", where
    assert info["renderer"] == "categorizedSymbol", f"{where}: style not applied"
    assert [c["value"] for c in info["categories"]] == _expected_categories(gdf, name, vocab), where
    if name == NETWORK:
        _check_network_style(info, where)
        return
    if name in layers.BASE_LAYERS:
        assert all(c["style"] == "no" for c in info["categories"]), f"{where}: boundary filled"
        return
    assert info["labels_enabled"] and info["label_field"] == "name_zh", where
    kinds = vocab.layers[name].kinds
    for cat in info["categories"]:
        kind, status = cat["value"].split("|")
        assert cat["colour"] == kinds[kind].colour.lower(), where
        assert cat["opacity"] == pytest.approx(vocab.statuses[status]["opacity"], abs=1e-3), where
        dash = DASH[vocab.statuses[status]["dash"]]
        style = {"LineString": "line_style", "Polygon": "outline_style", "Point": "outline_style"}
        assert cat[style[vocab.layers[name].geometry]] == dash, where


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


def test_geopackage_layers_open_styled_without_warnings(qgis, mini_layers, mini_catalogue):
    assert set(qgis["gpkg"]) == set(mini_layers)
    for name, gdf in mini_layers.items():
        _check_layer(qgis["gpkg"][name], gdf, name, mini_catalogue.vocab, f"gpkg:{name}")


def test_shapefiles_open_styled_by_their_qml(qgis, mini_layers, mini_catalogue):
    assert set(qgis["shapefiles"]) == set(mini_layers)
    for name, gdf in mini_layers.items():
        info = qgis["shapefiles"][name]
        _check_layer(info, gdf, name, mini_catalogue.vocab, f"shp:{name}")
        if name not in layers.BASE_LAYERS:
            assert {"target_yr", "coord_src", "src_file"} <= set(info["fields"]), name


def test_project_opens_every_layer(qgis, mini_layers):
    project = qgis["project"]
    assert project["read"], project["error"]
    assert project["crs"] == "EPSG:4326"
    assert project["messages"] == []
    assert len(project["layers"]) == len(mini_layers)
    for layer in project["layers"]:
        assert layer["valid"], layer
        assert layer["crs"] == "EPSG:4326", layer
        assert layer["renderer"] == "categorizedSymbol", layer
        assert "/moved/hefei_plan.gpkg|layername=" in layer["source"], layer
    names = {la["name"] for la in project["layers"]}
    assert {"铁路 Railways", "公路 Highways", "机场 Airports", "湿地 Wetlands"} <= names
    counts = {la["source"].rsplit("=", 1)[1]: la["feature_count"] for la in project["layers"]}
    assert counts == {name: len(gdf) for name, gdf in mini_layers.items()}


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
    assert project["group_layers"]["行政区划与参考 Administrative divisions and reference"] == [
        "现状路网 Existing network",
        "合肥市界 Hefei city boundary",
        "县(市、区) Counties and districts",
    ]
    assert project["custom_order"]
    order = project["render_order"]
    # the existing network under every plan layer, over the administrative boundaries
    assert order[-3:] == [
        "现状路网 Existing network",
        "合肥市界 Hefei city boundary",
        "县(市、区) Counties and districts",
    ]
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
