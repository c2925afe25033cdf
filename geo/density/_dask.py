"""The existing network's de-duplication and per-area lengths on Dask (private).

``geo.density.compute(..., engine="dask")`` hands the existing network here. The
network is read in row partitions (``dask_geopandas.read_file``), projected and
exploded into single-part lines per partition, and measured in *spatial tiles*:

* a regular grid of tiles covers the areas (plus the corridor pad); each straight
  segment belongs to exactly one tile, the one holding its midpoint, so no
  segment is counted twice or missed;
* a tile's work set is every line with a segment in the tile plus, as *halo*,
  every line whose box comes within the largest de-duplication tolerance of the
  box of the tile's own segments. Lines are always taken whole, so the order of
  the segments along a line (the same-line rule) and the distance along it are
  those of the single-machine path; halo segments only shadow, they are not
  measured in this tile;
* the lines rank as on one machine: earliest-opened first, then longest, then
  id (``geo.density``); ties of equal id are broken by the row in the file and
  the part, which is the single-machine order for unique ids.

Each tile then runs the same array de-duplication (``geo.density._dedup``) and kernel
(``geo.density._kernel``) and returns the route km per line subset (``today``,
``open:<year>``, ``undated:<year>``, ``undated``), area and class. Memory per
task is bounded by a row partition or a tile, not by the network. The totals
equal the single-machine path's to floating-point rounding
(``tests/test_density_dask.py``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import NDArray

from geo.density._dask_parts import prepare_partition, read_partitions, whole_lines
from geo.density._dask_tiles import (
    PartitionStats,
    measure_tile,
    partition_stats,
    split_for_tiles,
)
from geo.density._inputs import subset_names

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["DaskNetwork", "local_client", "measure_network"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DaskNetwork:
    """What ``geo.density.compute`` needs of the existing network, measured on Dask.

    Attributes
    ----------
    classes : list of str
        Classes of the lines near the areas.
    years : list of int
        Years the network changes (:func:`geo.density.scenarios.change_years`).
    n_lines : int
        Lines near the areas.
    sums : dict
        Subset name -> class -> route km per area (metres in ``length_crs``).
    near : GeoDataFrame
        The lines (``length_crs``) near the catalogue's lines, for the corridor rule.
    ids : set of str
        Ids of the network's lines that the catalogue names (``replaces``/``realised_by``).
    source : str
        Description of the network.
    """

    classes: list[str]
    years: list[int]
    n_lines: int
    sums: dict[str, dict[str, NDArray[np.float64]]]
    near: gpd.GeoDataFrame
    ids: set[str]
    source: str


def measure_network(
    network: gpd.GeoDataFrame | str | Path,
    *,
    polys: Sequence[shapely.Geometry],
    bounds: tuple[float, float, float, float],
    length_crs: pyproj.CRS,
    tolerance: dict[str, float],
    step: float,
    max_angle_deg: float,
    near: tuple[float, float, float, float] | None,
    wanted_ids: frozenset[str] = frozenset(),
    client: Client | None = None,
    npartitions: int | None = None,
    tiles: int | None = None,
) -> DaskNetwork:
    """Measure the existing network on Dask (see the module docstring).

    Parameters
    ----------
    network : GeoDataFrame or path
        As for ``geo.density.compute``; a path is read in row partitions.
    polys : sequence of shapely Polygon
        The areas in ``length_crs``.
    bounds : tuple of float
        ``xmin, ymin, xmax, ymax`` in ``length_crs``: lines whose box misses it are left out.
    length_crs : pyproj.CRS
        Metric CRS of the measure.
    tolerance : dict
        De-duplication tolerance (m) per class.
    step, max_angle_deg : float
        Piece length (m) and parallel angle (degrees) of the de-duplication.
    near : tuple of float, optional
        Box (``length_crs``) whose lines are returned whole (the catalogue's corridors).
    wanted_ids : frozenset of str
        Line ids whose presence is reported.
    client : distributed.Client, optional
        Cluster to run on; default Dask's local threaded scheduler.
    npartitions : int, optional
        Row partitions; default one per 100,000 rows.
    tiles : int, optional
        Tiles per side of the grid; default ``max(2, ceil(sqrt(2 * npartitions)))``.

    Returns
    -------
    DaskNetwork
    """
    import dask

    def run(*tasks: object) -> tuple[object, ...]:
        if client is not None:
            return tuple(client.gather(client.compute(list(tasks))))
        return tuple(dask.compute(*tasks))

    raw, starts, source = read_partitions(network, npartitions)
    n_side = tiles or max(2, math.ceil(math.sqrt(2 * len(raw))))
    xmin, ymin, xmax, ymax = bounds
    size = max(xmax - xmin, ymax - ymin) / n_side * (1 + 1e-12)
    grid = (xmin, ymin, size, n_side)
    prep = dask.delayed(prepare_partition, pure=True)
    parts = [prep(r, s, length_crs, bounds) for r, s in zip(raw, starts, strict=True)]
    stats = cast(
        list[PartitionStats],
        list(run(*[dask.delayed(partition_stats)(p, grid, near, wanted_ids) for p in parts])),
    )
    boxes = np.stack([s.box for s in stats])
    with warnings.catch_warnings():  # tiles without segments stay NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        own = np.column_stack(
            [
                np.nanmin(boxes[:, :, 0], axis=0),
                np.nanmin(boxes[:, :, 1], axis=0),
                np.nanmax(boxes[:, :, 2], axis=0),
                np.nanmax(boxes[:, :, 3], axis=0),
            ]
        )
    pad = max(tolerance.values()) * (1 + 1e-6) + 1.0
    halo = own + np.array([-pad, -pad, pad, pad])
    years = sorted(set().union(*[set(s.years) for s in stats]))
    classes = sorted(set().union(*[s.classes for s in stats]))
    subsets = subset_names(years)
    tol = {c: tolerance[c if c in ("rail", "expressway") else "road"] for c in classes}
    split = [dask.delayed(split_for_tiles, nout=len(halo))(p, halo) for p in parts]
    poly_d = dask.delayed(list(polys))
    measured = []
    for t in range(len(halo)):
        if np.isnan(halo[t, 0]):
            continue
        measured.append(
            dask.delayed(measure_tile)(
                [s[t] for s in split],
                t,
                grid,
                poly_d,
                subsets,
                classes,
                tol,
                (step, max_angle_deg),
            )
        )
    near_frames = [
        dask.delayed(lambda p, rows: p[p["_row"].isin(rows)])(p, s.near_rows)
        for p, s in zip(parts, stats, strict=True)
    ]
    results = run(
        dask.delayed(sum)(measured, np.zeros((len(subsets), len(polys), len(classes)))),
        *near_frames,
    )
    total = np.asarray(results[0])
    near_parts = [f for f in cast(list[gpd.GeoDataFrame], list(results[1:])) if len(f)]
    near_lines = whole_lines(near_parts, length_crs)
    return DaskNetwork(
        classes=classes,
        years=years,
        n_lines=int(sum(s.n_lines for s in stats)),
        sums={
            name: {c: total[si, :, ci] for ci, c in enumerate(classes)}
            for si, name in enumerate(subsets)
        },
        near=near_lines,
        ids=set().union(*[s.ids for s in stats]),
        source=source,
    )


@contextlib.contextmanager
def local_client(workers: int) -> Iterator[Client]:
    """Yield a Dask client of a local cluster: ``workers`` processes of one thread, offline.

    The scheduler listens on the loopback address only and serves no dashboard.
    """
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
