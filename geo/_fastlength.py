"""Fast length of many straight segments inside each of many polygons (private).

The straightforward way to get "km of line inside each polygon" is an overlay
(``geopandas.overlay`` or ``clip``), which intersects every line with every
polygon it touches: each intersection walks the polygon's whole boundary. Most
segments, however, lie far from any boundary, entirely inside one polygon or
entirely outside all of them, and need no geometry at all.

This kernel

1. rasterises the polygons once onto a grid whose cell is at least as long as
   the longest segment (longer segments are cut into equal pieces, which keeps
   their length exactly): a cell is *interior to polygon k* when its centre is
   inside ``k`` and no polygon edge passes through it (edges are sampled every
   half cell and the marked cells dilated by one cell, so the test is
   conservative), *outside* when its centre is in no polygon and no edge passes
   through it, and *boundary* otherwise;
2. classifies every segment by the (at most 2 x 2) cells its bounding box
   covers: all interior to the same ``k`` means "wholly inside ``k``", all
   outside means "contributes nothing";
3. for the few segments left (those touching a boundary cell) computes the
   exact crossings with the polygon edges found by an STRtree, splits the
   segment there and tests the midpoint of each piece for containment.

Polygons that overlap each other (a city and its districts, say) are put on
separate raster layers automatically, so every polygon receives the full
length inside it, as an overlay would give. Results equal an overlay to
floating-point precision (the only difference is pieces lying exactly on a
polygon edge, which have no length in practice).

All coordinates must be in one projected CRS; lengths come out in its units.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

__all__ = ["lengths_in_polygons", "segments_from_lines", "subdivide"]

logger = logging.getLogger(__name__)

_MAX_CELLS = 4_000_000
_PAD = 3


def segments_from_lines(
    geoms: Sequence[shapely.Geometry] | NDArray[np.object_],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Cut (multi)lines into their straight segments.

    Parameters
    ----------
    geoms : array-like of shapely geometries
        LineStrings or MultiLineStrings (other types and empty geometries are
        skipped), all in one projected CRS, ``x`` first.

    Returns
    -------
    segments : numpy.ndarray, shape (n, 4)
        ``x0, y0, x1, y1`` of each segment with non-zero length.
    owner : numpy.ndarray, shape (n,)
        Index into ``geoms`` of the geometry each segment comes from.
    """
    arr = np.asarray(geoms, dtype=object)
    if arr.size == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    types = shapely.get_type_id(arr)
    if (types == 1).all():  # all single LineStrings: no need to explode
        parts, part_owner = arr, np.arange(len(arr))
    else:
        parts, part_owner = shapely.get_parts(arr, return_index=True)
        is_line = shapely.get_type_id(parts) == 1
        parts, part_owner = parts[is_line], part_owner[is_line]
    coords, idx = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    same = idx[1:] == idx[:-1]
    seg = np.column_stack([coords[:-1][same], coords[1:][same]])
    owner = part_owner[idx[:-1][same]]
    nonzero = (seg[:, 0] != seg[:, 2]) | (seg[:, 1] != seg[:, 3])
    return seg[nonzero], owner[nonzero].astype(np.int64)


