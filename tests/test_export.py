"""GeoPackage, shapefile and QGIS project exports (geo.export) on the tiny catalogue."""

from __future__ import annotations

import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely

from geo import export
from geo.datadict import load_fields
from geo.errors import CRSError, ParameterError
from geo.metadata import load_metadata
from geo.style import load_style

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml", ".qmd")
YEARS = ("target_year", "opened", "opened_by", "opened_after", "widened", "progress_year")


@pytest.fixture(scope="module")
def vocab(mini_catalogue):
    return mini_catalogue.vocab


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def _expected(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """What an export should read back as: rows by id, polygons as MultiPolygon, "" as NULL."""
    out = gdf.sort_values("id").reset_index(drop=True)
    geoms = [shapely.MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in out.geometry]
    out = out.set_geometry(gpd.GeoSeries(geoms, crs=out.crs))
    for column in out.columns:
        if column in YEARS:
            out[column] = out[column].astype("Int32")
        elif column != out.geometry.name and out[column].map(lambda v: isinstance(v, str)).any():
            values = [None if (not isinstance(v, str) or v == "") else v for v in out[column]]
            out[column] = pd.Series(values, dtype=object)
    return out


def _nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as objects with None for missing (readers differ: NaN, None, pd.NA)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, str)).any() or str(out[column].dtype) == "str":
            out[column] = pd.Series(
                [v if isinstance(v, str) else None for v in out[column]], dtype=object
            )
    return out


def _assert_same(got: gpd.GeoDataFrame, want: gpd.GeoDataFrame, where: str) -> None:
    assert got.crs is not None and pyproj.CRS(got.crs).equals(pyproj.CRS("EPSG:4326")), where
    columns = [c for c in want.columns if c != want.geometry.name]
    assert [c for c in got.columns if c != got.geometry.name] == columns, where
    assert len(got) == len(want), where
    pd.testing.assert_frame_equal(
        _nulls(pd.DataFrame(got[columns])),
        _nulls(pd.DataFrame(want[columns])),
        check_dtype=False,
        obj=where,
    )
    for column in columns:
        if str(want[column].dtype) in ("Int64", "Int32", "bool"):
            assert str(got[column].dtype) == str(want[column].dtype), f"{where}.{column}"
    if len(want):
        same = shapely.equals_exact(
            shapely.normalize(got.geometry.values), shapely.normalize(want.geometry.values), 1e-9
        )
        assert same.all(), where


# ---------------------------------------------------------------- outputs


def test_write_all_writes_every_layer_and_no_debris(exported, every):
    out, files = exported
    assert files[0] == out / export.GEOPACKAGE_NAME
    assert files[1] == out / export.CGCS2000_GEOPACKAGE_NAME
    assert files[-1] == out / export.QGIS_PROJECT_NAME
    assert out / "fields.csv" in files and out / "DATA_LICENSE.md" in files
    for name in every:
        for suffix in SUFFIXES:
            assert out / "shapefiles" / f"{name}{suffix}" in files
        assert out / "geojson" / f"{name}.geojson" in files
        assert out / "flatgeobuf" / f"{name}.fgb" in files
    assert all(f.is_file() for f in files)
    assert sorted(_digest(out)) == sorted(f.relative_to(out).as_posix() for f in files)
    assert _debris(out) == []


def test_geopackage_is_version_1_2(exported):
    con = sqlite3.connect(exported[0] / export.GEOPACKAGE_NAME)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10200
    finally:
        con.close()


