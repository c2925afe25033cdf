"""Conversion between WGS84 and the obfuscated Chinese datums GCJ-02 and BD-09.

Amap/Gaode and Tencent publish coordinates in GCJ-02 ("Mars coordinates"),
Baidu in BD-09, which is GCJ-02 shifted once more. In Hefei both are offset
from WGS84 by roughly 500-700 m. Data from those sources must be converted to
WGS84 at the door; :func:`to_wgs84` does so by name.

All functions take and return longitude and latitude in decimal degrees
(``x=lon, y=lat``), as scalars or NumPy arrays. Outside China the GCJ-02
offset is not applied (as the datum itself specifies).

The forward GCJ-02 transform follows the published formula (Krasovsky 1940
ellipsoid, semi-major axis 6378245 m); the inverse is computed by fixed-point
iteration to better than 1e-9 degrees (about 0.1 mm).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from geo.errors import ParameterError

__all__ = [
    "DATUMS",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "geometry_to_wgs84",
    "in_china",
    "to_wgs84",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

Datum = Literal["WGS84", "GCJ02", "BD09"]
DATUMS: tuple[str, ...] = ("WGS84", "GCJ02", "BD09")

_A = 6378245.0  # Krasovsky 1940 semi-major axis, metres
_EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

Coords = tuple[NDArray[np.float64], NDArray[np.float64]]


def in_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Return whether points fall in the rough bounding box where GCJ-02 applies.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in decimal degrees.

    Returns
    -------
    numpy.ndarray of bool
    """
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    return (lon_a >= 72.004) & (lon_a <= 137.8347) & (lat_a >= 0.8293) & (lat_a <= 55.8271)


def _delta(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> Coords:
    """GCJ-02 offset (degrees) at WGS84 position ``(lon, lat)``."""
    x = lon - 105.0
    y = lat - 35.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlon, dlat


def _arrays(lon: ArrayLike, lat: ArrayLike) -> Coords:
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """Convert WGS84 to GCJ-02 (Amap/Tencent). Degrees in, degrees out."""
    lon_a, lat_a = _arrays(lon, lat)
    dlon, dlat = _delta(lon_a, lat_a)
    inside = in_china(lon_a, lat_a)
    return np.where(inside, lon_a + dlon, lon_a), np.where(inside, lat_a + dlat, lat_a)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike, *, tolerance: float = 1e-9) -> Coords:
    """Convert GCJ-02 to WGS84 by fixed-point iteration of the forward transform.

    Parameters
    ----------
    lon, lat : array_like
        GCJ-02 longitude and latitude, decimal degrees.
    tolerance : float, default 1e-9
        Stop when the round trip reproduces the input to within this many degrees.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 ``(lon, lat)``.
    """
    g_lon, g_lat = _arrays(lon, lat)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(30):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if np.all(np.abs(e_lon) < tolerance) and np.all(np.abs(e_lat) < tolerance):
            break
    return w_lon, w_lat


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """Convert GCJ-02 to BD-09 (Baidu). Degrees in, degrees out."""
    x, y = _arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """Convert BD-09 (Baidu) to GCJ-02. Degrees in, degrees out.

    The usual closed-form inverse is off by up to about 10 cm; it is refined
    here by fixed-point iteration of :func:`gcj02_to_bd09`.
    """
    b_lon, b_lat = _arrays(lon, lat)
    x, y = b_lon - 0.0065, b_lat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    g_lon, g_lat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(5):
        f_lon, f_lat = gcj02_to_bd09(g_lon, g_lat)
        g_lon, g_lat = g_lon - (f_lon - b_lon), g_lat - (f_lat - b_lat)
    return g_lon, g_lat


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """Convert WGS84 to BD-09 (Baidu). Degrees in, degrees out."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """Convert BD-09 (Baidu) to WGS84. Degrees in, degrees out."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def to_wgs84(lon: ArrayLike, lat: ArrayLike, *, datum: str) -> Coords:
    """Convert coordinates in ``datum`` to WGS84.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in decimal degrees.
    datum : {"WGS84", "GCJ02", "BD09"}
        The datum the coordinates are in. Case and a hyphen are ignored
        (``"gcj-02"`` is accepted).

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 ``(lon, lat)``.
    """
    key = str(datum).upper().replace("-", "").replace("_", "")
    if key == "WGS84":
        return _arrays(lon, lat)
    if key == "GCJ02":
        return gcj02_to_wgs84(lon, lat)
    if key == "BD09":
        return bd09_to_wgs84(lon, lat)
    raise ParameterError(f"datum={datum!r} is not known; use one of {', '.join(DATUMS)}")


def geometry_to_wgs84(geom: shapely.Geometry, *, datum: str) -> shapely.Geometry:
    """Convert every vertex of a shapely geometry from ``datum`` to WGS84."""

    def _convert(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        lon, lat = to_wgs84(xy[:, 0], xy[:, 1], datum=datum)
        return np.column_stack([lon, lat])

    return shapely.transform(geom, _convert)
