"""National datum and download formats: CGCS2000 GeoPackage, GeoJSON, FlatGeobuf, GBK shapefiles.

Each output is read back by a second reader as well as GDAL: plain ``json`` for
GeoJSON (RFC 7946), pyshp for shapefiles; GDAL's own ``validate_gpkg.py``
(Debian's python3-gdal, the system GDAL's version) checks every GeoPackage.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapefile  # pyshp
import shapely

from geo import cli, export
from geo.errors import ParameterError

SYSTEM_PYTHON = Path("/usr/bin/python3")


def _coords(geoms) -> np.ndarray:
    return shapely.get_coordinates(np.asarray(geoms))


def test_cgcs2000_geopackage_has_the_same_coordinates_in_epsg_4490(exported_dir, every):
    """WGS 84 -> CGCS2000 is the identity at this accuracy: same numbers, CRS EPSG:4490."""
    wgs = exported_dir / export.GEOPACKAGE_NAME
    cgcs = exported_dir / export.CGCS2000_GEOPACKAGE_NAME
    con = sqlite3.connect(cgcs)
    try:
        srs = set(con.execute("SELECT srs_id FROM gpkg_geometry_columns"))
        defs = dict(con.execute("SELECT srs_id, organization FROM gpkg_spatial_ref_sys"))
    finally:
        con.close()
    assert srs == {(4490,)} and defs[4490] == "EPSG"
    for name, gdf in every.items():
        a = pyogrio.read_dataframe(wgs, layer=name)
        b = pyogrio.read_dataframe(cgcs, layer=name)
        assert b.crs.to_epsg() == 4490 and a.crs.to_epsg() == 4326, name
        assert np.array_equal(_coords(a.geometry), _coords(b.geometry)), name
        assert len(b) == len(gdf)
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), name


def test_geojson_is_rfc7946_read_with_plain_json(exported_dir, every):
    for name, gdf in every.items():
        doc = json.loads((exported_dir / "geojson" / f"{name}.geojson").read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection" and "crs" not in doc, name
        assert len(doc["features"]) == len(gdf), name
        for feature in doc["features"]:
            props = feature["properties"]
            assert "" not in props.values(), f"{name}: empty string instead of null"
            lon, lat = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]))[0]
            assert 114 < lon < 120 and 29 < lat < 34, (name, lon, lat)  # x=lon, y=lat
            if "target_year" in props:
                assert props["target_year"] is None or isinstance(props["target_year"], int)
        if name == "wetland" and doc["features"]:
            ring = doc["features"][0]["geometry"]["coordinates"][0][0]
            assert shapely.LinearRing(ring).is_ccw  # RFC 7946: outer rings counter-clockwise


def test_flatgeobuf_round_trips(exported_dir, every):
    for name, gdf in every.items():
        path = exported_dir / "flatgeobuf" / f"{name}.fgb"
        back = pyogrio.read_dataframe(path)
        assert len(back) == len(gdf), name
        # rows in the order of the packed Hilbert R-tree
        assert back.crs.to_epsg() == 4326 and sorted(back["id"]) == sorted(gdf["id"]), name


def test_shapefiles_read_with_pyshp(exported_dir, every):
    for name, gdf in every.items():
        path = exported_dir / "shapefiles" / f"{name}.shp"
        with shapefile.Reader(str(path), encoding="utf-8") as reader:
            assert len(reader) == len(gdf), name
            fields = [f[0] for f in reader.fields[1:]]
            records = reader.records()
        assert (exported_dir / "shapefiles" / f"{name}.cpg").read_text() == "UTF-8"
        if len(gdf):
            names = {r[fields.index("name_zh")] for r in records}
            assert names == set(gdf["name_zh"]), name


def test_gbk_shapefiles_read_with_pyshp(tmp_path, every, mini_layers, mini_catalogue):
    export.write_shapefiles(mini_layers, tmp_path, vocab=mini_catalogue.vocab, encoding="GBK")
    for name, gdf in every.items():
        assert (tmp_path / f"{name}.cpg").read_text().upper() in ("GBK", "CP936"), name
        with shapefile.Reader(str(tmp_path / f"{name}.shp"), encoding="gbk") as reader:
            fields = [f[0] for f in reader.fields[1:]]
            names = {r[fields.index("name_zh")] for r in reader.records()}
        assert names == set(gdf["name_zh"]), name
        back = export.read_shapefile(tmp_path / f"{name}.shp")
        assert set(back["name_zh"]) == set(gdf["name_zh"]), name
    # the two characters GBK lacks are spelled out, nothing else changes
    network = export.read_shapefile(tmp_path / "existing_network.shp")
    assert all("©" not in s for s in network["source"].dropna())
    assert any("(c) OpenStreetMap contributors" in s for s in network["source"].dropna())


def test_a_name_gbk_cannot_hold_is_refused(tmp_path, mini_layers, mini_catalogue):
    rail = mini_layers["rail"].copy()
    rid = rail["id"].iloc[0]
    rail.loc[rail.index[0], "name_zh"] = "合肥\u2603线"  # a snowman: not in GBK
    with pytest.raises(
        ParameterError,
        match=rf"'GBK' cannot hold '\u2603' in layer 'rail', record '{rid}', field 'name_zh'",
    ):
        export.write_shapefiles(
            {**mini_layers, "rail": rail}, tmp_path, vocab=mini_catalogue.vocab, encoding="GBK"
        )
    assert list(tmp_path.iterdir()) == []


def test_cli_build_option_shapefile_encoding(tmp_path, mini_dir, capsys):
    args = [
        "build",
        "-q",
        "--catalogue",
        str(mini_dir),
        "--gazetteer",
        str(mini_dir / "gazetteer.csv"),
        "--data-dir",
        str(tmp_path / "data"),
        "--maps-dir",
        str(tmp_path / "maps"),
        "--shapefile-encoding",
        "GBK",
    ]
    if cli.main(args) != 0:
        pytest.fail(capsys.readouterr().err)
    assert (tmp_path / "data" / "shapefiles" / "rail.cpg").read_text().upper() in ("GBK", "CP936")
    with pytest.raises(SystemExit):
        cli.main([*args[:-1], "Latin-1"])


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(SYSTEM_PYTHON),
            "-m",
            "osgeo_utils.samples.validate_gpkg",
            "--extra",
            "--warning-as-error",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@pytest.mark.qgis
def test_every_geopackage_passes_gdal_validate_gpkg(exported_dir, tmp_path):
    probe = (
        subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import osgeo_utils.samples.validate_gpkg"],
            capture_output=True,
            text=True,
            check=False,
        )
        if SYSTEM_PYTHON.exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        pytest.skip("GDAL's validate_gpkg.py (apt-get install python3-gdal) is not available")
    gpkgs = sorted(exported_dir.glob("*.gpkg"))
    assert [p.name for p in gpkgs] == sorted(
        [export.GEOPACKAGE_NAME, export.CGCS2000_GEOPACKAGE_NAME]
    )
    for gpkg in gpkgs:
        run = _validate(gpkg)
        assert run.returncode == 0 and run.stdout.strip() == "", (gpkg.name, run.stdout, run.stderr)
    # the validator does see problems: a GeoPackage with a broken data-columns entry fails
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(gpkgs[0].read_bytes())
    con = sqlite3.connect(broken)
    with con:
        con.execute("UPDATE gpkg_data_columns SET column_name = 'nope' WHERE rowid = 1")
    con.close()
    assert _validate(broken).returncode != 0
