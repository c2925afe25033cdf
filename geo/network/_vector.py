"""Network source: any vector file with a CRS (GeoPackage, GeoJSON, shapefile, ...).

The file gives each line's ``mode`` (``rail``, ``expressway``, ``road``), or OpenStreetMap
tag columns (``railway``, ``highway``, ...) read as the OSM sources read them
(:mod:`geo.network._osm`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np

from geo.errors import NetworkSourceError
from geo.measure import STORAGE_CRS, to_storage_crs
from geo.network._frame import LINE_TYPES, MODES, NETWORK_COLUMNS, keep_within, require_lines
from geo.network._osm import OSM_PRECISION, OSM_SOURCE, classify_osm_tags, osm_names
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary, check_road_classes

__all__ = ["read_vector"]

logger = logging.getLogger(__name__)

_MODE_ALIASES = {
    "rail": "rail",
    "railway": "rail",
    "expressway": "expressway",
    "motorway": "expressway",
    "road": "road",
}


def read_vector(
    path: str | Path,
    *,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
    boundary: Boundary | None = None,
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
        :data:`geo.network.NETWORK_COLUMNS` then extra columns, EPSG:4326. Non-line
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
    raw = to_storage_crs(raw, name=str(path))
    geom_ok = raw.geometry.notna() & ~raw.geometry.is_empty & raw.geom_type.isin(LINE_TYPES)
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
        names = [osm_names(row) for row in out.drop(columns="geometry").to_dict("records")]
        for col in ("name_zh", "name_en", "ref"):
            if col not in out.columns:
                out[col] = [n[col] for n in names]
        if "source" not in out.columns:
            src_default = f"{OSM_SOURCE}; file {path.name}"
        if "precision" not in out.columns:
            out["precision"] = OSM_PRECISION
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
    out = require_lines(
        out,
        what=what,
        hint="it needs LineString/MultiLineString features of mode rail, expressway or road",
    )
    out = out.sort_values(["mode", "id"], kind="stable").reset_index(drop=True)
    return keep_within(out, boundary, what=what)