def test_geopackage_contents_titles_types_and_fixed_dates(exported, every, vocab):
    con = sqlite3.connect(exported[0] / export.GEOPACKAGE_NAME)
    try:
        contents = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT table_name, data_type, identifier, description, last_change "
                "FROM gpkg_contents"
            )
        }
        types = dict(
            con.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")
        )
    finally:
        con.close()
    assert set(contents) == {*every, "layer_styles"}
    # last_change is the date of the data (metadata.toml), not a placeholder
    assert {row[3] for row in contents.values()} == {export.FIXED_TIMESTAMP}
    assert export.FIXED_TIMESTAMP.startswith(load_metadata().data_date)
    assert not export.FIXED_TIMESTAMP.startswith("2000-")
    assert contents["rail"][1] == "铁路 Railways"
    assert contents["boundary"][1] == "合肥市界 Hefei city boundary"
    assert contents["existing_network"][1] == "现状路网 Existing network"
    assert "railways and expressways open today" in contents["existing_network"][2]
    assert contents["layer_styles"][0] == "attributes"
    declared = {"Point": "POINT", "LineString": "LINESTRING", "Polygon": "MULTIPOLYGON"}
    base = {
        "boundary": "Polygon",
        "counties": "Polygon",
        "existing_network": "LineString",
        "orientation_water": "Polygon",
        "orientation_rivers": "LineString",
    }
    for name in every:
        geometry = vocab.layers[name].geometry if name in vocab.layers else base[name]
        assert types[name] == declared[geometry], name


def test_layer_styles_table_follows_the_qgis_convention(exported, every):
    con = sqlite3.connect(exported[0] / export.GEOPACKAGE_NAME)
    con.row_factory = sqlite3.Row
    try:
        columns = [row[1] for row in con.execute("PRAGMA table_info(layer_styles)")]
        rows = [dict(r) for r in con.execute("SELECT * FROM layer_styles ORDER BY id")]
    finally:
        con.close()
    assert columns == [
        "id",
        "f_table_catalog",
        "f_table_schema",
        "f_table_name",
        "f_geometry_column",
        "styleName",
        "styleQML",
        "styleSLD",
        "useAsDefault",
        "description",
        "owner",
        "ui",
        "update_time",
    ]
    assert [r["f_table_name"] for r in rows] == list(every)
    for r in rows:
        assert r["useAsDefault"] == 1
        assert r["f_table_schema"] == "" and r["f_table_catalog"] == ""
        assert r["f_geometry_column"] == "geom"
        assert r["update_time"] == export.FIXED_TIMESTAMP
        qml = ET.fromstring(r["styleQML"])
        assert qml.tag == "qgis"
        assert qml.find("renderer-v2").get("type") == "categorizedSymbol"


def test_qml_beside_each_shapefile_is_the_geopackage_style(exported, every):
    out = exported[0]
    con = sqlite3.connect(out / export.GEOPACKAGE_NAME)
    try:
        styles = dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles"))
    finally:
        con.close()
    for name in every:
        shp = _qml(out / "shapefiles", name)
        gpkg = ET.fromstring(styles[name])
        for tag in ("renderer-v2", "labeling"):
            same = [ET.tostring(e) for e in shp.findall(tag)] == [
                ET.tostring(e) for e in gpkg.findall(tag)
            ]
            assert same, f"{name}: {tag}"
        # aliases by each file's own field names (shapefile names are at most 10 characters)
        fields = pyogrio.read_info(out / "shapefiles" / f"{name}.shp")["fields"]
        assert [a.get("field") for a in shp.iter("alias")] == list(fields)


def _qml(folder: Path, name: str) -> ET.Element:
    return ET.fromstring((folder / f"{name}.qml").read_text(encoding="utf-8"))


def _layers(symbol: ET.Element) -> list[dict[str, str]]:
    """Options of the symbol layers drawn for every feature (not the data-defined markings)."""
    return [
        {o.get("name"): o.get("value") for o in layer.find("Option").findall("Option")}
        for layer in symbol.findall("layer")
        if layer.find("data_defined_properties") is None
    ]


def _props(symbol: ET.Element) -> dict[str, str]:
    return _layers(symbol)[0]


