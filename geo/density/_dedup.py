"""De-duplication of parallel lines in array form (private).

A line is cut into straight pieces of at most ``step`` metres (equal pieces per
segment). Piece ``i`` is *shadowed* by piece ``j`` when the distance from
``i``'s midpoint to ``j`` is at most ``tol``, their directions differ by less
than ``max_angle_deg`` and ``j``'s part ranks better (lower); within one part
(or one family of parts), ``j`` shadows ``i`` only when ``same_part_gap`` is
given, ``j`` comes first and starts more than ``same_part_gap`` further back
along the part (a line doubling back on itself).

This is the rule of ``geo.density`` (docs/density.md), computed without
building a geometry per piece: candidate pairs of *segments* come from a grid
whose cells both touch (sorting and searching integer cell keys), and the
distance from each piece's midpoint to the other segment (or to the part of it
that may shadow) is computed in arrays. All pieces of a straight segment share
its direction, and the pieces of ``j`` tile ``j``, so this equals the
piece-by-piece rule. Segments with no shadowed piece are returned whole (their
pieces would add up to them), so the output has about as many rows as the
input, not one per piece.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

__all__ = ["dedup_lines", "piece_counts", "shadowed_pieces", "split_kept"]

_CHUNK = 2_000_000


def _hypot(dx: NDArray[np.float64], dy: NDArray[np.float64]) -> NDArray[np.float64]:
    out = dx * dx
    out += dy * dy
    return np.sqrt(out, out=out)


def piece_counts(length: NDArray[np.float64], step: float) -> NDArray[np.int64]:
    """Return how many equal pieces of at most ``step`` each segment is cut into (>= 1)."""
    n = np.ceil(length / step * (1 + 1e-9)).astype(np.int64)
    return np.where(length > step, n, 1)


def _cell_keys(
    seg: NDArray[np.float64], ids: NDArray[np.int64], cell: float, pad: float, x0: float, y0: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct cells touched by each segment's box widened by ``pad``, with the segment id.

    Segments are first cut (for this only) so that a widened box spans at most
    2 x 2 cells.
    """
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    max_len = cell - 2 * pad - 1e-6 * cell
    n = piece_counts(length, max_len)
    if (n > 1).any():
        rep = np.repeat(np.arange(len(seg)), n)
        start = np.cumsum(n) - n
        k = np.arange(len(rep)) - start[rep]
        tn = n[rep].astype(float)
        s = seg[rep]
        dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
        t0, t1 = k / tn, (k + 1) / tn
        seg = np.column_stack(
            [s[:, 0] + t0 * dx, s[:, 1] + t0 * dy, s[:, 0] + t1 * dx, s[:, 1] + t1 * dy]
        )
        ids = ids[rep]
    eps = 1e-7 * cell + pad
    c0 = np.floor((np.minimum(seg[:, 0], seg[:, 2]) - eps - x0) / cell).astype(np.int64)
    c1 = np.floor((np.maximum(seg[:, 0], seg[:, 2]) + eps - x0) / cell).astype(np.int64)
    r0 = np.floor((np.minimum(seg[:, 1], seg[:, 3]) - eps - y0) / cell).astype(np.int64)
    r1 = np.floor((np.maximum(seg[:, 1], seg[:, 3]) + eps - y0) / cell).astype(np.int64)
    width = int(c1.max()) + 2
    dc, dr = c0 != c1, r0 != r1
    both = dc & dr
    keys = np.concatenate(
        [r0 * width + c0, (r0 * width + c1)[dc], (r1 * width + c0)[dr], (r1 * width + c1)[both]]
    )
    owner = np.concatenate([ids, ids[dc], ids[dr], ids[both]])
    return keys, owner


