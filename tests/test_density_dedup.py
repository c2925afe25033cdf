"""De-duplication in array form (geo.density._dedup) against the rule applied piece by piece."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.density._dedup import along_parts, dedup_segments, shadowed_pieces, split_kept
from geo.density._pairs import piece_counts

TOL, ANGLE = 50.0, 30.0


def _network(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random-walk parts; every third a near copy (offset up to 40 m, half reversed) of the
    one before; every fifth doubles back on itself 4 m aside."""
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = []
    for p in range(30):
        if p % 3 == 1:
            off = np.tile(rng.uniform(-40, 40, 2), 2)
            copy = [s + off for s in parts[-1]]
            if rng.random() < 0.5:
                copy = [np.r_[s[2:], s[:2]] for s in copy[::-1]]
            parts.append(copy)
            continue
        x, y = rng.uniform(0, 2000, 2)
        h, segs = rng.uniform(0, 2 * np.pi), []
        for _ in range(8):
            h += rng.normal(0, 0.3)
            step = rng.uniform(5, 120)
            segs.append(np.r_[x, y, x + step * np.cos(h), y + step * np.sin(h)])
            x, y = segs[-1][2:]
        if p % 5 == 0:
            segs += [np.r_[s[2:], s[:2]] + 3.0 for s in segs[::-1]]
        parts.append(segs)
    seg = np.array([s for segs in parts for s in segs])
    part = np.repeat(np.arange(len(parts)), [len(s) for s in parts])
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    cum = np.cumsum(length) - length
    return seg, part, cum - cum[np.searchsorted(part, part)]


def _piece_by_piece(seg, part, along, rank, query, *, step, gap, family):
    """The rule of the module docstring, every piece against every piece."""
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    npc = piece_counts(length, step)
    s = np.repeat(np.arange(len(seg)), npc)
    k = np.arange(len(s)) - (np.cumsum(npc) - npc)[s]
    t0, t1 = k / npc[s], (k + 1) / npc[s]
    d = seg[s, 2:] - seg[s, :2]
    a, b = seg[s, :2] + t0[:, None] * d, seg[s, :2] + t1[:, None] * d
    start = along[s] + t0 * length[s]
    fam = part if family is None else family[part]
    unit = (seg[:, 2:] - seg[:, :2]) / length[:, None]
    out = np.zeros(len(s), dtype=bool)
    for p in np.flatnonzero(query[s]):
        i = s[p]
        ok = (fam[s] != fam[i]) & (rank[part[s]] < rank[part[i]])
        if gap is not None:
            ok |= (part[s] == part[i]) & (s < i) & (start[p] - start > gap)
        ok &= np.abs(unit[s] @ unit[i]) >= math.cos(math.radians(ANGLE))
        mid = (a[p] + b[p]) / 2
        ab = b - a
        t = np.clip(((mid - a) * ab).sum(axis=1) / (ab * ab).sum(axis=1), 0, 1)
        dist = np.hypot(*(mid - (a + t[:, None] * ab)).T)
        out[p] = bool((ok & (dist <= TOL)).any())
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("step", [20.0, math.inf])
@pytest.mark.parametrize("case", ["every segment", "west half queried", "families", "tied ranks"])
def test_shadowed_pieces_equal_the_rule_piece_by_piece(seed, step, case):
    seg, part, along = _network(seed)
    n_parts = int(part.max()) + 1
    rng = np.random.default_rng(100 + seed)
    rank = rng.permutation(n_parts).astype(float)
    query, gap, family = np.ones(len(seg), dtype=bool), 3 * TOL + 20.0, None
    if case == "west half queried":  # queries span less than the targets (one cell numbering)
        query = seg[:, 0] < np.median(seg[:, 0])
    elif case == "families":  # as for catalogue lines: one family never shadows itself
        family, gap = rng.integers(0, n_parts // 2, n_parts), None
        query = part >= n_parts // 3
    elif case == "tied ranks":  # lines of equal rank never shadow each other
        rank = rng.integers(0, n_parts // 3, n_parts).astype(float)
    kw = {"step": step, "gap": gap, "family": family}
    want = _piece_by_piece(seg, part, along, rank, query, **kw)
    got = shadowed_pieces(
        seg,
        part,
        along,
        rank,
        query,
        step=step,
        tol=TOL,
        max_angle_deg=ANGLE,
        same_part_gap=gap,
        part_family=family,
    )
    assert want.any() and not want.all()
    np.testing.assert_array_equal(got, want)


def test_split_kept_keeps_whole_segments_and_the_undropped_pieces():
    seg = np.array([[0.0, 0.0, 90.0, 0.0], [0.0, 10.0, 30.0, 10.0]])  # 5 and 2 pieces
    dropped = np.zeros(5 + 2, dtype=bool)
    dropped[[1, 2]] = True  # pieces 18-54 m of the first segment
    kept, src = split_kept(seg, dropped, 20.0)
    np.testing.assert_array_equal(src, [1, 0, 0, 0])
    assert np.hypot(kept[:, 2] - kept[:, 0], kept[:, 3] - kept[:, 1]).sum() == pytest.approx(
        90 - 36 + 30
    )
    np.testing.assert_allclose(kept[0], seg[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dedup_segments_of_a_query_subset_are_that_subset_of_the_whole_run(seed):
    """What a Dask tile relies on: querying only some segments (the others only shadow)
    keeps exactly the pieces the whole run keeps of those segments."""
    seg, part, along = _network(seed)
    np.testing.assert_allclose(along_parts(seg, part), along, rtol=1e-12)
    rank = np.random.default_rng(200 + seed).permutation(int(part.max()) + 1).astype(float)
    kw = {"step": 20.0, "tol": TOL, "max_angle_deg": ANGLE, "same_part_gap": 3 * TOL + 20.0}
    kept, src, at = dedup_segments(seg, part, rank, **kw)
    np.testing.assert_array_equal(at, along_parts(seg, part)[src])
    mid = (seg[:, 0] + seg[:, 2]) / 2
    for query in (mid < np.quantile(mid, 0.3), mid >= np.quantile(mid, 0.3)):
        got, got_src, _ = dedup_segments(seg, part, rank, query=query, **kw)
        mine = query[src]
        assert len(got) < len(seg) and mine.any()
        np.testing.assert_array_equal(np.sort(got_src), np.sort(src[mine]))
        o, w = (
            np.lexsort((got[:, 1], got[:, 0], got_src)),
            np.lexsort((kept[mine][:, 1], kept[mine][:, 0], src[mine])),
        )
        np.testing.assert_array_equal(got[o], kept[mine][w])
    # something was dropped, so the subsets saw shadowing from outside them
    assert (
        np.hypot(kept[:, 2] - kept[:, 0], kept[:, 3] - kept[:, 1]).sum()
        < np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]).sum()
    )
