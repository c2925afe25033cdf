"""Layer ``existing_network``: the railways and expressways open today, as context for the plan.

Always the embedded reference network ``geo/data/reference/existing_network.geojson``
(read by :func:`geo.network.load_network`; the density command's ``--network``
option chooses the network measured, not this layer).

Contract: :func:`load` returns LineStrings in EPSG:4326 with the reference
network's columns (``id``, ``mode`` = ``rail`` | ``expressway``, ``kind``,
``name_zh``, ``name_en``, ``ref``, ``precision``, ``source``, then ``opened``
(nullable year), ``via``, ``note``; missing text is ``""``), then ``length_km`` and
``length_in_hefei_km`` (geodesic, WGS84 ellipsoid, km), geometry last.
"""

from __future__ import annotations

import geopandas as gpd

from geo.network import load_network
from layers._base import line_lengths_km

__all__ = ["NAME", "load"]

NAME = "existing_network"


def load() -> gpd.GeoDataFrame:
    """Return the embedded existing network (LineString, EPSG:4326) with geodesic lengths."""
    gdf = load_network()
    if "opened" in gdf.columns:
        gdf["opened"] = gdf["opened"].astype("Int64")
    for column in ("via", "note"):  # missing text is "", as in the catalogue layers
        if column in gdf.columns:
            gdf[column] = gdf[column].fillna("").astype(str)
    gdf["length_km"], gdf["length_in_hefei_km"] = line_lengths_km(gdf.geometry)
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    return gdf[[*columns, gdf.geometry.name]]
