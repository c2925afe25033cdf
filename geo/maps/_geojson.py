"""GeoJSON for the map pages: every layer as a plain FeatureCollection (lon, lat).

Coordinates are rounded to :data:`COORD_DECIMALS` decimals and, on the GCJ-02
map, converted from WGS84 at this door. Only the properties the page uses
(popups, tooltips, search, filters, timeline) are carried.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo._paths import ORIENTATION
from geo.catalogue import Vocab
from geo.chinadatum import wgs84_to_gcj02
from geo.errors import InputFileError
from geo.measure import STORAGE_CRS, to_storage_crs
from layers import BASE_LAYERS, CATALOGUE_COLUMNS, MEASURE_COLUMNS, existing_network

__all__ = [
    "CATALOGUE_PROPERTIES",
    "COORD_DECIMALS",
    "NETWORK_LAYER",
    "NETWORK_PROPERTIES",
    "ORIENTATION_FILE",
    "prepare",
    "read_orientation",
]

logger = logging.getLogger(__name__)

ORIENTATION_FILE = ORIENTATION
"""Own schematic digitisation of Chaohu and the main rivers (see ``ORIENTATION.md``)."""

COORD_DECIMALS = 5
"""Coordinates are rounded to 5 decimals (about 1 m), ample for the plan's precision."""

ADMIN_SIMPLIFY_DEG = 0.0003
"""Tolerance (degrees, about 30 m) for simplifying the administrative polygons on the maps."""

SMALL_UNIT_KM2 = 700.0
"""County-level units smaller than this (the four urban districts) are labelled from zoom 10."""

_NOT_ON_MAP = frozenset(
    {"layer", "chapter", "kind_zh", "kind_en", "status_zh", "status_en", "source_file"}
)
"""Catalogue columns the page does not need (it has the vocabulary's labels once)."""

CATALOGUE_PROPERTIES: tuple[str, ...] = (
    *(c for c in CATALOGUE_COLUMNS if c not in _NOT_ON_MAP),
    *MEASURE_COLUMNS,
)
"""Feature properties carried into the maps (popups, tooltips, search, filters, timeline).

``realised_by``, ``progress``, ``progress_year`` and ``progress_source`` (what has
happened since the plan) are optional: a layer without them is drawn with progress
unknown."""

NETWORK_LAYER = existing_network.NAME
"""Name of the existing-network base layer (:mod:`layers.existing_network`)."""

NETWORK_PROPERTIES: tuple[str, ...] = (
    "id",
    "name_zh",
    "name_en",
    "mode",
    "kind",
    "ref",
    "opened",
    "opened_source",
    "opened_by",
    "opened_by_source",
    "widened",
    "widened_source",
    "via",
    "precision",
    "source",
    "note",
    "length_km",
    "length_in_hefei_km",
)
"""Properties of the existing network carried into the maps (popups, tooltips, search)."""

Transform = Callable[[NDArray[np.float64]], NDArray[np.float64]]


def _to_gcj02(xy: NDArray[np.float64]) -> NDArray[np.float64]:
    lon, lat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def _round_nested(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), COORD_DECIMALS) for v in obj[:2]]
        return [_round_nested(o) for o in obj]
    return obj


def _geometry(geom: BaseGeometry, transform: Transform | None) -> dict[str, Any] | None:
    """GeoJSON geometry (lon, lat), transformed, rounded to 5 decimals, duplicates removed."""
    if geom is None or geom.is_empty:
        return None
    if transform is not None:
        geom = shapely.transform(geom, transform)
    geom = shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))
    geom = shapely.remove_repeated_points(geom)
    mapping = shapely.geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": _round_nested(mapping["coordinates"])}


