"""Network source: OpenStreetMap online, through osmnx's Overpass client (cached by osmnx)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import geopandas as gpd

from geo.network._frame import require_lines
from geo.network._osm import (
    OSM_SOURCE,
    frame_from_osm_rows,
    osm_tag_filter,
    osmnx_features,
    way_rows,
)
from geo.network._params import (
    DEFAULT_ROAD_CLASSES,
    Boundary,
    boundary_geometry,
    check_road_classes,
)

__all__ = ["download_osm"]

logger = logging.getLogger(__name__)


def download_osm(
    boundary: Boundary | None = None,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
) -> gpd.GeoDataFrame:
    """Download rail and roads inside a boundary from OpenStreetMap with osmnx.

    Uses :func:`osmnx.features_from_polygon`; responses are cached in
    ``osmnx.settings.cache_folder`` (default ``./cache``) while
    ``osmnx.settings.use_cache`` is true, so a second run is offline.

    Parameters
    ----------
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        The area to download (lon/lat); default Hefei's city boundary.
    road_classes : sequence of str
        OSM ``highway`` values to keep (``motorway`` = expressway).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`geo.network.NETWORK_COLUMNS`, EPSG:4326; lines touching the boundary
        (not clipped: densities clip).

    Raises
    ------
    NetworkSourceError
        If the download fails or returns nothing.
    """
    import osmnx as ox

    from geo import admin

    road_classes = check_road_classes(road_classes)
    polygon = boundary_geometry(boundary if boundary is not None else admin.boundary())
    logger.info(
        "downloading OSM rail and %s (osmnx cache %s, use_cache=%s)",
        ", ".join(road_classes),
        ox.settings.cache_folder,
        ox.settings.use_cache,
    )
    feats = osmnx_features(
        lambda: ox.features_from_polygon(polygon, tags=osm_tag_filter(road_classes=road_classes)),
        failure=lambda exc: (
            f"downloading OpenStreetMap data failed ({type(exc).__name__}: {exc}); check the "
            "internet connection and the Overpass server (osmnx.settings.overpass_url), or "
            "pass a local file with --network PATH"
        ),
    )
    gdf = frame_from_osm_rows(
        way_rows(feats), road_classes=road_classes, source=f"{OSM_SOURCE}; Overpass via osmnx"
    )
    return require_lines(
        gdf,
        what="the OpenStreetMap download",
        hint="the boundary may be wrong (it must be lon/lat) or the area has no railway/road",
    )
