"""Build one map page (:func:`build_map`) and write every page of a build (:func:`render_maps`).

The pages, their options and the folders they go to are described in :mod:`geo.maps`.
Coordinates are stored as (lon, lat) everywhere in the project, but folium and
Leaflet take (lat, lon): :func:`build_map` swaps them where it hands a
location or bounds to folium or Leaflet; GeoJSON keeps (lon, lat).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

from geo._io import write_atomic
from geo._paths import MAPS_DIR
from geo.catalogue import Vocab
from geo.errors import ParameterError
from geo.maps._density import density_config
from geo.maps._downloads import links, write_downloads
from geo.maps._geojson import (
    NETWORK_LAYER,
    prepare,
    read_orientation,
)
from geo.maps._index import IndexEntry, index_html
from geo.maps._page import BASEMAPS, TITLE, build_page, map_html
from geo.maps._style import CHAPTERS
from geo.style import load_style

__all__ = [
    "CHAPTER_MAPS",
    "DATUMS",
    "GCJ02_MAP",
    "INDEX_PAGE",
    "MAIN_MAP",
    "build_map",
    "render_maps",
]

logger = logging.getLogger(__name__)

MAIN_MAP = "hefei_plan.html"
GCJ02_MAP = "hefei_plan_gcj02.html"
CHAPTER_MAPS: dict[str, str] = {chapter: f"{chapter}.html" for chapter in CHAPTERS}
"""One page per plan chapter, named after it (``transport.html``, ...)."""
INDEX_PAGE = "index.html"
DATUMS = ("WGS84", "GCJ02")


def build_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    vocab: Vocab,
    density: Mapping[str, object] | None = None,
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
    prepared = prepare(layers, vocab, read_orientation(orientation), datum)
    return build_page(
        prepared,
        vocab=vocab,
        density=density_config(density),
        chapters=chapters,
        datum=datum,
        offline=offline,
        title=title or TITLE,
        choropleth_scenario=choropleth_scenario,
    )


def render_maps(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    vocab: Vocab,
    density: Mapping[str, object] | None = None,
    out_dir: Path = MAPS_DIR,
    offline: bool = True,
    orientation: Path | gpd.GeoDataFrame | None = None,
    data_dir: Path | None = None,
) -> list[Path]:
    """Render every map of the plan, an index page and the downloads into ``out_dir``.

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
        scenarios hold ``"areas"`` keyed by adcode, the city as ``"340100"``):
        scenarios of :data:`geo.density.SCENARIOS` (``2020``, ``2025``,
        ``today``, ``today+<tier>``), optionally with ``target_timeline``
        (shown as "did Hefei reach its targets in 2020, 2025, today").
        Without it the maps have no density panel; with it, the maps with the
        transport chapter have one.
    out_dir : Path, default ``maps/``
        Output folder (created if needed).
    offline : bool, default True
        Self-contained pages (every asset inlined) or CDN-linked assets.
    orientation : Path or GeoDataFrame, optional
        Chaohu and rivers; default ``geo/data/reference/orientation.geojson``.
    data_dir : Path, optional
        The folder :func:`geo.export.write_all` and the density tables were
        written to; its ``hefei_plan.gpkg`` and ``density.csv`` are copied into
        ``out_dir/downloads/`` and linked from every map.

    Returns
    -------
    list of Path
        ``hefei_plan.html``, ``hefei_plan_gcj02.html``, ``transport.html``,
        ``energy.html``, ``environment.html`` and ``index.html``, in that
        order, then the files under ``downloads/``.

    Notes
    -----
    Each file is written to a temporary file and renamed into place, and the
    same input always gives byte-identical files. Folium takes (lat, lon);
    the layers are (lon, lat) and are swapped where needed.
    """
    out_dir = Path(out_dir)
    dens = density_config(density)
    orient = read_orientation(orientation)
    wgs = prepare(layers, vocab, orient, "WGS84")
    collections = dict(wgs["layers"])
    if "network" in wgs:
        collections[NETWORK_LAYER] = wgs["network"]
    map_layers = {Path(MAIN_MAP).stem: list(collections)}
    for chapter, filename in CHAPTER_MAPS.items():
        map_layers[Path(filename).stem] = [
            n for n in collections if n == NETWORK_LAYER or vocab.layers[n].chapter == chapter
        ]
    downloaded = write_downloads(out_dir, collections, maps=map_layers, data_dir=data_dir)
    available = [p.name for p in downloaded]
    labels = {n: (vocab.layers[n].zh, vocab.layers[n].en) for n in wgs["layers"]}
    labels[NETWORK_LAYER] = ("现状路网", "existing railways and expressways")

    pages: list[tuple[str, dict[str, Any], str, tuple[str, ...], tuple[str, str]]] = [
        (MAIN_MAP, wgs, "WGS84", tuple(CHAPTERS), TITLE),
        (GCJ02_MAP, prepare(layers, vocab, orient, "GCJ02"), "GCJ02", tuple(CHAPTERS), TITLE),
    ]
    for chapter, filename in CHAPTER_MAPS.items():
        zh, en = CHAPTERS[chapter]
        short = (f"{TITLE[0].split('：')[0]}：{zh}", f"{TITLE[1].split(':')[0]}: {en.lower()}")
        pages.append((filename, wgs, "WGS84", (chapter,), short))
    counts = {n: len(fc["features"]) for n, fc in wgs["layers"].items()}
    entries = [
        IndexEntry(
            MAIN_MAP,
            "全部图层",
            "every layer",
            "交通、能源、环境三章全部项目 · all three chapters, WGS84",
            needs_network=False,
        ),
        IndexEntry(
            GCJ02_MAP,
            "全部图层（高德底图）",
            "every layer on Amap tiles",
            "GCJ-02: overlays converted to line up with Amap (Gaode) tiles",
            needs_network=_needs_network("GCJ02"),
        ),
    ]
    for chapter, filename in CHAPTER_MAPS.items():
        zh, en = CHAPTERS[chapter]
        n = sum(c for name, c in counts.items() if vocab.layers[name].chapter == chapter)
        entries.append(IndexEntry(filename, zh, en, f"{n} features", needs_network=False))
    nav = [{"href": INDEX_PAGE, "zh": "地图索引", "en": "index of maps"}] + [
        {"href": e.href, "zh": e.zh, "en": e.en} for e in entries
    ]

    written: list[Path] = []
    spec = load_style(vocab=vocab)
    for filename, prepared, datum, chapters, title in pages:
        names = [n for n in prepared["layers"] if vocab.layers[n].chapter in chapters]
        if "network" in prepared:
            names.append(NETWORK_LAYER)
        m = build_page(
            prepared,
            vocab=vocab,
            density=dens,
            chapters=chapters,
            datum=datum,
            offline=offline,
            title=title,
            choropleth_scenario="2025",
            nav=[dict(n, current="1" if n["href"] == filename else "") for n in nav],
            downloads=links(
                names,
                labels,
                available,
                # the GCJ-02 map links the WGS84 data: downloads are never in GCJ-02
                map_file=f"{Path(MAIN_MAP if datum == 'GCJ02' else filename).stem}.geojson",
            ),
            spec=spec,
        )
        path = write_atomic(out_dir / filename, map_html(m))
        logger.info("wrote %s (%.0f kB)", path, path.stat().st_size / 1024)
        written.append(path)
    index = index_html(
        entries,
        title=TITLE,
        total=sum(counts.values()),
        downloads=links(
            [*wgs["layers"], NETWORK_LAYER],
            labels,
            available,
            map_file=f"{Path(MAIN_MAP).stem}.geojson",
        ),
    )
    written.append(write_atomic(out_dir / INDEX_PAGE, index))
    return written + downloaded


def _needs_network(datum: str) -> bool:
    """Whether the default basemap of a map in ``datum`` loads tiles from the network."""
    return any(b.get("default") and b.get("url") for b in BASEMAPS[datum])
