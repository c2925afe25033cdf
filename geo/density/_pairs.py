"""Candidate pairs of nearby segments from a grid, and distances between segments (private).

Used by :mod:`geo.density._dedup`. Segments are ``(n, 4)`` arrays ``x0, y0, x1, y1``
in metres. :func:`candidate_pairs` finds every pair that may lie within a tolerance
by sorting and searching integer cell keys (no geometry objects, no tree), in an
order that skips the pairs the de-duplication rule never keeps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from geo.density._segments import hypot, subdivide

__all__ = ["candidate_pairs", "in_chunks", "piece_counts", "seg_distance"]

CHUNK = 1 << 18
"""Pairs (or pieces) expanded at once: memory stays bounded by this (times the threads),
not by the input."""
THREADS = min(2, os.cpu_count() or 1)
"""Chunks run in this many threads (NumPy releases the GIL in the work that matters)."""
_CELL_TOL = 2.0
_CELL_PAD = 1.5
"""Grid cell: the larger of ``_CELL_TOL * tol`` and the 90th percentile of segment lengths
plus ``_CELL_PAD * tol`` (fewest candidate pairs on road networks, measured)."""


_T = TypeVar("_T")


def in_chunks(counts: NDArray[np.int64], work: Callable[[int, int], _T]) -> list[_T]:
    """Run ``work(start, stop)`` over ranges of items, in :data:`THREADS` threads.

    Consecutive ranges whose ``counts`` add up to about :data:`CHUNK` (at least one item
    each) cover all items; the results come in the ranges' order.
    """
    if len(counts) == 0:
        return []
    ends = np.searchsorted(np.cumsum(counts), np.arange(CHUNK, int(counts.sum()) + CHUNK, CHUNK))
    bounds = np.unique(np.clip(np.r_[0, ends + 1, len(counts)], 0, len(counts)))
    ranges = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    if THREADS < 2 or len(ranges) < 2:
        return [work(a, b) for a, b in ranges]
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda r: work(*r), ranges))


def piece_counts(length: NDArray[np.float64], step: float) -> NDArray[np.int64]:
    """Return how many equal pieces of at most ``step`` each segment is cut into (>= 1)."""
    n = np.ceil(length / step * (1 + 1e-9)).astype(np.int64)
    return np.where(length > step, n, 1)


def _cell_keys(
    seg: NDArray[np.float64],
    ids: NDArray[np.int64],
    pad: float,
    grid: tuple[float, float, float, int],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct cells touched by each segment's box widened by ``pad``, with the segment id.

    ``grid`` is ``(x0, y0, cell, width)``: cell ``(row, col)`` of side ``cell`` m from
    ``x0, y0`` is numbered ``row * width + col``. Segments are first cut (for this only)
    so that a widened box spans at most 2 x 2 cells.
    """
    x0, y0, cell, width = grid
    seg, ids = subdivide(seg, ids, cell - 2 * pad - 1e-6 * cell)
    eps = 1e-7 * cell + pad
    c0 = np.floor((np.minimum(seg[:, 0], seg[:, 2]) - eps - x0) / cell).astype(np.int64)
    c1 = np.floor((np.maximum(seg[:, 0], seg[:, 2]) + eps - x0) / cell).astype(np.int64)
    r0 = np.floor((np.minimum(seg[:, 1], seg[:, 3]) - eps - y0) / cell).astype(np.int64)
    r1 = np.floor((np.maximum(seg[:, 1], seg[:, 3]) + eps - y0) / cell).astype(np.int64)
    dc, dr = c0 != c1, r0 != r1
    both = dc & dr
    keys = np.concatenate(
        [r0 * width + c0, (r0 * width + c1)[dc], (r1 * width + c0)[dr], (r1 * width + c1)[both]]
    )
    owner = np.concatenate([ids, ids[dc], ids[dr], ids[both]])
    return keys, owner