def test_styles_follow_the_vocabulary(tmp_path, mini_layers, vocab):
    rail = pd.concat([mini_layers["rail"]] * 3, ignore_index=True)
    rail["id"] = ["r_solid", "r_study", "r_proposed"]
    rail["kind"] = ["suburban_rail", "high_speed_rail", "high_speed_rail"]
    rail["status"] = ["in_construction", "planning_study", "proposed"]
    wetland = mini_layers["wetland"].assign(status="preparatory")
    export.write_shapefiles(
        {**mini_layers, "rail": rail, "wetland": wetland}, tmp_path, vocab=vocab
    )

    qml = _qml(tmp_path, "rail")
    renderer = qml.find("renderer-v2")
    cats = {c.get("value"): c.get("symbol") for c in renderer.iter("category")}
    # vocab order: kinds first (high_speed before suburban), then statuses
    assert list(cats) == [
        "high_speed_rail|planning_study",
        "high_speed_rail|proposed",
        "suburban_rail|in_construction",
    ]
    symbols = {s.get("name"): s for s in renderer.iter("symbol")}
    study = symbols[cats["high_speed_rail|planning_study"]]
    proposed = symbols[cats["high_speed_rail|proposed"]]
    solid = symbols[cats["suburban_rail|in_construction"]]
    spec = load_style(vocab=vocab)
    # dash patterns from style.toml, in mm scaled by the kind's line width
    assert _props(study)["use_custom_dash"] == "1"
    assert (
        _props(study)["customdash"]
        == spec.symbol("rail", "high_speed_rail", "planning_study").dash_mm()
    )
    assert (
        _props(solid)["customdash"]
        == spec.symbol("rail", "suburban_rail", "in_construction").dash_mm()
    )
    assert _props(study)["customdash"] != _props(proposed)["customdash"]
    assert _props(study)["line_color"] == "192,57,43,255"  # #c0392b
    assert _props(solid)["line_color"] == "142,68,173,255"  # #8e44ad
    assert float(proposed.get("alpha")) == spec.statuses["proposed"].opacity
    assert float(proposed.get("alpha")) < float(study.get("alpha")) < float(solid.get("alpha"))

    label = qml.find("labeling/settings/text-style")
    assert label.get("fieldName") == "name_zh"
    assert label.get("fontFamily") == "Noto Sans CJK SC"
    assert len(label.findall("families/family")) > 1

    fill = _props(next(_qml(tmp_path, "wetland").iter("symbol")))
    # semi-transparent, paler for a status not yet under way (style.toml area_fill: 0.35 x 0.5)
    alpha = spec.polygon_fill("wetland") * spec.statuses["preparatory"].area_fill
    assert fill["style"] == "solid" and fill["color"].endswith(f",{round(alpha * 255)}")
    assert alpha == 0.175
    outline = _layers(next(_qml(tmp_path, "wetland").iter("symbol")))[1]
    assert outline["customdash"] == spec.symbol("wetland", "wetland", "preparatory").dash_mm()
    # the point symbol of [point]: white disc, fill, outline ring, the icon's shape as glyph
    *discs, glyph = _layers(next(_qml(tmp_path, "airport").iter("symbol")))
    assert [d["name"] for d in discs] == ["circle"] * len(discs) and glyph["name"] == "triangle"
    assert discs[-1]["outline_color"].startswith("44,62,80,")  # #2c3e50, the kind's colour
    boundary = _props(next(_qml(tmp_path, "boundary").iter("symbol")))
    counties = _props(next(_qml(tmp_path, "counties").iter("symbol")))
    assert boundary["style"] == counties["style"] == "no"
    assert float(boundary["outline_width"]) > float(counties["outline_width"])


def _grey(rgba: str) -> bool:
    r, g, b, _ = (int(v) for v in rgba.split(","))
    return r == g == b


