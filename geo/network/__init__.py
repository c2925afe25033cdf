"""The existing rail and road network, from pluggable sources.

Every source gives the same GeoDataFrame of lines in EPSG:4326 (``x=lon,
y=lat``) with the columns :data:`NETWORK_COLUMNS`:

``id``
    Stable id (``way/123`` for OpenStreetMap ways).
``mode``
    ``"rail"``, ``"expressway"`` or ``"road"`` (any other road class).
``kind``
    Rail: ``high_speed`` (OSM ``highspeed=yes``), the OSM ``usage`` (``main``,
    ``branch``) or ``rail``; expressway: ``motorway``; road: the OSM
    ``highway`` class (``trunk``, ``primary``, ...). Files may give their own.
``name_zh``, ``name_en``, ``ref``
    Names and route number, ``""`` when unknown.
``precision``
    How the geometry was made (``osm_alignment`` for OpenStreetMap).
``source``
    Where the line came from (and its licence).

Sources (:func:`load_network`):

* the embedded reference network ``geo/data/reference/existing_network.geojson``,
  used when nothing else is given;
* any vector file with a CRS (GeoPackage, GeoJSON, shapefile, ...) with a
  ``mode`` column, or OpenStreetMap ``railway``/``highway`` tag columns;
* a local OpenStreetMap file: ``.osm`` XML (also ``.osm.bz2``) read with osmnx,
  ``.osm.pbf`` read with pyosmium;
* online: OpenStreetMap through osmnx's Overpass client, inside a boundary.
  Responses are cached by osmnx when ``osmnx.settings.use_cache`` is true (the
  default) in ``osmnx.settings.cache_folder`` (default ``./cache``).

What is selected from OpenStreetMap
-----------------------------------
Railways are ``railway=rail`` (high-speed lines are ``railway=rail`` too)
without ``service=yard|siding|spur|crossover`` (station and depot tracks are
not route length) and without ``usage=industrial|military|tourism|test``.
Expressways (高速公路) are ``highway=motorway``: in China OpenStreetMap tags
national expressways and provincial expressways as motorway. ``motorway_link``
(ramps and interchange loops) is left out because statistics count route
length, not slip roads; ``trunk`` is left out of expressways because it holds
national highways (国道) and urban expressways (城市快速路), which are not 高速公路,
and is reported as its own road class instead (``mode="road"``). Links of every
class are left out.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._paths import REFERENCE_NETWORK
from geo.errors import NetworkSourceError, ParameterError
from geo.measure import STORAGE_CRS, require_crs
from geo.network._params import DEFAULT_ROAD_CLASSES, boundary_geometry, check_road_classes

__all__ = [
    "DEFAULT_ROAD_CLASSES",
    "MODES",
    "NETWORK_COLUMNS",
    "OSM_SOURCE",
    "RAIL_EXCLUDED_SERVICE",
    "RAIL_EXCLUDED_USAGE",
    "class_order",
    "classify_osm_tags",
    "download_osm",
    "load_network",
    "osm_tag_filter",
    "read_osm_pbf",
    "read_osm_xml",
    "read_vector",
]

logger = logging.getLogger(__name__)

NETWORK_COLUMNS: tuple[str, ...] = (
    "id",
    "mode",
    "kind",
    "name_zh",
    "name_en",
    "ref",
    "precision",
    "source",
    "geometry",
)
"""Columns of every network frame, in this order (extra columns may follow)."""

MODES: tuple[str, ...] = ("rail", "expressway", "road")
"""Network modes: railway, expressway (高速公路) and any other road class."""


_CLASS_ORDER: tuple[str, ...] = ("rail", "expressway", *DEFAULT_ROAD_CLASSES)


def class_order(name: str) -> tuple[int, str]:
    """Sort key of a network class: rail, expressway, the OSM road classes, then others by name.

    Parameters
    ----------
    name : str
        A class such as ``"rail"``, ``"expressway"`` or a ``highway`` value (``"trunk"``).

    Returns
    -------
    tuple of (int, str)
    """
    rank = _CLASS_ORDER.index(name) if name in _CLASS_ORDER else len(_CLASS_ORDER)
    return (rank, name)


RAIL_EXCLUDED_SERVICE: frozenset[str] = frozenset({"yard", "siding", "spur", "crossover"})
"""OSM ``service`` values of railway tracks that are not route length."""

RAIL_EXCLUDED_USAGE: frozenset[str] = frozenset({"industrial", "military", "tourism", "test"})
"""OSM ``usage`` values of railways outside the public network."""

OSM_SOURCE = "OpenStreetMap contributors (ODbL 1.0)"
"""Attribution stored in ``source`` for OpenStreetMap data."""

_MODE_ALIASES = {
    "rail": "rail",
    "railway": "rail",
    "expressway": "expressway",
    "motorway": "expressway",
    "road": "road",
}
_XML_SUFFIXES = (".osm", ".xml", ".osm.bz2", ".osm.xml")
_LINE_TYPES = ("LineString", "MultiLineString")


# ---------------------------------------------------------------- tags


def _tag(tags: Mapping[str, Any], key: str) -> str:
    value = tags.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def classify_osm_tags(
    tags: Mapping[str, Any], *, road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES
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


def _from_osm_rows(
    rows: Iterable[tuple[str, Mapping[str, Any], Any]],
    *,
    road_classes: Sequence[str],
    source: str,
) -> gpd.GeoDataFrame:
    """Build the standard network frame from ``(id, tags, geometry)`` rows of OSM ways."""
    records: list[dict[str, Any]] = []
    for oid, tags, geom in rows:
        if geom is None or geom.is_empty or geom.geom_type not in _LINE_TYPES:
            continue
        mk = classify_osm_tags(tags, road_classes=road_classes)
        if mk is None:
            continue
        records.append(
            {
                "id": oid,
                "mode": mk[0],
                "kind": mk[1],
                "name_zh": _tag(tags, "name:zh") or _tag(tags, "name"),
                "name_en": _tag(tags, "name:en"),
                "ref": _tag(tags, "ref"),
                "precision": "osm_alignment",
                "source": source,
                "geometry": geom,
            }
        )
    return _frame(records)


def _way_rows(feats: gpd.GeoDataFrame) -> list[tuple[str, dict[str, Any], Any]]:
    """Return ``(id, tags, geometry)`` of each way of an osmnx features frame (no nodes)."""
    rows = []
    for idx, row in feats.iterrows():
        element, oid = idx if isinstance(idx, tuple) else ("way", idx)
        if element == "way":
            tags = {k: v for k, v in row.items() if k != "geometry"}
            rows.append((f"way/{oid}", tags, row.geometry))
    return rows


def _frame(records: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(records, columns=list(NETWORK_COLUMNS))
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=STORAGE_CRS)
    return gdf.sort_values(["mode", "id"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- boundary


def _keep_within(gdf: gpd.GeoDataFrame, boundary: Any, *, what: str) -> gpd.GeoDataFrame:
    """Keep lines that touch ``boundary``; refuse a network lying wholly outside it."""
    if boundary is None or gdf.empty:
        return gdf
    geom = boundary_geometry(boundary)
    shapely.prepare(geom)
    hit = shapely.intersects(geom, gdf.geometry.values)
    if not hit.any():
        raise NetworkSourceError(
            f"none of the {len(gdf)} lines of {what} lies within the boundary "
            f"(bounds {tuple(round(v, 4) for v in geom.bounds)!r}, lon/lat); check that the "
            "file covers the area and is in the CRS it declares, or pass boundary=None"
        )
    dropped = int((~hit).sum())
    if dropped:
        logger.info("%s: dropped %d lines outside the boundary", what, dropped)
    return gdf[hit].reset_index(drop=True)


def _require_lines(gdf: gpd.GeoDataFrame, *, what: str, hint: str) -> gpd.GeoDataFrame:
    if gdf.empty:
        raise NetworkSourceError(f"{what} holds no usable lines; {hint}")
    return gdf


# ---------------------------------------------------------------- OSM XML


def read_osm_xml(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Any = None,
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
        :data:`NETWORK_COLUMNS`, EPSG:4326.

    Raises
    ------
    NetworkSourceError
        If the file is missing, not OSM XML, or holds no rail or selected road.
    """
    import osmnx as ox

    path = Path(path)
    road_classes = check_road_classes(road_classes)
    if not path.is_file():
        raise NetworkSourceError(f"OSM file {str(path)!r} does not exist; check the path")
    try:
        feats = ox.features_from_xml(path, tags=osm_tag_filter(road_classes=road_classes))
    except ox._errors.InsufficientResponseError:
        feats = gpd.GeoDataFrame(geometry=[], crs=STORAGE_CRS)
    except Exception as exc:  # ParseError, KeyError on malformed elements, ...
        raise NetworkSourceError(
            f"cannot read OSM XML file {str(path)!r} ({type(exc).__name__}: {exc}); "
            "check that it is complete, uncorrupted OpenStreetMap XML"
        ) from exc
    gdf = _from_osm_rows(
        _way_rows(feats), road_classes=road_classes, source=f"{OSM_SOURCE}; file {path.name}"
    )
    gdf = _require_lines(
        gdf,
        what=f"OSM file {str(path)!r}",
        hint=f"it needs ways tagged railway=rail or highway in {list(road_classes)!r}",
    )
    return _keep_within(gdf, boundary, what=f"OSM file {str(path)!r}")


