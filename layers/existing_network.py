"""Layer ``existing_network``: the railways and expressways open today, as context for the plan.

Always the embedded reference network ``geo/data/reference/existing_network.geojson``
(read by :func:`geo.network.load_network`; the density command's ``--network``
option chooses the network measured, not this layer).

Contract: :func:`load` returns LineStrings in EPSG:4326 with the reference
network's columns (``id``, ``mode`` = ``rail`` | ``expressway``, ``kind``,
``name_zh``, ``name_en``, ``ref``, ``precision``, ``source``, then the dates
``opened`` (year, Int32, NULL when not established), ``opened_source`` (the
source, or ``"unknown: <why>"``), ``opened_by`` (Int32: the year by which the
line is known to have been open; equals ``opened`` when that is known),
``opened_by_source``, ``opened_after`` (Int32: a year at whose end it was known not
yet open), ``opened_after_source``, ``widened`` (Int32 year a widening was finished, NULL when
none is known or its year is not), ``widened_source``, then ``via``, ``note``;
missing text is ``""``), then ``length_km`` and ``length_in_hefei_km``
(geodesic, WGS84 ellipsoid, km), geometry last. The dates are described in
``geo/data/reference/README.md``.
"""

from __future__ import annotations

import geopandas as gpd

from geo.network import load_network
from layers._measure import line_lengths_km

__all__ = ["NAME", "YEAR_COLUMNS", "load"]

NAME = "existing_network"

YEAR_COLUMNS: tuple[str, ...] = ("opened", "opened_by", "opened_after", "widened")
"""Year columns of the layer (nullable Int32)."""

_TEXT_COLUMNS = (
    "opened_source",
    "opened_by_source",
    "opened_after_source",
    "widened_source",
    "via",
    "note",
)


def load() -> gpd.GeoDataFrame:
    """Return the embedded existing network (LineString, EPSG:4326) with geodesic lengths."""
    gdf = load_network()
    for column in YEAR_COLUMNS:
        if column in gdf.columns:
            gdf[column] = gdf[column].astype("Int32")
    for column in _TEXT_COLUMNS:  # missing text is "", as in the catalogue layers
        if column in gdf.columns:
            gdf[column] = gdf[column].fillna("").astype(str)
    gdf["length_km"], gdf["length_in_hefei_km"] = line_lengths_km(gdf.geometry)
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    return gdf[[*columns, gdf.geometry.name]]
