"""The network frame every source gives: its columns, modes, class order and line checks."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import NetworkSourceError
from geo.measure import STORAGE_CRS
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary, boundary_geometry

__all__ = [
    "LINE_TYPES",
    "MODES",
    "NETWORK_COLUMNS",
    "class_order",
    "keep_within",
    "network_frame",
    "require_lines",
]

logger = logging.getLogger(__name__)

NETWORK_COLUMNS: tuple[str, ...] = (
    "id",
    "mode",
    "kind",
    "name_zh",
    "name_en",
    "ref",
    "precision",
    "source",
    "geometry",
)
"""Columns of every network frame, in this order (extra columns may follow)."""

MODES: tuple[str, ...] = ("rail", "expressway", "road")
"""Network modes: railway, expressway (高速公路) and any other road class."""

LINE_TYPES: tuple[str, ...] = ("LineString", "MultiLineString")
"""Geometry types a network line may have."""

_CLASS_ORDER: tuple[str, ...] = ("rail", "expressway", *DEFAULT_ROAD_CLASSES)


def class_order(name: str) -> tuple[int, str]:
    """Sort key of a network class: rail, expressway, the OSM road classes, then others by name.

    Parameters
    ----------
    name : str
        A class such as ``"rail"``, ``"expressway"`` or a ``highway`` value (``"trunk"``).

    Returns
    -------
    tuple of (int, str)
    """
    rank = _CLASS_ORDER.index(name) if name in _CLASS_ORDER else len(_CLASS_ORDER)
    return (rank, name)


def network_frame(records: Sequence[Mapping[str, object]]) -> gpd.GeoDataFrame:
    """Return the network frame (:data:`NETWORK_COLUMNS`, EPSG:4326) of line records, sorted."""
    frame = pd.DataFrame(list(records), columns=list(NETWORK_COLUMNS))
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=STORAGE_CRS)
    return gdf.sort_values(["mode", "id"], kind="stable").reset_index(drop=True)


def keep_within(gdf: gpd.GeoDataFrame, boundary: Boundary | None, *, what: str) -> gpd.GeoDataFrame:
    """Keep lines that touch ``boundary``; refuse a network lying wholly outside it."""
    if boundary is None or gdf.empty:
        return gdf
    geom = boundary_geometry(boundary)
    shapely.prepare(geom)
    hit = shapely.intersects(geom, gdf.geometry.values)
    if not hit.any():
        raise NetworkSourceError(
            f"none of the {len(gdf)} lines of {what} lies within the boundary "
            f"(bounds {tuple(round(v, 4) for v in geom.bounds)!r}, lon/lat); check that the "
            "file covers the area and is in the CRS it declares, or pass boundary=None"
        )
    dropped = int((~hit).sum())
    if dropped:
        logger.info("%s: dropped %d lines outside the boundary", what, dropped)
    return gdf[hit].reset_index(drop=True)


def require_lines(gdf: gpd.GeoDataFrame, *, what: str, hint: str) -> gpd.GeoDataFrame:
    """Return ``gdf``, refusing an empty one with a message naming ``what`` and ``hint``."""
    if gdf.empty:
        raise NetworkSourceError(f"{what} holds no usable lines; {hint}")
    return gdf
