"""Benchmark: the whole ``infra-map density --network FILE`` command, ours vs a baseline.

Writes a synthetic network near Hefei (GeoPackage, EPSG:4326) of ``--segments``
straight segments (default 1,500,000): railways as double track 4.5 m apart,
expressways as two carriageways 30 m apart, trunk to tertiary roads as single
random-walk lines, ways of 20-150 m segments. It then runs the command, each
in a fresh process, and prints wall time and peak memory (maximum resident set
size) of

* **ours**: this checkout's ``infra-map density --network FILE --json``;
* **baseline**: the same command from the implementation before issue 12
  (``--baseline-rev``, default the commit before the array de-duplication),
  extracted with ``git archive`` into a temporary folder and run from there.

Wall time is what a user waits; CPU time (user + system) is printed too, as it
is steadier on a shared machine. Both must print the same densities (within
0.1 % per area and class: the baseline measures 20 m pieces, ours whole
segments where nothing is de-duplicated). Wall time, CPU time and peak
memory are each the median of ``--repeat`` runs (default 3), the baseline's of
``--baseline-repeat`` (default 3; it takes minutes). Every run prints the load
average before and after it: the machine is shared.

    python benchmarks/density_pipeline.py                       # 1.5 M segments, ours vs baseline
    python benchmarks/density_pipeline.py --segments 200000 --no-baseline
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.measure import LENGTH_CRS  # noqa: E402

BASELINE_REV = "1b70725"
"""The implementation before issue 12 (STRtree de-duplication on 20 m pieces)."""

# class -> (share of segments, copies, offset between copies in m)
MIX = {
    "rail": (0.06, 2, 4.5),
    "motorway": (0.12, 2, 30.0),
    "trunk": (0.12, 1, 0.0),
    "primary": (0.2, 1, 0.0),
    "secondary": (0.25, 1, 0.0),
    "tertiary": (0.25, 1, 0.0),
}


HEFEI_EXTENT = (420_000.0, 3_420_000.0, 610_000.0, 3_620_000.0)
"""Hefei's extent in EPSG:4548 (m), a little wider."""


def network_frame(
    n_segments: int,
    *,
    extent: tuple[float, float, float, float] = HEFEI_EXTENT,
    seed: int = 12,
) -> gpd.GeoDataFrame:
    """The synthetic network (``id``, ``mode``, ``kind``; ways of 60 segments), EPSG:4548."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = extent
    per_way = 60
    frames = []
    for cls, (share, copies, offset) in MIX.items():
        n_ways = max(1, int(n_segments * share / copies / per_way))
        start = np.column_stack([rng.uniform(x0, x1, n_ways), rng.uniform(y0, y1, n_ways)])
        heading = rng.uniform(0, 2 * np.pi, (n_ways, 1)) + np.cumsum(
            rng.normal(0, 0.08, (n_ways, per_way)), axis=1
        )
        step = rng.uniform(20, 150, (n_ways, per_way))
        dx, dy = step * np.cos(heading), step * np.sin(heading)
        xs = np.concatenate([start[:, :1], start[:, :1] + np.cumsum(dx, axis=1)], axis=1)
        ys = np.concatenate([start[:, 1:], start[:, 1:] + np.cumsum(dy, axis=1)], axis=1)
        for c in range(copies):
            # offset perpendicular to the way's mean heading; the second copy runs backwards
            h = heading.mean(axis=1, keepdims=True)
            ox, oy = -np.sin(h) * offset * c, np.cos(h) * offset * c
            cx, cy = xs + ox, ys + oy
            if c == 1:
                cx, cy = cx[:, ::-1], cy[:, ::-1]
            coords = np.stack([cx, cy], axis=-1)
            geoms = shapely.linestrings(coords)
            mode = {"rail": "rail", "motorway": "expressway"}.get(cls, "road")
            kind = {"rail": "rail", "motorway": "motorway"}.get(cls, cls)
            frames.append(
                gpd.GeoDataFrame(
                    {
                        "id": [f"{cls}/{i}/{c}" for i in range(n_ways)],
                        "mode": mode,
                        "kind": kind,
                    },
                    geometry=geoms,
                    crs=LENGTH_CRS,
                )
            )
    return gpd.GeoDataFrame(
        np.concatenate([f.to_numpy() for f in frames]), columns=frames[0].columns
    ).set_geometry("geometry", crs=LENGTH_CRS)


def write_network(path: Path, n_segments: int, *, seed: int = 12) -> int:
    """Write the synthetic network near Hefei to ``path`` (EPSG:4326); return its segments."""
    gdf = network_frame(n_segments, seed=seed)
    gdf.to_crs(4326).to_file(path, driver="GPKG", engine="pyogrio")
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum() - len(gdf))


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, dict, float]:
    """Run ``cmd`` (prints JSON); return wall seconds, peak RSS in MB, the JSON, CPU seconds."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "rss, cpu = ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime\n"
        "sys.stderr.write(p.stderr[-2000:])\n"
        "print(json.dumps({'rc': p.returncode, 's': dt, 'cpu': cpu, 'mb': rss, 'out': p.stdout}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,  # `python -m` puts the working folder first on sys.path
        check=True,
    )
    rec = json.loads(proc.stdout.strip().splitlines()[-1])
    if rec["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {rec['rc']}):\n{proc.stderr}")
    return rec["s"], rec["mb"], json.loads(rec["out"]), rec["cpu"]


