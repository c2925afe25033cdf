"""GCJ-02 / BD-09 conversion, checked on published reference points."""

import numpy as np
import pytest
from pyproj import Geod

from geo.chinadatum import (
    bd09_to_wgs84,
    gcj02_to_wgs84,
    in_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from geo.errors import ParameterError

# (wgs_lat, wgs_lon, gcj_lat, gcj_lon): the eviltransform project's public test vectors.
GCJ_VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), GCJ_VECTORS)
def test_wgs84_to_gcj02_matches_published_vectors(wlat, wlon, glat, glon):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert float(lon) == pytest.approx(glon, abs=1e-9)
    assert float(lat) == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), GCJ_VECTORS)
def test_gcj02_to_wgs84_inverts_to_the_millimetre(wlat, wlon, glat, glon):
    lon, lat = gcj02_to_wgs84(glon, glat)
    _, _, dist = GEOD.inv(float(lon), float(lat), wlon, wlat)
    assert dist < 0.001


@pytest.mark.parametrize(("lon", "lat"), [(117.28488, 31.80030), (116.97, 31.99), (120.0, 29.2)])
def test_bd09_round_trip(lon, lat):
    b_lon, b_lat = wgs84_to_bd09(lon, lat)
    back_lon, back_lat = bd09_to_wgs84(b_lon, b_lat)
    _, _, dist = GEOD.inv(float(back_lon), float(back_lat), lon, lat)
    assert dist < 0.01


def test_offset_in_hefei_is_about_half_a_kilometre():
    # Hefei South station (OpenStreetMap, WGS84).
    lon, lat = 117.28488, 31.80030
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    _, _, gcj_shift = GEOD.inv(lon, lat, float(g_lon), float(g_lat))
    b_lon, b_lat = wgs84_to_bd09(lon, lat)
    _, _, bd_shift = GEOD.inv(lon, lat, float(b_lon), float(b_lat))
    assert 450 < gcj_shift < 700
    assert 1000 < bd_shift < 1600


def test_vectorised_and_outside_china_untouched():
    lon = np.array([117.28, 2.35])
    lat = np.array([31.8, 48.86])  # Hefei, Paris
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    assert g_lon[0] != lon[0]
    assert (g_lon[1], g_lat[1]) == (2.35, 48.86)
    assert in_china(lon, lat).tolist() == [True, False]


@pytest.mark.parametrize("datum", ["WGS84", "gcj-02", "GCJ02", "bd09"])
def test_to_wgs84_accepts_datum_names(datum):
    lon, _ = to_wgs84(117.3, 31.8, datum=datum)
    assert abs(float(lon) - 117.3) < 0.02


def test_to_wgs84_rejects_unknown_datum():
    with pytest.raises(ParameterError, match=r"datum='CGCS2001' is not known"):
        to_wgs84(117.3, 31.8, datum="CGCS2001")
