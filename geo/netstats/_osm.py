"""An osmnx graph of rail and roads from an OSM XML file or the internet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from geo.errors import NetworkSourceError
from geo.network import classify_osm_tags, osm_tag_filter
from geo.network._osm import osm_file
from geo.network._params import (
    DEFAULT_ROAD_CLASSES,
    Boundary,
    boundary_geometry,
    check_road_classes,
)

__all__ = ["graph_from_osm"]


def _osm_filter(graph: nx.MultiDiGraph, road_classes: Sequence[str]) -> nx.MultiDiGraph:
    """Keep only edges that are rail or a selected road class, tagging mode/kind."""
    drop = []
    for u, v, k, data in graph.edges(keys=True, data=True):
        tags = {key: (val[0] if isinstance(val, list) else val) for key, val in data.items()}
        mk = classify_osm_tags(tags, road_classes=road_classes)
        if mk is None:
            drop.append((u, v, k))
        else:
            data["mode"], data["kind"] = mk
    graph.remove_edges_from(drop)
    graph.remove_nodes_from([n for n, d in graph.degree() if d == 0])
    return graph


def _overpass_filters(road_classes: Sequence[str]) -> list[str]:
    """Return :func:`geo.network.osm_tag_filter`'s selection as osmnx ``custom_filter``s."""
    filters = []
    for key, value in osm_tag_filter(road_classes=road_classes).items():
        if isinstance(value, list):
            filters.append(f'["{key}"~"^({"|".join(value)})$"]')
        else:
            filters.append(f'["{key}"]' if value is True else f'["{key}"="{value}"]')
    return filters


def graph_from_osm(
    source: str | Path | None = None,
    *,
    boundary: Boundary | None = None,
    road_classes: Sequence[str] = DEFAULT_ROAD_CLASSES,
) -> nx.MultiDiGraph:
    """Build an osmnx graph of rail and roads from an OSM XML file or the internet.

    Parameters
    ----------
    source : str or Path, optional
        An ``.osm`` XML file (:func:`osmnx.graph_from_xml`). ``None``:
        download inside ``boundary`` with :func:`osmnx.graph_from_polygon`
        (cached by osmnx in ``osmnx.settings.cache_folder``).
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Lon/lat; the download area (default Hefei), or for a file the area
        the graph is truncated to (default none).
    road_classes : sequence of str
        OSM ``highway`` classes kept besides ``railway=rail``.

    Returns
    -------
    networkx.MultiDiGraph
        Simplified, all components kept; edges carry ``mode`` and ``kind``
        (see :func:`geo.network.classify_osm_tags`) and osmnx's ``length`` (m).
    """
    import osmnx as ox

    from geo import admin

    if source is not None:
        path, road_classes = osm_file(source, road_classes)
    else:
        road_classes = check_road_classes(road_classes)
    tags = ["railway", "highway", "service", "usage", "highspeed"]
    saved = list(ox.settings.useful_tags_way)
    ox.settings.useful_tags_way = list(dict.fromkeys([*saved, *tags]))
    try:
        if source is not None:
            try:
                graph = ox.graph_from_xml(path, simplify=False, retain_all=True)
            except Exception as exc:
                raise NetworkSourceError(
                    f"cannot read OSM XML file {str(path)!r} ({type(exc).__name__}: {exc}); "
                    "check that it is complete OpenStreetMap XML"
                ) from exc
        else:
            polygon = boundary_geometry(boundary if boundary is not None else admin.boundary())
            try:
                graph = ox.graph_from_polygon(
                    polygon,
                    custom_filter=_overpass_filters(road_classes),
                    simplify=False,
                    retain_all=True,
                )
            except Exception as exc:
                raise NetworkSourceError(
                    f"downloading the OSM graph failed ({type(exc).__name__}: {exc}); check the "
                    "connection, or use a local file"
                ) from exc
    finally:
        ox.settings.useful_tags_way = saved
    graph = _osm_filter(graph, road_classes)
    if len(graph) == 0:
        raise NetworkSourceError(
            f"the OSM data holds no railway=rail or highway in {list(road_classes)!r}; "
            "nothing to analyse"
        )
    graph = ox.simplify_graph(graph, edge_attrs_differ=["mode"])
    if source is not None and boundary is not None:
        graph = ox.truncate.truncate_graph_polygon(graph, boundary_geometry(boundary))
    return graph
