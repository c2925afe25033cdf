"""Network source: the embedded reference network (geo/data/reference/existing_network.geojson)."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd

from geo._paths import REFERENCE_NETWORK
from geo.errors import NetworkSourceError
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary
from geo.network._vector import read_vector

__all__ = ["read_reference"]


def read_reference(
    *, road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES, boundary: Boundary | None = None
) -> gpd.GeoDataFrame:
    """Read the embedded reference network (used when no other source is given).

    Parameters
    ----------
    road_classes : sequence of str
        As for :func:`geo.network.read_vector`.
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Keep only lines touching it (lon/lat); error if none does.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`geo.network.NETWORK_COLUMNS`, EPSG:4326; ``attrs["source"]`` says what it is.

    Raises
    ------
    NetworkSourceError
        If the file is missing from the installation.
    """
    if not REFERENCE_NETWORK.exists():
        raise NetworkSourceError(
            f"the embedded reference network {str(REFERENCE_NETWORK)!r} is missing; "
            "restore it from the repository, or pass --network PATH or --osm"
        )
    gdf = read_vector(REFERENCE_NETWORK, road_classes=road_classes, boundary=boundary)
    gdf.attrs["source"] = "embedded reference network geo/data/reference/existing_network.geojson"
    return gdf
