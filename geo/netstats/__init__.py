"""Network structure (nodes, edges, components, osmnx basic stats) of rail and roads.

:func:`network_stats` turns a network (the lines of
:func:`geo.network.load_network`, or an osmnx graph) into one row of figures
per class (``rail``, ``expressway``, ``trunk``, ...), clipped to a boundary
(default Hefei). Graphs are osmnx ``MultiDiGraph`` objects, so every osmnx
function applies to them.

Units
-----
osmnx's :func:`osmnx.stats.basic_stats` reports lengths in metres and its
``*_density_km`` keys *per km²*: ``edge_density_km`` and ``street_density_km``
are **metres of edge per km²**, ``node_density_km`` and
``intersection_density_km`` are **counts per km²**. This module converts the
length densities to km per km² and says so in the column names.

Graphs from lines (:func:`graph_from_lines`) have a node at each line end and
at each point where a line ends on another line (a T-junction, within
``snap_m``). Lines that cross without a shared node (a bridge over a railway)
are not connected, as in OpenStreetMap. Every line is an edge in both
directions (railways and the carriageway pair of an expressway are two-way
infrastructure); the counts below are of undirected edges.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from shapely import ops

from geo.errors import NetworkSourceError, ParameterError
from geo.measure import LENGTH_CRS, STORAGE_CRS, area_km2, require_crs
from geo.network import class_order, classify_osm_tags
from geo.network._params import (
    DEFAULT_ROAD_CLASSES,
    Boundary,
    boundary_geometry,
    check_road_classes,
)

__all__ = ["STAT_COLUMNS", "NetworkStats", "graph_from_lines", "graph_from_osm", "network_stats"]

logger = logging.getLogger(__name__)

STAT_COLUMNS: tuple[str, ...] = (
    "network_class",
    "nodes",
    "edges",
    "components",
    "largest_component_length_share",
    "length_km",
    "edge_length_avg_km",
    "dead_ends",
    "junctions",
    "k_avg",
    "streets_per_node_avg",
    "circuity_avg",
    "self_loop_proportion",
    "node_density_per_km2",
    "junction_density_per_km2",
    "edge_density_km_per_km2",
    "area_km2",
)
"""Columns of :attr:`NetworkStats.table` (lengths km, areas km², densities per km²)."""


@dataclass(frozen=True)
class NetworkStats:
    """Structure figures, one row per network class.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns :data:`STAT_COLUMNS`: ``nodes``; ``edges`` (undirected);
        ``components`` (connected, undirected); ``largest_component_length_share``
        (0-1); ``length_km`` (sum of undirected edge lengths, not
        de-duplicated); ``edge_length_avg_km``; ``dead_ends`` (nodes with one
        edge); ``junctions`` (nodes with three or more edges); ``k_avg`` (osmnx:
        mean directed degree); ``streets_per_node_avg``; ``circuity_avg``
        (edge length / straight-line distance); ``self_loop_proportion``;
        ``node_density_per_km2``, ``junction_density_per_km2`` (counts per km²);
        ``edge_density_km_per_km2`` (km of undirected edge per km²);
        ``area_km2``.
    graphs : dict of str to networkx.MultiDiGraph
        The osmnx graph of each class.
    """

    table: pd.DataFrame
    graphs: dict[str, nx.MultiDiGraph]

    def to_frame(self) -> pd.DataFrame:
        """Return the table (a copy)."""
        return self.table.copy()

    def to_json_dict(self) -> dict[str, Any]:
        """``{class: {column: value}}`` with plain JSON numbers (rounded to 4 decimals)."""
        out: dict[str, Any] = {}
        for rec in self.table.to_dict("records"):
            cls = str(rec.pop("network_class"))
            out[cls] = {
                k: (int(v) if isinstance(v, int | np.integer) else round(float(v), 4))
                for k, v in rec.items()
            }
        return out

    def format_table(self) -> str:
        """Format a readable text table (one line per class)."""
        head = (
            f"{'class':<12} {'nodes':>7} {'edges':>7} {'comp.':>6} {'largest':>8} {'km':>9} "
            f"{'dead':>6} {'junct.':>6} {'circuity':>8} {'km/km²':>8}"
        )
        lines = [head, "-" * len(head)]
        for r in self.table.to_dict("records"):
            lines.append(
                f"{r['network_class']:<12} {r['nodes']:>7d} {r['edges']:>7d} {r['components']:>6d} "
                f"{r['largest_component_length_share']:>8.1%} {r['length_km']:>9.1f} "
                f"{r['dead_ends']:>6d} {r['junctions']:>6d} {r['circuity_avg']:>8.3f} "
                f"{r['edge_density_km_per_km2']:>8.4f}"
            )
        return "\n".join(lines)


# ---------------------------------------------------------------- graphs from lines


def _clusters(xy: np.ndarray, tol: float) -> np.ndarray:
    """Label points so that points within ``tol`` (chained) share a label."""
    n = len(xy)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    pts = shapely.points(xy)
    tree = shapely.STRtree(np.asarray(pts))
    a, b = tree.query(pts, predicate="dwithin", distance=tol)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(a[a < b].tolist(), b[a < b].tolist(), strict=True))
    label = np.empty(n, dtype=np.int64)
    for k, comp in enumerate(sorted(nx.connected_components(g), key=min)):
        label[list(comp)] = k
    return label


def graph_from_lines(lines: gpd.GeoDataFrame, *, snap_m: float = 1.0) -> nx.MultiDiGraph:
    """Build an osmnx graph from (multi)lines: nodes at line ends and T-junctions.

    Parameters
    ----------
    lines : GeoDataFrame
        Lines with a CRS; columns ``id``, ``mode``, ``kind``, ``ref`` and
        ``name_zh`` are copied to the edges when present.
    snap_m : float
        Line ends closer than this (metres) are one node; a line end this
        close to another line splits it there.

    Returns
    -------
    networkx.MultiDiGraph
        osmnx conventions: ``crs`` EPSG:4326, nodes with ``x`` (lon), ``y``
        (lat) and ``street_count``, edges ``(u, v, key)`` both ways with
        ``length`` (metres, in EPSG:4548), ``geometry`` (lon/lat) and ``osmid``.
    """
    import osmnx as ox

    if not snap_m > 0:  # also refuses NaN
        raise ParameterError(f"snap_m={snap_m!r} must be positive (metres), e.g. 1.0")
    require_crs(lines, name="lines")
    gdf = lines.to_crs(LENGTH_CRS)
    parts, row = shapely.get_parts(gdf.geometry.values, return_index=True)
    is_line = (shapely.get_type_id(parts) == 1) & (shapely.length(parts) > 0)
    parts, row = parts[is_line], row[is_line]
    if len(parts) == 0:
        raise NetworkSourceError(
            "lines holds no LineString with length; nothing to build a graph from"
        )
    # T-junctions: a line end within snap_m of another line's interior splits that line.
    ends = np.concatenate([shapely.get_point(parts, 0), shapely.get_point(parts, -1)])
    tree = shapely.STRtree(parts)
    ei, pi = tree.query(ends, predicate="dwithin", distance=snap_m)
    own = np.concatenate([np.arange(len(parts)), np.arange(len(parts))])
    cuts: dict[int, list[float]] = {}
    for e, p in zip(ei.tolist(), pi.tolist(), strict=True):
        if own[e] == p:
            continue
        d = float(shapely.line_locate_point(parts[p], ends[e]))
        if snap_m < d < float(parts[p].length) - snap_m:
            cuts.setdefault(p, []).append(d)
    pieces: list[Any] = []
    piece_row: list[int] = []
    for k, part in enumerate(parts):
        ds = sorted(set(cuts.get(k, [])))
        bounds = [0.0, *ds, float(part.length)]
        for a, b in itertools.pairwise(bounds):
            pieces.append(ops.substring(part, a, b))
            piece_row.append(int(row[k]))
    starts = shapely.get_coordinates(shapely.get_point(pieces, 0))
    stops = shapely.get_coordinates(shapely.get_point(pieces, -1))
    label = _clusters(np.concatenate([starts, stops]), snap_m)
    n = len(pieces)
    u, v = label[:n], label[n:]
    n_nodes = int(label.max()) + 1
    xy = np.zeros((n_nodes, 2))
    cnt = np.bincount(label, minlength=n_nodes)
    allxy = np.concatenate([starts, stops])
    xy[:, 0] = np.bincount(label, weights=allxy[:, 0], minlength=n_nodes) / cnt
    xy[:, 1] = np.bincount(label, weights=allxy[:, 1], minlength=n_nodes) / cnt
    node_ll = gpd.GeoSeries(shapely.points(xy), crs=LENGTH_CRS).to_crs(STORAGE_CRS)
    nodes = gpd.GeoDataFrame(
        {"x": node_ll.x.to_numpy(), "y": node_ll.y.to_numpy()},
        geometry=node_ll.values,
        crs=STORAGE_CRS,
        index=pd.Index(np.arange(n_nodes), name="osmid"),
    )
    attrs = {
        c: gdf[c].astype(str).to_numpy()
        for c in ("id", "mode", "kind", "ref", "name_zh")
        if c in gdf
    }
    piece_geo = gpd.GeoSeries(pieces, crs=LENGTH_CRS)
    lengths = piece_geo.length.to_numpy()
    piece_ll = piece_geo.to_crs(STORAGE_CRS).values
    rows: list[dict[str, Any]] = []
    key_count: dict[tuple[int, int], int] = {}
    for k in range(n):
        for a, b, geom in ((u[k], v[k], piece_ll[k]), (v[k], u[k], shapely.reverse(piece_ll[k]))):
            key = key_count.get((int(a), int(b)), 0)
            key_count[(int(a), int(b))] = key + 1
            rec: dict[str, Any] = {
                "u": int(a),
                "v": int(b),
                "key": key,
                "length": float(lengths[k]),
            }
            for c, vals in attrs.items():
                rec["osmid" if c == "id" else c] = vals[piece_row[k]]
            rec["geometry"] = geom
            rows.append(rec)
    edges = gpd.GeoDataFrame(rows, geometry="geometry", crs=STORAGE_CRS).set_index(
        ["u", "v", "key"]
    )
    graph = ox.convert.graph_from_gdfs(nodes, edges, graph_attrs={"crs": STORAGE_CRS})
    nx.set_node_attributes(graph, ox.stats.count_streets_per_node(graph), name="street_count")
    return graph


# ---------------------------------------------------------------- graphs from OSM


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

    road_classes = check_road_classes(road_classes)
    tags = ["railway", "highway", "service", "usage", "highspeed"]
    saved = list(ox.settings.useful_tags_way)
    ox.settings.useful_tags_way = list(dict.fromkeys([*saved, *tags]))
    try:
        if source is not None:
            path = Path(source)
            if not path.is_file():
                raise NetworkSourceError(f"OSM file {str(path)!r} does not exist; check the path")
            try:
                graph = ox.graph_from_xml(path, simplify=False, retain_all=True)
            except Exception as exc:
                raise NetworkSourceError(
                    f"cannot read OSM XML file {str(path)!r} ({type(exc).__name__}: {exc}); "
                    "check that it is complete OpenStreetMap XML"
                ) from exc
        else:
            polygon = boundary_geometry(boundary if boundary is not None else admin.boundary())
            filters = ['["railway"="rail"]']
            if road_classes:
                filters.append(f'["highway"~"^({"|".join(road_classes)})$"]')
            try:
                graph = ox.graph_from_polygon(
                    polygon, custom_filter=filters, simplify=False, retain_all=True
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


# ---------------------------------------------------------------- stats


def _graph_row(cls: str, graph: nx.MultiDiGraph, area: float) -> dict[str, Any]:
    import osmnx as ox

    if len(graph) == 0:
        return {c: 0 for c in STAT_COLUMNS} | {"network_class": cls, "area_km2": area}
    nx.set_node_attributes(graph, ox.stats.count_streets_per_node(graph), name="street_count")
    und = ox.convert.to_undirected(graph)
    basic = ox.stats.basic_stats(graph, area=area * 1e6)
    comps = list(nx.connected_components(nx.Graph(und)))
    comp_len = [
        sum(d.get("length", 0.0) for _, _, d in und.subgraph(c).edges(data=True)) for c in comps
    ]
    total = sum(comp_len)
    degree = dict(und.degree())
    m_und = und.number_of_edges()
    return {
        "network_class": cls,
        "nodes": int(basic["n"]),
        "edges": int(m_und),
        "components": len(comps),
        "largest_component_length_share": (max(comp_len) / total) if total else 0.0,
        "length_km": total / 1000.0,
        "edge_length_avg_km": (total / m_und / 1000.0) if m_und else 0.0,
        "dead_ends": int(sum(1 for d in degree.values() if d == 1)),
        "junctions": int(basic["intersection_count"]),
        "k_avg": float(basic["k_avg"]),
        "streets_per_node_avg": float(basic["streets_per_node_avg"]),
        "circuity_avg": float(basic["circuity_avg"] or 0.0),
        "self_loop_proportion": float(basic["self_loop_proportion"]),
        "node_density_per_km2": float(basic["node_density_km"]),
        "junction_density_per_km2": float(basic["intersection_density_km"]),
        # osmnx: street_density_km is metres of undirected street per km²
        "edge_density_km_per_km2": float(basic["street_density_km"]) / 1000.0,
        "area_km2": area,
    }


def network_stats(
    network: gpd.GeoDataFrame | nx.MultiDiGraph | None = None,
    *,
    boundary: Boundary | None = None,
    snap_m: float = 1.0,
    clip: bool = True,
) -> NetworkStats:
    """Node and edge counts, components and osmnx basic stats per network class.

    Parameters
    ----------
    network : GeoDataFrame or networkx.MultiDiGraph, optional
        Lines from :func:`geo.network.load_network` (one graph per class:
        ``rail``, ``expressway`` and each road class, built by
        :func:`graph_from_lines`), or an osmnx graph whose edges carry
        ``mode``/``kind`` (from :func:`graph_from_osm`). Default: the
        embedded reference network.
    boundary : GeoDataFrame, GeoSeries or shapely geometry, optional
        Lon/lat. Lines are clipped to it (graphs truncated to it) and
        densities use its equal-area area. Default: Hefei's city boundary.
    snap_m : float
        For lines: node snapping tolerance in metres (1 m joins lines that share
        a vertex; hand-digitised lines may need tens of metres).
    clip : bool
        Clip lines / truncate graphs to ``boundary`` (default). ``False``
        keeps lines that leave and re-enter the area in one piece (fewer,
        truer components); densities then divide the whole graph's length
        by the boundary's area.

    Returns
    -------
    NetworkStats
    """
    from geo import admin
    from geo.network import load_network

    poly = boundary_geometry(boundary if boundary is not None else admin.boundary())
    area = float(area_km2(gpd.GeoSeries([poly], crs=STORAGE_CRS))[0])
    rows: list[dict[str, Any]] = []
    graphs: dict[str, nx.MultiDiGraph] = {}
    if network is None:
        network = load_network()
    if isinstance(network, nx.MultiDiGraph):
        import osmnx as ox

        graph = ox.truncate.truncate_graph_polygon(network, poly) if clip else network
        classes: dict[str, list[tuple[Any, Any, Any]]] = {}
        for u, v, k, d in graph.edges(keys=True, data=True):
            mode = str(d.get("mode", "road"))
            cls = str(d.get("kind", "road")) if mode == "road" else mode
            classes.setdefault(cls, []).append((u, v, k))
        for cls in sorted(classes, key=class_order):
            sub = graph.edge_subgraph(classes[cls]).copy()
            graphs[cls] = sub
            rows.append(_graph_row(cls, sub, area))
    elif isinstance(network, gpd.GeoDataFrame):
        require_crs(network, name="network")
        if "mode" not in network.columns:
            raise ParameterError(
                "network has no 'mode' column; load it with geo.network.load_network()"
            )
        clipped = network.to_crs(STORAGE_CRS).copy()
        if clip:
            clipped["geometry"] = shapely.intersection(clipped.geometry.values, poly)
        clipped = clipped[~clipped.geometry.is_empty]
        kinds = (
            clipped["kind"].astype(str)
            if "kind" in clipped
            else pd.Series("road", index=clipped.index)
        )
        cls_col = np.where(clipped["mode"] == "road", kinds, clipped["mode"].astype(str))
        for cls in sorted(set(cls_col), key=class_order):
            sub = clipped[cls_col == cls]
            try:
                graph = graph_from_lines(sub, snap_m=snap_m)
            except NetworkSourceError:
                continue
            graphs[cls] = graph
            rows.append(_graph_row(cls, graph, area))
    else:
        raise ParameterError(
            f"network={type(network).__name__!r} is neither lines (GeoDataFrame) nor an osmnx "
            "MultiDiGraph; pass geo.network.load_network() or geo.netstats.graph_from_osm()"
        )
    table = pd.DataFrame(rows, columns=list(STAT_COLUMNS))
    return NetworkStats(table=table, graphs=graphs)
