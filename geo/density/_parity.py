"""Which polygons contain points lying in boundary cells, by crossing parity (private).

The exact pass (:mod:`geo.density._exact`) leaves pieces whose midpoint lies
in a boundary cell, where the raster cannot tell. For each such point ``P``
this module walks left along ``P``'s row of cells to the first cell that is
not a boundary cell, ``R``: no polygon edge meets ``R``, so a point ``Q`` of
``R`` on ``P``'s horizontal line lies in the polygons ``R``'s labels name. A
polygon then contains ``P`` exactly when it contains ``Q`` and an even number
of its edges cross the horizontal segment ``QP``, or it does not contain
``Q`` and an odd number do (the even-odd rule). Every such crossing lies in
one of the boundary cells between ``R`` and ``P``, whose edges the kernel has
indexed by cell (:class:`geo.density._edges.EdgeCells`); an edge listed in
several of them is counted once, in the cell that holds its crossing.

Everything is in arrays: no geometry object, no prepared polygon (so the
polygons are never touched and threads may share them), and the cost grows
with the number of (point, nearby edge) pairs, not with the polygons' size.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from geo.density._raster import Raster
from geo.density._segments import ragged

__all__ = ["lengths_by_parity"]


def lengths_by_parity(
    px: NDArray[np.float64],
    py: NDArray[np.float64],
    lengths: NDArray[np.float64],
    groups: NDArray[np.int64],
    *,
    raster: Raster,
    n_poly: int,
    ng: int,
) -> NDArray[np.float64]:
    """Sum ``lengths`` per (polygon, group) over the polygons containing each point.

    Parameters
    ----------
    px, py : numpy.ndarray, shape (n,)
        Points (``x`` first) each lying in a boundary cell of ``grid``.
    lengths, groups : numpy.ndarray, shape (n,)
        Length credited to each point's polygons, and its group ``0 .. ng - 1``.
    raster : Raster
        The polygons on the kernel's grid (:func:`geo.density._raster.rasterise`):
        their edges and owners, the edges by boundary cell, the label rasters.
    n_poly, ng : int
        Number of polygons and of groups.

    Returns
    -------
    numpy.ndarray, shape (n_poly, ng)
    """
    out = np.zeros((n_poly, ng))
    if len(px) == 0:
        return out
    grid, edges, edge_owner = raster.grid, raster.edges, raster.edge_owner
    edge_cells = raster.edge_cells
    cells = edge_cells.cells
    # where each run of consecutive boundary cells starts; a run never wraps to the
    # next row, as the grid's outer columns are never boundary cells
    first = np.zeros(len(cells), dtype=np.int64)
    brk = np.flatnonzero(np.diff(cells) != 1) + 1
    first[brk] = brk
    np.maximum.accumulate(first, out=first)
    pos = np.searchsorted(cells, grid.row(py) * grid.nx + grid.col(px))
    start = first[pos]
    ref = cells[start] - 1  # the first cell left of P that no edge meets
    # (point, boundary cell between R and P) pairs, then (point, edge listed there)
    point, rank = ragged(pos - start + 1)
    cpos = start[point] + rank
    cnt = edge_cells.size[cpos]
    pair, erank = ragged(cnt)
    edge = edge_cells.edge[edge_cells.start[cpos][pair] + erank]
    point = point[pair]
    y = py[point]
    ay, by = edges[edge, 1], edges[edge, 3]
    straddle = np.flatnonzero((ay > y) != (by > y))  # half-open: a shared vertex counts once
    point, edge, y = point[straddle], edge[straddle], y[straddle]
    cell_col = (cells[cpos][pair][straddle]) % grid.nx
    ax, ay, bx, by = (edges[edge, k] for k in range(4))
    dy = by - ay
    xc = ax + (y - ay) * (bx - ax) / dy
    # the crossing lies left of P (orientation of P to the edge, signed by its direction),
    # and is counted in the one cell holding it
    left = ((bx - ax) * (y - ay) - dy * (px[point] - ax)) * dy < 0
    keep = left & (grid.col(xc) == cell_col)
    keys = [point[keep] * n_poly + edge_owner[edge[keep]]]
    ids = np.arange(len(px))
    for lab in raster.layers:
        a = lab.take(ref)
        inside = a >= 0
        keys.append(ids[inside] * n_poly + a[inside])
    key, count = np.unique(np.concatenate(keys), return_counts=True)
    key = key[count % 2 == 1]
    pt, poly = key // n_poly, key % n_poly
    out += np.bincount(poly * ng + groups[pt], weights=lengths[pt], minlength=n_poly * ng).reshape(
        n_poly, ng
    )
    return out
