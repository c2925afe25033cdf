"""The polygons' edges, and which boundary cells each edge may pass through (private).

The kernel (:mod:`geo.density._kernel`) needs, for any cell of its grid
(:class:`geo.density._grid.Grid`), the polygon edges that may pass through it:
those cells are its *boundary* cells, and their edges are what the exact pass
(:mod:`geo.density._exact`) and the crossing parity
(:mod:`geo.density._parity`) look at. :func:`cells_of` finds every cell a
segment may touch, conservatively (long segments are cut into overlapping
pieces of half a cell with widened boxes); :func:`edge_cells` indexes the
polygon edges by those cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import shapely
from numpy.typing import NDArray

from geo.density._grid import Grid
from geo.density._segments import hypot, ragged

__all__ = ["EdgeCells", "cells_of", "edge_cells", "polygon_edges"]


def polygon_edges(
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


def cells_of(
    seg: NDArray[np.float64], grid: Grid, *, sort: bool = True
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
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    long_ = length > grid.cell
    if not long_.any():
        keys, owner = _distinct_corners(seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3], ids, grid)
    else:
        short = seg[~long_]
        keys, owner = _distinct_corners(
            short[:, 0], short[:, 1], short[:, 2], short[:, 3], ids[~long_], grid
        )
        k2, o2 = _piece_cells(seg[long_], ids[long_], length[long_], grid.cell / 2, grid)
        keys, owner = np.concatenate([keys, k2]), np.concatenate([owner, o2])
    if not sort:
        return keys, owner
    order = np.argsort(keys, kind="stable")  # radix-like on ints: faster than quicksort
    return keys[order], owner[order]


class EdgeCells(NamedTuple):
    """The polygon edges in each boundary cell, for look-ups by cell."""

    cells: NDArray[np.intp]
    """The boundary cells, sorted (distinct)."""
    start: NDArray[np.int64]
    """Where each cell's edges start in :attr:`edge`."""
    size: NDArray[np.int64]
    """How many (edge, cell) pairs each cell has."""
    edge: NDArray[np.int64]
    """Edge indices, grouped by cell."""

    def lookup(self, cells: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Start and count of each of ``cells``' edges (count 0 for a non-boundary cell).

        One binary search in the distinct cells (far fewer than the pairs, and
        small enough to stay in cache).
        """
        if len(self.cells) == 0:
            zero = np.zeros(len(cells), dtype=np.int64)
            return zero, zero
        pos = np.searchsorted(self.cells, cells)
        np.minimum(pos, len(self.cells) - 1, out=pos)
        hit = self.cells[pos] == cells
        return self.start[pos], np.where(hit, self.size[pos], 0)


def edge_cells(edges: NDArray[np.float64], grid: Grid) -> EdgeCells:
    """Index the cells each polygon edge may touch (:func:`cells_of`) by cell, each pair once.

    An edge cut into pieces finds most of its cells twice; one sort of the
    ``(cell, edge)`` pairs as single integers both groups them by cell and drops
    the repeats.
    """
    keys, owner = cells_of(edges, grid, sort=False)
    if len(keys) == 0:
        empty = np.empty(0, dtype=np.int64)
        return EdgeCells(keys, empty, empty, owner)
    pair = keys.astype(np.int64)
    pair *= len(edges)
    pair += owner
    pair.sort(kind="stable")  # timsort: the pairs come in long sorted runs
    pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])]
    keys, owner = np.divmod(pair, len(edges))
    start = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    size = np.diff(np.append(start, len(keys)))
    return EdgeCells(keys[start], start, size, owner)


def _piece_cells(
    seg: NDArray[np.float64],
    ids: NDArray[np.int64],
    length: NDArray[np.float64],
    max_len: float,
    grid: Grid,
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Cells of the boxes of pieces of ``seg`` at most ``max_len`` long, widened a little.

    The pieces are those of :func:`geo.density._segments.subdivide` (the same
    arithmetic), one coordinate at a time: no ``(pieces, 4)`` array is made.
    """
    pieces = np.ceil(length / max_len * (1 + 1e-9)).astype(np.int64)
    rep, k = ragged(pieces)
    n = pieces[rep].astype(float)
    t0, t1 = k / n, (k + 1) / n
    eps = 1e-7 * grid.cell
    box = []
    for a in (0, 1):
        start = seg[:, a]
        at, d = start[rep], (seg[:, a + 2] - start)[rep]
        p0, p1 = at + t0 * d, at + t1 * d
        box.append((np.minimum(p0, p1) - eps, np.maximum(p0, p1) + eps))
    (x_lo, x_hi), (y_lo, y_hi) = box
    return _distinct_corners(x_lo, y_lo, x_hi, y_hi, ids[rep], grid)


def _distinct_corners(
    xa: NDArray[np.float64],
    ya: NDArray[np.float64],
    xb: NDArray[np.float64],
    yb: NDArray[np.float64],
    ids: NDArray[np.int64],
    grid: Grid,
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Return the distinct cells of each (at most a cell wide) box's corners, and its id."""
    c0, c1 = grid.col(xa), grid.col(xb)
    r0, r1 = grid.row(ya) * grid.nx, grid.row(yb) * grid.nx
    dc, dr = c0 != c1, r0 != r1
    both = dc & dr
    keys = np.concatenate([r0 + c0, (r0 + c1)[dc], (r1 + c0)[dr], (r1 + c1)[both]])
    owner = np.concatenate([ids, ids[dc], ids[dr], ids[both]])
    return keys, owner