# ---------------------------------------------------------------- OSM PBF


def read_osm_pbf(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Any = None,
) -> gpd.GeoDataFrame:
    """Read rail and road ways from an OpenStreetMap PBF file with pyosmium.

    Node locations are cached in memory (pyosmium's default index), so a
    city or province extract is fine; for a whole-country file, cut an extract
    first (``osmium extract``).

    Parameters
    ----------
    path : str or Path
        An ``.osm.pbf`` file.
    road_classes : sequence of str
        OSM ``highway`` values to keep (``motorway`` = expressway).
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Keep only lines touching it (lon/lat); error if none does.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`NETWORK_COLUMNS`, EPSG:4326.

    Raises
    ------
    NetworkSourceError
        If the file is missing, not a PBF, or holds no rail or selected road.
    """
    import osmium

    path = Path(path)
    road_classes = check_road_classes(road_classes)
    if not path.is_file():
        raise NetworkSourceError(f"OSM file {str(path)!r} does not exist; check the path")
    factory = osmium.geom.WKBFactory()
    rows: list[tuple[str, dict[str, str], shapely.Geometry]] = []
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
    gdf = _from_osm_rows(rows, road_classes=road_classes, source=f"{OSM_SOURCE}; file {path.name}")
    gdf = _require_lines(
        gdf,
        what=f"OSM file {str(path)!r}",
        hint=f"it needs ways tagged railway=rail or highway in {list(road_classes)!r} "
        "with their nodes",
    )
    return _keep_within(gdf, boundary, what=f"OSM file {str(path)!r}")


