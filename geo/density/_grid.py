"""The kernel's raster: the grid, label layers, classification (private).

The polygons are rasterised once onto a square grid (:class:`Grid`). A cell
is a *boundary* cell when a polygon edge may pass through it
(:func:`geo.density._edges.cells_of`, conservative), otherwise *interior to polygon k* when its
centre is inside ``k`` (:func:`raster_layers`, a scanline fill per polygon),
or *outside*. Polygons whose interiors share a cell go to separate layers.
A segment no longer than a cell is then resolved by one lookup of the 2 x 2
block of cells its box lies in (:func:`block_labels`, :func:`classify`) and
summed per polygon with a bincount (:func:`sum_bins`). See
:mod:`geo.density._kernel` for how the pieces fit together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geo.density._segments import ragged

__all__ = [
    "Grid",
    "Labels",
    "block_labels",
    "classify",
    "label_dtype",
    "raster_layers",
    "sum_bins",
    "sum_resolved",
]

Labels = NDArray[np.signedinteger]
"""A flat label raster: polygon index, ``-1`` outside, ``-2`` boundary cell."""


def label_dtype(n_poly: int) -> type[np.signedinteger]:
    """Smallest signed integer type holding ``-2 .. n_poly`` (fewer fresh pages on a first call)."""
    if n_poly < np.iinfo(np.int8).max:
        return np.int8
    if n_poly < np.iinfo(np.int16).max:
        return np.int16
    return np.int32


@dataclass
class Grid:
    """A square grid; cell ``(row, col)`` is flat index ``row * nx + col``.

    Cell indices are computed as ``(x - x0) / cell`` truncated after clipping: a
    rounding error of ``delta`` may put a point in the neighbouring cell, which is
    harmless while ``delta`` is far below a ten-millionth of a cell (edge pieces'
    boxes are
    box widened by a ten-millionth of a cell, see :func:`geo.density._edges.cells_of`).
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