def candidate_pairs(
    seg: NDArray[np.float64],
    query: NDArray[np.bool_],
    tol: float,
    keep: Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]],
    *,
    order: NDArray[np.int64],
    along: NDArray[np.float64] | None = None,
    bound: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct pairs ``(i, j)`` (``i`` a query segment) that may lie within ``tol``.

    Only pairs with ``order[j] < order[i]`` are enumerated, and, given ``along``
    and ``bound``, those with ``order[j] == order[i]`` and ``along[j] < bound[i]``
    (give every part its own ``order``, increasing ``along`` along it): targets are
    sorted by cell, order and along, so each query's targets in a cell are one
    contiguous run. ``keep(i, j)`` filters the pairs as they are found (chunk by
    chunk, so that memory stays bounded by the pairs kept).
    """
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    q90 = float(np.quantile(length, 0.9)) if len(length) else 0.0
    cell = max(_CELL_TOL * tol, q90 + _CELL_PAD * tol)
    x0 = float(min(seg[:, 0].min(), seg[:, 2].min())) - 2 * cell
    y0 = float(min(seg[:, 1].min(), seg[:, 3].min())) - 2 * cell
    x1 = float(max(seg[:, 0].max(), seg[:, 2].max())) + 2 * cell
    y1 = float(max(seg[:, 1].max(), seg[:, 3].max())) + 2 * cell
    width = int((x1 - x0) / cell) + 2  # one numbering of cells for targets and queries
    n_cells = width * (int((y1 - y0) / cell) + 2)
    ids = np.arange(len(seg), dtype=np.int64)
    # both boxes widened by half the tolerance on each side, so that two segments within
    # tol of each other share a cell
    grid = (x0, y0, cell, width)
    tk, to = _cell_keys(seg, ids, tol / 2, grid)
    qsel = np.flatnonzero(query)
    if len(qsel) == len(seg):
        qk, qo = tk, to
    else:
        qk, qo = _cell_keys(seg[qsel], qsel, tol / 2, grid)
    span = int(order.max()) + 1
    if n_cells * span >= 2**62:
        raise ValueError(f"{n_cells} cells x {span} ranks overflow the cell keys")
    tkey = tk * span + order[to]
    top = 0
    if along is not None and bound is not None:
        half = np.floor(2 * along).astype(np.int64)  # along in half metres
        top = int(half.max()) + 2 if len(half) else 2
        if n_cells * span * top < 2**62:
            srt = np.argsort(tkey * top + half[to])
        else:
            srt = np.lexsort((half[to], tkey))
    else:
        srt = np.argsort(tkey)
    tk, tkey, to = tk[srt], tkey[srt], to[srt]
    del srt
    new_group = np.r_[True, tkey[1:] != tkey[:-1]]
    if len(qsel) == len(seg):
        # every segment queries: the queries are the sorted targets, so each one's cell run
        # and own group start where the sorted keys change
        qo = to
        arange = np.arange(len(tk))
        lo = np.maximum.accumulate(np.where(np.r_[True, tk[1:] != tk[:-1]], arange, 0))
        g0 = np.maximum.accumulate(np.where(new_group, arange, 0))
        del arange
    else:
        qkey = qk * span + order[qo]
        qs = np.argsort(qkey, kind="stable")  # sorted needles search faster
        qk, qo, qkey = qk[qs], qo[qs], qkey[qs]
        lo = np.searchsorted(tkey, qk * span, side="left")
        g0 = np.searchsorted(tkey, qkey, side="left")  # where the query's own group starts
        del qs, qkey
    if along is not None and bound is not None:
        # within a cell and order (one part), by along in half metres: the run of a query
        # goes on into its own group up to its bound (rounded up: a superset)
        group = np.cumsum(new_group) - 1
        if (int(group[-1]) + 1) * top >= 2**62:
            raise ValueError(f"{int(group[-1]) + 1} groups x {top} positions overflow the keys")
        gkey = group * top + half[to]
        lim = np.clip(np.ceil(2 * bound[qo]), 0, top - 1).astype(np.int64)
        hi = np.maximum(np.searchsorted(gkey, group[g0] * top + lim, side="left"), g0)
        del group, half, gkey, lim
    else:
        hi = g0
    cnt = hi - lo
    del tk, tkey, new_group, hi, g0

    def expand(start: int, stop: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        c = cnt[start:stop]
        rep = np.repeat(np.arange(start, stop), c)
        pos = np.arange(len(rep)) + np.repeat(lo[start:stop] - (np.cumsum(c) - c), c)
        i, j = qo[rep], to[pos]
        ok = keep(i, j)
        return i[ok], j[ok]

    found = in_chunks(cnt, expand)  # chunks of keys: memory stays bounded
    out_i, out_j = [f[0] for f in found], [f[1] for f in found]
    if not out_i:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    i, j = np.concatenate(out_i), np.concatenate(out_j)
    key = np.unique(i * len(seg) + j)
    return key // len(seg), key % len(seg)


def _point_seg(
    px: NDArray[np.float64], py: NDArray[np.float64], s: NDArray[np.float64]
) -> NDArray[np.float64]:
    bx, by = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    ll = bx * bx + by * by
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ((px - s[:, 0]) * bx + (py - s[:, 1]) * by) / ll
    t = np.clip(np.nan_to_num(t), 0.0, 1.0)
    return hypot(px - (s[:, 0] + t * bx), py - (s[:, 1] + t * by))


def seg_distance(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distance between paired segments (0 where they cross)."""
    d = np.minimum(
        np.minimum(_point_seg(a[:, 0], a[:, 1], b), _point_seg(a[:, 2], a[:, 3], b)),
        np.minimum(_point_seg(b[:, 0], b[:, 1], a), _point_seg(b[:, 2], b[:, 3], a)),
    )
    rx, ry = a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]
    sx, sy = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    wx, wy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    den = rx * sy - ry * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * sy - wy * sx) / den
        u = (wx * ry - wy * rx) / den
    cross = (den != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    return np.where(cross, 0.0, d)
