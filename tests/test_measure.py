"""Geometry construction and measurement: checked against independent computations."""

from itertools import pairwise

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo import admin
from geo.errors import CRSError
from geo.measure import (
    AREA_CRS,
    LENGTH_CRS,
    area_km2,
    geodesic_length_km,
    require_crs,
    to_storage_crs,
)
from layers._geometry import circle_of_area
from layers._measure import line_lengths_km


@pytest.mark.parametrize("area", [0.5, 10.0, 250.0])
def test_circle_has_the_requested_true_area(area):
    circle = circle_of_area(117.3, 31.6, area)
    # Independent check: pyproj's geodesic polygon area on the ellipsoid.
    geod_area, _ = Geod(ellps="WGS84").geometry_area_perimeter(circle)
    assert abs(geod_area) / 1e6 == pytest.approx(area, rel=1e-3)
    assert area_km2(gpd.GeoSeries([circle], crs=4326))[0] == pytest.approx(area, rel=1e-3)
    assert circle.centroid.distance(shapely.Point(117.3, 31.6)) < 1e-4


def test_geodesic_length_agrees_with_gauss_kruger_near_hefei():
    line = shapely.LineString([(117.0, 31.5), (117.3, 31.9), (117.6, 31.7)])
    s = gpd.GeoSeries([line], crs=4326)
    geodesic = geodesic_length_km(s)[0]
    projected = s.to_crs(LENGTH_CRS).length.iloc[0] / 1000
    assert geodesic == pytest.approx(projected, rel=5e-4)
    # and with an explicit sum of inverse geodesics
    geod = Geod(ellps="WGS84")
    coords = list(line.coords)
    manual = sum(geod.inv(*a, *b)[2] for a, b in pairwise(coords)) / 1000
    assert geodesic == pytest.approx(manual, rel=1e-9)


def test_data_without_crs_is_refused():
    with pytest.raises(CRSError, match=r"'roads.shp' has no coordinate reference system"):
        require_crs(gpd.GeoSeries([shapely.Point(0, 0)]), name="roads.shp")
    with pytest.raises(CRSError):
        geodesic_length_km(gpd.GeoSeries([shapely.LineString([(0, 0), (1, 1)])]))
    with pytest.raises(CRSError, match="'geoms' has no coordinate reference system"):
        line_lengths_km(gpd.GeoSeries([shapely.LineString([(117, 31), (117.1, 31)])]))


def test_to_storage_crs_reprojects_and_refuses_no_crs():
    lonlat = gpd.GeoSeries([shapely.Point(117.2272, 31.8206)], crs="EPSG:4326")
    assert to_storage_crs(lonlat, name="x") is lonlat
    back = to_storage_crs(lonlat.to_crs(4548), name="x")
    assert back.crs.to_epsg() == 4326
    assert back.iloc[0].distance(lonlat.iloc[0]) < 1e-9
    with pytest.raises(CRSError, match=r"'roads\.shp' has no coordinate reference system"):
        to_storage_crs(gpd.GeoSeries([shapely.Point(0, 0)]), name="roads.shp")


def test_area_crs_is_equal_area():
    assert AREA_CRS.to_json_dict()["conversion"]["method"]["name"] == "Albers Equal Area"


def test_length_crs_is_gauss_kruger_117e():
    # EPSG:4547 is CM 114E; Hefei (116.7-117.9E) lies in the CM 117E zone, EPSG:4548.
    assert LENGTH_CRS.to_epsg() == 4548
    assert "CM 117E" in LENGTH_CRS.name


def test_projected_length_matches_geodesic():
    """EPSG:4548 lengths agree with WGS84 geodesic lengths well within 0.5 % in Hefei."""
    city = admin.boundary()
    xmin, ymin, xmax, ymax = city.total_bounds
    lines = gpd.GeoSeries(
        [
            shapely.LineString([(xmin, ymin), (xmax, ymax)]),
            shapely.LineString([(xmin, ymax), (xmax, ymin)]),
            shapely.LineString([((xmin + xmax) / 2, ymin), ((xmin + xmax) / 2, ymax)]),
        ],
        crs=4326,
    )
    geod = geodesic_length_km(lines.segmentize(0.001))
    planar = lines.segmentize(0.001).to_crs(LENGTH_CRS).length.to_numpy() / 1000
    assert np.all(np.abs(planar / geod - 1) < 0.0005)
