"""Existing-network sources: OSM XML (osmnx), OSM PBF (pyosmium), vector files, online, default."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import admin, network
from geo._paths import REFERENCE_NETWORK
from geo.errors import CRSError, NetworkSourceError, ParameterError
from geo.measure import LENGTH_CRS
from geo.network._check import check_network

OSM = Path(__file__).parent / "data" / "osm"
RAIL = OSM / "rail_tracks.osm"
MOTORWAY = OSM / "motorway_pair.osm"


def _km(gdf: gpd.GeoDataFrame) -> dict[str, float]:
    lengths = gdf.to_crs(LENGTH_CRS).length / 1000
    return {i: round(float(v), 3) for i, v in zip(gdf["id"], lengths, strict=True)}


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"railway": "rail"}, ("rail", "rail")),
        ({"railway": "rail", "highspeed": "yes"}, ("rail", "high_speed")),
        ({"railway": "rail", "usage": "branch"}, ("rail", "branch")),
        ({"railway": "rail", "service": "siding"}, None),
        ({"railway": "rail", "service": "yard"}, None),
        ({"railway": "rail", "usage": "industrial"}, None),
        ({"railway": "abandoned"}, None),
        ({"highway": "motorway"}, ("expressway", "motorway")),
        ({"highway": "motorway_link"}, None),
        ({"highway": "trunk"}, ("road", "trunk")),
        ({"highway": "trunk_link"}, None),
        ({"highway": "residential"}, None),
        ({"highway": float("nan"), "railway": None}, None),
    ],
)
def test_classify_osm_tags(tags, expected):
    assert network.classify_osm_tags(tags) == expected


def test_road_classes_must_be_a_sequence():
    with pytest.raises(ParameterError, match="road_classes='trunk'"):
        network.load_network(RAIL, road_classes="trunk")
    with pytest.raises(ParameterError, match="motorway_link"):
        network.load_network(RAIL, road_classes=("motorway", "motorway_link"))


# ---------------------------------------------------------------- OSM XML


def test_xml_rail_fixture():
    gdf = network.load_network(RAIL)
    assert list(gdf.columns[: len(network.NETWORK_COLUMNS)]) == list(network.NETWORK_COLUMNS)
    assert gdf.crs.to_epsg() == 4326
    # siding, industrial spur, abandoned line and footway are left out
    assert sorted(gdf["id"]) == ["way/1001", "way/1002", "way/1003", "way/1005", "way/1006"]
    assert set(gdf["mode"]) == {"rail"}
    kinds = dict(zip(gdf["id"], gdf["kind"], strict=True))
    assert kinds["way/1005"] == "high_speed"
    assert kinds["way/1006"] == "branch"
    assert kinds["way/1001"] == "main"
    row = gdf.set_index("id").loc["way/1001"]
    assert row["name_zh"] == "测试铁路"
    assert row["name_en"] == "Test Railway"
    assert row["ref"] == "T1"
    assert row["precision"] == "osm_alignment"
    assert "OpenStreetMap" in row["source"] and "rail_tracks.osm" in row["source"]
    km = _km(gdf)
    assert km == {
        "way/1001": 5.0,
        "way/1002": 5.0,
        "way/1003": 5.0,
        "way/1005": 3.0,
        "way/1006": 4.0,
    }


def test_xml_motorway_fixture():
    gdf = network.load_network(MOTORWAY)
    modes = dict(zip(gdf["id"], zip(gdf["mode"], gdf["kind"], strict=True), strict=True))
    assert modes == {
        "way/2001": ("expressway", "motorway"),
        "way/2002": ("expressway", "motorway"),
        "way/2004": ("road", "trunk"),
        "way/2005": ("road", "primary"),
    }
    assert _km(gdf) == {"way/2001": 6.0, "way/2002": 6.0, "way/2004": 4.0, "way/2005": 2.0}
    only = network.load_network(MOTORWAY, road_classes=("motorway",))
    assert set(only["mode"]) == {"expressway"}


def test_xml_errors():
    with pytest.raises(NetworkSourceError, match=r"corrupt\.osm.*OpenStreetMap XML"):
        network.load_network(OSM / "corrupt.osm")
    with pytest.raises(NetworkSourceError, match=r"no_network\.osm.*no usable lines.*railway=rail"):
        network.load_network(OSM / "no_network.osm")
    with pytest.raises(NetworkSourceError, match="does not exist"):
        network.load_network(OSM / "missing.osm")


def test_outside_boundary_is_refused():
    gdf = network.load_network(OSM / "outside_hefei.osm")  # without a boundary: loaded as is
    assert len(gdf) == 1
    with pytest.raises(NetworkSourceError, match=r"outside_hefei\.osm.*within the boundary"):
        network.load_network(OSM / "outside_hefei.osm", boundary=admin.boundary())


def test_boundary_keeps_lines_that_touch_it():
    box = shapely.box(117.0, 31.0, 117.5, 32.5)
    assert len(network.load_network(RAIL, boundary=box)) == 5
    with pytest.raises(ParameterError, match="boundary"):
        network.load_network(RAIL, boundary="Hefei")
    with pytest.raises(ParameterError, match="Polygon"):
        network.load_network(RAIL, boundary=shapely.Point(117, 31))


def test_boundary_frame_needs_a_crs_and_may_be_in_any():
    box = shapely.box(117.0, 31.0, 117.5, 32.25)  # keeps 4 of the 5 tracks
    with pytest.raises(CRSError, match=r"'boundary' has no coordinate reference system"):
        network.load_network(RAIL, boundary=gpd.GeoDataFrame(geometry=[box]))
    lonlat = gpd.GeoDataFrame(geometry=[box], crs=4326)
    want = network.load_network(RAIL, boundary=lonlat)
    assert len(want) == 4
    for other in (lonlat.to_crs(LENGTH_CRS), lonlat.geometry.to_crs(LENGTH_CRS)):
        got = network.load_network(RAIL, boundary=other)
        assert _km(got) == _km(want)


def test_check_network_area_needs_a_crs_and_may_be_in_any():
    net = network.load_network(RAIL)
    inside = gpd.GeoDataFrame(geometry=[shapely.box(*net.total_bounds).buffer(0.01)], crs=4326)
    far = gpd.GeoDataFrame(geometry=[shapely.box(118.5, 30.0, 119.0, 30.5)], crs=4326)
    with pytest.raises(CRSError, match=r"'area' has no coordinate reference system"):
        check_network(net, source="rail.osm", area=gpd.GeoDataFrame(geometry=list(inside.geometry)))
    for area in (inside, inside.to_crs(LENGTH_CRS)):
        check_network(net, source="rail.osm", area=area)  # lines inside: accepted
    for area in (far, far.to_crs(LENGTH_CRS)):
        with pytest.raises(NetworkSourceError, match=r"'rail\.osm'.*none of its 5 lines"):
            check_network(net, source="rail.osm", area=area)


# ---------------------------------------------------------------- OSM PBF


def _write_pbf(path: Path) -> None:
    import osmium
    import pyproj

    to_ll = pyproj.Transformer.from_crs(LENGTH_CRS, 4326, always_xy=True)
    x0, y0 = 518457.0, 3567790.0
    writer = osmium.SimpleWriter(str(path))
    nid = 0

    def line(points):
        nonlocal nid
        ids = []
        for x, y in points:
            nid += 1
            lon, lat = to_ll.transform(x, y)
            writer.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat)))
            ids.append(nid)
        return ids

    a = line([(x0 + 500 * i, y0) for i in range(5)])
    b = line([(x0 + 500 * i, y0 + 4) for i in range(5)])
    m = line([(x0, y0 + 1000), (x0 + 3000, y0 + 1000)])
    s = line([(x0, y0 - 50), (x0 + 300, y0 - 50)])
    writer.add_way(osmium.osm.mutable.Way(id=1, nodes=a, tags={"railway": "rail", "name": "甲"}))
    writer.add_way(osmium.osm.mutable.Way(id=2, nodes=b, tags={"railway": "rail"}))
    writer.add_way(osmium.osm.mutable.Way(id=3, nodes=m, tags={"highway": "motorway", "ref": "G3"}))
    writer.add_way(
        osmium.osm.mutable.Way(id=4, nodes=s, tags={"railway": "rail", "service": "yard"})
    )
    writer.add_way(osmium.osm.mutable.Way(id=5, nodes=[9999, 9998], tags={"railway": "rail"}))
    writer.close()


def test_pbf_roundtrip(tmp_path):
    path = tmp_path / "tiny.osm.pbf"
    _write_pbf(path)
    gdf = network.load_network(path)
    assert sorted(gdf["id"]) == ["way/1", "way/2", "way/3"]  # yard left out, way 5 has no nodes
    assert dict(zip(gdf["id"], gdf["mode"], strict=True)) == {
        "way/1": "rail",
        "way/2": "rail",
        "way/3": "expressway",
    }
    assert _km(gdf) == {"way/1": 2.0, "way/2": 2.0, "way/3": 3.0}
    assert gdf.set_index("id").loc["way/1", "name_zh"] == "甲"


def test_pbf_corrupt(tmp_path):
    path = tmp_path / "bad.osm.pbf"
    path.write_bytes(b"not a pbf file" * 50)
    with pytest.raises(NetworkSourceError, match=r"bad\.osm\.pbf"):
        network.load_network(path)


# ---------------------------------------------------------------- vector files


def test_vector_roundtrip_geojson_and_gpkg(tmp_path):
    gdf = network.load_network(RAIL)
    for name in ("net.geojson", "net.gpkg"):
        path = tmp_path / name
        gdf.to_file(path)
        back = network.load_network(path)
        assert sorted(back["id"]) == sorted(gdf["id"])
        assert _km(back) == _km(gdf)


def test_vector_in_another_crs(tmp_path):
    gdf = network.load_network(MOTORWAY).to_crs(LENGTH_CRS)
    path = tmp_path / "projected.gpkg"
    gdf.to_file(path)
    back = network.load_network(path)
    assert back.crs.to_epsg() == 4326
    assert _km(back) == _km(gdf.to_crs(4326))


def test_vector_osm_tag_columns(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"highway": ["motorway", "motorway_link", "trunk"], "railway": [None, None, None]},
        geometry=[shapely.LineString([(117.2, 31.8), (117.3, 31.8)])] * 3,
        crs=4326,
    )
    path = tmp_path / "tags.gpkg"
    gdf.to_file(path)
    back = network.load_network(path)
    assert list(back["mode"]) == ["expressway", "road"]


def test_vector_osm_tag_columns_named_as_the_osm_readers_name_them(tmp_path):
    # one reading of OSM tags for every source: name:zh before name, name:en, ref, precision
    gdf = gpd.GeoDataFrame(
        {
            "railway": ["rail", "rail"],
            "name": ["合肥南", "乙"],
            "name:zh": ["合肥南站线", None],
            "name:en": ["Hefei South line", None],
            "ref": ["R1", None],
        },
        geometry=[shapely.LineString([(117.2, 31.8), (117.3, 31.8)])] * 2,
        crs=4326,
    )
    path = tmp_path / "tags.gpkg"
    gdf.to_file(path)
    back = network.load_network(path).sort_values("name_zh").reset_index(drop=True)
    assert list(back["name_zh"]) == ["乙", "合肥南站线"]
    assert list(back["name_en"]) == ["", "Hefei South line"]
    assert list(back["ref"]) == ["", "R1"]
    assert set(back["precision"]) == {"osm_alignment"}
    assert all(s.startswith(network.OSM_SOURCE) for s in back["source"])


@pytest.mark.filterwarnings("ignore:.crs. was not provided")
def test_shapefile_without_crs(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"mode": ["rail"]}, geometry=[shapely.LineString([(117.2, 31.8), (117.3, 31.8)])]
    )
    path = tmp_path / "nocrs.shp"
    gdf.to_file(path)
    assert not path.with_suffix(".prj").exists()
    with pytest.raises(CRSError, match=r"nocrs\.shp.*no coordinate reference system"):
        network.load_network(path)


def test_vector_errors(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [ {"type": ', encoding="utf-8")
    with pytest.raises(NetworkSourceError, match=r"bad\.geojson"):
        network.load_network(bad)
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(NetworkSourceError, match=r"empty"):
        network.load_network(empty)
    line = shapely.LineString([(117.2, 31.8), (117.3, 31.8)])
    odd = tmp_path / "odd.gpkg"
    gpd.GeoDataFrame({"mode": ["tram"]}, geometry=[line], crs=4326).to_file(odd)
    with pytest.raises(NetworkSourceError, match=r"'tram'.*rail, expressway, road"):
        network.load_network(odd)
    nomode = tmp_path / "nomode.gpkg"
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[line], crs=4326).to_file(nomode)
    with pytest.raises(NetworkSourceError, match=r"'mode' column"):
        network.load_network(nomode)
    points = tmp_path / "points.gpkg"
    gpd.GeoDataFrame({"mode": ["rail"]}, geometry=[shapely.Point(117.2, 31.8)], crs=4326).to_file(
        points
    )
    with pytest.raises(NetworkSourceError, match="no usable lines"):
        network.load_network(points)
    with pytest.raises(NetworkSourceError, match="does not exist"):
        network.load_network(tmp_path / "nothing.gpkg")


def test_source_and_osm_exclusive():
    with pytest.raises(ParameterError, match="choose one"):
        network.load_network(RAIL, osm=True)


# ---------------------------------------------------------------- online (monkeypatched)


def test_download_uses_osmnx_polygon_query(monkeypatch):
    import osmnx as ox

    calls = {}

    def fake(polygon, tags):
        calls["polygon"] = polygon
        calls["tags"] = tags
        return ox.features_from_xml(MOTORWAY, tags=tags)

    monkeypatch.setattr(ox, "features_from_polygon", fake)
    gdf = network.load_network(osm=True)
    assert calls["tags"] == {"railway": "rail", "highway": list(network.DEFAULT_ROAD_CLASSES)}
    assert calls["polygon"].equals(admin.boundary().geometry.iloc[0])
    assert sorted(gdf["id"]) == ["way/2001", "way/2002", "way/2004", "way/2005"]
    assert "Overpass" in gdf["source"].iloc[0]


def test_download_failure_is_explained(monkeypatch):
    import osmnx as ox

    def boom(polygon, tags):
        raise ConnectionError("no route to host")

    monkeypatch.setattr(ox, "features_from_polygon", boom)
    with pytest.raises(NetworkSourceError, match=r"no route to host.*--network PATH"):
        network.load_network(osm=True)


# ---------------------------------------------------------------- embedded default


@pytest.mark.skipif(
    not REFERENCE_NETWORK.exists(), reason="embedded reference network not written yet"
)
def test_embedded_default():
    gdf = network.load_network()
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["mode"]) <= {"rail", "expressway"}
    assert {"rail", "expressway"} <= set(gdf["mode"])
    assert gdf["id"].is_unique
    assert set(gdf.geom_type) <= {"LineString", "MultiLineString"}
    assert np.all(gdf.geometry.is_valid)
