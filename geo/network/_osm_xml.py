"""Network source: an OpenStreetMap XML file (``.osm``, ``.osm.bz2``), read with osmnx."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd

from geo.network._osm import finish_osm_file, osm_file, osm_tag_filter, osmnx_features, way_rows
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary

__all__ = ["read_osm_xml"]


def read_osm_xml(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Boundary | None = None,
) -> gpd.GeoDataFrame:
    """Read rail and road ways from an OpenStreetMap XML file with osmnx.

    Parameters
    ----------
    path : str or Path
        An ``.osm`` (or ``.osm.bz2``) XML file.
    road_classes : sequence of str
        OSM ``highway`` values to keep (``motorway`` = expressway).
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Keep only lines touching it (lon/lat); error if none does.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`geo.network.NETWORK_COLUMNS`, EPSG:4326.

    Raises
    ------
    NetworkSourceError
        If the file is missing, not OSM XML, or holds no rail or selected road.
    """
    import osmnx as ox

    path, road_classes = osm_file(path, road_classes)
    feats = osmnx_features(
        lambda: ox.features_from_xml(path, tags=osm_tag_filter(road_classes=road_classes)),
        failure=lambda exc: (
            f"cannot read OSM XML file {str(path)!r} ({type(exc).__name__}: {exc}); "
            "check that it is complete, uncorrupted OpenStreetMap XML"
        ),
    )
    return finish_osm_file(way_rows(feats), path, road_classes=road_classes, boundary=boundary)
