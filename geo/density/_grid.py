"""Fast length of many straight segments inside each of many polygons (private).

The straightforward way to get "km of line inside each polygon" is an overlay
(``geopandas.overlay`` or ``clip``), which intersects every line with every
polygon it touches: each intersection walks the polygon's whole boundary. Most
segments, however, lie far from any boundary, entirely inside one polygon or
entirely outside all of them, and need no geometry at all.

This kernel

1. rasterises the polygons once onto a grid whose cell is at least as long as
   most segments (longer segments are cut into equal pieces, which keeps
   their length exactly): a cell is *boundary* when a polygon edge may pass
   through it (each edge is cut into pieces of half a cell whose boxes are
   widened by a ten-millionth of a cell, and every cell of those boxes is
   marked, so the test is conservative), otherwise *interior to polygon k*
   when its centre is inside ``k``, or *outside*;
2. classifies every segment by the (at most 2 x 2) cells its bounding box
   covers: none of them boundary means the segment meets no edge, so it lies
   wholly inside the polygon of its first end's cell, or outside all of them;
3. for the few segments left (those touching a boundary cell) computes the
   exact crossings with the polygon edges of the cells they share, splits the
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
_CHUNK = 1 << 15
_EXACT_CHUNK = 1 << 13

_Rest = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]
"""Pieces left to a point-in-polygon test: midpoint ``x``, ``y``, length, group."""
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
    if (types == 1).all() and (shapely.get_num_coordinates(arr) == 2).all():
        # two-point LineStrings (a network already cut into segments): no index needed
        seg = shapely.get_coordinates(arr).reshape(-1, 4)
        nonzero = (seg[:, 0] != seg[:, 2]) | (seg[:, 1] != seg[:, 3])
        if nonzero.all():  # no copy
            return seg, np.arange(len(seg), dtype=np.int64)
        return seg[nonzero], np.flatnonzero(nonzero).astype(np.int64)
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
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
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


def _hypot(dx: NDArray[np.float64], dy: NDArray[np.float64]) -> NDArray[np.float64]:
    """``sqrt(dx**2 + dy**2)``: three times faster than ``numpy.hypot``, same result in metres."""
    out = dx * dx
    out += dy * dy
    return np.sqrt(out, out=out)


@dataclass
class _Grid:
    """A square grid; cell ``(row, col)`` is flat index ``row * nx + col``.

    Cell indices are computed as ``(x - x0) / cell`` truncated after clipping: a
    rounding error of ``delta`` may put a point in the neighbouring cell, which is
    harmless while ``delta`` is far below a ten-millionth of a cell (edge pieces'
    boxes are
    box widened by a ten-millionth of a cell, see :func:`_cells_of`).
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    def col(self, x: NDArray[np.float64]) -> NDArray[np.intp]:
        v = x - self.x0
        v /= self.cell
        np.clip(v, 0, self.nx - 1, out=v)
        return v.astype(np.intp)

    def row(self, y: NDArray[np.float64]) -> NDArray[np.intp]:
        v = y - self.y0
        v /= self.cell
        np.clip(v, 0, self.ny - 1, out=v)
        return v.astype(np.intp)


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
    # int8: the sorted crossings pair up into disjoint runs, so the running sum is 0 or 1
    diff = np.zeros((r1 - r0, c1 - c0 + 1), dtype=np.int8)
    np.add.at(diff, (r_pair - r0, ia - c0), 1)
    np.add.at(diff, (r_pair - r0, ib - c0), -1)
    inside = np.cumsum(diff, axis=1, dtype=np.int8)[:, :-1] > 0
    return slice(r0, r1), slice(c0, c1), inside


_T_TOL = 1e-9
"""Crossings are accepted this far (as a fraction) beyond either line's ends.

An extra cut never changes a length (both pieces are tested), a missed one
would, e.g. where a segment passes exactly through a polygon vertex and
rounding puts the crossing just past the end of both edges meeting there.
"""