# ---------------------------------------------------------------- online


def download_osm(
    boundary: Any = None,
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
        :data:`NETWORK_COLUMNS`, EPSG:4326; lines touching the boundary
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
    try:
        feats = ox.features_from_polygon(polygon, tags=osm_tag_filter(road_classes=road_classes))
    except ox._errors.InsufficientResponseError:
        feats = gpd.GeoDataFrame(geometry=[], crs=STORAGE_CRS)
    except Exception as exc:  # network errors, Overpass errors
        raise NetworkSourceError(
            f"downloading OpenStreetMap data failed ({type(exc).__name__}: {exc}); check the "
            "internet connection and the Overpass server (osmnx.settings.overpass_url), or "
            "pass a local file with --network PATH"
        ) from exc
    gdf = _from_osm_rows(
        _way_rows(feats), road_classes=road_classes, source=f"{OSM_SOURCE}; Overpass via osmnx"
    )
    return _require_lines(
        gdf,
        what="the OpenStreetMap download",
        hint="the boundary may be wrong (it must be lon/lat) or the area has no railway/road",
    )


# ---------------------------------------------------------------- vector files


def read_vector(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Any = None,
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a network from any vector file with a CRS (GeoPackage, GeoJSON, shapefile, ...).

    Parameters
    ----------
    path : str or Path
        The file. It needs a ``mode`` column (``rail``, ``expressway``,
        ``road``; ``railway`` and ``motorway`` are accepted as aliases) or OSM
        tag columns ``railway``/``highway``. Optional columns: ``id``, ``kind``,
        ``name_zh``, ``name_en``, ``ref``, ``precision``, ``source``; any others
        are kept after the standard ones.
    road_classes : sequence of str
        With OSM tag columns: the ``highway`` values to keep.
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Keep only lines touching it (lon/lat); error if none does.
    layer : str, optional
        Layer of a multi-layer file (GeoPackage).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`NETWORK_COLUMNS` then extra columns, EPSG:4326. Non-line
        geometries are dropped (logged).

    Raises
    ------
    NetworkSourceError
        Missing, unreadable or corrupt file, unknown modes, no lines.
    CRSError
        The file has no CRS (e.g. a shapefile without ``.prj``).
    """
    path = Path(path)
    road_classes = check_road_classes(road_classes)
    what = f"network file {str(path)!r}"
    if not path.exists():
        raise NetworkSourceError(f"{what} does not exist; check the path")
    try:
        raw = gpd.read_file(path, layer=layer) if layer is not None else gpd.read_file(path)
    except Exception as exc:  # pyogrio DataSourceError and friends
        raise NetworkSourceError(
            f"cannot read {what} ({type(exc).__name__}: {exc}); check that it is an uncorrupted "
            "GeoPackage, GeoJSON or shapefile"
        ) from exc
    if not isinstance(raw, gpd.GeoDataFrame) or "geometry" not in raw:
        raise NetworkSourceError(f"{what} has no geometry column; give a vector file of lines")
    if raw.empty:
        raise NetworkSourceError(
            f"{what} is empty (0 features); give a file with rail/expressway lines"
        )
    require_crs(raw, name=str(path))
    raw = raw.to_crs(STORAGE_CRS)
    geom_ok = raw.geometry.notna() & ~raw.geometry.is_empty & raw.geom_type.isin(_LINE_TYPES)
    if (~geom_ok).any():
        logger.warning("%s: %d non-line or empty geometries ignored", what, int((~geom_ok).sum()))
    raw = raw[geom_ok].reset_index(drop=True)
    src_default = path.name
    if "mode" in raw.columns:
        modes = raw["mode"].astype(str).str.strip().str.lower()
        bad = sorted(set(modes) - set(_MODE_ALIASES))
        if bad:
            raise NetworkSourceError(
                f"{what}: column 'mode' holds {bad!r}; use one of {', '.join(MODES)}"
            )
        out = raw.copy()
        out["mode"] = modes.map(_MODE_ALIASES)
        if "kind" not in out.columns:
            out["kind"] = out["mode"].map(
                {"rail": "rail", "expressway": "motorway", "road": "road"}
            )
    elif "railway" in raw.columns or "highway" in raw.columns:
        mk = [
            classify_osm_tags(row, road_classes=road_classes)
            for row in raw.drop(columns="geometry").to_dict("records")
        ]
        keep = np.array([m is not None for m in mk], dtype=bool)
        out = raw[keep].copy()
        out["mode"] = [m[0] for m in mk if m is not None]
        out["kind"] = [m[1] for m in mk if m is not None]
        if "name_zh" not in out.columns and "name" in out.columns:
            out["name_zh"] = out["name"]
        if "source" not in out.columns:
            src_default = f"{OSM_SOURCE}; file {path.name}"
        if "precision" not in out.columns:
            out["precision"] = "osm_alignment"
    else:
        raise NetworkSourceError(
            f"{what} has neither a 'mode' column nor OSM 'railway'/'highway' columns "
            f"(columns: {list(raw.columns)!r}); add a column 'mode' with values "
            f"{', '.join(MODES)}"
        )
    if "id" not in out.columns:
        out["id"] = [f"{path.stem}/{i}" for i in range(len(out))]
    for col, default in (
        ("name_zh", ""),
        ("name_en", ""),
        ("ref", ""),
        ("precision", "unknown"),
        ("source", src_default),
        ("kind", ""),
    ):
        if col not in out.columns:
            out[col] = default
        out[col] = out[col].where(out[col].notna(), default).astype(str)
    out["id"] = out["id"].astype(str)
    dup = out["id"].duplicated()
    if dup.any():
        logger.warning("%s: %d duplicate ids; suffixes added", what, int(dup.sum()))
        out.loc[dup, "id"] = out.loc[dup, "id"] + "#" + out.index[dup].astype(str)
    extra = [c for c in out.columns if c not in NETWORK_COLUMNS]
    out = gpd.GeoDataFrame(
        out[[*NETWORK_COLUMNS[:-1], *extra, "geometry"]], geometry="geometry", crs=STORAGE_CRS
    )
    out = _require_lines(
        out,
        what=what,
        hint="it needs LineString/MultiLineString features of mode rail, expressway or road",
    )
    out = out.sort_values(["mode", "id"], kind="stable").reset_index(drop=True)
    return _keep_within(out, boundary, what=what)


# ---------------------------------------------------------------- dispatcher


def _is_xml(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in _XML_SUFFIXES)


def load_network(
    source: str | Path | None = None,
    *,
    osm: bool = False,
    boundary: Any = None,
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
        Lines in EPSG:4326 with :data:`NETWORK_COLUMNS`.

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
        if not REFERENCE_NETWORK.exists():
            raise NetworkSourceError(
                f"the embedded reference network {str(REFERENCE_NETWORK)!r} is missing; "
                "restore it from the repository, or pass --network PATH or --osm"
            )
        gdf = read_vector(REFERENCE_NETWORK, road_classes=road_classes, boundary=boundary)
        gdf.attrs["source"] = (
            "embedded reference network geo/data/reference/existing_network.geojson"
        )
        return gdf
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
