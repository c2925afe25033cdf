"""Per-layer downloads: GeoJSON (RFC 7946) and FlatGeobuf, written with pyogrio.

Both are EPSG:4326 (x=lon, y=lat). GeoJSON follows RFC 7946 (GDAL's
``RFC7946=YES``: WGS 84, counter-clockwise outer rings, 7 decimals, no ``crs``
member); FlatGeobuf carries a packed Hilbert R-tree so QGIS reads it fast.
Both writers are deterministic (rows in id order, no timestamps).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio

__all__ = ["FLATGEOBUF_DIR_NAME", "GEOJSON_DIR_NAME", "write_flatgeobuf", "write_geojson"]

GEOJSON_DIR_NAME = "geojson"
"""Folder of the per-layer GeoJSON files inside the output folder."""

FLATGEOBUF_DIR_NAME = "flatgeobuf"
"""Folder of the per-layer FlatGeobuf files inside the output folder."""


def write_geojson(frame: gpd.GeoDataFrame, path: Path, *, name: str, geometry_type: str) -> Path:
    """Write one layer as RFC 7946 GeoJSON (``path``, replaced)."""
    options = {"RFC7946": "YES", "WRITE_BBOX": "NO", "WRITE_NAME": "YES"}
    return _write(frame, path, "GeoJSON", options, name=name, geometry_type=geometry_type)


def write_flatgeobuf(frame: gpd.GeoDataFrame, path: Path, *, name: str, geometry_type: str) -> Path:
    """Write one layer as FlatGeobuf with a spatial index (``path``, replaced)."""
    options = {"SPATIAL_INDEX": "YES"}
    return _write(frame, path, "FlatGeobuf", options, name=name, geometry_type=geometry_type)


def _write(
    frame: gpd.GeoDataFrame,
    path: Path,
    driver: str,
    options: dict[str, str],
    *,
    name: str,
    geometry_type: str,
) -> Path:
    pyogrio.write_dataframe(
        frame,
        path,
        layer=name,
        driver=driver,
        geometry_type=geometry_type,
        promote_to_multi=False,
        layer_options=options,
    )
    return path
