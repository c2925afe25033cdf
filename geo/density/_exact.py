"""The kernel's exact pass, for segments near polygon edges (private).

Segments the raster cannot resolve (their block of cells holds a boundary
cell) are cut at their exact crossings with the polygon edges of the cells
they share, in arrays (no geometry object is created, so no garbage
collection is triggered); each piece is then classified by the raster at its
midpoint, or, when that midpoint is itself in a boundary cell, by crossing
parity (:mod:`geo.density._parity`).
Segments running along an edge (nearly parallel and within reach) are left to
``shapely.intersection``, which decides them as GEOS does.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray

from geo.density._edges import cells_of
from geo.density._grid import sum_resolved
from geo.density._raster import Raster
from geo.density._segments import hypot, ragged

__all__ = ["Rest", "exact_lengths"]

Rest = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]
"""Pieces left to the parity test: midpoint ``x``, ``y``, length, group."""

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
    cross_w = wx * sy - wy * sx  # |(q - p) x s| = distance of p to the edge's line * |s|
    with np.errstate(divide="ignore", invalid="ignore"):
        t = cross_w / denom
        u = (wx * ry - wy * rx) / denom
    lo, hi = -_T_TOL, 1 + _T_TOL
    valid = (denom != 0) & (t >= lo) & (t <= hi) & (u >= lo) & (u <= hi)
    # nearly parallel (|sin| <= _NEAR_PARALLEL, compared squared), and an end of
    # the segment within reach of the edge's line
    r2, s2 = rx * rx + ry * ry, sx * sx + sy * sy
    near = np.flatnonzero(denom * denom <= (_NEAR_PARALLEL * _NEAR_PARALLEL) * (r2 * s2))
    hard = np.zeros(len(seg), dtype=bool)
    if len(near):
        slen = np.sqrt(s2[near])
        reach = _NEAR_PARALLEL * np.sqrt(r2[near]) * slen + 1e-6 * slen
        d0 = np.abs(cross_w[near])
        d1 = np.abs(cross_w[near] - (rx[near] * sy[near] - ry[near] * sx[near]))
        hard[near] = np.minimum(d0, d1) <= reach
    return valid & ~hard, np.clip(t, 0.0, 1.0), hard


def exact_lengths(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    polys: NDArray[np.object_],
    raster: Raster,
    ng: int,
    rest_out: list[Rest],
) -> NDArray[np.float64]:
    """Exact lengths for segments near polygon edges: split at crossings, test midpoints.

    Pieces whose midpoint lies in a boundary cell are appended to ``rest_out``
    as ``(x, y, length, group)`` for :func:`geo.density._parity.lengths_by_parity`.

    Everything stays in arrays: the candidate (segment, edge) pairs come from the
    cells both touch, so no geometry object is created (and no garbage
    collection is triggered) whatever the number of segments.
    """
    grid, edges, edge_cells, layers = raster.grid, raster.edges, raster.edge_cells, raster.layers
    n_poly = len(polys)
    out = np.zeros((n_poly, ng))
    n = len(seg)
    sk, ss = cells_of(seg, grid, sort=False)
    lo, cnt = edge_cells.lookup(sk)
    rep, rank = ragged(cnt)
    pos = lo[rep] + rank
    si, ei = ss[rep], edge_cells.edge[pos]
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
    seg_len = hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1])
    plen = (t1 - t0) * seg_len
    tm = (t0 + t1) / 2
    mx = s[:, 0] + tm * (s[:, 2] - s[:, 0])
    my = s[:, 1] + tm * (s[:, 3] - s[:, 1])
    pg = grp[piece_seg]

    # Midpoints in a non-boundary cell of every layer are resolved by the raster. A
    # segment crossing no edge lies in one face: if its midpoint's cell is a boundary
    # cell, either end's cell may not be, and then gives the face (boundary cells are
    # the same in every layer).
    cells = grid.row(my) * grid.nx + grid.col(mx)
    nw = len(whole)
    if nw:
        ws = s[:nw]
        cw = cells[:nw]
        for ex, ey in ((0, 1), (2, 3)):
            at_edge = layers[0].take(cw) == -2
            if not at_edge.any():
                break
            end_cell = grid.row(ws[:, ey]) * grid.nx + grid.col(ws[:, ex])
            cw[at_edge] = end_cell[at_edge]
    resolved = np.ones(len(mx), dtype=bool)
    labels = []
    for lab in layers:
        a = lab.take(cells)
        resolved &= a != -2
        labels.append(a)
    out += sum_resolved(labels, resolved, pg, plen, n_poly, ng)
    rest = np.flatnonzero(~resolved)
    if len(rest):
        rest_out.append((mx[rest], my[rest], plen[rest], pg[rest]))
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
