"""Layer ``highway``.

Expressway widenings, new and proposed expressways, and national/provincial
trunk-road sections of (60)-(62) and 专栏9.

Contract: :func:`load` returns a GeoDataFrame in EPSG:4326 of ``LineString``
geometries, one row per catalogue project, with the columns described in
:func:`layers._base.catalogue_layer`.
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue
from layers._base import catalogue_layer

__all__ = ["NAME", "load"]

NAME = "highway"


def load(*, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Return the ``highway`` layer (LineString, EPSG:4326).

    The columns are described in :mod:`layers`.
    """
    return catalogue_layer(NAME, catalogue=catalogue)
