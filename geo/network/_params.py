"""Parameter checks shared by the network readers and the network statistics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import ParameterError
from geo.measure import to_storage_crs

__all__ = ["DEFAULT_ROAD_CLASSES", "Boundary", "boundary_geometry", "check_road_classes"]

Boundary: TypeAlias = gpd.GeoDataFrame | gpd.GeoSeries | BaseGeometry
"""An area: polygons with a CRS (GeoDataFrame, GeoSeries) or a shapely (Multi)Polygon in lon/lat."""

DEFAULT_ROAD_CLASSES: tuple[str, ...] = ("motorway", "trunk", "primary", "secondary", "tertiary")
"""OSM ``highway`` classes read from OpenStreetMap sources (``motorway`` = expressway)."""


def check_road_classes(road_classes: Sequence[str]) -> tuple[str, ...]:
    """Return ``road_classes`` as a tuple, refusing a bare string, empty names and ``*_link``."""
    if isinstance(road_classes, str):
        raise ParameterError(
            f"road_classes={road_classes!r} is a single string; pass a sequence such as "
            f"{DEFAULT_ROAD_CLASSES!r}"
        )
    bad = [c for c in road_classes if not isinstance(c, str) or not c or c.endswith("_link")]
    if bad:
        raise ParameterError(
            f"road_classes holds {bad!r}; use OSM highway values such as 'motorway', 'trunk', "
            "'primary' (links are never counted)"
        )
    return tuple(road_classes)


def boundary_geometry(
    boundary: Boundary, *, name: str = "boundary"
) -> shapely.Polygon | shapely.MultiPolygon:
    """Return a (Multi)Polygon in EPSG:4326 from a GeoDataFrame, GeoSeries or shapely geometry.

    An invalid polygon is repaired (:func:`shapely.make_valid`, its polygonal part kept).
    """
    geom: BaseGeometry
    if isinstance(boundary, gpd.GeoDataFrame | gpd.GeoSeries):
        geom = shapely.union_all(to_storage_crs(boundary, name=name).geometry.values)
    elif isinstance(boundary, BaseGeometry):
        geom = boundary  # a bare geometry is taken as lon/lat (EPSG:4326)
    else:
        raise ParameterError(
            f"{name}={type(boundary).__name__!r} is not a boundary; pass a GeoDataFrame, "
            "GeoSeries or shapely (Multi)Polygon in EPSG:4326"
        )
    if geom.is_empty or not isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
        raise ParameterError(
            f"{name} is {geom.geom_type!r} (empty={geom.is_empty!r}); pass a non-empty "
            "(Multi)Polygon"
        )
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    if isinstance(fixed, shapely.Polygon | shapely.MultiPolygon):
        return fixed
    polys = [
        g for g in shapely.get_parts(fixed) if isinstance(g, shapely.Polygon | shapely.MultiPolygon)
    ]
    return shapely.MultiPolygon([p for g in polys for p in shapely.get_parts(g)])
