"""Straight segments from shapely lines, and cutting long segments (private).

The per-area length kernel (:mod:`geo.density._kernel`) works on segments as
an ``(n, 4)`` array of ``x0, y0, x1, y1`` (``x`` first, projected CRS): this
module pulls them out of shapely (Multi)LineStrings without creating any
geometry object, and cuts segments longer than a given length into equal
pieces (which keeps their length exactly).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray

__all__ = ["hypot", "ragged", "segments_from_lines", "subdivide"]


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
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    long_ = length > max_len
    if not long_.any():
        return seg, groups
    lseg, lgrp = seg[long_], groups[long_]
    pieces = np.ceil(length[long_] / max_len * (1 + 1e-9)).astype(np.int64)
    rep, k = ragged(pieces)
    n = pieces[rep].astype(float)
    t0, t1 = k / n, (k + 1) / n
    s = lseg[rep]
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    cut = np.column_stack(
        [s[:, 0] + t0 * dx, s[:, 1] + t0 * dy, s[:, 0] + t1 * dx, s[:, 1] + t1 * dy]
    )
    return np.concatenate([seg[~long_], cut]), np.concatenate([groups[~long_], lgrp[rep]])


def hypot(dx: NDArray[np.float64], dy: NDArray[np.float64]) -> NDArray[np.float64]:
    """``sqrt(dx**2 + dy**2)``: three times faster than ``numpy.hypot``, same result in metres."""
    out = dx * dx
    out += dy * dy
    return np.sqrt(out, out=out)


def ragged(counts: NDArray[np.int64]) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Expand ``counts[i]`` items per row ``i``: each item's row, and its rank ``0 ..`` in its row.

    The array form of ``[(i, k) for i, c in enumerate(counts) for k in range(c)]``.
    """
    row = np.repeat(np.arange(len(counts)), counts)
    rank = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    return row, rank