def subdivide(
    seg: NDArray[np.float64], groups: NDArray[np.int64], max_len: float
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Cut segments longer than ``max_len`` into equal pieces (length is kept)."""
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    long_ = length > max_len
    if not long_.any():
        return seg, groups
    lseg, lgrp = seg[long_], groups[long_]
    pieces = np.ceil(length[long_] / max_len * (1 + 1e-9)).astype(np.int64)
    rep = np.repeat(np.arange(len(lseg)), pieces)
    start = np.cumsum(pieces) - pieces
    k = np.arange(len(rep)) - np.repeat(start, pieces)
    n = pieces[rep].astype(float)
    t0, t1 = k / n, (k + 1) / n
    s = lseg[rep]
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    cut = np.column_stack(
        [s[:, 0] + t0 * dx, s[:, 1] + t0 * dy, s[:, 0] + t1 * dx, s[:, 1] + t1 * dy]
    )
    return np.concatenate([seg[~long_], cut]), np.concatenate([groups[~long_], lgrp[rep]])


@dataclass
class _Grid:
    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    def col(self, x: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.clip(np.floor((x - self.x0) / self.cell), 0, self.nx - 1).astype(np.int64)

    def row(self, y: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.clip(np.floor((y - self.y0) / self.cell), 0, self.ny - 1).astype(np.int64)


def _polygon_edges(
    polygons: Sequence[shapely.Geometry] | NDArray[np.object_],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Every ring edge of every polygon: ``(x0, y0, x1, y1)`` and the polygon's index."""
    arr = np.asarray(polygons, dtype=object)
    parts, owner = shapely.get_parts(arr, return_index=True)
    keep = np.isin(shapely.get_type_id(parts), (3,))
    parts, owner = parts[keep], owner[keep]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, idx = shapely.get_coordinates(rings, return_index=True)
    if len(coords) < 2:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    same = idx[1:] == idx[:-1]
    edges = np.column_stack([coords[:-1][same], coords[1:][same]])
    edge_owner = owner[ring_part[idx[:-1][same]]]
    return edges, edge_owner.astype(np.int64)


def _scanline_mask(
    edges: NDArray[np.float64], grid: _Grid
) -> tuple[slice, slice, NDArray[np.bool_]] | None:
    """Cells whose centre lies inside the rings ``edges`` (even-odd rule), in a window."""
    ya, yb = edges[:, 1], edges[:, 3]
    lo, hi = np.minimum(ya, yb), np.maximum(ya, yb)
    # Row j's centre is y0 + (j + 0.5) * cell; an edge covers rows with lo <= yc < hi.
    # The same float expression is used for a vertex shared by two edges, so each
    # row crosses a closed ring an even number of times.
    j0 = np.ceil((lo - grid.y0) / grid.cell - 0.5).astype(np.int64)
    j1 = np.ceil((hi - grid.y0) / grid.cell - 0.5).astype(np.int64)
    count = np.maximum(j1 - j0, 0)
    total = int(count.sum())
    if total == 0:
        return None
    e = np.repeat(np.arange(len(edges)), count)
    start = np.cumsum(count) - count
    rows = j0[e] + (np.arange(total) - np.repeat(start, count))
    yc = grid.y0 + (rows + 0.5) * grid.cell
    xa, ya_e, xb, yb_e = edges[e, 0], edges[e, 1], edges[e, 2], edges[e, 3]
    x = xa + (yc - ya_e) * (xb - xa) / (yb_e - ya_e)
    order = np.lexsort((x, rows))
    rows, x = rows[order], x[order]
    r_pair = rows[0::2]
    xs, xe = x[0::2], x[1::2]
    ia = np.ceil((xs - grid.x0) / grid.cell - 0.5).astype(np.int64)
    ib = np.ceil((xe - grid.x0) / grid.cell - 0.5).astype(np.int64)
    ia = np.clip(ia, 0, grid.nx)
    ib = np.clip(ib, 0, grid.nx)
    r0, r1 = int(r_pair.min()), int(r_pair.max()) + 1
    c0, c1 = int(ia.min()), int(max(ib.max(), ia.min() + 1))
    diff = np.zeros((r1 - r0, c1 - c0 + 1), dtype=np.int32)
    np.add.at(diff, (r_pair - r0, ia - c0), 1)
    np.add.at(diff, (r_pair - r0, ib - c0), -1)
    inside = np.cumsum(diff, axis=1)[:, :-1] > 0
    return slice(r0, r1), slice(c0, c1), inside


def _boundary_mask(edges: NDArray[np.float64], grid: _Grid) -> NDArray[np.bool_]:
    """Cells an edge may pass through: samples every half cell, dilated by one cell."""
    mask = np.zeros((grid.ny, grid.nx), dtype=bool)
    if len(edges) == 0:
        return mask
    length = np.hypot(edges[:, 2] - edges[:, 0], edges[:, 3] - edges[:, 1])
    n = np.ceil(length / (grid.cell / 2)).astype(np.int64) + 1
    e = np.repeat(np.arange(len(edges)), n)
    start = np.cumsum(n) - n
    k = np.arange(len(e)) - np.repeat(start, n)
    t = k / np.maximum(n[e] - 1, 1)
    x = edges[e, 0] + t * (edges[e, 2] - edges[e, 0])
    y = edges[e, 1] + t * (edges[e, 3] - edges[e, 1])
    mask[grid.row(y), grid.col(x)] = True
    dil = mask.copy()
    dil[1:, :] |= mask[:-1, :]
    dil[:-1, :] |= mask[1:, :]
    out = dil.copy()
    out[:, 1:] |= dil[:, :-1]
    out[:, :-1] |= dil[:, 1:]
    return out


def _cross_params(
    seg: NDArray[np.float64], edges: NDArray[np.float64]
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
    """Where each segment crosses the paired edge, as fractions along the segment.

    Returns ``valid``, ``t_a`` and ``t_b``: a proper crossing gives ``t_a == t_b``;
    a collinear overlap gives its two ends.
    """
    px, py = seg[:, 0], seg[:, 1]
    rx, ry = seg[:, 2] - px, seg[:, 3] - py
    qx, qy = edges[:, 0], edges[:, 1]
    sx, sy = edges[:, 2] - qx, edges[:, 3] - qy
    denom = rx * sy - ry * sx
    wx, wy = qx - px, qy - py
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * sy - wy * sx) / denom
        u = (wx * ry - wy * rx) / denom
    proper = (denom != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    ta = np.where(proper, t, np.nan)
    tb = ta.copy()
    # Collinear overlaps (rare): the overlap's ends projected on the segment.
    rr = rx * rx + ry * ry
    colin = (denom == 0) & (wx * ry - wy * rx == 0)
    if colin.any():
        c0 = (wx * rx + wy * ry) / rr
        c1 = ((wx + sx) * rx + (wy + sy) * ry) / rr
        lo, hi = np.minimum(c0, c1), np.maximum(c0, c1)
        ok = colin & (hi >= 0) & (lo <= 1)
        ta = np.where(ok, np.clip(lo, 0, 1), ta)
        tb = np.where(ok, np.clip(hi, 0, 1), tb)
        proper |= ok
    return proper, ta, tb


def lengths_in_polygons(
    segments: NDArray[np.float64],
    polygons: Sequence[shapely.Geometry],
    *,
    groups: NDArray[np.int64] | None = None,
    n_groups: int | None = None,
    max_cells: int = _MAX_CELLS,
) -> NDArray[np.float64]:
    """Length of segments inside each polygon, summed per group.

    Parameters
    ----------
    segments : numpy.ndarray, shape (n, 4)
        ``x0, y0, x1, y1`` per segment (``x`` first), in a projected CRS.
    polygons : sequence of shapely (Multi)Polygon
        In the same CRS; they may overlap (each gets the full length inside it).
    groups : numpy.ndarray of int, shape (n,), optional
        Group of each segment (e.g. its mode), ``0 .. n_groups - 1``; default
        all ``0``.
    n_groups : int, optional
        Number of groups; default ``groups.max() + 1``.
    max_cells : int
        Upper bound on raster cells per layer (memory: 4 bytes a cell).

    Returns
    -------
    numpy.ndarray, shape (len(polygons), n_groups)
        Length inside each polygon, in the CRS's units.
    """
    seg = np.asarray(segments, dtype=float).reshape(-1, 4)
    grp = (
        np.zeros(len(seg), dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    )
    if len(grp) != len(seg):
        raise ValueError(
            f"groups has {len(grp)} entries for {len(seg)} segments; give one per segment"
        )
    ng = int(n_groups if n_groups is not None else (grp.max() + 1 if len(grp) else 1))
    n_poly = len(polygons)
    out = np.zeros((n_poly, ng))
    finite = np.isfinite(seg).all(axis=1)
    seg, grp = seg[finite], grp[finite]
    polys = np.asarray(polygons, dtype=object)
    if len(seg) == 0 or n_poly == 0:
        return out
    nonempty = ~shapely.is_empty(polys) & ~shapely.is_missing(polys)
    if not nonempty.any():
        return out
    bounds = shapely.bounds(polys[nonempty])
    bx0, by0 = bounds[:, 0].min(), bounds[:, 1].min()
    bx1, by1 = bounds[:, 2].max(), bounds[:, 3].max()
    # Segments whose bounding box misses every polygon's bounding box contribute nothing.
    sx0 = np.minimum(seg[:, 0], seg[:, 2])
    sx1 = np.maximum(seg[:, 0], seg[:, 2])
    sy0 = np.minimum(seg[:, 1], seg[:, 3])
    sy1 = np.maximum(seg[:, 1], seg[:, 3])
    near = (sx1 >= bx0) & (sx0 <= bx1) & (sy1 >= by0) & (sy0 <= by1)
    seg, grp = seg[near], grp[near]
    if len(seg) == 0:
        return out

    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    span = max(bx1 - bx0, by1 - by0, 1e-9)
    c_min = math.sqrt((bx1 - bx0 + 1e-9) * (by1 - by0 + 1e-9) / max_cells)
    cell = max(c_min, float(np.quantile(length, 0.95)), span / 20000)
    seg, grp = subdivide(seg, grp, cell)
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    grid = _Grid(
        x0=bx0 - _PAD * cell,
        y0=by0 - _PAD * cell,
        cell=cell,
        nx=math.ceil((bx1 - bx0) / cell) + 2 * _PAD + 1,
        ny=math.ceil((by1 - by0) / cell) + 2 * _PAD + 1,
    )
    edges, edge_owner = _polygon_edges(polys)
    boundary = _boundary_mask(edges, grid)

    # Raster layers: polygons whose interiors share a cell go to different layers.
    layers: list[NDArray[np.int32]] = []
    layer_of = np.full(n_poly, -1, dtype=np.int64)
    order = np.argsort(edge_owner, kind="stable")
    cuts = np.searchsorted(edge_owner[order], np.arange(n_poly + 1))
    for k in range(n_poly):
        own = edges[order[cuts[k] : cuts[k + 1]]]
        if len(own) == 0:
            continue
        window = _scanline_mask(own, grid)
        if window is None:
            continue
        rs, cs, inside = window
        inside = inside & ~boundary[rs, cs]
        for li, lab in enumerate(layers):
            if not (lab[rs, cs][inside] >= 0).any():
                lab[rs, cs][inside] = k
                layer_of[k] = li
                break
        else:
            lab = np.full((grid.ny, grid.nx), -1, dtype=np.int32)
            lab[rs, cs][inside] = k
            layers.append(lab)
            layer_of[k] = len(layers) - 1
    for lab in layers:
        lab[boundary] = -2
    if not layers:  # only degenerate polygons: everything goes the exact way
        layers.append(np.where(boundary, -2, -1).astype(np.int32))
    logger.debug(
        "fastlength: %d segments, %d polygons, cell %.1f, grid %dx%d, %d layers",
        len(seg),
        n_poly,
        cell,
        grid.nx,
        grid.ny,
        len(layers),
    )

    # Classify segments by the cells their bounding box covers.
    ci0, ci1 = (
        grid.col(np.minimum(seg[:, 0], seg[:, 2])),
        grid.col(np.maximum(seg[:, 0], seg[:, 2])),
    )
    rj0, rj1 = (
        grid.row(np.minimum(seg[:, 1], seg[:, 3])),
        grid.row(np.maximum(seg[:, 1], seg[:, 3])),
    )
    resolved = np.ones(len(seg), dtype=bool)
    labels = []
    for lab in layers:
        a, b, c, d = lab[rj0, ci0], lab[rj0, ci1], lab[rj1, ci0], lab[rj1, ci1]
        ok = (a == b) & (a == c) & (a == d) & (a != -2)
        resolved &= ok
        labels.append(a)
    out += _sum_resolved(labels, resolved, grp, length, n_poly, ng)

    cand = np.flatnonzero(~resolved)
    if len(cand):
        out += _exact(seg[cand], grp[cand], polys, edges, grid, layers, ng)
    return out


def _sum_resolved(
    labels: Sequence[NDArray[np.int32]],
    resolved: NDArray[np.bool_],
    groups: NDArray[np.int64],
    lengths: NDArray[np.float64],
    n_poly: int,
    ng: int,
) -> NDArray[np.float64]:
    """Sum ``lengths`` per (polygon, group) over the items the raster resolved.

    ``labels`` holds, per raster layer, each item's polygon (``>= 0``) or ``-1``
    (outside every polygon of that layer).
    """
    out = np.zeros((n_poly, ng))
    for a in labels:
        hit = resolved & (a >= 0)
        if hit.any():
            out += np.bincount(
                a[hit].astype(np.int64) * ng + groups[hit],
                weights=lengths[hit],
                minlength=n_poly * ng,
            ).reshape(n_poly, ng)
    return out


def _exact(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    polys: NDArray[np.object_],
    edges: NDArray[np.float64],
    grid: _Grid,
    layers: list[NDArray[np.int32]],
    ng: int,
) -> NDArray[np.float64]:
    """Exact lengths for segments near polygon edges: split at crossings, test midpoints."""
    n_poly = len(polys)
    out = np.zeros((n_poly, ng))
    lines = shapely.linestrings(seg.reshape(-1, 2, 2))
    tree = shapely.STRtree(np.asarray(shapely.linestrings(edges.reshape(-1, 2, 2))))
    si, ei = tree.query(lines)  # bounding-box candidates only; the crossing is computed here
    valid, ta, tb = _cross_params(seg[si], edges[ei])
    si, ta, tb = si[valid], ta[valid], tb[valid]
    n = len(seg)
    cut_seg = np.concatenate([np.arange(n), np.arange(n), si, si])
    cut_t = np.concatenate([np.zeros(n), np.ones(n), ta, tb])
    order = np.lexsort((cut_t, cut_seg))
    cut_seg, cut_t = cut_seg[order], cut_t[order]
    same = cut_seg[1:] == cut_seg[:-1]
    piece_seg = cut_seg[:-1][same]
    t0, t1 = cut_t[:-1][same], cut_t[1:][same]
    keep = t1 > t0
    piece_seg, t0, t1 = piece_seg[keep], t0[keep], t1[keep]
    s = seg[piece_seg]
    seg_len = np.hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1])
    plen = (t1 - t0) * seg_len
    tm = (t0 + t1) / 2
    mx = s[:, 0] + tm * (s[:, 2] - s[:, 0])
    my = s[:, 1] + tm * (s[:, 3] - s[:, 1])
    pg = grp[piece_seg]

    # Midpoints in a non-boundary cell of every layer are resolved by the raster.
    r, c = grid.row(my), grid.col(mx)
    resolved = np.ones(len(mx), dtype=bool)
    labels = []
    for lab in layers:
        a = lab[r, c]
        resolved &= a != -2
        labels.append(a)
    out += _sum_resolved(labels, resolved, pg, plen, n_poly, ng)
    rest = np.flatnonzero(~resolved)
    if len(rest):
        px, py, pl, pgr = mx[rest], my[rest], plen[rest], pg[rest]
        bounds = shapely.bounds(polys)
        for k, poly in enumerate(polys):
            if poly is None or shapely.is_empty(poly):
                continue
            x0, y0, x1, y1 = bounds[k]
            box = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
            if not box.any():
                continue
            shapely.prepare(poly)
            inside = np.zeros(len(px), dtype=bool)
            inside[box] = shapely.contains_xy(poly, px[box], py[box])
            if inside.any():
                out[k] += np.bincount(pgr[inside], weights=pl[inside], minlength=ng)
    return out
