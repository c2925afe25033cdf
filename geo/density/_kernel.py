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
   segment there and classifies the midpoint of each piece by the raster or,
   in a boundary cell, by counting the edges crossed on the way from the
   nearest cell to its left that no edge meets (the even-odd rule).

Polygons that overlap each other (a city and its districts, say) are put on
separate raster layers automatically, so every polygon receives the full
length inside it, as an overlay would give. Results equal an overlay to
floating-point precision (the only difference is pieces lying exactly on a
polygon edge, which have no length in practice).

All coordinates must be in one projected CRS; lengths come out in its units.

Where each step lives: segments from shapely lines and cutting long ones in
:mod:`geo.density._segments`; the polygons' edges and the boundary cells in
:mod:`geo.density._edges`; the grid, label layers and the block lookup in
:mod:`geo.density._grid`; all of the polygons' side built once in
:mod:`geo.density._raster`; the exact pass in
:mod:`geo.density._exact`; the crossing parity in :mod:`geo.density._parity`;
this module puts them together.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray

from geo.density._exact import Rest, exact_lengths
from geo.density._grid import Grid, Labels, classify, sum_bins
from geo.density._parity import lengths_by_parity
from geo.density._raster import rasterise
from geo.density._segments import hypot, subdivide

__all__ = ["lengths_in_polygons"]

logger = logging.getLogger(__name__)

_MAX_CELLS = 4_000_000
_MIN_CELLS = 500_000
_CHUNK = 1 << 15
_EXACT_CHUNK = 1 << 13


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
        Upper bound on raster cells per layer (memory: a few bytes a cell). The
        grid has about as many cells as there are segments, but at least
        500,000: the polygons' side costs per cell, the exact pass per segment
        near an edge, whose share grows with the cell's size (measured on
        Anhui's 104 units: 1 M segments on 1 M cells take 25 % less time than on
        4 M).

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
    # the grid's outer ring, a few cells from any edge, and classified as outside.

    sample = seg[:: max(1, len(seg) // 65536)]  # the cell size only affects speed
    slen = hypot(sample[:, 2] - sample[:, 0], sample[:, 3] - sample[:, 1])
    n_cells = min(max_cells, max(len(seg), _MIN_CELLS))
    c_min = math.sqrt((bx1 - bx0 + 1e-9) * (by1 - by0 + 1e-9) / n_cells)
    cell = max(c_min, float(np.quantile(slen, 0.95)), span / 20000)
    raster = rasterise(polys, (bx0, by0, bx1, by1), cell)
    grid = raster.grid
    logger.debug(
        "fastlength: %d segments, %d polygons, cell %.1f, grid %dx%d, %d layers",
        len(seg),
        n_poly,
        cell,
        grid.nx,
        grid.ny,
        len(raster.layers),
    )
    # Chunks of segments: the temporaries are reused instead of faulted in afresh.
    ex_seg: list[NDArray[np.float64]] = []
    ex_grp: list[NDArray[np.int64]] = []
    for c0 in range(0, len(seg), _CHUNK):
        part, pgrp = seg[c0 : c0 + _CHUNK], grp[c0 : c0 + _CHUNK]
        out += _resolve_chunk(
            part, pgrp, grid, raster.blocks, (bx0, by0, bx1, by1), n_poly, ng, ex_seg, ex_grp
        )
    cand, cand_grp = np.concatenate(ex_seg), np.concatenate(ex_grp)
    if len(cand):
        # in chunks too: a first call in a fresh process faults in less memory
        rest: list[Rest] = []
        for c0 in range(0, len(cand), _EXACT_CHUNK):
            part, pgrp = cand[c0 : c0 + _EXACT_CHUNK], cand_grp[c0 : c0 + _EXACT_CHUNK]
            out += exact_lengths(part, pgrp, polys, raster, ng, rest)
        if rest:
            px, py, pl, pg = (np.concatenate(r) for r in zip(*rest, strict=True))
            out += lengths_by_parity(px, py, pl, pg, raster=raster, n_poly=n_poly, ng=ng)
    return out


def _resolve_chunk(
    seg: NDArray[np.float64],
    grp: NDArray[np.int64],
    grid: Grid,
    blocks: list[Labels],
    box: tuple[float, float, float, float],
    n_poly: int,
    ng: int,
    ex_seg: list[NDArray[np.float64]],
    ex_grp: list[NDArray[np.int64]],
) -> NDArray[np.float64]:
    """Sum the segments the raster resolves; append the others to ``ex_seg``/``ex_grp``."""
    cell = grid.cell
    boundary_bin = n_poly + 1
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    # Segments no longer than a cell: classified in place, without copying.
    long_ = length > cell
    any_long = bool(long_.any())
    bins = classify(seg, grid, blocks)
    resolved = bins[0] != boundary_bin
    weights = length
    if any_long:
        resolved &= ~long_
        weights = np.where(long_, 0.0, length)
    out = sum_bins(bins, weights, grp, n_poly, ng)
    todo = np.flatnonzero(~resolved & ~long_ if any_long else ~resolved)
    ex_seg.append(seg[todo])
    ex_grp.append(grp[todo])
    # Longer segments: classified by pieces no longer than a cell; one whose pieces
    # are not all resolved goes the exact way whole (a cut point is off the line by
    # rounding, which would break a segment running exactly along an edge).
    if any_long:
        # only those whose box meets the polygons' (a far one adds nothing)
        lidx = np.flatnonzero(long_)
        ls = seg[lidx]
        bx0, by0, bx1, by1 = box
        near = (np.maximum(ls[:, 0], ls[:, 2]) >= bx0) & (np.minimum(ls[:, 0], ls[:, 2]) <= bx1)
        near &= (np.maximum(ls[:, 1], ls[:, 3]) >= by0) & (np.minimum(ls[:, 1], ls[:, 3]) <= by1)
        lidx = lidx[near]
        lseg, parent = subdivide(seg[lidx], np.arange(len(lidx), dtype=np.int64), cell)
        llen = hypot(lseg[:, 2] - lseg[:, 0], lseg[:, 3] - lseg[:, 1])
        lbins = classify(lseg, grid, blocks)
        lres = lbins[0] != boundary_bin
        whole = np.bincount(parent[~lres], minlength=len(lidx)) == 0
        lres &= whole[parent]
        out += sum_bins(lbins, np.where(lres, llen, 0.0), grp[lidx][parent], n_poly, ng)
        ex_seg.append(seg[lidx[~whole]])
        ex_grp.append(grp[lidx[~whole]])
    return out
