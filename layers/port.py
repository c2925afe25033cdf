"""Layer ``port``.

Ports, terminals, locks, navigation hubs and the inland port of (64)-(65), 专栏10 and 专栏13.

Contract: :func:`load` returns a GeoDataFrame in EPSG:4326 of ``Point``
geometries, one row per catalogue project, with the columns described in
:func:`layers._base.catalogue_layer`.
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue
from layers._base import catalogue_layer

__all__ = ["NAME", "load"]

NAME = "port"


def load(*, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Return the ``port`` layer (Point, EPSG:4326).

    The columns are described in :mod:`layers`.
    """
    return catalogue_layer(NAME, catalogue=catalogue)
