"""Mutation check of the per-area length kernel's boundary handling.

Applies, one at a time, hand-made mutations to the kernel's modules
(``geo/density/_grid.py``, ``_edges.py``, ``_exact.py``, ``_parity.py``, ``_kernel.py``:
removing a segment's block of cells, cutting polygon edges too coarsely,
dropping the crossing tolerance, counting an edge's crossing twice, ...) in a
scratch copy of the repository with the shared runner (``tools/_mutation.py``),
runs ``tests/test_density_kernel.py`` (``tests/test_density_parity.py`` for the
parity rule's mutants) against each mutant and reports whether a
test failed ("killed") or not ("SURVIVED"). The unmutated copy must pass first.

    .venv/bin/python tools/mutate_kernel.py            # every mutation
    .venv/bin/python tools/mutate_kernel.py -k block   # those whose name contains "block"

Exit status 0 when every mutant is killed, 1 otherwise.

Not listed: the widening of edge pieces' boxes by a ten-millionth of a cell
(it guards against rounding a point across a cell line, which the tests'
coordinates do not provoke), and the half-open rule at a vertex on a point's
horizontal line in ``_parity.py`` (it decides only points whose ``y`` equals a
vertex's exactly, which random midpoints never do).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _mutation import Mutation, main

_GRID, _EDGES = "geo/density/_grid.py", "geo/density/_edges.py"
_EXACT = "geo/density/_exact.py"
_PARITY, _KERNEL = "geo/density/_parity.py", "geo/density/_kernel.py"
_TESTS = {_PARITY: ("tests/test_density_parity.py",)}
"""The tests each module's mutants must fail; by default the kernel's, end to end."""

MUTATIONS = [
    Mutation(name, module, old, new, _TESTS.get(module, ("tests/test_density_kernel.py",)))
    for module, name, old, new in [
        (
            _GRID,
            "a segment's block of cells without the column to its right",
            "    blk[:, :-1] |= boundary[:, 1:]\n",
            "    pass\n",
        ),
        (
            _GRID,
            "a segment's block of cells without the row above",
            "    blk[:-1, :] |= blk[1:, :].copy()\n",
            "    pass\n",
        ),
        (
            _GRID,
            "segments classified by the block at their first end, not at their box's corner",
            "    x = np.minimum(seg[:, 0], seg[:, 2])\n    y = np.minimum(seg[:, 1], seg[:, 3])\n",
            "    x = seg[:, 0]\n    y = seg[:, 1]\n",
        ),
        (
            _EDGES,
            "long edges cut into pieces of 4 cells instead of half a cell",
            "k2, o2 = _piece_cells(seg[long_], ids[long_], length[long_], grid.cell / 2, grid)",
            "k2, o2 = _piece_cells(seg[long_], ids[long_], length[long_], grid.cell * 4, grid)",
        ),
        (
            _GRID,
            "boundary cells not marked in the label rasters",
            "        lab[boundary] = -2\n",
            "        pass\n",
        ),
        (
            _GRID,
            "boundary cells not marked in the one-layer raster",
            "        one[boundary.ravel()] = -2\n",
            "        pass\n",
        ),
        (
            _GRID,
            "label rasters always one byte wide",
            "    if n_poly < np.iinfo(np.int8).max:\n",
            "    if True:\n",
        ),
        (
            _EDGES,
            "an edge's repeated (cell, edge) pairs kept",
            "    pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])]\n",
            "    pass\n",
        ),
        (
            _EXACT,
            "crossings at an edge's ends (polygon vertices) not accepted",
            "    lo, hi = -_T_TOL, 1 + _T_TOL\n",
            "    lo, hi = 1e-6, 1 - 1e-6\n",
        ),
        (
            _EXACT,
            "segments along an edge not left to GEOS",
            "_NEAR_PARALLEL = 1e-4\n",
            "_NEAR_PARALLEL = 0.0\n",
        ),
        (
            _EXACT,
            "pieces tested at their start instead of their midpoint",
            "    tm = (t0 + t1) / 2\n",
            "    tm = t0\n",
        ),
        (
            _GRID,
            "overlapping polygons put on one raster layer",
            "            if not (lab[rs, cs][inside] >= 0).any():\n",
            "            if True:\n",
        ),
        (
            _KERNEL,
            "long segments with unresolved pieces dropped",
            "        whole = np.bincount(parent[~lres], minlength=len(lidx)) == 0\n",
            "        whole = np.ones(len(lidx), dtype=bool)\n",
        ),
        (
            _GRID,
            "polygons sharing cells put on one raster layer all at once",
            "    if len(start) > 1 and (start[1:] < np.maximum.accumulate(end)[:-1]).any():\n",
            "    if False:\n",
        ),
        (
            _EXACT,
            "pieces cut at crossings classified by their segment's ends",
            "    nw = len(whole)\n",
            "    nw = len(piece_seg)\n",
        ),
        (
            _KERNEL,
            "segments near edges not computed exactly",
            "    if len(cand):\n",
            "    if False:\n",
        ),
        (
            _PARITY,
            "crossings right of the point counted too",
            "    keep = left & (grid.col(xc) == cell_col)\n",
            "    keep = grid.col(xc) == cell_col\n",
        ),
        (
            _PARITY,
            "an edge counted in every boundary cell it is listed in",
            "    keep = left & (grid.col(xc) == cell_col)\n",
            "    keep = left\n",
        ),
        (
            _PARITY,
            "the reference cell's polygons ignored",
            "        keys.append(ids[inside] * n_poly + a[inside])\n",
            "        pass\n",
        ),
        (
            _PARITY,
            "the walk stops one cell short of the first non-boundary cell",
            "    ref = cells[start] - 1  # the first cell left of P that no edge meets\n",
            "    ref = cells[start]\n",
        ),
        (
            _PARITY,
            "the crossing side taken without the edge's direction",
            "    left = ((bx - ax) * (y - ay) - dy * (px[point] - ax)) * dy < 0\n",
            "    left = ((bx - ax) * (y - ay) - dy * (px[point] - ax)) < 0\n",
        ),
    ]
]

if __name__ == "__main__":
    sys.exit(
        main(
            MUTATIONS,
            description=__doc__.splitlines()[0],
            what="kernel",
            prefix="mutate-kernel-",
        )
    )