def _runs(
    edges: NDArray[np.float64], owner: NDArray[np.int64], grid: Grid
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None:
    """Find the runs of cells whose centre lies inside each polygon (even-odd rule), by scanline.

    Returns, per run, the polygon (``owner`` of its edges), the row and the
    columns ``ia <= c < ib``; ``None`` when no edge crosses a row's centre line.
    """
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
    e, rank = ragged(count)
    rows = j0[e] + rank
    yc = grid.y0 + (rows + 0.5) * grid.cell
    xa, ya_e, xb, yb_e = edges[e, 0], edges[e, 1], edges[e, 2], edges[e, 3]
    x = xa + (yc - ya_e) * (xb - xa) / (yb_e - ya_e)
    poly = owner[e]
    order = np.lexsort((x, rows, poly))
    rows, x, poly = rows[order], x[order], poly[order]
    # each polygon crosses each row an even number of times: consecutive pairs are runs
    xs, xe = x[0::2], x[1::2]
    ia = np.ceil((xs - grid.x0) / grid.cell - 0.5).astype(np.int64)
    ib = np.ceil((xe - grid.x0) / grid.cell - 0.5).astype(np.int64)
    return poly[0::2], rows[0::2], np.clip(ia, 0, grid.nx), np.clip(ib, 0, grid.nx)


def _scanline_mask(
    edges: NDArray[np.float64], grid: Grid
) -> tuple[slice, slice, NDArray[np.bool_]] | None:
    """Cells whose centre lies inside the rings ``edges`` (even-odd rule), in a window."""
    runs = _runs(edges, np.zeros(len(edges), dtype=np.int64), grid)
    if runs is None:
        return None
    _, r_pair, ia, ib = runs
    r0, r1 = int(r_pair.min()), int(r_pair.max()) + 1
    c0, c1 = int(ia.min()), int(max(ib.max(), ia.min() + 1))
    # int8: the sorted crossings pair up into disjoint runs, so the running sum is 0 or 1
    diff = np.zeros((r1 - r0, c1 - c0 + 1), dtype=np.int8)
    np.add.at(diff, (r_pair - r0, ia - c0), 1)
    np.add.at(diff, (r_pair - r0, ib - c0), -1)
    inside = np.cumsum(diff, axis=1, dtype=np.int8)[:, :-1] > 0
    return slice(r0, r1), slice(c0, c1), inside


def _one_layer(
    edges: NDArray[np.float64], edge_owner: NDArray[np.int64], n_poly: int, grid: Grid
) -> Labels | None:
    """Label raster of polygons no two of which share a cell, or ``None`` if some do.

    All polygons' runs at once: run ``[ia, ib)`` of row ``r`` is the flat range
    ``[r * nx + ia, r * nx + ib)``, and runs that share no cell are disjoint
    flat ranges, so one running sum of ``+(k + 1)`` at each start and
    ``-(k + 1)`` at each end gives ``k + 1`` inside polygon ``k``, 0 outside.
    """
    runs = _runs(edges, edge_owner, grid)
    if runs is None:
        return np.full(grid.ny * grid.nx, -1, dtype=label_dtype(n_poly))
    poly, row, ia, ib = runs
    keep = ib > ia
    poly, row, ia, ib = poly[keep], row[keep], ia[keep], ib[keep]
    start, end = row * grid.nx + ia, row * grid.nx + ib
    order = np.argsort(start, kind="stable")
    start, end, poly = start[order], end[order], poly[order]
    if len(start) > 1 and (start[1:] < np.maximum.accumulate(end)[:-1]).any():
        return None  # two runs share a cell: several layers
    dtype = label_dtype(n_poly)
    diff = np.zeros(grid.ny * grid.nx + 1, dtype=dtype)
    w = (poly + 1).astype(dtype)
    np.add.at(diff, start, w)
    np.add.at(diff, end, -w)
    np.cumsum(diff, out=diff)
    lab = diff[:-1]
    lab -= 1
    return lab


def raster_layers(
    edges: NDArray[np.float64],
    edge_owner: NDArray[np.int64],
    n_poly: int,
    grid: Grid,
    boundary: NDArray[np.bool_],
) -> list[Labels]:
    """Flat label rasters: polygon index, ``-1`` outside, ``-2`` boundary cell.

    Polygons whose interiors share a cell go to different layers. When no
    two polygons share a cell (neighbouring units: the usual case) there is
    one layer, made for all polygons at once (:func:`_one_layer`).
    """
    one = _one_layer(edges, edge_owner, n_poly, grid)
    if one is not None:
        one[boundary.ravel()] = -2
        return [one]
    dtype = label_dtype(n_poly)
    layers: list[Labels] = []
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
            lab = np.full((grid.ny, grid.nx), -1, dtype=dtype)
            lab[rs, cs][inside] = k
            layers.append(lab)
    for lab in layers:
        lab[boundary] = -2
    if not layers:  # only degenerate polygons: everything goes the exact way
        layers.append(np.where(boundary, -2, -1).astype(dtype))
    return [lab.ravel() for lab in layers]


def block_labels(
    layers: Sequence[Labels], boundary: NDArray[np.bool_], n_poly: int
) -> list[Labels]:
    """Bin rasters of 2 x 2 blocks: cell ``(r, c)`` stands for it and the cells above and right.

    A block's bin is its lower left cell's polygon, ``n_poly`` outside every
    polygon of the layer, or ``n_poly + 1`` when any of its (up to four) cells
    is a boundary cell: all non-negative, so that one ``bincount`` per layer
    sums the segments (:func:`sum_bins`).
    """
    blk = boundary.copy()
    blk[:, :-1] |= boundary[:, 1:]
    blk[:-1, :] |= blk[1:, :].copy()
    flat = blk.ravel()
    out = []
    for lab in layers:
        bins = lab.astype(label_dtype(n_poly + 2))
        bins[bins < 0] = n_poly
        bins[flat] = n_poly + 1
        out.append(bins)
    return out


def classify(seg: NDArray[np.float64], grid: Grid, blocks: Sequence[Labels]) -> list[Labels]:
    """Bin of each segment (no longer than a cell), per layer, by the 2 x 2 block its box lies in.

    A segment no longer than a cell has a box spanning at most two columns and
    two rows of cells: it lies in the block whose lower left cell holds the
    box's lower left corner. The segment is resolved when no cell of that block
    is a boundary cell (bin below ``n_poly + 1``, see :func:`block_labels`); it
    then lies wholly inside the block's polygon in each layer (bin ``< n_poly``)
    or outside all of that layer's polygons (``n_poly``).

    Why: every cell an edge passes through is a boundary cell (see
    :func:`geo.density._edges.cells_of`, whose widened boxes absorb rounding), so no edge meets
    the block, which lies in one face with its cells' centres.
    """
    x = np.minimum(seg[:, 0], seg[:, 2])
    y = np.minimum(seg[:, 1], seg[:, 3])
    a = grid.row(y)
    a *= grid.nx
    a += grid.col(x)
    return [lab.take(a) for lab in blocks]


def sum_bins(
    bins: Sequence[Labels],
    weights: NDArray[np.float64],
    groups: NDArray[np.int64],
    n_poly: int,
    ng: int,
) -> NDArray[np.float64]:
    """Sum ``weights`` per (polygon, group) by the bins of :func:`classify`.

    Give unresolved items weight 0 (or bin ``n_poly + 1``): bins ``n_poly`` and
    ``n_poly + 1`` are dropped.
    """
    out = np.zeros((n_poly, ng))
    n_bins = (n_poly + 2) * ng
    for b in bins:
        key = b if ng == 1 else b.astype(np.int64) * ng + groups
        out += np.bincount(key, weights=weights, minlength=n_bins)[: n_poly * ng].reshape(
            n_poly, ng
        )
    return out


def sum_resolved(
    labels: Sequence[Labels],
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
