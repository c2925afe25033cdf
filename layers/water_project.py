"""Layer ``water_project``: River and lake water-environment projects of (155) and 专栏16.

Contract: :func:`load` returns a GeoDataFrame in EPSG:4326 of ``LineString``
geometries, one row per catalogue project, with the columns described in
:func:`layers._base.catalogue_layer`.
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue
from layers._base import catalogue_layer

__all__ = ["NAME", "load"]

NAME = "water_project"


def load(*, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Return the ``water_project`` layer (LineString, EPSG:4326).

    The columns are described in :mod:`layers`.
    """
    return catalogue_layer(NAME, catalogue=catalogue)
