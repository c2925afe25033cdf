"""OpenStreetMap tags -> network lines, once for every OSM source (XML, PBF, online, tag columns).

What is selected, and why, is in :mod:`geo.network` ("What is selected from
OpenStreetMap"); this module states it in code: :func:`classify_osm_tags` for the
selection, :func:`osm_tag_filter` for the osmnx query, :func:`osm_names` for the
name columns, :func:`frame_from_osm_rows` for the frame, and the file handling shared
by the two OSM file readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.errors import NetworkSourceError
from geo.measure import STORAGE_CRS
from geo.network._frame import LINE_TYPES, keep_within, network_frame, require_lines
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary, check_road_classes

__all__ = [
    "OSM_PRECISION",
    "OSM_SOURCE",
    "RAIL_EXCLUDED_SERVICE",
    "RAIL_EXCLUDED_USAGE",
    "OsmRow",
    "classify_osm_tags",
    "finish_osm_file",
    "frame_from_osm_rows",
    "osm_file",
    "osm_names",
    "osm_tag_filter",
    "osmnx_features",
    "way_rows",
]

RAIL_EXCLUDED_SERVICE: frozenset[str] = frozenset({"yard", "siding", "spur", "crossover"})
"""OSM ``service`` values of railway tracks that are not route length."""

RAIL_EXCLUDED_USAGE: frozenset[str] = frozenset({"industrial", "military", "tourism", "test"})
"""OSM ``usage`` values of railways outside the public network."""

OSM_SOURCE = "OpenStreetMap contributors (ODbL 1.0)"
"""Attribution stored in ``source`` for OpenStreetMap data."""

OSM_PRECISION = "osm_alignment"
"""``precision`` of a line whose geometry is an OpenStreetMap way."""

OsmRow: TypeAlias = tuple[str, Mapping[str, object], BaseGeometry | None]
"""One OSM way: ``(id, tags, geometry)``, the id as ``way/<number>``."""


def _tag(tags: Mapping[str, object], key: str) -> str:
    value = tags.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def classify_osm_tags(
    tags: Mapping[str, object], *, road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES
) -> tuple[str, str] | None:
    """Mode and kind of an OpenStreetMap way from its tags, or ``None`` to skip it.

    Parameters
    ----------
    tags : mapping
        OSM tags (missing keys, ``None`` and NaN mean "absent").
    road_classes : sequence of str
        ``highway`` values to keep; ``motorway`` becomes ``mode="expressway"``.

    Returns
    -------
    tuple of (mode, kind) or None
        ``("rail", "high_speed" | usage | "rail")``, ``("expressway", "motorway")``
        or ``("road", highway)``; ``None`` for anything else (including
        ``*_link`` roads, sidings and yards).
    """
    if _tag(tags, "railway") == "rail":
        if _tag(tags, "service") in RAIL_EXCLUDED_SERVICE:
            return None
        usage = _tag(tags, "usage")
        if usage in RAIL_EXCLUDED_USAGE:
            return None
        if _tag(tags, "highspeed") == "yes":
            return ("rail", "high_speed")
        return ("rail", usage or "rail")
    highway = _tag(tags, "highway")
    if not highway or highway.endswith("_link") or highway not in road_classes:
        return None
    if highway == "motorway":
        return ("expressway", "motorway")
    return ("road", highway)


def osm_tag_filter(
    *, road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES
) -> dict[str, bool | str | list[str]]:
    """Return the osmnx ``tags`` dictionary selecting rail and the given road classes.

    Parameters
    ----------
    road_classes : sequence of str
        OSM ``highway`` values (``motorway`` for expressways).

    Returns
    -------
    dict
        ``{"railway": "rail", "highway": [...]}`` (a union, as osmnx reads it).
    """
    tags: dict[str, bool | str | list[str]] = {"railway": "rail"}
    if road_classes:
        tags["highway"] = list(road_classes)
    return tags


def osm_names(tags: Mapping[str, object]) -> dict[str, str]:
    """Return ``name_zh`` (``name:zh``, else ``name``), ``name_en`` and ``ref`` of an OSM way."""
    return {
        "name_zh": _tag(tags, "name:zh") or _tag(tags, "name"),
        "name_en": _tag(tags, "name:en"),
        "ref": _tag(tags, "ref"),
    }


def frame_from_osm_rows(
    rows: Iterable[OsmRow], *, road_classes: Sequence[str], source: str
) -> gpd.GeoDataFrame:
    """Build the network frame from the ``(id, tags, geometry)`` rows of OSM ways."""
    records: list[dict[str, object]] = []
    for oid, tags, geom in rows:
        if geom is None or geom.is_empty or geom.geom_type not in LINE_TYPES:
            continue
        mk = classify_osm_tags(tags, road_classes=road_classes)
        if mk is None:
            continue
        records.append(
            {
                "id": oid,
                "mode": mk[0],
                "kind": mk[1],
                **osm_names(tags),
                "precision": OSM_PRECISION,
                "source": source,
                "geometry": geom,
            }
        )
    return network_frame(records)


def way_rows(feats: gpd.GeoDataFrame) -> list[OsmRow]:
    """Return ``(id, tags, geometry)`` of each way of an osmnx features frame (no nodes)."""
    rows: list[OsmRow] = []
    for idx, row in feats.iterrows():
        element, oid = idx if isinstance(idx, tuple) else ("way", idx)
        if element == "way":
            tags = {k: v for k, v in row.items() if k != "geometry"}
            rows.append((f"way/{oid}", tags, row.geometry))
    return rows


def osmnx_features(
    fetch: Callable[[], gpd.GeoDataFrame], *, failure: Callable[[Exception], str]
) -> gpd.GeoDataFrame:
    """Run an osmnx features query: nothing found is an empty frame, any failure a clear error.

    ``failure`` turns the exception into the :class:`~geo.errors.NetworkSourceError` message.
    """
    import osmnx as ox

    try:
        return fetch()
    except ox._errors.InsufficientResponseError:
        return gpd.GeoDataFrame(geometry=[], crs=STORAGE_CRS)
    except Exception as exc:  # ParseError, KeyError on malformed elements, network errors, ...
        raise NetworkSourceError(failure(exc)) from exc


def osm_file(path: str | Path, road_classes: Sequence[str]) -> tuple[Path, tuple[str, ...]]:
    """Check the arguments of an OSM file reader: the file exists, the road classes are valid."""
    path = Path(path)
    classes = check_road_classes(road_classes)
    if not path.is_file():
        raise NetworkSourceError(f"OSM file {str(path)!r} does not exist; check the path")
    return path, classes


def finish_osm_file(
    rows: Iterable[OsmRow],
    path: Path,
    *,
    road_classes: Sequence[str],
    boundary: Boundary | None,
    needs: str = "",
) -> gpd.GeoDataFrame:
    """Return the network frame of an OSM file's ways, refused when empty, kept within boundary.

    ``needs`` adds to the message of an empty result what else the ways need.
    """
    what = f"OSM file {str(path)!r}"
    gdf = frame_from_osm_rows(
        rows, road_classes=road_classes, source=f"{OSM_SOURCE}; file {path.name}"
    )
    gdf = require_lines(
        gdf,
        what=what,
        hint=f"it needs ways tagged railway=rail or highway in {list(road_classes)!r}{needs}",
    )
    return keep_within(gdf, boundary, what=what)
