"""An osmnx graph from lines: nodes at line ends and T-junctions (:func:`graph_from_lines`)."""

from __future__ import annotations

import itertools

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from shapely import ops

from geo.errors import NetworkSourceError, ParameterError
from geo.measure import LENGTH_CRS, STORAGE_CRS, require_crs

__all__ = ["graph_from_lines"]


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
    pieces: list[shapely.Geometry] = []
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
    rows: list[dict[str, object]] = []
    key_count: dict[tuple[int, int], int] = {}
    for k in range(n):
        for a, b, geom in ((u[k], v[k], piece_ll[k]), (v[k], u[k], shapely.reverse(piece_ll[k]))):
            key = key_count.get((int(a), int(b)), 0)
            key_count[(int(a), int(b))] = key + 1
            rec: dict[str, object] = {
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