_NEAR_PARALLEL = 1e-4
"""Sine of the angle below which a segment and an edge close to it are left to GEOS.

Where a segment runs along an edge (exactly, or within rounding, as a piece of
the edge whose end points were interpolated), the crossing computed in floating
point is ill-conditioned (its error grows as 1 / sine): which side the segment
lies on is then decided by GEOS's robust predicates, exactly as
``shapely.intersection`` decides it. Such segments are rare in real data.
"""


def _cross_params(
    seg: NDArray[np.float64], edges: NDArray[np.float64]
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.bool_]]:
    """Where each segment crosses the paired edge, as a fraction along the segment.

    Returns ``valid``, ``t`` and ``hard``: ``hard`` marks pairs nearly parallel
    and close enough to cross or touch (see :data:`_NEAR_PARALLEL`), for which
    ``t`` is not to be trusted.
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
    lo, hi = -_T_TOL, 1 + _T_TOL
    valid = (denom != 0) & (t >= lo) & (t <= hi) & (u >= lo) & (u <= hi)
    # nearly parallel, and an end of the segment within reach of the edge's line
    rlen, slen = _hypot(rx, ry), _hypot(sx, sy)
    scale = rlen * slen
    near_par = np.abs(denom) <= _NEAR_PARALLEL * scale
    reach = _NEAR_PARALLEL * scale + 1e-6 * slen
    d0 = np.abs(wx * sy - wy * sx)  # |(q - p) x s| = distance of p to the line * |s|
    d1 = np.abs((wx - rx) * sy - (wy - ry) * sx)
    hard = near_par & (np.minimum(d0, d1) <= reach)
    return valid & ~hard, np.clip(t, 0.0, 1.0), hard


def lengths_in_polygons(
    segments: NDArray[np.float64],
    polygons: Sequence[shapely.Geometry] | NDArray[np.object_],
    *,
    groups: NDArray[np.int64] | None = None,
    n_groups: int | None = None,
    max_cells: int = _MAX_CELLS,
) -> NDArray[np.float64]:
    """Length of segments inside each polygon, summed per group.

    Equals ``shapely.length(shapely.intersection(line, polygon))`` summed per
    polygon and group, to floating-point precision, including lines running
    along a polygon's edge (counted for that polygon, as the intersection of a
    closed polygon does). The polygons are only read: they are never prepared
    or modified, so several threads may share them.

    Parameters
    ----------
    segments : numpy.ndarray, shape (n, 4)
        ``x0, y0, x1, y1`` per segment (``x`` first), in a projected CRS. Rows
        with NaN or infinite values are ignored.
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
    seg = np.ascontiguousarray(segments, dtype=np.float64).reshape(-1, 4)
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
    polys = np.asarray(polygons, dtype=object)
    if len(seg) == 0 or n_poly == 0:
        return out
    if not np.isfinite(seg.sum()):
        finite = np.isfinite(seg).all(axis=1)
        seg, grp = seg[finite], grp[finite]
        if len(seg) == 0:
            return out
    nonempty = ~shapely.is_empty(polys) & ~shapely.is_missing(polys)
    if not nonempty.any():
        return out
    bounds = shapely.bounds(polys[nonempty])
    bx0, by0 = bounds[:, 0].min(), bounds[:, 1].min()
    bx1, by1 = bounds[:, 2].max(), bounds[:, 3].max()
    span = max(bx1 - bx0, by1 - by0, 1e-9)
    # Segments far from every polygon need no filtering: their cells are clipped to
    # the grid's outer ring, _PAD cells from any edge, and classified as outside.

    sample = seg[:: max(1, len(seg) // 65536)]  # the cell size only affects speed
    slen = _hypot(sample[:, 2] - sample[:, 0], sample[:, 3] - sample[:, 1])
    c_min = math.sqrt((bx1 - bx0 + 1e-9) * (by1 - by0 + 1e-9) / max_cells)
    cell = max(c_min, float(np.quantile(slen, 0.95)), span / 20000)
    grid = _Grid(
        x0=bx0 - _PAD * cell,
        y0=by0 - _PAD * cell,
        cell=cell,
        nx=math.ceil((bx1 - bx0) / cell) + 2 * _PAD + 1,
        ny=math.ceil((by1 - by0) / cell) + 2 * _PAD + 1,
    )
    edges, edge_owner = _polygon_edges(polys)
    edge_cells = _cells_of(edges, grid)
    boundary = np.zeros(grid.ny * grid.nx, dtype=bool)
    boundary[edge_cells[0]] = True
    layers = _raster_layers(edges, edge_owner, n_poly, grid, boundary.reshape(grid.ny, grid.nx))
    blocks = _block_labels(layers, boundary.reshape(grid.ny, grid.nx))
    logger.debug(
        "fastlength: %d segments, %d polygons, cell %.1f, grid %dx%d, %d layers",
        len(seg),
        n_poly,
        cell,
        grid.nx,
        grid.ny,
        len(layers),
    )
    # Chunks of segments: the temporaries are reused instead of faulted in afresh.
    ex_seg: list[NDArray[np.float64]] = []
    ex_grp: list[NDArray[np.int64]] = []
    for c0 in range(0, len(seg), _CHUNK):
        part, pgrp = seg[c0 : c0 + _CHUNK], grp[c0 : c0 + _CHUNK]
        out += _resolve_chunk(
            part, pgrp, grid, blocks, (bx0, by0, bx1, by1), n_poly, ng, ex_seg, ex_grp
        )
    cand, cand_grp = np.concatenate(ex_seg), np.concatenate(ex_grp)
    if len(cand):
        # in chunks too: a first call in a fresh process faults in less memory
        rest: list[_Rest] = []
        for c0 in range(0, len(cand), _EXACT_CHUNK):
            part, pgrp = cand[c0 : c0 + _EXACT_CHUNK], cand_grp[c0 : c0 + _EXACT_CHUNK]
            out += _exact(part, pgrp, polys, edges, edge_cells, grid, layers, ng, rest)
        if rest:
            px, py, pl, pg = (np.concatenate(r) for r in zip(*rest, strict=True))
            out += _contains_rest(px, py, pl, pg, polys, ng)
    return out


def _resolve_chunk(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    grid: _Grid,
    blocks: list[NDArray[np.int32]],
    box: tuple[float, float, float, float],
    n_poly: int,
    ng: int,
    ex_seg: list[NDArray[np.float64]],
    ex_grp: list[NDArray[np.int64]],
) -> NDArray[np.float64]:
    """Sum the segments the raster resolves; append the others to ``ex_seg``/``ex_grp``."""
    cell = grid.cell
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    # Segments no longer than a cell: classified in place, without copying.
    long_ = length > cell
    resolved, labels = _classify(seg, grid, blocks)
    if long_.any():
        resolved &= ~long_
    out = _sum_resolved(labels, resolved, grp, length, n_poly, ng)
    todo = np.flatnonzero(~resolved & ~long_)
    ex_seg.append(seg[todo])
    ex_grp.append(grp[todo])
    # Longer segments: classified by pieces no longer than a cell; one whose pieces
    # are not all resolved goes the exact way whole (a cut point is off the line by
    # rounding, which would break a segment running exactly along an edge).
    if long_.any():
        # only those whose box meets the polygons' (a far one adds nothing)
        lidx = np.flatnonzero(long_)
        ls = seg[lidx]
        bx0, by0, bx1, by1 = box
        near = (np.maximum(ls[:, 0], ls[:, 2]) >= bx0) & (np.minimum(ls[:, 0], ls[:, 2]) <= bx1)
        near &= (np.maximum(ls[:, 1], ls[:, 3]) >= by0) & (np.minimum(ls[:, 1], ls[:, 3]) <= by1)
        lidx = lidx[near]
        lseg, parent = subdivide(seg[lidx], np.arange(len(lidx), dtype=np.int64), cell)
        llen = _hypot(lseg[:, 2] - lseg[:, 0], lseg[:, 3] - lseg[:, 1])
        lres, llab = _classify(lseg, grid, blocks)
        whole = np.bincount(parent[~lres], minlength=len(lidx)) == 0
        lres &= whole[parent]
        out += _sum_resolved(llab, lres, grp[lidx][parent], llen, n_poly, ng)
        ex_seg.append(seg[lidx[~whole]])
        ex_grp.append(grp[lidx[~whole]])
    return out


def _raster_layers(
    edges: NDArray[np.float64],
    edge_owner: NDArray[np.int64],
    n_poly: int,
    grid: _Grid,
    boundary: NDArray[np.bool_],
) -> list[NDArray[np.int32]]:
    """Flat label rasters: polygon index, ``-1`` outside, ``-2`` boundary cell.

    Polygons whose interiors share a cell go to different layers.
    """
    layers: list[NDArray[np.int32]] = []
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
        for lab in layers:
            if not (lab[rs, cs][inside] >= 0).any():
                lab[rs, cs][inside] = k
                break
        else:
            lab = np.full((grid.ny, grid.nx), -1, dtype=np.int32)
            lab[rs, cs][inside] = k
            layers.append(lab)
    for lab in layers:
        lab[boundary] = -2
    if not layers:  # only degenerate polygons: everything goes the exact way
        layers.append(np.where(boundary, -2, -1).astype(np.int32))
    return [lab.ravel() for lab in layers]


def _block_labels(
    layers: Sequence[NDArray[np.int32]], boundary: NDArray[np.bool_]
) -> list[NDArray[np.int32]]:
    """Label rasters of 2 x 2 blocks: cell ``(r, c)`` stands for it and the cells above and right.

    A block's label is its lower left cell's, or ``-2`` when any of its (up to
    four) cells is a boundary cell.
    """
    blk = boundary.copy()
    blk[:, :-1] |= boundary[:, 1:]
    blk[:-1, :] |= blk[1:, :].copy()
    flat = blk.ravel()
    return [np.where(flat, np.int32(-2), lab) for lab in layers]


def _classify(
    seg: NDArray[np.float64], grid: _Grid, blocks: Sequence[NDArray[np.int32]]
) -> tuple[NDArray[np.bool_], list[NDArray[np.int32]]]:
    """Resolve segments (no longer than a cell) by the 2 x 2 block of cells their box lies in.

    A segment no longer than a cell has a box spanning at most two columns and
    two rows of cells: it lies in the block whose lower left cell holds the
    box's lower left corner. The segment is resolved when no cell of that block
    is a boundary cell (:func:`_block_labels`); it then lies wholly inside the
    block's polygon in each layer (label ``>= 0``) or outside all of that
    layer's polygons (``-1``).

    Why: every cell an edge passes through is a boundary cell (see
    :func:`_cells_of`, whose widened boxes absorb rounding), so no edge meets
    the block, which lies in one face with its cells' centres.
    """
    x = np.minimum(seg[:, 0], seg[:, 2])
    y = np.minimum(seg[:, 1], seg[:, 3])
    a = grid.row(y)
    a *= grid.nx
    a += grid.col(x)
    labels = [lab.take(a) for lab in blocks]
    return labels[0] != -2, labels


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
            key = a[hit].astype(np.int64)
            if ng > 1:
                key = key * ng + groups[hit]
            out += np.bincount(key, weights=lengths[hit], minlength=n_poly * ng).reshape(n_poly, ng)
    return out


def _cells_of(
    seg: NDArray[np.float64], grid: _Grid, *, sort: bool = True
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Every cell each segment may touch: ``(cell, segment index)`` pairs, by cell if ``sort``.

    A segment no longer than a cell touches only cells among its box's corners
    (cell indices are monotonic in ``x`` and ``y``). A longer one is cut into
    pieces of at most half a cell whose boxes are widened by a ten-millionth of
    a cell, so that the pieces overlap and each box still spans at most 2 x 2
    cells: every point of the segment is in a corner cell of some piece's box
    even though rounding moved the cut points off the line.
    """
    ids = np.arange(len(seg), dtype=np.int64)
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    long_ = length > grid.cell
    keys, owner = _distinct_corners(seg[~long_], ids[~long_], grid)
    if long_.any():
        pseg, pid = subdivide(seg[long_], ids[long_], grid.cell / 2)
        eps = 1e-7 * grid.cell
        box = np.column_stack(
            [
                np.minimum(pseg[:, 0], pseg[:, 2]) - eps,
                np.minimum(pseg[:, 1], pseg[:, 3]) - eps,
                np.maximum(pseg[:, 0], pseg[:, 2]) + eps,
                np.maximum(pseg[:, 1], pseg[:, 3]) + eps,
            ]
        )
        k2, o2 = _distinct_corners(box, pid, grid)
        keys, owner = np.concatenate([keys, k2]), np.concatenate([owner, o2])
    if not sort:
        return keys, owner
    order = np.argsort(keys)
    return keys[order], owner[order]


def _distinct_corners(
    seg: NDArray[np.float64], ids: NDArray[np.int64], grid: _Grid
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Return the distinct cells of each (at most a cell long) segment's box corners, and its id."""
    c0, c1 = grid.col(seg[:, 0]), grid.col(seg[:, 2])
    r0, r1 = grid.row(seg[:, 1]) * grid.nx, grid.row(seg[:, 3]) * grid.nx
    dc, dr = c0 != c1, r0 != r1
    both = dc & dr
    keys = np.concatenate([r0 + c0, (r0 + c1)[dc], (r1 + c0)[dr], (r1 + c1)[both]])
    owner = np.concatenate([ids, ids[dc], ids[dr], ids[both]])
    return keys, owner


def _exact(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    polys: NDArray[np.object_],
    edges: NDArray[np.float64],
    edge_cells: tuple[NDArray[np.intp], NDArray[np.int64]],
    grid: _Grid,
    layers: list[NDArray[np.int32]],
    ng: int,
    rest_out: list[_Rest],
) -> NDArray[np.float64]:
    """Exact lengths for segments near polygon edges: split at crossings, test midpoints.

    Pieces whose midpoint lies in a boundary cell are appended to ``rest_out``
    as ``(x, y, length, group)`` for :func:`_contains_rest`.

    Everything stays in arrays: the candidate (segment, edge) pairs come from the
    cells both touch, so no geometry object is created (and no garbage
    collection is triggered) whatever the number of segments.
    """
    n_poly = len(polys)
    out = np.zeros((n_poly, ng))
    n = len(seg)
    ek, ee = edge_cells
    sk, ss = _cells_of(seg, grid, sort=False)
    lo = np.searchsorted(ek, sk, side="left")
    cnt = np.searchsorted(ek, sk, side="right") - lo
    rep = np.repeat(np.arange(len(sk)), cnt)
    start = np.cumsum(cnt) - cnt
    pos = np.arange(len(rep)) - start[rep] + lo[rep]
    si, ei = ss[rep], ee[pos]
    # a pair found through two shared cells is kept twice: the cut is repeated, which is harmless
    valid, t, hard_pair = _cross_params(seg[si], edges[ei])
    if hard_pair.any():
        hard = np.zeros(n, dtype=bool)
        hard[si[hard_pair]] = True
        out += _geos_lengths(seg[hard], grp[hard], polys, ng)
        keep_pair = valid & ~hard[si]
        new_index = np.cumsum(~hard) - 1
        seg, grp = seg[~hard], grp[~hard]
        si, t = new_index[si[keep_pair]], t[keep_pair]
        n = len(seg)
    else:
        si, t = si[valid], t[valid]
    # Pieces: a segment crossing no edge is one piece; the others are cut at their
    # crossings (only those are sorted).
    crossed = np.zeros(n, dtype=bool)
    crossed[si] = True
    whole = np.flatnonzero(~crossed)
    cs = np.flatnonzero(crossed)
    cut_seg = np.concatenate([cs, cs, si])
    cut_t = np.concatenate([np.zeros(len(cs)), np.ones(len(cs)), t])
    order = np.argsort(cut_t, kind="stable")
    order = order[np.argsort(cut_seg[order], kind="stable")]
    cut_seg, cut_t = cut_seg[order], cut_t[order]
    same = cut_seg[1:] == cut_seg[:-1]
    t0, t1 = cut_t[:-1][same], cut_t[1:][same]
    keep = t1 > t0
    piece_seg = np.concatenate([whole, cut_seg[:-1][same][keep]])
    t0 = np.concatenate([np.zeros(len(whole)), t0[keep]])
    t1 = np.concatenate([np.ones(len(whole)), t1[keep]])
    s = seg[piece_seg]
    seg_len = _hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1])
    plen = (t1 - t0) * seg_len
    tm = (t0 + t1) / 2
    mx = s[:, 0] + tm * (s[:, 2] - s[:, 0])
    my = s[:, 1] + tm * (s[:, 3] - s[:, 1])
    pg = grp[piece_seg]

    # Midpoints in a non-boundary cell of every layer are resolved by the raster.
    cells = grid.row(my) * grid.nx + grid.col(mx)
    resolved = np.ones(len(mx), dtype=bool)
    labels = []
    for lab in layers:
        a = lab.take(cells)
        resolved &= a != -2
        labels.append(a)
    out += _sum_resolved(labels, resolved, pg, plen, n_poly, ng)
    rest = np.flatnonzero(~resolved)
    if len(rest):
        rest_out.append((mx[rest], my[rest], plen[rest], pg[rest]))
    return out


def _contains_rest(
    px: NDArray[np.float64],
    py: NDArray[np.float64],
    pl: NDArray[np.float64],
    pgr: NDArray[np.int64],
    polys: NDArray[np.object_],
    ng: int,
) -> NDArray[np.float64]:
    """Sum the pieces whose midpoint ``(px, py)`` (in a boundary cell) each polygon contains."""
    out = np.zeros((len(polys), ng))
    order = np.argsort(px, kind="stable")
    px, py, pl, pgr = px[order], py[order], pl[order], pgr[order]
    bounds = shapely.bounds(polys)
    for k, poly in enumerate(polys):
        if poly is None or shapely.is_empty(poly):
            continue
        x0, y0, x1, y1 = bounds[k]
        i0, i1 = int(np.searchsorted(px, x0, "left")), int(np.searchsorted(px, x1, "right"))
        if i1 <= i0:
            continue
        idx = i0 + np.flatnonzero((py[i0:i1] >= y0) & (py[i0:i1] <= y1))
        if len(idx) == 0:
            continue
        # A private copy is prepared, never the caller's geometry (thread safety).
        own = shapely.from_wkb(shapely.to_wkb(poly))
        shapely.prepare(own)
        inside = shapely.contains_xy(own, px[idx], py[idx])
        if inside.any():
            out[k] += np.bincount(pgr[idx[inside]], weights=pl[idx[inside]], minlength=ng)
    return out


def _geos_lengths(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    polys: NDArray[np.object_],
    ng: int,
) -> NDArray[np.float64]:
    """Lengths of the (few) hard segments, by ``shapely.intersection`` with each polygon."""
    out = np.zeros((len(polys), ng))
    lines = np.asarray(shapely.linestrings(seg.reshape(-1, 2, 2)), dtype=object)
    sb = shapely.bounds(lines)
    bounds = shapely.bounds(polys)
    for k, poly in enumerate(polys):
        if poly is None or shapely.is_empty(poly):
            continue
        x0, y0, x1, y1 = bounds[k]
        m = (sb[:, 2] >= x0) & (sb[:, 0] <= x1) & (sb[:, 3] >= y0) & (sb[:, 1] <= y1)
        if m.any():
            lengths = shapely.length(shapely.intersection(lines[m], poly))
            out[k] += np.bincount(grp[m], weights=lengths, minlength=ng)
    return out
