"""Layer ``wetland``: The ten lakeside wetlands of (158) and 专栏16, and the central park of (156).

Contract: :func:`load` returns a GeoDataFrame in EPSG:4326 of ``Polygon``
geometries, one row per catalogue project, with the columns described in
:func:`layers._base.catalogue_layer`.
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue
from layers._base import catalogue_layer

__all__ = ["NAME", "load"]

NAME = "wetland"


def load(*, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Return the ``wetland`` layer (Polygon, EPSG:4326).

    The columns are described in :mod:`layers`.
    """
    return catalogue_layer(NAME, catalogue=catalogue)
