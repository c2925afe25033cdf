"""One layer ready to write (:class:`Layer`) and the constants every writer shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pyproj

from geo import catalogue
from geo._layer_names import STYLES_TABLE
from geo.datadict import Field, load_fields
from geo.export import _qgis_style as qs
from geo.metadata import (
    LayerMetadata,
    load_metadata,
)

__all__ = [
    "CHAPTERS",
    "FIXED_TIMESTAMP",
    "GEOMETRY_COLUMN",
    "METADATA",
    "OGR_GEOMETRY_TYPES",
    "STYLES_TABLE",
    "YEAR_COLUMNS",
    "Layer",
    "authid",
    "restore_dtypes",
]

METADATA = load_metadata()
"""The deliverables' metadata (``geo/data/catalogue/metadata.toml``)."""

FIXED_TIMESTAMP = f"{METADATA.data_date}T00:00:00.000Z"
"""The one timestamp written wherever a format wants the current time: the date of the data.

``data_date`` of ``geo/data/catalogue/metadata.toml``, so the output is reproducible.
"""

YEAR_COLUMNS = frozenset(
    name for name, f in load_fields().items() if f.type == "integer" and f.unit == "year"
)
"""Columns holding years (``fields.toml``: integer, unit year), written as 32-bit integers."""

CHAPTERS: Mapping[str, str] = {k: f"{zh} {en}" for k, (zh, en) in catalogue.CHAPTERS.items()}
"""A layer's chapter -> the title of its QGIS layer group (:data:`geo.catalogue.CHAPTERS`)."""

OGR_GEOMETRY_TYPES: Mapping[str, str] = {
    "Point": "Point",
    "LineString": "LineString",
    "Polygon": "MultiPolygon",
}
"""Declared layer geometry (vocab.toml) -> geometry type written (polygons are MultiPolygon)."""
GEOMETRY_COLUMN = "geom"


@dataclass(frozen=True)
class Layer:
    """One layer ready to write: its frame (sorted, promoted) and how to present it."""

    name: str
    zh: str
    en: str
    chapter: str
    geometry: str
    frame: gpd.GeoDataFrame
    style: qs.LayerStyle
    position: int
    """Order among its peers: drawing order of a base layer, input order of the others."""
    meta: LayerMetadata
    fields: tuple[Field, ...]
    summary: str = ""
    """A base layer's short description (``metadata.toml``); ``""`` for the plan's layers."""

    @property
    def title(self) -> str:
        return f"{self.zh} {self.en}"

    @property
    def description(self) -> str:
        if self.chapter == "base":
            return f"{self.title}: {self.summary}, EPSG:4326"
        return (
            f"{self.title}: the plan's {CHAPTERS[self.chapter]} projects, one row per project, "
            "EPSG:4326; fields in docs/catalogue.md"
        )

    @property
    def columns(self) -> list[str]:
        """The columns as written to the GeoPackage: ``fid``, attributes, ``geom``."""
        attrs = [c for c in self.frame.columns if c != self.frame.geometry.name]
        return ["fid", *attrs, GEOMETRY_COLUMN]

    @property
    def render_rank(self) -> tuple[int, int, int]:
        """Sort key, top of the map first: points, lines, polygons, then the base layers."""
        if self.chapter == "base":
            return (3, self.position, 0)
        rank = {"Point": 0, "LineString": 1, "Polygon": 2}[self.geometry]
        return (rank, list(CHAPTERS).index(self.chapter), self.position)


def authid(crs: pyproj.CRS) -> str:
    """``EPSG:4326`` for a CRS with an authority code, else the CRS' name."""
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.name


def restore_dtypes(
    gdf: gpd.GeoDataFrame,
    fields: Sequence[str],
    dtypes: Sequence[str],
    *,
    columns: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Integer fields as nullable ``Int32`` (years, 32-bit) or ``Int64`` after reading.

    ``fields`` and ``dtypes`` as :func:`pyogrio.read_info` gives them; ``columns``
    maps a field name as read to the column's name (shapefiles' short names).
    """
    inverse = columns or {}
    for field, dtype in zip(fields, dtypes, strict=True):
        if field in gdf.columns and dtype.startswith("int"):
            years = inverse.get(field, field) in YEAR_COLUMNS or dtype == "int32"
            gdf[field] = gdf[field].astype("Int32" if years else "Int64")
    return gdf
