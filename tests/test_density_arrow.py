"""Reading line files straight into segment arrays through Arrow (geo.density._arrow)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from geo.density._arrow import read_segments
from geo.density._segments import segments_from_lines
from geo.errors import CRSError, InputFileError
from geo.measure import LENGTH_CRS


def _network() -> gpd.GeoDataFrame:
    """Lines of 2 to 40 vertices, a MultiLineString, a point, an empty line, a repeated vertex."""
    rng = np.random.default_rng(3)
    geoms: list[shapely.Geometry] = []
    for n in rng.integers(2, 40, 30):
        xy = np.cumsum(rng.normal(0, 100, (n, 2)), axis=0) + np.array([500_000, 3_500_000])
        geoms.append(shapely.LineString(xy))
    geoms.append(shapely.MultiLineString([[(0, 0), (10, 0), (10, 5)], [(20, 20), (25, 25)]]))
    geoms.append(shapely.Point(1, 1))
    geoms.append(shapely.LineString([(5, 5), (5, 5), (6, 7)]))
    geoms.append(shapely.LineString([(8, 8), (9, 9)]))
    kind = [f"k{i % 3}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"kind": kind}, geometry=geoms, crs=LENGTH_CRS)


@pytest.mark.parametrize("ext", ["gpkg", "fgb", "shp", "parquet"])
def test_segments_equal_those_of_the_shapely_geometries(tmp_path, ext):
    if ext == "parquet" and "Parquet" not in pyogrio.list_drivers():
        pytest.skip("GDAL here has no (Geo)Parquet driver")
    gdf = _network()
    path = tmp_path / f"net.{ext}"
    if ext == "parquet":
        gdf.to_parquet(path)
    elif ext == "shp":  # a shapefile layer holds lines only
        gdf = gdf[gdf.geom_type != "Point"].reset_index(drop=True)
        gdf.to_file(path)
    else:
        gdf.to_file(path)
    got = read_segments(path, columns=["kind"])
    back = gpd.read_file(path)  # the file's own feature order (FlatGeobuf sorts them)
    assert len(back) == len(gdf)
    want, owner = segments_from_lines(back.geometry.values)
    np.testing.assert_array_equal(got.segments, want)
    np.testing.assert_array_equal(got.owner, owner)
    assert got.attributes.column("kind").to_pylist() == list(back["kind"])
    assert got.crs.equals(LENGTH_CRS)


def test_two_point_lines_are_read_whole(tmp_path):
    rng = np.random.default_rng(5)
    seg = rng.uniform(0, 1000, (500, 4)) + np.array([500_000, 3_500_000] * 2)
    gdf = gpd.GeoDataFrame(geometry=shapely.linestrings(seg.reshape(-1, 2, 2)), crs=LENGTH_CRS)
    gdf.to_file(tmp_path / "segments.gpkg")
    got = read_segments(tmp_path / "segments.gpkg")
    np.testing.assert_array_equal(got.segments, seg)
    np.testing.assert_array_equal(got.owner, np.arange(500))


def test_coordinates_are_reprojected_from_the_files_crs(tmp_path):
    gdf = _network().iloc[:30]
    gdf.to_crs(4326).to_file(tmp_path / "lonlat.gpkg")
    got = read_segments(tmp_path / "lonlat.gpkg")
    want, _ = segments_from_lines(gdf.geometry.values)
    assert got.segments.shape == want.shape
    np.testing.assert_allclose(got.segments, want, rtol=0, atol=1e-3)  # metres
    in_4326 = read_segments(tmp_path / "lonlat.gpkg", crs=4326)
    assert 100 < in_4326.segments[:, 0].min() < 130  # longitude first


def test_where_selects_features(tmp_path):
    gdf = _network()
    gdf.to_file(tmp_path / "net.gpkg")
    got = read_segments(tmp_path / "net.gpkg", where="kind = 'k1'", columns=["kind"])
    assert set(got.attributes.column("kind").to_pylist()) == {"k1"}
    sub = gdf[gdf["kind"] == "k1"]
    np.testing.assert_array_equal(got.segments, segments_from_lines(sub.geometry.values)[0])


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_file_without_crs_is_refused(tmp_path):
    gdf = _network().iloc[:5]
    gdf.set_crs(None, allow_override=True).to_file(tmp_path / "nocrs.fgb")
    with pytest.raises(CRSError, match="no coordinate reference system"):
        read_segments(tmp_path / "nocrs.fgb")


def test_an_unreadable_file_names_it(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_text("not a geopackage", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.gpkg"):
        read_segments(bad)
