"""Mutation check of the per-area length kernel's boundary handling.

Applies, one at a time, hand-made mutations to the kernel's modules
(``geo/density/_grid.py``, ``_exact.py``, ``_kernel.py``: removing a segment's
block of cells, cutting polygon edges too coarsely, dropping the crossing
tolerance, ...) in a scratch copy of the repository, runs
``tests/test_density_kernel.py`` against each mutant and reports whether a test
failed ("killed") or not ("SURVIVED"). The unmutated copy must pass first.

    .venv/bin/python tools/mutate_kernel.py            # every mutation
    .venv/bin/python tools/mutate_kernel.py -k block   # those whose name contains "block"

Exit status 0 when every mutant is killed, 1 otherwise.

Not listed: the widening of edge pieces' boxes by a ten-millionth of a cell
(it guards against rounding a point across a cell line, which the tests'
coordinates do not provoke).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DENSITY = Path("geo/density")
GRID, EXACT, KERNEL = DENSITY / "_grid.py", DENSITY / "_exact.py", DENSITY / "_kernel.py"

MUTATIONS: list[tuple[Path, str, str, str]] = [
    (
        GRID,
        "a segment's block of cells without the column to its right",
        "    blk[:, :-1] |= boundary[:, 1:]\n",
        "    pass\n",
    ),
    (
        GRID,
        "a segment's block of cells without the row above",
        "    blk[:-1, :] |= blk[1:, :].copy()\n",
        "    pass\n",
    ),
    (
        GRID,
        "segments classified by the block at their first end, not at their box's corner",
        "    x = np.minimum(seg[:, 0], seg[:, 2])\n    y = np.minimum(seg[:, 1], seg[:, 3])\n",
        "    x = seg[:, 0]\n    y = seg[:, 1]\n",
    ),
    (
        GRID,
        "long edges cut into pieces of 4 cells instead of half a cell",
        "k2, o2 = _piece_cells(seg[long_], ids[long_], length[long_], grid.cell / 2, grid)",
        "k2, o2 = _piece_cells(seg[long_], ids[long_], length[long_], grid.cell * 4, grid)",
    ),
    (
        GRID,
        "boundary cells not marked in the label rasters",
        "        lab[boundary] = -2\n",
        "        pass\n",
    ),
    (
        GRID,
        "boundary cells not marked in the one-layer raster",
        "        one[boundary.ravel()] = -2\n",
        "        pass\n",
    ),
    (
        GRID,
        "label rasters always one byte wide",
        "    if n_poly < np.iinfo(np.int8).max:\n",
        "    if True:\n",
    ),
    (
        EXACT,
        "crossings at an edge's ends (polygon vertices) not accepted",
        "    lo, hi = -_T_TOL, 1 + _T_TOL\n",
        "    lo, hi = 1e-6, 1 - 1e-6\n",
    ),
    (
        EXACT,
        "segments along an edge not left to GEOS",
        "_NEAR_PARALLEL = 1e-4\n",
        "_NEAR_PARALLEL = 0.0\n",
    ),
    (
        EXACT,
        "pieces tested at their start instead of their midpoint",
        "    tm = (t0 + t1) / 2\n",
        "    tm = t0\n",
    ),
    (
        GRID,
        "overlapping polygons put on one raster layer",
        "            if not (lab[rs, cs][inside] >= 0).any():\n",
        "            if True:\n",
    ),
    (
        KERNEL,
        "long segments with unresolved pieces dropped",
        "        whole = np.bincount(parent[~lres], minlength=len(lidx)) == 0\n",
        "        whole = np.ones(len(lidx), dtype=bool)\n",
    ),
    (
        GRID,
        "polygons sharing cells put on one raster layer all at once",
        "    if len(start) > 1 and (start[1:] < np.maximum.accumulate(end)[:-1]).any():\n",
        "    if False:\n",
    ),
    (
        EXACT,
        "pieces cut at crossings classified by their segment's ends",
        "    nw = len(whole)\n",
        "    nw = len(piece_seg)\n",
    ),
    (
        KERNEL,
        "segments near edges not computed exactly",
        "    if len(cand):\n",
        "    if False:\n",
    ),
]


def _run_tests(tree: Path) -> tuple[bool, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [
        sys.executable,
        "-c",
        "import sys, geo.density._kernel as k, pytest; "
        f"assert k.__file__.startswith({str(tree)!r}), k.__file__; "
        "sys.exit(pytest.main(['-q', '-x', '-p', 'no:cacheprovider', "
        "'tests/test_density_kernel.py']))",
    ]
    proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    return proc.returncode == 0, (lines[-1] if lines else proc.stderr.strip()[-200:])


def main(argv: list[str] | None = None) -> int:
    """Run the mutations and print one line each; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only mutations whose name contains this")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.k in m[1]]
    with tempfile.TemporaryDirectory(prefix="mutate-kernel-") as tmp:
        tree = Path(tmp)
        for name in ("geo", "layers", "tests"):
            shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
        ok, last = _run_tests(tree)
        print(f"unmutated kernel: {'pass' if ok else 'FAIL'} ({last})")
        if not ok:
            return 1
        survived = 0
        for module, name, old, new in chosen:
            source = (ROOT / module).read_text(encoding="utf-8")
            if source.count(old) != 1:
                print(f"  ?? {name}: pattern not found once in {module}; update this tool")
                survived += 1
                continue
            (tree / module).write_text(source.replace(old, new), encoding="utf-8")
            t = time.perf_counter()
            passed, last = _run_tests(tree)
            verdict = "SURVIVED" if passed else "killed"
            survived += passed
            print(f"  {verdict:<8} {name}  [{time.perf_counter() - t:.0f} s: {last}]")
            (tree / module).write_text(source, encoding="utf-8")
    print(f"{len(chosen) - survived} of {len(chosen)} mutants killed")
    return 0 if survived == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