def _candidate_pairs(
    seg: NDArray[np.float64],
    query: NDArray[np.bool_],
    tol: float,
    keep: Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distinct pairs ``(i, j)`` (``i`` a query segment) that may lie within ``tol``.

    ``keep(i, j)`` filters the pairs as they are found (chunk by chunk, so that
    memory stays bounded by the pairs kept).
    """
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    cell = max(4 * tol, float(np.quantile(length, 0.9)) + 2 * tol if len(length) else 4 * tol)
    x0 = float(min(seg[:, 0].min(), seg[:, 2].min())) - 2 * cell
    y0 = float(min(seg[:, 1].min(), seg[:, 3].min())) - 2 * cell
    ids = np.arange(len(seg), dtype=np.int64)
    # targets: their own box; queries: box widened by half the tolerance on each side, and
    # targets too, so that two boxes within tol of each other share a cell
    tk, to = _cell_keys(seg, ids, cell, tol / 2, x0, y0)
    qsel = np.flatnonzero(query)
    if len(qsel) == len(seg):
        qk, qo = tk, to
    else:
        qk, qo = _cell_keys(seg[qsel], qsel, cell, tol / 2, x0, y0)
    order = np.argsort(tk, kind="stable")
    tk, to = tk[order], to[order]
    lo = np.searchsorted(tk, qk, side="left")
    cnt = np.searchsorted(tk, qk, side="right") - lo
    out_i, out_j = [], []
    # expand in chunks of keys so that memory stays bounded
    bounds = np.searchsorted(np.cumsum(cnt), np.arange(_CHUNK, int(cnt.sum()) + _CHUNK, _CHUNK))
    start = 0
    for stop in [*bounds.tolist(), len(qk)]:
        stop = max(stop, start)
        if stop == start:
            continue
        c = cnt[start:stop]
        rep = np.repeat(np.arange(start, stop), c)
        first = np.cumsum(c) - c
        pos = np.arange(len(rep)) - first[rep - start] + lo[rep]
        i, j = qo[rep], to[pos]
        ok = keep(i, j)
        out_i.append(i[ok])
        out_j.append(j[ok])
        start = stop
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
    return _hypot(px - (s[:, 0] + t * bx), py - (s[:, 1] + t * by))


def _seg_distance(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
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


def shadowed_pieces(
    seg: NDArray[np.float64],
    part: NDArray[np.int64],
    along: NDArray[np.float64],
    part_rank: NDArray[np.float64],
    query: NDArray[np.bool_],
    *,
    step: float,
    tol: float,
    max_angle_deg: float,
    same_part_gap: float | None,
    part_family: NDArray[np.int64] | None = None,
) -> NDArray[np.bool_]:
    """Which pieces of the query segments are shadowed (see the module docstring).

    Parameters
    ----------
    seg : numpy.ndarray, shape (n, 4)
        Straight segments ``x0, y0, x1, y1`` in metres, ordered along each part.
    part : numpy.ndarray of int, shape (n,)
        The part (single line) each segment belongs to.
    along : numpy.ndarray, shape (n,)
        Distance of each segment's start along its part, m.
    part_rank : numpy.ndarray, shape (n_parts,)
        Rank of each part; lower shadows higher.
    query : numpy.ndarray of bool, shape (n,)
        Segments whose pieces may be shadowed (the others only shadow).
    step : float
        Piece length, m: segment ``s`` has ``piece_counts(length, step)[s]`` pieces.
    tol, max_angle_deg, same_part_gap, part_family
        As in the module docstring.

    Returns
    -------
    numpy.ndarray of bool, shape (sum of piece counts,)
        Per piece, segment by segment in order: shadowed or not.
    """
    n = len(seg)
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    npc = piece_counts(length, step)
    offset = np.cumsum(npc) - npc
    out = np.zeros(int(npc.sum()), dtype=bool)
    if n == 0 or not query.any():
        return out
    dx, dy = seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]
    min_cos = math.cos(math.radians(max_angle_deg))

    last_start = along + length * (npc - 1) / npc  # where each segment's last piece starts
    family_of_part = None if part_family is None else np.asarray(part_family)

    def _same(i: NDArray[np.int64], j: NDArray[np.int64]) -> NDArray[np.bool_]:
        # j before i on the same part, and some piece of j starting far enough back
        if same_part_gap is None:
            return np.zeros(len(i), dtype=bool)
        same = (part[i] == part[j]) & (j < i)
        idx = np.flatnonzero(same)
        ii, jj = i[idx], j[idx]
        ok = last_start[ii] - along[jj] > same_part_gap
        # Consecutive segments turning by less than 90 degrees: a point of j and one of i,
        # d_j and d_i along the line from their shared vertex, are at least
        # (d_j + d_i) / sqrt(2) > (gap - one piece) / sqrt(2) > tol apart: never a match.
        ok &= ~((jj == ii - 1) & (dx[ii] * dx[jj] + dy[ii] * dy[jj] > 0))
        same[idx[~ok]] = False
        return same

    def _keep(i: NDArray[np.int64], j: NDArray[np.int64]) -> NDArray[np.bool_]:
        # segment-level conditions, exactly those of the pieces; cheapest first
        pi, pj = part[i], part[j]
        ok = pi != pj if family_of_part is None else family_of_part[pi] != family_of_part[pj]
        ok &= part_rank[pj] < part_rank[pi]
        ok |= _same(i, j)
        idx = np.flatnonzero(ok)
        ii, jj = i[idx], j[idx]
        cos = np.abs(dx[ii] * dx[jj] + dy[ii] * dy[jj]) / (length[ii] * length[jj])
        idx, ii, jj = idx[cos >= min_cos], ii[cos >= min_cos], jj[cos >= min_cos]
        # a piece of i within tol of j needs the segments within tol of each other
        near = _seg_distance(seg[ii], seg[jj]) <= tol
        out = np.zeros(len(i), dtype=bool)
        out[idx[near]] = True
        return out

    i, j = _candidate_pairs(seg, query, tol, _keep)
    if len(i) == 0:
        return out
    same = _same(i, j)
    # pieces: every piece of i against segment j (or the part of j that may shadow it)
    cnt = npc[i]
    bounds = np.searchsorted(np.cumsum(cnt), np.arange(_CHUNK, int(cnt.sum()) + _CHUNK, _CHUNK))
    start = 0
    for stop in [*bounds.tolist(), len(i)]:
        stop = max(stop, start)
        if stop > start:
            _mark(
                out,
                seg,
                length,
                along,
                npc,
                offset,
                i[start:stop],
                j[start:stop],
                same[start:stop],
                tol,
                same_part_gap,
            )
        start = stop
    return out


def _mark(
    out: NDArray[np.bool_],
    seg: NDArray[np.float64],
    length: NDArray[np.float64],
    along: NDArray[np.float64],
    npc: NDArray[np.int64],
    offset: NDArray[np.int64],
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    same: NDArray[np.bool_],
    tol: float,
    gap: float | None,
) -> None:
    """Mark the pieces of ``i`` whose midpoint lies within ``tol`` of segment ``j``."""
    c = npc[i]
    rep = np.repeat(np.arange(len(i)), c)
    k = np.arange(len(rep)) - (np.cumsum(c) - c)[rep]
    si, sj, sm = i[rep], j[rep], same[rep]
    ni = npc[si].astype(float)
    si_seg = seg[si]
    tmid = (k + 0.5) / ni
    mx = si_seg[:, 0] + tmid * (si_seg[:, 2] - si_seg[:, 0])
    my = si_seg[:, 1] + tmid * (si_seg[:, 3] - si_seg[:, 1])
    # the part of j that may shadow: all of it, or (same part) its pieces starting more
    # than `gap` before this piece's start
    hi = np.ones(len(rep))
    if gap is not None and sm.any():
        a_piece = along[si] + (k / ni) * length[si]
        nj = npc[sj].astype(float)
        step_j = length[sj] / nj
        with np.errstate(divide="ignore", invalid="ignore"):
            m_max = np.ceil((a_piece - gap - along[sj]) / step_j) - 1
        m_max = np.minimum(m_max, nj - 1)
        ok = ~sm | (m_max >= 0)
        hi = np.where(sm, (m_max + 1) / nj, 1.0)
    else:
        ok = np.ones(len(rep), dtype=bool)
    sj_seg = seg[sj]
    ax, ay = sj_seg[:, 0], sj_seg[:, 1]
    bx, by = sj_seg[:, 2] - ax, sj_seg[:, 3] - ay
    ll = bx * bx + by * by
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ((mx - ax) * bx + (my - ay) * by) / ll
    t = np.clip(np.nan_to_num(t), 0.0, hi)
    d = _hypot(mx - (ax + t * bx), my - (ay + t * by))
    hit = ok & (d <= tol)
    out[offset[si[hit]] + k[hit]] = True


def split_kept(
    seg: NDArray[np.float64], dropped: NDArray[np.bool_], step: float
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Return the kept geometry: whole segments where no piece is dropped, else kept pieces.

    Returns the ``(m, 4)`` kept segments or pieces and, for each, the segment it
    comes from.
    """
    length = _hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    npc = piece_counts(length, step)
    owner = np.repeat(np.arange(len(seg)), npc)
    any_drop = np.bincount(owner[dropped], minlength=len(seg)) > 0
    whole = np.flatnonzero(~any_drop)
    cut = np.flatnonzero(any_drop)
    if len(cut) == 0:
        return seg[whole], whole
    offset = np.cumsum(npc) - npc
    rep = np.repeat(cut, npc[cut])
    k = (
        np.arange(len(rep))
        - (np.cumsum(npc[cut]) - npc[cut])[np.repeat(np.arange(len(cut)), npc[cut])]
    )
    keep = ~dropped[offset[rep] + k]
    rep, k = rep[keep], k[keep]
    n = npc[rep].astype(float)
    s = seg[rep]
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    t0, t1 = k / n, (k + 1) / n
    pieces = np.column_stack(
        [s[:, 0] + t0 * dx, s[:, 1] + t0 * dy, s[:, 0] + t1 * dx, s[:, 1] + t1 * dy]
    )
    return np.concatenate([seg[whole], pieces]), np.concatenate([whole, rep])


def dedup_lines(
    parts: NDArray[np.object_],
    part_rank: NDArray[np.float64],
    *,
    step: float,
    tol: float,
    max_angle_deg: float,
    same_part_gap: float | None,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """De-duplicate single-part lines (metres): what is left of them, in arrays.

    Parameters
    ----------
    parts : numpy.ndarray of shapely LineString
        Single-part lines in a metric CRS, ``x`` first.
    part_rank : numpy.ndarray, shape (len(parts),)
        Rank of each line; lower shadows higher.
    step, tol, max_angle_deg, same_part_gap
        As in the module docstring.

    Returns
    -------
    seg : numpy.ndarray, shape (m, 4)
        Kept segments (whole where nothing is dropped) and pieces.
    part : numpy.ndarray of int, shape (m,)
        The line each comes from.
    along : numpy.ndarray, shape (m,)
        Distance along its line of the start of the segment each comes from, m.
    """
    from geo.density._kernel import segments_from_lines

    seg0, owner0 = segments_from_lines(parts)
    if len(seg0) == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0)
    len0 = _hypot(seg0[:, 2] - seg0[:, 0], seg0[:, 3] - seg0[:, 1])
    cum = np.cumsum(len0) - len0
    along0 = cum - cum[np.searchsorted(owner0, owner0)]
    drop = shadowed_pieces(
        seg0,
        owner0,
        along0,
        part_rank,
        np.ones(len(seg0), dtype=bool),
        step=step,
        tol=tol,
        max_angle_deg=max_angle_deg,
        same_part_gap=same_part_gap,
    )
    kept, src = split_kept(seg0, drop, step)
    return kept, owner0[src], along0[src]
