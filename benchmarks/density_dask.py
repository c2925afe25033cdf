"""Benchmark: ``geo.density.compute`` on Dask at 1 and 2 workers, vs the single machine.

Writes the synthetic network of ``benchmarks/density_pipeline.py`` (``--segments``,
default 300,000, near Hefei) and measures, median of ``--repeat`` runs (default 3):

* **single**: ``compute(load_network(FILE))`` in this process (the baseline);
* **dask 1 / dask 2**: ``compute(FILE, engine="dask", client=...)`` on a
  ``distributed.LocalCluster`` of 1 and 2 worker processes (one thread each, bound
  to 127.0.0.1).

It prints wall time, the peak resident memory of this process (single) or of the
largest worker (dask, ``distributed``'s own ``memory`` metric sampled every 0.1 s),
the ratios to the single-machine time, and checks that every density agrees.

    python benchmarks/density_dask.py --segments 300000
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from density_pipeline import write_network  # noqa: E402


def _single(path: Path) -> tuple[float, object]:
    from geo import density, network

    t = time.perf_counter()
    res = density.compute(network.load_network(path))
    return time.perf_counter() - t, res


def _dask(path: Path, client: object) -> tuple[float, float, object]:
    from geo import density

    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            info = client.scheduler_info()["workers"]  # type: ignore[attr-defined]
            peak[0] = max([peak[0], *[w["metrics"]["memory"] for w in info.values()]])
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t = time.perf_counter()
    res = density.compute(path, engine="dask", client=client)  # type: ignore[arg-type]
    wall = time.perf_counter() - t
    stop.set()
    th.join()
    return wall, peak[0] / 2**20, res


def main(argv: list[str] | None = None) -> int:
    from geo.density._dask import local_client

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--segments", type=int, default=300_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "network.gpkg"
        n = write_network(path, args.segments)
        print(f"network: {n:,} segments in {path.name}")
        runs = [_single(path) for _ in range(args.repeat)]
        single = statistics.median(r[0] for r in runs)
        ref = runs[0][1].table  # type: ignore[attr-defined]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"single machine: {single:7.2f} s wall  {rss:7.0f} MB peak (this process)")
        for workers in (1, 2):
            with local_client(workers) as client:
                got = [_dask(path, client) for _ in range(args.repeat)]
            wall = statistics.median(g[0] for g in got)
            mem = max(g[1] for g in got)
            table = got[0][2].table  # type: ignore[attr-defined]
            cols = [c for c in ref.columns if c.endswith("_km")]
            same = bool((abs(table[cols] - ref[cols]) <= 1e-9).all().all())
            print(
                f"dask, {workers} worker(s): {wall:7.2f} s wall  {mem:7.0f} MB peak per worker  "
                f"{wall / single:5.2f}x single machine  same densities: {same}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
