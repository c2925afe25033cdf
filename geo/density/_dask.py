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

import logging
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from geo.density._dedup import shadowed_pieces, split_kept
from geo.density._kernel import lengths_in_polygons, segments_from_lines
from geo.density.scenarios import change_years, first_year_key, opening_state
from geo.errors import ParameterError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["DaskNetwork", "measure_network"]

logger = logging.getLogger(__name__)

_YEAR_COLUMNS = ("opened", "opened_by", "opened_after")
_ROWS_PER_PARTITION = 100_000


@dataclass(frozen=True)
class _Stats:
    """What one row partition tells before the tiles are measured."""

    box: NDArray[np.float64]  # (n_tiles, 4) box of the tile's own segments, NaN if none
    years: list[int]
    classes: set[str]
    n_lines: int
    ids: set[str]
    near_rows: list[int]


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


def _frame(raw: gpd.GeoDataFrame, start: int) -> gpd.GeoDataFrame:
    """Normalise one row partition like the single-machine path (mode, kind, id, cls)."""
    from geo.density._inputs import network_frame  # the single-machine normalisation, stated once
    from geo.measure import to_storage_crs

    gdf = to_storage_crs(raw, name="network")
    gdf["_row"] = np.arange(start, start + len(gdf), dtype=np.int64)
    if "id" not in gdf.columns:
        gdf["id"] = [f"line/{i}" for i in gdf["_row"]]
    return network_frame(gdf)[0]


