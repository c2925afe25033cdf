"""Layer ``rail_station``: Railway stations named by (55) and 专栏8 (新合肥西站).

Contract: :func:`load` returns a GeoDataFrame in EPSG:4326 of ``Point``
geometries, one row per catalogue project, with the columns described in
:func:`layers._base.catalogue_layer`.
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue
from layers._base import catalogue_layer

__all__ = ["NAME", "load"]

NAME = "rail_station"


def load(*, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Return the ``rail_station`` layer (Point, EPSG:4326).

    The columns are described in :mod:`layers`.
    """
    return catalogue_layer(NAME, catalogue=catalogue)
