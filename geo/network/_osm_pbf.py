"""Network source: an OpenStreetMap PBF file (``.osm.pbf``), read with pyosmium."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import shapely

from geo.errors import NetworkSourceError
from geo.network._osm import OsmRow, classify_osm_tags, finish_osm_file, osm_file
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary

__all__ = ["read_osm_pbf"]

logger = logging.getLogger(__name__)


def read_osm_pbf(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Boundary | None = None,
) -> gpd.GeoDataFrame:
    """Read rail and road ways from an OpenStreetMap PBF file with pyosmium.

    Parameters, return value and errors as
    :func:`geo.network._osm_xml.read_osm_xml`, for an ``.osm.pbf`` file instead of
    XML. Node locations are cached in memory (pyosmium's default index), so a
    city or province extract is fine; for a whole-country file, cut an extract
    first (``osmium extract``).
    """
    import osmium

    path, road_classes = osm_file(path, road_classes)
    factory = osmium.geom.WKBFactory()
    rows: list[OsmRow] = []
    missing = 0
    try:
        processor = (
            osmium.FileProcessor(str(path))
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("railway", "highway"))
        )
        for obj in processor:
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = {t.k: t.v for t in obj.tags}
            if classify_osm_tags(tags, road_classes=road_classes) is None:
                continue
            try:
                geom = shapely.from_wkb(factory.create_linestring(obj))
            except (osmium.InvalidLocationError, RuntimeError):
                missing += 1
                continue
            rows.append((f"way/{obj.id}", tags, geom))
    except RuntimeError as exc:
        raise NetworkSourceError(
            f"cannot read OSM PBF file {str(path)!r} ({exc}); check that it is a complete "
            "OpenStreetMap .osm.pbf file"
        ) from exc
    if missing:
        logger.warning(
            "%s: %d ways skipped, their nodes are missing from the file", path.name, missing
        )
    return finish_osm_file(
        rows, path, road_classes=road_classes, boundary=boundary, needs=" with their nodes"
    )