def _densities(doc: dict) -> dict[tuple[str, str], float]:
    scen = doc["scenarios"]
    first = next((k for k in ("today", "existing") if k in scen), next(iter(scen)))
    out = {}
    for area, rec in scen[first]["areas"].items():
        out[(area, "rail")] = rec["rail_km"]
        out[(area, "expressway")] = rec["expressway_km"]
    for area, classes in doc.get("road_classes", {}).get(first, {}).items():
        for cls, rec in classes.items():
            out[(area, cls)] = rec["km"]
    return out


def _baseline_tree(rev: str, dest: Path) -> Path:
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "geo", "layers"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


WALL_LIMIT_S = 8.0
PEAK_LIMIT_MB = 1024.0
"""Issue 12's requirement for 1.5 M segments: under 8 s and under 1 GB peak memory."""


def _measure(
    label: str, cmd: list[str], env: dict[str, str], cwd: Path, repeat: int
) -> tuple[float, float, float, dict]:
    """Run ``cmd`` ``repeat`` times; print each run and the medians; return them and a JSON."""
    runs = []
    for k in range(repeat):
        load = os.getloadavg()[0]
        wall, mb, doc, cpu = _run(cmd, env, cwd)
        runs.append((wall, cpu, mb))
        print(
            f"  {label} run {k + 1}: {wall:6.2f} s wall  {cpu:6.2f} s CPU  {mb:6.0f} MB peak  "
            f"(load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)"
        )
    wall, cpu, mb = (statistics.median(r[i] for r in runs) for i in range(3))
    print(
        f"{label:<9}: {wall:7.2f} s wall  {cpu:7.2f} s CPU  {mb:7.0f} MB peak  "
        f"(median of {repeat}; load average now {os.getloadavg()[0]:.1f})"
    )
    return wall, cpu, mb, doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_500_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--no-baseline", action="store_true", help="run ours only")
    parser.add_argument("--network", type=Path, help="use this network file instead")
    args = parser.parse_args(argv)
    if args.segments < 1 or args.repeat < 1 or args.baseline_repeat < 1:
        parser.error("--segments, --repeat and --baseline-repeat must be positive")

    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        tmpd = Path(tmp)
        if args.network:
            path = args.network
            print(f"network: {path}")
        else:
            path = tmpd / "network.gpkg"
            t = time.perf_counter()
            n = write_network(path, args.segments)
            print(
                f"network: {n:,} segments in {path.name} "
                f"({path.stat().st_size / 1e6:.0f} MB), written in {time.perf_counter() - t:.1f} s"
            )
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
            "(shared: wall times are noisy; CPU seconds are steadier)"
        )
        cmd = [sys.executable, "-m", "geo", "density", "--network", str(path), "--json", "-q"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        ours_s, ours_cpu, ours_mb, ours_doc = _measure("ours", cmd, env, ROOT, args.repeat)
        ok = ours_s < WALL_LIMIT_S and ours_mb < PEAK_LIMIT_MB
        print(
            f"requirement (1.5 M segments: < {WALL_LIMIT_S:.0f} s, < {PEAK_LIMIT_MB:.0f} MB): "
            f"{'met' if ok else 'NOT met'} (wall {ours_s:.2f} s, CPU {ours_cpu:.2f} s, "
            f"peak {ours_mb:.0f} MB)"
        )
        if args.no_baseline:
            return 0
        tree = _baseline_tree(args.baseline_rev, tmpd / "baseline")
        benv = {**os.environ, "PYTHONPATH": str(tree)}
        label = f"baseline (git {args.baseline_rev})"
        print(f"{label}: the implementation before issue 12, from git archive")
        base_s, base_cpu, base_mb, base_doc = _measure(
            "baseline", cmd, benv, tree, args.baseline_repeat
        )
        print(
            f"ratio    : {base_s / ours_s:.1f}x faster (wall), {base_cpu / ours_cpu:.1f}x (CPU), "
            f"{base_mb / ours_mb:.1f}x less memory"
        )
        a, b = _densities(ours_doc), _densities(base_doc)
        worst = max(
            (abs(a[k] - b.get(k, 0.0)) / max(abs(b.get(k, 0.0)), 1.0) for k in a), default=0.0
        )
        print(f"largest difference per area and class: {worst:.2e} (relative)")
        return 0 if worst <= 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