def test_existing_network_is_styled_as_muted_context(exported, vocab):
    qml = _qml(exported[0] / "shapefiles", "existing_network")
    assert qml.get("labelsEnabled") == "0" and qml.find("labeling") is None
    renderer = qml.find("renderer-v2")
    assert renderer.get("attr") == '"mode"'
    cats = {c.get("value"): c.get("symbol") for c in renderer.iter("category")}
    assert list(cats) == ["rail", "expressway"]
    symbols = {s.get("name"): s for s in renderer.iter("symbol")}
    rail, expressway = symbols[cats["rail"]], symbols[cats["expressway"]]
    rail_layers = [
        {o.get("name"): o.get("value") for o in layer.findall("Option/Option")}
        for layer in rail.findall("layer")
    ]
    # a dark grey line with thinner white dashes on top: the railway convention
    assert len(rail_layers) == 2
    line, dashes = rail_layers
    assert _grey(line["line_color"]) and line["use_custom_dash"] == "0"
    assert dashes["line_color"] == "255,255,255,255" and dashes["use_custom_dash"] == "1"
    assert float(dashes["line_width"]) < float(line["line_width"])
    expressway_line = _props(expressway)
    assert _grey(expressway_line["line_color"]) and len(expressway.findall("layer")) == 1
    # expressways lighter than railways, both thinner than the plan's lines
    assert int(expressway_line["line_color"].split(",")[0]) > int(line["line_color"].split(",")[0])
    plan = _props(next(_qml(exported[0] / "shapefiles", "rail").iter("symbol")))
    assert float(line["line_width"]) < float(plan["line_width"])


# ---------------------------------------------------------------- round trips


def test_geopackage_round_trip(exported, every):
    gpkg = exported[0] / export.GEOPACKAGE_NAME
    assert set(pyogrio.list_layers(gpkg)[:, 0]) == {*every, "layer_styles"}
    for name, gdf in every.items():
        _assert_same(export.read_geopackage(gpkg, name), _expected(gdf), f"gpkg:{name}")
    rail = export.read_geopackage(gpkg, "rail")
    assert rail["target_year"].isna().all() and str(rail["target_year"].dtype) == "Int32"
    wetland = export.read_geopackage(gpkg, "wetland")
    assert wetland["target_year"].tolist() == [2030]


def test_shapefile_round_trip(exported, every):
    folder = exported[0] / "shapefiles"
    for name, gdf in every.items():
        _assert_same(export.read_shapefile(folder / f"{name}.shp"), _expected(gdf), f"shp:{name}")


def test_shapefile_fields_encoding_and_crs(exported, mini_layers):
    folder = exported[0] / "shapefiles"
    for name in mini_layers:
        info = pyogrio.read_info(folder / f"{name}.shp")
        assert all(len(f.encode()) <= 10 for f in info["fields"]), name
        assert info["encoding"] == "UTF-8"
        assert (folder / f"{name}.cpg").read_text() == "UTF-8"
        prj = (folder / f"{name}.prj").read_text()
        assert pyproj.CRS.from_wkt(prj).equals(pyproj.CRS("EPSG:4326"), ignore_axis_order=True)
    rail = pyogrio.read_info(folder / "rail.shp")["fields"]
    assert {"target_yr", "coord_src", "src_file", "len_hf_km", "status_zh"} <= set(rail)


def test_shapefile_readme_documents_the_field_mapping():
    readme = (ROOT / "docs" / "shapefiles.md").read_text(encoding="utf-8")
    for column, field in export.SHAPEFILE_FIELDS.items():
        assert f"| `{column}` | `{field}` |" in readme
        assert len(field) <= 10


# ---------------------------------------------------------------- determinism, atomicity


def test_two_builds_are_byte_identical(tmp_path, mini_layers, vocab):
    export.write_all(mini_layers, vocab=vocab, out_dir=tmp_path / "a")
    export.write_all(mini_layers, vocab=vocab, out_dir=tmp_path / "b")
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    n = len(mini_layers) + len(export.ORIENTATION_LAYERS)
    # 2 GeoPackages, 7 files per shapefile, GeoJSON + FlatGeobuf, fields, licence, project
    assert len(a) == 2 + 7 * n + 2 * n + 3
    assert a == b


