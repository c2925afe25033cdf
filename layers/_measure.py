"""The derived measure columns of a layer: line lengths (total and inside Hefei) and areas.

Lengths are geodesic on the WGS84 ellipsoid, areas in the equal-area projection
:data:`geo.measure.AREA_CRS` (the CRS policy is :mod:`geo.measure`'s); both are
rounded to 3 decimals (1 m, 0.001 km²). An ``indicative`` line shows where a
project is, not its route, so it has no length.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from geo import admin
from geo.catalogue import INDICATIVE
from geo.measure import STORAGE_CRS, area_km2, geodesic_length_km, to_storage_crs

__all__ = ["MEASURE_COLUMNS", "add_measures", "line_lengths_km"]

MEASURE_COLUMNS: tuple[str, ...] = ("length_km", "length_in_hefei_km", "area_km2")
"""Measures after the attributes: lines have the two lengths (km), polygons the area (km²)."""


def line_lengths_km(
    geoms: gpd.GeoSeries,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Geodesic length of each line, total and inside Hefei's boundary, in km (3 decimals).

    Parameters
    ----------
    geoms : GeoSeries
        Lines with a CRS (measured on the WGS84 ellipsoid after conversion to
        EPSG:4326).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``length_km`` and ``length_in_hefei_km``, the latter measured on the
        part of each line inside :func:`geo.admin.boundary`.

    Raises
    ------
    CRSError
        If ``geoms`` has no CRS.
    """
    lonlat = to_storage_crs(geoms, name="geoms")
    city = admin.boundary().geometry.iloc[0]
    inside = gpd.GeoSeries(shapely.intersection(lonlat.values, city), crs=STORAGE_CRS)
    return (
        np.round(geodesic_length_km(lonlat), 3),
        np.round(geodesic_length_km(inside), 3),
    )


def add_measures(gdf: gpd.GeoDataFrame, *, geometry_type: str) -> None:
    """Add a catalogue layer's measure columns to ``gdf``, in place.

    Parameters
    ----------
    gdf : GeoDataFrame
        A catalogue layer with a CRS and a ``precision`` column.
    geometry_type : {"Point", "LineString", "Polygon"}
        The layer's geometry type: lines get ``length_km`` and ``length_in_hefei_km``
        (km, NaN for ``indicative`` lines), polygons ``area_km2`` (km²), points nothing.
    """
    if geometry_type == "LineString":
        gdf["length_km"], gdf["length_in_hefei_km"] = line_lengths_km(gdf.geometry)
        unknown = (gdf["precision"] == INDICATIVE).to_numpy()
        gdf.loc[unknown, ["length_km", "length_in_hefei_km"]] = np.nan
    elif geometry_type == "Polygon":
        gdf["area_km2"] = np.round(area_km2(gdf.geometry), 3)
