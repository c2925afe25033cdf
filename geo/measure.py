"""Coordinate reference systems and honest measurement.

Data is stored in EPSG:4326 (WGS84 lon/lat). The CRS policy, the same in every
module: data without a CRS is refused (:func:`require_crs`); data in any other
CRS is reprojected to EPSG:4326 where it enters (:func:`to_storage_crs`), by the
readers, the layer builders, the exports and the maps alike, and by every function
that takes a frame: a network's boundary, the areas, the catalogue lines given to
the density, the lines given to the network statistics. No module writes the
policy out again. Lengths are measured
geodesically on the WGS84 ellipsoid (:func:`geodesic_length_km`) or in the
CGCS2000 3-degree Gauss-Kruger zone with central meridian 117°E, EPSG:4548
(:data:`LENGTH_CRS`, scale error below 0.03 % across Hefei). Note that
EPSG:4547, sometimes quoted for Hefei, is the zone with central meridian 114°E:
lengths in it are about 0.1 % too long in Hefei. Areas are measured
in an Albers equal-area projection (:data:`AREA_CRS`). Nothing is ever
measured in degrees or in Web Mercator.
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import NDArray

from geo.errors import CRSError

__all__ = [
    "AREA_CRS",
    "LENGTH_CRS",
    "STORAGE_CRS",
    "area_km2",
    "geodesic_length_km",
    "require_crs",
    "to_storage_crs",
]

STORAGE_CRS = pyproj.CRS.from_epsg(4326)
"""WGS84 longitude/latitude, the CRS every layer is stored in."""

LENGTH_CRS = pyproj.CRS.from_epsg(4548)
"""EPSG:4548, CGCS2000 / 3-degree Gauss-Kruger CM 117E: metres, for lengths in and near Hefei."""

AREA_CRS = pyproj.CRS.from_proj4(
    "+proj=aea +lat_0=0 +lon_0=117 +lat_1=25 +lat_2=47 +ellps=GRS80 +units=m +no_defs +type=crs"
)
"""Albers equal-area conic for China (standard parallels 25°N/47°N, CM 117°E), metres."""

_GEOD = pyproj.Geod(ellps="WGS84")

_Geo = TypeVar("_Geo", gpd.GeoDataFrame, gpd.GeoSeries)


def require_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries, *, name: str) -> pyproj.CRS:
    """Return the CRS of ``gdf``, refusing data without one.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        The data to check.
    name : str
        What the data is (a file name or parameter name), used in the message.

    Raises
    ------
    CRSError
        If ``gdf`` has no CRS.
    """
    if gdf.crs is None:
        raise CRSError(
            f"{name!r} has no coordinate reference system; refusing to guess. "
            "Set one (e.g. GeoDataFrame.set_crs('EPSG:4326') for lon/lat data, or add a .prj "
            "file beside a shapefile) and try again"
        )
    return pyproj.CRS.from_user_input(gdf.crs)


def to_storage_crs(gdf: _Geo, *, name: str) -> _Geo:
    """Return ``gdf`` in EPSG:4326, reprojecting it if it is in another CRS.

    This is the one CRS policy of the package: every reader, exporter and map
    renderer passes its input through it.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        The data, in any CRS.
    name : str
        What the data is (a file name or parameter name), used in the message.

    Returns
    -------
    GeoDataFrame or GeoSeries
        ``gdf`` itself when it is already in EPSG:4326, else a reprojected copy.

    Raises
    ------
    CRSError
        If ``gdf`` has no CRS.
    """
    crs = require_crs(gdf, name=name)
    return gdf if crs.equals(STORAGE_CRS) else gdf.to_crs(STORAGE_CRS)


def geodesic_length_km(geoms: gpd.GeoSeries) -> NDArray[np.float64]:
    """Geodesic length on the WGS84 ellipsoid of each (multi)line, in km.

    Parameters
    ----------
    geoms : GeoSeries
        Lines in any CRS (converted to EPSG:4326 first).

    Returns
    -------
    numpy.ndarray
        Length in kilometres; 0 for points and empty geometries, the
        perimeter for polygons.
    """
    lonlat = to_storage_crs(geoms, name="geoms")
    return np.array(
        [0.0 if g is None or g.is_empty else _GEOD.geometry_length(g) / 1000.0 for g in lonlat],
        dtype=float,
    )


def area_km2(geoms: gpd.GeoSeries) -> NDArray[np.float64]:
    """Area of each polygon in an equal-area projection, in km².

    Parameters
    ----------
    geoms : GeoSeries
        Polygons in any CRS.

    Returns
    -------
    numpy.ndarray
        Area in square kilometres (0 for lines and points).
    """
    require_crs(geoms, name="geoms")
    return np.asarray(shapely.area(geoms.to_crs(AREA_CRS).values), dtype=float) / 1e6
