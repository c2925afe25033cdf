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
* ``index.html``: links to all of them, saying which need the network;
* ``downloads/``: the data behind the maps (GeoJSON per layer, a copy of the
  GeoPackage and of the density table), linked from every map.

Every map links to the index and to the others, and has a filter by status and
progress, a timeline, a project list, search, permalinks (view, layers and
selected feature in the URL) and a print stylesheet (A4 landscape).

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

The package is split into single-topic private modules: :mod:`geo.maps._geojson`
(the layers as GeoJSON), :mod:`geo.maps._style` (the style table),
:mod:`geo.maps._symbols` (line strokes, pins and badges), :mod:`geo.maps._legend`,
:mod:`geo.maps._density` (density figures), :mod:`geo.maps._assets` (the vendored
and own scripts and stylesheets), :mod:`geo.maps._page` (page assembly),
:mod:`geo.maps._index` (index page), :mod:`geo.maps._downloads` (the data behind
the maps) and :mod:`geo.maps._render` (building a map and writing every page).
"""

from __future__ import annotations

from geo.maps._density import SCENARIOS
from geo.maps._downloads import DOWNLOADS_DIR
from geo.maps._geojson import COORD_DECIMALS, NETWORK_LAYER, NETWORK_PROPERTIES, ORIENTATION_FILE
from geo.maps._page import map_html
from geo.maps._render import (
    CHAPTER_MAPS,
    DATUMS,
    GCJ02_MAP,
    INDEX_PAGE,
    MAIN_MAP,
    build_map,
    render_maps,
)

__all__ = [
    "CHAPTER_MAPS",
    "COORD_DECIMALS",
    "DATUMS",
    "DOWNLOADS_DIR",
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
