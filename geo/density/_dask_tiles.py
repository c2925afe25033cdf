"""Spatial tiles of the Dask engine: the grid, each partition's share, one tile's route km."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from geo.density._dedup import dedup_segments
from geo.density._inputs import subset_mask
from geo.density._kernel import lengths_in_polygons
from geo.density._segments import segments_from_lines
from geo.density.scenarios import change_years

__all__ = ["PartitionStats", "measure_tile", "partition_stats", "split_for_tiles", "tile_of"]


@dataclass(frozen=True)
class PartitionStats:
    """What one row partition tells before the tiles are measured."""

    box: NDArray[np.float64]  # (n_tiles, 4) box of the tile's own segments, NaN if none
    years: list[int]
    classes: set[str]
    n_lines: int
    ids: set[str]
    near_rows: list[int]


def tile_of(
    x: NDArray[np.float64], y: NDArray[np.float64], grid: tuple[float, float, float, int]
) -> NDArray[np.int64]:
    """Tile (row-major) of each point ``x, y`` (m) on ``grid`` = ``(x0, y0, size, n)``."""
    x0, y0, size, n = grid
    cx = np.clip(np.floor((x - x0) / size), 0, n - 1).astype(np.int64)
    cy = np.clip(np.floor((y - y0) / size), 0, n - 1).astype(np.int64)
    return cy * n + cx


def _segments(parts: gpd.GeoDataFrame) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    return segments_from_lines(parts.geometry.values)


def partition_stats(
    parts: gpd.GeoDataFrame,
    grid: tuple[float, float, float, int],
    near: tuple[float, float, float, float] | None,
    wanted_ids: frozenset[str],
) -> PartitionStats:
    """Per tile the box of its own segments; years, classes, lines, ids; lines near ``near``."""
    seg, _ = _segments(parts)
    n_tiles = grid[3] ** 2
    box = np.full((n_tiles, 4), np.nan)
    if len(seg):
        tile = tile_of((seg[:, 0] + seg[:, 2]) / 2, (seg[:, 1] + seg[:, 3]) / 2, grid)
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
    return PartitionStats(
        box=box,
        years=change_years(lines, until=10_000),
        classes=set(lines["cls"]),
        n_lines=len(lines),
        ids=set(lines["id"]) & wanted_ids,
        near_rows=sorted(set(close["_row"])),
    )


def split_for_tiles(
    parts: gpd.GeoDataFrame, halo_boxes: NDArray[np.float64]
) -> list[gpd.GeoDataFrame]:
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


def measure_tile(
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
    masks = {name: subset_mask(lines, name) for name in subsets}
    for ci, c in enumerate(classes):
        sel = np.flatnonzero((parts["cls"] == c).to_numpy())
        if len(sel) == 0:
            continue
        sub = parts.iloc[sel]
        seg, owner = segments_from_lines(sub.geometry.values)
        if len(seg) == 0:
            continue
        mine = tile_of((seg[:, 0] + seg[:, 2]) / 2, (seg[:, 1] + seg[:, 3]) / 2, grid) == tile
        if not mine.any():
            continue
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
        kept, src, _ = dedup_segments(
            seg,
            owner,
            rank,
            query=mine,  # the halo's segments only shadow: they are measured in their own tile
            step=step,
            tol=t,
            max_angle_deg=angle,
            same_part_gap=3 * t + step,
        )
        grp = line_of[sel][owner[src]]
        km = lengths_in_polygons(kept, polys, groups=grp, n_groups=len(lines))
        for si, name in enumerate(subsets):
            out[si, :, ci] = km[:, masks[name]].sum(axis=1)
    return out
