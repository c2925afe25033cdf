"""Pick the network source: :func:`load_network`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd

from geo.errors import ParameterError
from geo.network._embedded import read_reference
from geo.network._online import download_osm
from geo.network._osm_pbf import read_osm_pbf
from geo.network._osm_xml import read_osm_xml
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary
from geo.network._vector import read_vector

__all__ = ["load_network"]

_XML_SUFFIXES = (".osm", ".xml", ".osm.bz2", ".osm.xml")


def _is_xml(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in _XML_SUFFIXES)


def load_network(
    source: str | Path | None = None,
    *,
    osm: bool = False,
    boundary: Boundary | None = None,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
) -> gpd.GeoDataFrame:
    """Load the existing network from the chosen source.

    Parameters
    ----------
    source : str or Path, optional
        A file: ``.osm``/``.osm.bz2`` (OSM XML, osmnx), ``.pbf`` (OSM PBF,
        pyosmium) or any vector file with a CRS. Default: the embedded
        reference network ``geo/data/reference/existing_network.geojson``.
    osm : bool
        Download from OpenStreetMap (osmnx, cached) instead; ``source`` must
        then be ``None``.
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Lon/lat area. Online: the download area (default Hefei's boundary).
        Files: keep only lines touching it, and fail if none does (default:
        keep everything; densities clip to each area anyway).
    road_classes : sequence of str
        OSM ``highway`` classes read from OSM sources (``motorway`` =
        expressway); default :data:`DEFAULT_ROAD_CLASSES`.

    Returns
    -------
    geopandas.GeoDataFrame
        Lines in EPSG:4326 with :data:`geo.network.NETWORK_COLUMNS`.

    Raises
    ------
    ParameterError
        Both ``source`` and ``osm=True`` given.
    NetworkSourceError, CRSError
        Unreadable source, no CRS, nothing usable.
    """
    if osm and source is not None:
        raise ParameterError(
            f"source={str(source)!r} and osm=True both given; choose one (a local file, or "
            "osm=True to download)"
        )
    if osm:
        gdf = download_osm(boundary, road_classes=road_classes)
        gdf.attrs["source"] = "OpenStreetMap (ODbL) downloaded with osmnx"
        return gdf
    if source is None:
        return read_reference(road_classes=road_classes, boundary=boundary)
    path = Path(source)
    if _is_xml(path):
        gdf = read_osm_xml(path, road_classes=road_classes, boundary=boundary)
        gdf.attrs["source"] = f"OpenStreetMap XML file {path.name} (read with osmnx)"
    elif path.name.lower().endswith(".pbf"):
        gdf = read_osm_pbf(path, road_classes=road_classes, boundary=boundary)
        gdf.attrs["source"] = f"OpenStreetMap PBF file {path.name} (read with pyosmium)"
    else:
        gdf = read_vector(path, road_classes=road_classes, boundary=boundary)
        gdf.attrs["source"] = f"vector file {path.name}"
    return gdf
