"""Places land where they are: the gazetteer checked against independent references."""

from __future__ import annotations

import csv
import json

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from geo import admin
from geo.catalogue import load_gazetteer
from tests.conftest import require_shared

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def places():
    return load_gazetteer()


def _dist_m(a, lon, lat):
    return GEOD.inv(a.lon, a.lat, lon, lat)[2]


def test_every_place_has_a_source_and_honest_accuracy(places):
    for p in places.values():
        assert p.source, p.id
        assert 10 <= p.accuracy_m <= 20000, p.id


def test_stations_match_openstreetmap(places):
    path = require_shared("data", "osm", "rail_stations_osm_hefei.geojson")
    osm = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        name = f["properties"].get("name")
        if name:
            osm.setdefault(name, []).append(f["geometry"]["coordinates"])
    checked = 0
    for p in places.values():
        if p.kind != "station":
            continue
        name = p.name_zh.removesuffix("站")
        if name in osm:
            best = min(_dist_m(p, lon, lat) for lon, lat in osm[name])
            assert best < 2000, f"{p.id} ({p.name_zh}) is {best:.0f} m from OSM"
            checked += 1
    assert checked >= 5


def test_cities_match_geonames(places):
    path = require_shared("data", "geonames", "gazetteer_geonames.csv")
    with path.open(encoding="utf-8") as fh:
        rows = {r["geonameid"]: r for r in csv.DictReader(fh)}
    checked = 0
    for p in places.values():
        for gid, row in rows.items():
            if f"GeoNames {gid}" in p.source:
                assert _dist_m(p, float(row["lon"]), float(row["lat"])) < 1000, p.id
                checked += 1
    assert checked >= 5


def test_hefei_places_fall_inside_hefei_or_near_its_edge(places):
    city = admin.boundary().to_crs(4548).geometry.iloc[0]
    near = city.buffer(30_000)
    pts = gpd.GeoSeries(
        [shapely.Point(p.lon, p.lat) for p in places.values() if p.kind in {"town", "station"}],
        crs=4326,
    ).to_crs(4548)
    # Towns and stations either lie in Hefei or are the far ends of lines; all are in China.
    assert pts.within(near).mean() > 0.4