def _prepare(
    raw: gpd.GeoDataFrame,
    start: int,
    length_crs: pyproj.CRS,
    bounds: tuple[float, float, float, float],
) -> gpd.GeoDataFrame:
    """One row partition as single-part lines in ``length_crs`` near ``bounds``."""
    net = _frame(raw, start)
    keep = ["id", "cls", "_row", *[c for c in _YEAR_COLUMNS if c in net.columns]]
    net = gpd.GeoDataFrame(net[keep], geometry=net.geometry.values, crs=net.crs).to_crs(length_crs)
    xmin, ymin, xmax, ymax = bounds
    b = net.geometry.bounds
    near = (b.minx <= xmax) & (b.maxx >= xmin) & (b.miny <= ymax) & (b.maxy >= ymin)
    net = net[near.to_numpy()].reset_index(drop=True)
    parts, row = shapely.get_parts(net.geometry.values, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    parts, row = parts[is_line], row[is_line]
    k = np.arange(len(row)) - np.searchsorted(row, row)
    out = net.iloc[row].drop(columns="geometry").reset_index(drop=True)
    out["_k"] = k
    out["_plen"] = shapely.length(parts)
    out["_year"] = first_year_key(net)[row]
    return gpd.GeoDataFrame(out, geometry=parts, crs=length_crs)


def _tile_of(
    x: NDArray[np.float64], y: NDArray[np.float64], grid: tuple[float, float, float, int]
) -> NDArray[np.int64]:
    x0, y0, size, n = grid
    cx = np.clip(np.floor((x - x0) / size), 0, n - 1).astype(np.int64)
    cy = np.clip(np.floor((y - y0) / size), 0, n - 1).astype(np.int64)
    return cy * n + cx


def _segments(parts: gpd.GeoDataFrame) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    return segments_from_lines(parts.geometry.values)


def _stats(
    parts: gpd.GeoDataFrame,
    grid: tuple[float, float, float, int],
    near: tuple[float, float, float, float] | None,
    wanted_ids: frozenset[str],
) -> _Stats:
    """Per tile the box of its own segments; years, classes, lines, ids; lines near ``near``."""
    seg, _ = _segments(parts)
    n_tiles = grid[3] ** 2
    box = np.full((n_tiles, 4), np.nan)
    if len(seg):
        tile = _tile_of((seg[:, 0] + seg[:, 2]) / 2, (seg[:, 1] + seg[:, 3]) / 2, grid)
        frame = pd.DataFrame(
            {
                "t": tile,
                "x0": np.minimum(seg[:, 0], seg[:, 2]),
                "y0": np.minimum(seg[:, 1], seg[:, 3]),
                "x1": np.maximum(seg[:, 0], seg[:, 2]),
                "y1": np.maximum(seg[:, 1], seg[:, 3]),
            }
        )
        g = frame.groupby("t").agg({"x0": "min", "y0": "min", "x1": "max", "y1": "max"})
        box[g.index.to_numpy()] = g.to_numpy()
    lines = parts.drop_duplicates("_row")
    close = parts.iloc[:0]
    if near is not None and len(parts):
        b = parts.geometry.bounds
        hit = (b.minx <= near[2]) & (b.maxx >= near[0]) & (b.miny <= near[3]) & (b.maxy >= near[1])
        close = parts[hit.to_numpy()]
    return _Stats(
        box=box,
        years=change_years(lines, until=10_000),
        classes=set(lines["cls"]),
        n_lines=len(lines),
        ids=set(lines["id"]) & wanted_ids,
        near_rows=sorted(set(close["_row"])),
    )


def _split(parts: gpd.GeoDataFrame, halo_boxes: NDArray[np.float64]) -> list[gpd.GeoDataFrame]:
    """Return the lines of this partition each tile needs (its own and its halo), whole."""
    if len(parts) == 0:
        return [parts] * len(halo_boxes)
    b = parts.geometry.bounds.to_numpy()
    out = []
    for hx0, hy0, hx1, hy1 in halo_boxes:
        if np.isnan(hx0):
            out.append(parts.iloc[:0])
            continue
        hit = (b[:, 0] <= hx1) & (b[:, 2] >= hx0) & (b[:, 1] <= hy1) & (b[:, 3] >= hy0)
        out.append(parts[hit])
    return out


def _measure_tile(
    pieces: Sequence[gpd.GeoDataFrame],
    tile: int,
    grid: tuple[float, float, float, int],
    polys: Sequence[shapely.Geometry],
    subsets: Sequence[str],
    classes: Sequence[str],
    tol: dict[str, float],
    rules: tuple[float, float],
) -> NDArray[np.float64]:
    """Route km (m) of the tile's own segments per subset, area and class."""
    step, angle = rules
    out = np.zeros((len(subsets), len(polys), len(classes)))
    frames = [p for p in pieces if len(p)]
    if not frames:
        return out
    parts = pd.concat(frames, ignore_index=True).sort_values(["_row", "_k"], kind="stable")
    parts = parts.reset_index(drop=True)
    lines = parts.drop_duplicates("_row").reset_index(drop=True)
    line_of = np.searchsorted(lines["_row"].to_numpy(), parts["_row"].to_numpy())
    masks = _subset_masks(lines, subsets)
    for ci, c in enumerate(classes):
        sel = np.flatnonzero((parts["cls"] == c).to_numpy())
        if len(sel) == 0:
            continue
        sub = parts.iloc[sel]
        seg, owner = segments_from_lines(sub.geometry.values)
        if len(seg) == 0:
            continue
        mine = _tile_of((seg[:, 0] + seg[:, 2]) / 2, (seg[:, 1] + seg[:, 3]) / 2, grid) == tile
        if not mine.any():
            continue
        ln = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
        cum = np.cumsum(ln) - ln
        along = cum - cum[np.searchsorted(owner, owner)]
        ids = sub["id"].astype(str).to_numpy()
        order = np.lexsort(
            (
                sub["_k"].to_numpy(),
                sub["_row"].to_numpy(),
                ids,
                -np.round(sub["_plen"].to_numpy(), 3),
                sub["_year"].to_numpy(),
            )
        )
        rank = np.empty(len(sub))
        rank[order] = np.arange(len(sub))
        t = tol[c]
        drop = shadowed_pieces(
            seg,
            owner,
            along,
            rank,
            # every segment is queried, not only the tile's own: geo.density._dedup's
            # _candidate_pairs numbers cells by the width of the query set's extent,
            # which a strict subset of queries may not share with the targets
            np.ones(len(seg), dtype=bool),
            step=step,
            tol=t,
            max_angle_deg=angle,
            same_part_gap=3 * t + step,
        )
        kept, src = split_kept(seg, drop, step)
        own = mine[src]
        kept, src = kept[own], src[own]
        grp = line_of[sel][owner[src]]
        km = lengths_in_polygons(kept, polys, groups=grp, n_groups=len(lines))
        for si, name in enumerate(subsets):
            out[si, :, ci] = km[:, masks[name]].sum(axis=1)
    return out


def _subset_masks(lines: pd.DataFrame, subsets: Sequence[str]) -> dict[str, NDArray[np.bool_]]:
    """Return the masks of ``geo.density``'s line subsets on these lines."""
    out: dict[str, NDArray[np.bool_]] = {}
    for name in subsets:
        if name == "today":
            out[name] = np.ones(len(lines), dtype=bool)
        elif name == "undated":
            opened = lines["opened"] if "opened" in lines else pd.Series(np.nan, index=lines.index)
            out[name] = np.isnan(pd.to_numeric(opened, errors="coerce").to_numpy(dtype=float))
        else:
            kind, year = name.split(":")
            is_open, undated = opening_state(lines, int(year))
            out[name] = is_open if kind == "open" else undated
    return out


def _read(
    network: gpd.GeoDataFrame | str | Path, npartitions: int | None
) -> tuple[list[object], list[int], str]:
    """Delayed row partitions, their first row, and a description of the source."""
    import dask
    import dask_geopandas

    if isinstance(network, (str, Path)):
        path = Path(network)
        if not path.exists():
            raise ParameterError(f"network={str(path)!r} does not exist; check the path")
        import pyogrio

        n_rows = int(pyogrio.read_info(path)["features"])
        n = npartitions or max(1, math.ceil(n_rows / _ROWS_PER_PARTITION))
        ddf = dask_geopandas.read_file(path, npartitions=n)
        source = f"vector file {path.name} (read in {ddf.npartitions} partitions with Dask)"
    elif isinstance(network, gpd.GeoDataFrame):
        n_rows = len(network)
        n = npartitions or max(1, math.ceil(n_rows / _ROWS_PER_PARTITION))
        ddf = dask_geopandas.from_geopandas(network, npartitions=n)
        source = str(network.attrs.get("source") or f"{n_rows} lines given by the caller")
    else:
        raise ParameterError(
            f"network={type(network).__name__!r} is neither a GeoDataFrame nor a file path; "
            "pass geo.network.load_network(...) or the path of a vector file"
        )
    sizes = [int(s) for s in dask.compute(*[dask.delayed(len)(p) for p in ddf.to_delayed()])]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int).tolist()
    return list(ddf.to_delayed()), starts, source


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

    raw, starts, source = _read(network, npartitions)
    n_side = tiles or max(2, math.ceil(math.sqrt(2 * len(raw))))
    xmin, ymin, xmax, ymax = bounds
    size = max(xmax - xmin, ymax - ymin) / n_side * (1 + 1e-12)
    grid = (xmin, ymin, size, n_side)
    prep = dask.delayed(_prepare, pure=True)
    parts = [prep(r, s, length_crs, bounds) for r, s in zip(raw, starts, strict=True)]
    stats = cast(
        list[_Stats], list(run(*[dask.delayed(_stats)(p, grid, near, wanted_ids) for p in parts]))
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
    subsets = ["today", "undated"]
    from geo.density.scenarios import DATED_SCENARIOS

    for y in sorted(set(years) | set(DATED_SCENARIOS.values())):
        subsets += [f"open:{y}", f"undated:{y}"]
    tol = {c: tolerance[c if c in ("rail", "expressway") else "road"] for c in classes}
    split = [dask.delayed(_split, nout=len(halo))(p, halo) for p in parts]
    poly_d = dask.delayed(list(polys))
    measured = []
    for t in range(len(halo)):
        if np.isnan(halo[t, 0]):
            continue
        measured.append(
            dask.delayed(_measure_tile)(
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
    near_lines = _whole_lines(near_parts, length_crs)
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


def _whole_lines(frames: list[gpd.GeoDataFrame], length_crs: pyproj.CRS) -> gpd.GeoDataFrame:
    """Re-assemble single-part lines into their rows (MultiLineString where several)."""
    if not frames:
        return gpd.GeoDataFrame({"id": [], "cls": []}, geometry=[], crs=length_crs)
    parts = pd.concat(frames, ignore_index=True).sort_values(["_row", "_k"], kind="stable")
    geoms = [
        g.iloc[0] if len(g) == 1 else shapely.MultiLineString(list(g))
        for _, g in parts.groupby("_row", sort=True).geometry
    ]
    first = parts.drop_duplicates("_row")
    return gpd.GeoDataFrame(
        first.drop(columns="geometry").reset_index(drop=True), geometry=geoms, crs=length_crs
    )
