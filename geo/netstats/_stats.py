"""Structure figures per network class from lines or an osmnx graph (:func:`network_stats`)."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from geo.errors import NetworkSourceError, ParameterError
from geo.measure import STORAGE_CRS, area_km2, to_storage_crs
from geo.netstats._lines import graph_from_lines
from geo.netstats._result import STAT_COLUMNS, NetworkStats
from geo.network import class_order
from geo.network._params import Boundary, boundary_geometry

__all__ = ["network_stats"]


def _graph_row(cls: str, graph: nx.MultiDiGraph, area: float) -> dict[str, object]:
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
    rows: list[dict[str, object]] = []
    graphs: dict[str, nx.MultiDiGraph] = {}
    if network is None:
        network = load_network()
    if isinstance(network, nx.MultiDiGraph):
        import osmnx as ox

        graph = ox.truncate.truncate_graph_polygon(network, poly) if clip else network
        classes: dict[str, list[tuple[object, object, int]]] = {}
        for u, v, k, d in graph.edges(keys=True, data=True):
            mode = str(d.get("mode", "road"))
            cls = str(d.get("kind", "road")) if mode == "road" else mode
            classes.setdefault(cls, []).append((u, v, k))
        for cls in sorted(classes, key=class_order):
            sub = graph.edge_subgraph(classes[cls]).copy()
            graphs[cls] = sub
            rows.append(_graph_row(cls, sub, area))
    elif isinstance(network, gpd.GeoDataFrame):
        lonlat = to_storage_crs(network, name="network")
        if "mode" not in lonlat.columns:
            raise ParameterError(
                "network has no 'mode' column; load it with geo.network.load_network()"
            )
        clipped = lonlat.copy()
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