def _value(value: Any) -> Any:
    """Return a JSON-able scalar: NA/NaN → None, numpy → Python, floats to 3 decimals."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else round(float(value), 3)
    with contextlib.suppress(TypeError, ValueError):
        if pd.isna(value):
            return None
    return str(value)


def _label_point(geom: BaseGeometry) -> list[float]:
    """(lat, lon) of a good label position for a (multi)polygon or line, for Leaflet."""
    if isinstance(geom, shapely.MultiPolygon):
        geom = max(geom.geoms, key=lambda g: g.area)
    if isinstance(geom, shapely.Polygon):
        point = polylabel(geom, tolerance=0.002)
    elif isinstance(geom, (shapely.LineString, shapely.MultiLineString)):
        point = shapely.line_interpolate_point(geom, 0.5, normalized=True)
    else:
        point = geom.representative_point()
    return [round(point.y, COORD_DECIMALS), round(point.x, COORD_DECIMALS)]


def _is_small(area: Any) -> bool:
    value = _value(area)
    return isinstance(value, float) and value < SMALL_UNIT_KM2


def _collection(
    gdf: gpd.GeoDataFrame,
    columns: Sequence[str],
    *,
    transform: Transform | None,
    geometries: Sequence[BaseGeometry] | None = None,
    extra: Callable[[pd.Series, BaseGeometry], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    geoms = list(geometries) if geometries is not None else list(gdf.geometry)
    features = []
    for (_, row), geom in zip(gdf.iterrows(), geoms, strict=True):
        geometry = _geometry(geom, transform)
        if geometry is None:
            logger.warning("skipping a feature with an empty geometry (id=%r)", row.get("id"))
            continue
        props = {c: _value(row[c]) for c in columns if c in row.index}
        if extra is not None:
            moved = shapely.transform(geom, transform) if transform is not None else geom
            props.update(extra(row, moved))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _lonlat(gdf: gpd.GeoDataFrame, *, name: str) -> gpd.GeoDataFrame:
    return to_storage_crs(gdf, name=name)


def read_orientation(orientation: Path | gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if isinstance(orientation, gpd.GeoDataFrame):
        return _lonlat(orientation, name="orientation")
    path = Path(orientation) if orientation is not None else ORIENTATION_FILE
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputFileError(
            f"orientation layer {str(path)!r} is unreadable ({exc}); check the path"
        ) from exc
    missing = {"name_zh", "name_en", "kind", "precision", "source"} - set(gdf.columns)
    if missing:
        raise InputFileError(
            f"orientation layer {str(path)!r} lacks properties {sorted(missing)!r}"
        )
    return _lonlat(gdf, name=str(path))


def prepare(
    layers: Mapping[str, gpd.GeoDataFrame],
    vocab: Vocab,
    orientation: gpd.GeoDataFrame,
    datum: str,
) -> dict[str, Any]:
    """Every layer as a GeoJSON FeatureCollection (lon, lat) in ``datum``."""
    transform: Transform | None = _to_gcj02 if datum == "GCJ02" else None
    out: dict[str, Any] = {"layers": {}, "raw": {}}
    for name, gdf in layers.items():
        if name in BASE_LAYERS:
            continue
        if name not in vocab.layers:
            logger.warning("layer %r is not in the vocabulary; not drawn", name)
            continue
        gdf = _lonlat(gdf, name=name)
        out["layers"][name] = _collection(gdf, CATALOGUE_PROPERTIES, transform=transform)
        out["raw"][name] = gdf
    if NETWORK_LAYER in layers:
        network = _lonlat(layers[NETWORK_LAYER], name=NETWORK_LAYER)
        if "id" in network.columns:
            network = network.sort_values("id", kind="mergesort")
        out["network"] = _collection(network, NETWORK_PROPERTIES, transform=transform)
    if "counties" in layers:
        counties = _lonlat(layers["counties"], name="counties")
        simple = shapely.coverage_simplify(np.asarray(counties.geometry.values), ADMIN_SIMPLIFY_DEG)
        out["counties"] = _collection(
            counties,
            ("adcode", "name_zh", "name_en", "area_km2", "precision", "source"),
            transform=transform,
            geometries=list(simple),
            extra=lambda row, g: {
                "label": _label_point(g),
                "small": _is_small(row.get("area_km2")),
            },
        )
    if "boundary" in layers:
        boundary = _lonlat(layers["boundary"], name="boundary")
        simple = shapely.simplify(np.asarray(boundary.geometry.values), ADMIN_SIMPLIFY_DEG)
        out["boundary"] = _collection(
            boundary,
            ("name_zh", "name_en", "area_km2"),
            transform=transform,
            geometries=list(simple),
        )
        frame = gpd.GeoSeries(list(boundary.geometry), crs=STORAGE_CRS)
    else:
        frames = [g.geometry for g in out["raw"].values() if len(g)]
        frame = (
            pd.concat(frames) if frames else gpd.GeoSeries([shapely.box(116.7, 30.9, 118.0, 32.6)])
        )
    minx, miny, maxx, maxy = frame.total_bounds
    corners = np.array([[minx, miny], [maxx, maxy]], dtype=float)
    if transform is not None:
        corners = transform(corners)
    out["bounds"] = [
        [round(corners[0, 1], 4), round(corners[0, 0], 4)],
        [round(corners[1, 1], 4), round(corners[1, 0], 4)],
    ]
    out["orientation"] = _collection(
        orientation,
        ("name_zh", "name_en", "kind", "precision", "source"),
        transform=transform,
        extra=lambda row, g: {"label": _label_point(g)},
    )
    return out