def test_rows_are_written_sorted_by_id(tmp_path, mini_layers, vocab):
    shuffled = dict(mini_layers)
    shuffled["counties"] = mini_layers["counties"].iloc[::-1]
    export.write_all(shuffled, vocab=vocab, out_dir=tmp_path / "a")
    export.write_all(mini_layers, vocab=vocab, out_dir=tmp_path / "b")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_failed_write_all_leaves_previous_outputs_intact(tmp_path, mini_layers, vocab, monkeypatch):
    export.write_all(mini_layers, vocab=vocab, out_dir=tmp_path)
    before = _digest(tmp_path)
    real = pyogrio.write_dataframe
    calls = []

    def failing(df, path, *args, **kwargs):
        calls.append(path)
        if str(path).endswith("rail.shp"):  # after the GeoPackage and a few shapefiles
            raise OSError("disk full")
        return real(df, path, *args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", failing)
    changed = {**mini_layers, "airport": mini_layers["airport"].assign(name_zh="改了")}
    with pytest.raises(OSError, match="disk full"):
        export.write_all(changed, vocab=vocab, out_dir=tmp_path)
    assert any(str(p).endswith(".gpkg") for p in calls)
    assert _digest(tmp_path) == before
    assert _debris(tmp_path) == []


def test_failed_write_geopackage_leaves_previous_file_intact(
    tmp_path, mini_layers, vocab, monkeypatch
):
    target = tmp_path / "plan.gpkg"
    export.write_geopackage(mini_layers, target, vocab=vocab)
    before = target.read_bytes()
    real = pyogrio.write_dataframe

    def failing(df, path, *args, layer=None, **kwargs):
        if layer == "layer_styles":
            raise RuntimeError("boom")
        return real(df, path, *args, layer=layer, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", failing)
    with pytest.raises(RuntimeError, match="boom"):
        export.write_geopackage(mini_layers, target, vocab=vocab)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def test_gdal_date_option_is_restored(tmp_path, mini_layers, vocab):
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    export.write_geopackage(mini_layers, tmp_path / "x.gpkg", vocab=vocab)
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None


# ---------------------------------------------------------------- refusals


def test_text_too_long_for_a_dbf_field_continues_and_round_trips(tmp_path, mini_layers, vocab):
    long_note = "示意走廊" * 50 + "end"  # 203 characters, 603 bytes in UTF-8
    highway = mini_layers["highway"].assign(note=long_note)
    export.write_shapefiles({"highway": highway}, tmp_path, vocab=vocab)
    info = pyogrio.read_info(tmp_path / "highway.shp")
    assert {"note", "note_c2", "note_c3"} <= set(info["fields"])
    assert all(len(f) <= 10 for f in info["fields"])
    back = export.read_shapefile(tmp_path / "highway.shp")
    assert back["note"][0] == long_note
    assert "note_c2" not in back.columns


@pytest.mark.parametrize("gap", [" ", "  ", " \u00e9 "])
def test_text_continues_without_losing_blanks_at_the_cut(tmp_path, mini_layers, vocab, gap):
    # DBF readers trim blanks at both ends of a field: the cut must not fall next to one
    note = "x" * (export.SHAPEFILE_TEXT_BYTES - 1) + gap + "y" * 300 + " z"
    highway = mini_layers["highway"].assign(note=note)
    export.write_shapefiles({"highway": highway}, tmp_path, vocab=vocab)
    assert export.read_shapefile(tmp_path / "highway.shp")["note"][0] == note


def test_column_without_a_short_name_is_refused(tmp_path, mini_layers, vocab):
    rail = mini_layers["rail"].assign(electrification="yes")
    with pytest.raises(ParameterError, match=r"'electrification'.*SHAPEFILE_FIELDS"):
        export.write_shapefiles({"rail": rail}, tmp_path, vocab=vocab)


def test_an_undocumented_column_is_written_with_a_warning(tmp_path, mini_layers, vocab, caplog):
    rail = mini_layers["rail"].assign(colour="red")
    export.write_geopackage({"rail": rail}, tmp_path / "x.gpkg", vocab=vocab)
    assert "column 'colour' is not in the data dictionary" in caplog.text
    con = sqlite3.connect(tmp_path / "x.gpkg")
    try:
        row = con.execute(
            "SELECT description FROM gpkg_data_columns WHERE column_name = 'colour'"
        ).fetchone()
    finally:
        con.close()
    assert row == ("(undocumented) / (undocumented)",)


def test_every_dictionary_column_has_a_shapefile_field_name():
    for column in load_fields():
        field = export.SHAPEFILE_FIELDS.get(column, column)
        assert len(field.encode()) <= 10, column


def test_a_layer_in_another_crs_is_written_in_epsg4326(tmp_path, mini_layers, vocab):
    """The one CRS policy (geo.measure.to_storage_crs): reproject at the door, refuse no CRS."""
    as_4326 = export.write_geopackage(mini_layers, tmp_path / "a.gpkg", vocab=vocab)
    moved = {**mini_layers, "rail": mini_layers["rail"].to_crs(3857)}
    as_3857 = export.write_geopackage(moved, tmp_path / "b.gpkg", vocab=vocab)
    a = gpd.read_file(as_4326, layer="rail")
    b = gpd.read_file(as_3857, layer="rail")
    assert pyproj.CRS(b.crs).equals(pyproj.CRS("EPSG:4326"))
    assert shapely.equals_exact(a.geometry.values, b.geometry.values, tolerance=1e-9).all()


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda d: {**d, "roads": d["rail"]}, ParameterError, r"'roads'.*vocab\.toml"),
        (
            lambda d: {**d, "rail": d["rail"].set_crs(None, allow_override=True)},
            CRSError,
            "no coordinate reference system",
        ),
        (lambda d: {**d, "airport": d["rail"]}, ParameterError, r"LineString.*declared Point"),
        (lambda d: {**d, "rail": pd.concat([d["rail"]] * 2)}, ParameterError, "duplicate id"),
        (lambda d: {**d, "rail": pd.DataFrame(d["rail"])}, ParameterError, "GeoDataFrame"),
        (lambda d: {}, ParameterError, "no layers"),
    ],
    ids=[
        "unknown-layer",
        "no-crs",
        "wrong-geometry",
        "duplicate-id",
        "not-gdf",
        "empty",
    ],
)
def test_bad_layers_are_refused(tmp_path, mini_layers, vocab, change, error, message):
    with pytest.raises(error, match=message):
        export.write_all(change(mini_layers), vocab=vocab, out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- QGIS project


def test_qgis_project_refers_to_the_geopackage_relatively(exported, every):
    out = exported[0]
    text = (out / export.QGIS_PROJECT_NAME).read_text(encoding="utf-8")
    assert str(out) not in text  # the folder can be moved
    root = ET.fromstring(text)
    data = [m for m in root.iter("maplayer") if m.findtext("provider") == "ogr"]
    sources = {m.findtext("datasource") for m in data}
    assert sources == {f"./hefei_plan.gpkg|layername={name}" for name in every}
    # and one legend-only scratch layer, of the markings (geo/export/_qgis_legend.py)
    (legend,) = [m for m in root.iter("maplayer") if m not in data]
    assert legend.findtext("provider") == "memory" and legend.findtext("id").endswith("_legend")
    assert root.find("properties/Paths/Absolute").text == "false"
    assert {m.findtext("srs/spatialrefsys/authid") for m in root.iter("maplayer")} == {"EPSG:4326"}
    # displayed and measured in CGCS2000 / 3-degree GK CM 117E, on the WGS 84 ellipsoid, in km
    assert root.findtext("projectCrs/spatialrefsys/authid") == "EPSG:4548"
    assert root.findtext("ellipsoid") == "EPSG:7030"
    assert root.findtext("properties/Measure/Ellipsoid") == "EPSG:7030"
    assert root.findtext("properties/Measurement/DistanceUnits") == "km"
    assert root.findtext("properties/Measurement/AreaUnits") == "km2"
    names = {m.findtext("layername") for m in root.iter("maplayer")}
    assert {"铁路 Railways", "湿地 Wetlands", "合肥市界 Hefei city boundary"} <= names


def test_qgis_project_groups_by_chapter_and_draws_base_layers_at_the_bottom(exported, vocab):
    root = ET.fromstring((exported[0] / export.QGIS_PROJECT_NAME).read_text(encoding="utf-8"))
    tree = root.find("layer-tree-group")
    groups = [g.get("name") for g in tree.findall("layer-tree-group")]
    assert groups == [
        "交通 Transport",
        "能源 Energy",
        "环境 Environment",
        "行政区划与参考 Administrative divisions and reference",
    ]
    base = tree.findall("layer-tree-group")[-1].findall("layer-tree-layer")
    assert [la.get("name") for la in base] == [
        "现状路网 Existing network",
        "合肥市界 Hefei city boundary",
        "县(市、区) Counties and districts",
        "主要河流 Main rivers (orientation)",
        "巢湖 Chaohu (orientation)",
    ]
    order = [item.text.removeprefix("hefei_plan_") for item in tree.find("custom-order")]
    assert tree.find("custom-order").get("enabled") == "1"
    assert order.pop(0) == "legend"  # the legend layer heads the panel (it draws nothing)
    # the existing network under every plan layer, over the boundaries, then the water
    assert order[-5:] == [
        "existing_network",
        "boundary",
        "counties",
        "orientation_rivers",
        "orientation_water",
    ]

    def rank(name):
        return ["Point", "LineString", "Polygon"].index(vocab.layers[name].geometry)

    ranks = [rank(name) for name in order[:-5]]
    assert ranks == sorted(ranks)  # points over lines over polygons


def test_write_qgis_project_alone(tmp_path, mini_layers, vocab):
    gpkg = export.write_geopackage(mini_layers, tmp_path / "gis" / "plan.gpkg", vocab=vocab)
    qgs = export.write_qgis_project(
        mini_layers, tmp_path / "projects" / "plan.qgs", vocab=vocab, geopackage=gpkg
    )
    root = ET.fromstring(qgs.read_text(encoding="utf-8"))
    assert root.find("projectlayers/maplayer/datasource").text.startswith(
        "../gis/plan.gpkg|layername="
    )


def _enabled_by(symbol: ET.Element) -> list[str]:
    return [
        o.get("value")
        for layer in symbol.findall("layer")
        for o in layer.iter("Option")
        if o.get("name") == "expression"
    ]


def test_precision_and_progress_are_marked_in_qgis_styles(tmp_path, mini_layers, vocab):
    progress = ["progress", "progress_zh", "progress_en", "progress_year", "progress_source"]
    rail = mini_layers["rail"].drop(columns=progress, errors="ignore")
    export.write_shapefiles({"rail": rail}, tmp_path / "before", vocab=vocab)
    symbol = next(_qml(tmp_path / "before", "rail").iter("symbol"))
    marks = _enabled_by(symbol)
    assert any("indicative" in m for m in marks) and any("corridor_schematic" in m for m in marks)
    assert not any("progress" in m for m in marks)  # no progress column: no progress marking
    # once the catalogue says what happened since the plan (CONTRACTS.md B)
    progressed = rail.assign(progress="built", progress_zh="已建成", progress_en="built")
    export.write_shapefiles({"rail": progressed}, tmp_path / "after", vocab=vocab)
    marks = _enabled_by(next(_qml(tmp_path / "after", "rail").iter("symbol")))
    assert "\"progress\" = 'built'" in marks and "\"progress\" = 'under_construction'" in marks
