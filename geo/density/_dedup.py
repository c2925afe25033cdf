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

import numpy as np
from numpy.typing import NDArray

from geo.density._pairs import candidate_pairs, in_chunks, piece_counts, seg_distance
from geo.density._segments import hypot, segments_from_lines, subdivide

__all__ = ["along_parts", "dedup_lines", "dedup_segments", "shadowed_pieces", "split_kept"]


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
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    npc = piece_counts(length, step)
    offset = np.cumsum(npc) - npc
    out = np.zeros(int(npc.sum()), dtype=bool)
    if n == 0 or not query.any():
        return out
    dx, dy = seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]
    min_cos = math.cos(math.radians(max_angle_deg))

    last_start = along + length * (npc - 1) / npc  # where each segment's last piece starts
    fam = part if part_family is None else np.asarray(part_family)[part]
    # rank per segment as dense integers (same order and ties as part_rank), and an order
    # that also breaks ties by part, so that one order is one part
    rks = np.unique(part_rank, return_inverse=True)[1].reshape(-1).astype(np.int64)
    by = np.lexsort((np.arange(len(rks)), rks))
    order = np.empty(len(rks), dtype=np.int64)
    order[by] = np.arange(len(rks))
    # one line per rank and no families: order[j] < order[i] is then the whole rule
    plain = part_family is None and int(rks.max(initial=-1)) + 1 == len(rks)
    rks, order = rks[part], order[part]
    with np.errstate(divide="ignore", invalid="ignore"):
        ux, uy = dx / length, dy / length  # NaN for a zero-length segment: never parallel
    mx, my = seg[:, 0] + dx / 2, seg[:, 1] + dy / 2
    reach = length / 2 + tol * (1 + 1e-9) + 1e-6  # midpoints farther apart: not within tol

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
        # segment-level conditions, exactly those of the pieces; cheapest first. The pairs
        # come with order[j] < order[i] (j ranks better, or ties), or the same part with j
        # far enough back along it (with same_part_gap).
        oi, oj = order[i], order[j]
        ok = oi != oj if plain else (fam[i] != fam[j]) & (rks[j] < rks[i])
        if same_part_gap is not None:
            tie = np.flatnonzero(oi == oj)
            ok[tie] = _same(i[tie], j[tie])
        idx = np.flatnonzero(ok)
        ii, jj = i[idx], j[idx]
        ex, ey, r = mx[ii] - mx[jj], my[ii] - my[jj], reach[ii] + length[jj] / 2
        par = ex * ex + ey * ey <= r * r
        par &= np.abs(ux[ii] * ux[jj] + uy[ii] * uy[jj]) >= min_cos
        idx, ii, jj = idx[par], ii[par], jj[par]
        # a piece of i within tol of j needs the segments within tol of each other
        near = seg_distance(seg[ii], seg[jj]) <= tol
        out = np.zeros(len(i), dtype=bool)
        out[idx[near]] = True
        return out

    back = None if same_part_gap is None else last_start - same_part_gap
    i, j = candidate_pairs(
        seg, query, tol, _keep, order=order, along=None if back is None else along, bound=back
    )
    if len(i) == 0:
        return out
    same = _same(i, j)
    # pieces: every piece of i against segment j (or the part of j that may shadow it)
    in_chunks(
        npc[i],
        lambda a, b: _mark(
            out, seg, length, along, npc, offset, i[a:b], j[a:b], same[a:b], tol, same_part_gap
        ),
    )
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
    d = hypot(mx - (ax + t * bx), my - (ay + t * by))
    hit = ok & (d <= tol)
    out[offset[si[hit]] + k[hit]] = True


def split_kept(
    seg: NDArray[np.float64], dropped: NDArray[np.bool_], step: float
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Return the kept geometry: whole segments where no piece is dropped, else kept pieces.

    Returns the ``(m, 4)`` kept segments or pieces and, for each, the segment it
    comes from.
    """
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    npc = piece_counts(length, step)
    owner = np.repeat(np.arange(len(seg)), npc)
    any_drop = np.bincount(owner[dropped], minlength=len(seg)) > 0
    whole = np.flatnonzero(~any_drop)
    # a segment of one piece with that piece dropped is gone; the others are cut
    cut = any_drop & (npc > 1)
    if not cut.any():
        return seg[whole], whole
    pieces, src = subdivide(seg[cut], np.flatnonzero(cut), step)
    keep = ~dropped[cut[owner]]  # the pieces of the cut segments, in subdivide's order
    return np.concatenate([seg[whole], pieces[keep]]), np.concatenate([whole, src[keep]])


def along_parts(seg: NDArray[np.float64], part: NDArray[np.int64]) -> NDArray[np.float64]:
    """Distance (m) of each segment's start along its part.

    ``seg`` is ``(n, 4)`` in metres, ordered along each part; ``part`` is
    non-decreasing (the segments of a part are consecutive).
    """
    length = hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    cum = np.cumsum(length) - length
    return cum - cum[np.searchsorted(part, part)]


def dedup_segments(
    seg: NDArray[np.float64],
    part: NDArray[np.int64],
    part_rank: NDArray[np.float64],
    *,
    query: NDArray[np.bool_] | None = None,
    step: float,
    tol: float,
    max_angle_deg: float,
    same_part_gap: float | None,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """De-duplicate straight segments: what is left of the query segments, in arrays.

    Runs :func:`along_parts`, :func:`shadowed_pieces` and :func:`split_kept`.

    Parameters
    ----------
    seg : numpy.ndarray, shape (n, 4)
        Straight segments ``x0, y0, x1, y1`` in metres, ordered along each part.
    part : numpy.ndarray of int, shape (n,)
        The part (single line) each segment belongs to, non-decreasing.
    part_rank : numpy.ndarray, shape (n_parts,)
        Rank of each part; lower shadows higher.
    query : numpy.ndarray of bool, shape (n,), optional
        Segments whose pieces may be shadowed and are returned; the others only
        shadow. Default every segment.
    step, tol, max_angle_deg, same_part_gap
        As in the module docstring.

    Returns
    -------
    kept : numpy.ndarray, shape (m, 4)
        Kept query segments (whole where nothing is dropped) and pieces.
    src : numpy.ndarray of int, shape (m,)
        Index into ``seg`` of the segment each comes from.
    along : numpy.ndarray, shape (m,)
        Distance along its part of the start of the segment each comes from, m.
    """
    along = along_parts(seg, part)
    drop = shadowed_pieces(
        seg,
        part,
        along,
        part_rank,
        np.ones(len(seg), dtype=bool) if query is None else query,
        step=step,
        tol=tol,
        max_angle_deg=max_angle_deg,
        same_part_gap=same_part_gap,
    )
    kept, src = split_kept(seg, drop, step)
    if query is not None:
        mine = query[src]
        kept, src = kept[mine], src[mine]
    return kept, src, along[src]


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
    seg0, owner0 = segments_from_lines(parts)
    if len(seg0) == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0)
    kept, src, along = dedup_segments(
        seg0,
        owner0,
        part_rank,
        step=step,
        tol=tol,
        max_angle_deg=max_angle_deg,
        same_part_gap=same_part_gap,
    )
    return kept, owner0[src], along
