"""Route length: lines cut into pieces, parallel pieces of one corridor counted once.

The pieces are straight segments in metres (a projected CRS); the de-duplication
itself is :mod:`geo.density._dedup`, the cutting :mod:`geo.density._segments`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from geo.density._dedup import along_parts, dedup_lines, shadowed_pieces
from geo.density._params import (
    CATALOGUE_STEP_M,
    DEDUP_STEP_M,
    DEDUP_TOLERANCE_M,
    PARALLEL_ANGLE_DEG,
    REFERENCE_SIMPLIFY_M,
    REFERENCE_STEP_M,
)
from geo.density._segments import hypot, segments_from_lines, subdivide
from geo.errors import ParameterError
from geo.measure import LENGTH_CRS, require_crs

__all__ = [
    "Pieces",
    "cut_pieces",
    "explode",
    "novel_pieces",
    "ranked_route_pieces",
    "route_length_km",
    "seg_length",
]


def seg_length(seg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Length (m) of each straight segment ``x0, y0, x1, y1`` (metres)."""
    return hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])


@dataclass
class Pieces:
    """Line pieces in metres (LENGTH_CRS) with the part they come from and their position on it."""

    seg: NDArray[np.float64]  # (n, 4) x0, y0, x1, y1 in metres
    part: NDArray[np.int64]  # index into the exploded parts
    along: NDArray[np.float64]  # distance of the piece's start along its part, m


def cut_pieces(parts: NDArray[np.object_], step: float) -> Pieces:
    """Cut single-part lines into straight pieces of at most ``step`` metres."""
    seg0, owner0 = segments_from_lines(parts)
    along0 = along_parts(seg0, owner0)
    seg, orig = subdivide(seg0, np.arange(len(seg0), dtype=np.int64), step)
    along = along0[orig] + hypot(seg[:, 0] - seg0[orig, 0], seg[:, 1] - seg0[orig, 1])
    return Pieces(seg=seg, part=owner0[orig].astype(np.int64), along=along)


def _shadowed(
    pieces: Pieces,
    part_rank: NDArray[np.float64],
    query: NDArray[np.bool_],
    *,
    tol: float,
    max_angle_deg: float,
    same_part_gap: float | None,
    part_family: NDArray[np.int64] | None = None,
) -> NDArray[np.bool_]:
    """Pieces (among ``query``) running parallel within ``tol`` of a better-ranked piece.

    A piece ``i`` is shadowed by ``j`` when the distance from ``i``'s midpoint to
    ``j`` is at most ``tol``, their directions differ by less than
    ``max_angle_deg`` and ``j``'s part ranks better (lower). Within one part
    (or one ``part_family``), ``j`` shadows ``i`` only when ``same_part_gap`` is
    given, ``j`` comes first and lies more than ``same_part_gap`` away along the
    part (a line doubling back on itself).
    """
    return shadowed_pieces(
        pieces.seg,
        pieces.part,
        pieces.along,
        part_rank,
        query,
        step=math.inf,
        tol=tol,
        max_angle_deg=max_angle_deg,
        same_part_gap=same_part_gap,
        part_family=part_family,
    )


def explode(gdf: gpd.GeoDataFrame) -> tuple[NDArray[np.object_], NDArray[np.int64]]:
    """Single-part lines of ``gdf`` (in its CRS) and the row each came from."""
    parts, row = shapely.get_parts(gdf.geometry.values, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    return parts[is_line], row[is_line].astype(np.int64)


def _route_pieces(lines: gpd.GeoDataFrame, *, tol: float) -> Pieces:
    """De-duplicated pieces of one class of lines (in a metric CRS)."""
    parts, row = explode(lines)
    if len(parts) == 0:
        return Pieces(np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0))
    plen = shapely.length(parts)
    ids = lines["id"].astype(str).to_numpy()[row] if "id" in lines else row.astype(str)
    # Rank: longest part first (keeps continuous lines whole), then id, then position.
    order = np.lexsort((np.arange(len(parts)), ids, -np.round(plen, 3)))
    rank = np.empty(len(parts))
    rank[order] = np.arange(len(parts))
    return Pieces(*_dedup_parts(parts, rank, tol=tol))


def _dedup_parts(
    parts: NDArray[np.object_], rank: NDArray[np.float64], *, tol: float
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    return dedup_lines(
        parts,
        rank,
        step=DEDUP_STEP_M,
        tol=tol,
        max_angle_deg=PARALLEL_ANGLE_DEG,
        same_part_gap=3 * tol + DEDUP_STEP_M,
    )


def ranked_route_pieces(
    lines: gpd.GeoDataFrame, first_year: NDArray[np.float64], *, tol: float
) -> tuple[Pieces, NDArray[np.int64]]:
    """De-duplicated pieces of one class of lines, the earliest-opened lines ranked first.

    Like :func:`_route_pieces`, but parts rank by ``first_year`` (the year each row is known
    open, ``inf`` when not known), then longest first: a piece is dropped only for a line
    open at least as early, so the kept pieces of the lines open in any year are that
    year's route length. Returns the pieces and the row of ``lines`` of each exploded part.
    """
    parts, row = explode(lines)
    if len(parts) == 0:
        empty = Pieces(np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0))
        return empty, row
    plen = shapely.length(parts)
    ids = lines["id"].astype(str).to_numpy()[row] if "id" in lines else row.astype(str)
    year = first_year[row]
    order = np.lexsort((np.arange(len(parts)), ids, -np.round(plen, 3), year))
    rank = np.empty(len(parts))
    rank[order] = np.arange(len(parts))
    return Pieces(*_dedup_parts(parts, rank, tol=tol)), row


def route_length_km(lines: gpd.GeoDataFrame | gpd.GeoSeries, *, mode: str = "rail") -> float:
    """Route length of lines with parallel and duplicate lines counted once, in km.

    Parameters
    ----------
    lines : GeoDataFrame or GeoSeries
        (Multi)LineStrings with a CRS, all of one class.
    mode : str
        ``"rail"``, ``"expressway"`` or ``"road"``: picks the tolerance in
        :data:`DEDUP_TOLERANCE_M`.

    Returns
    -------
    float
        Kilometres, measured in EPSG:4548 (no clipping).
    """
    if mode not in DEDUP_TOLERANCE_M:
        raise ParameterError(
            f"mode={mode!r} is not known; use one of {', '.join(DEDUP_TOLERANCE_M)}"
        )
    require_crs(lines, name="lines")
    gdf = lines if isinstance(lines, gpd.GeoDataFrame) else gpd.GeoDataFrame(geometry=lines)
    gdf = gdf.to_crs(LENGTH_CRS)
    pieces = _route_pieces(gdf, tol=DEDUP_TOLERANCE_M[mode])
    return float(seg_length(pieces.seg).sum() / 1000.0)


def novel_pieces(
    records: gpd.GeoDataFrame,
    steps: Sequence[int],
    existing: gpd.GeoDataFrame,
    *,
    tol: float,
) -> tuple[NDArray[np.bool_], Pieces, NDArray[np.int64]]:
    """Pieces of catalogue lines and which of them are new route length.

    Returns ``(novel, pieces, owner)``: ``owner`` is the index into
    ``records`` of each piece.
    """
    parts, row = explode(records)
    pieces = cut_pieces(parts, CATALOGUE_STEP_M)
    owner = row[pieces.part]
    ref_parts, _ = explode(existing)
    if len(ref_parts) and len(parts):
        # Only lines within tol of a catalogue line can shadow one of its pieces (the
        # simplified line lies within REFERENCE_SIMPLIFY_M of the line): leave the others
        # out before simplifying and cutting.
        near = shapely.STRtree(parts).query(
            ref_parts, predicate="dwithin", distance=tol + REFERENCE_SIMPLIFY_M + 1.0
        )
        ref_parts = ref_parts[np.unique(near[0])]
    ref_parts = shapely.simplify(ref_parts, REFERENCE_SIMPLIFY_M)
    ref = cut_pieces(ref_parts, REFERENCE_STEP_M) if len(ref_parts) else None
    n_ref = 0 if ref is None else len(ref.seg)
    plen = shapely.length(parts)
    ids = records["id"].astype(str).to_numpy()
    # rank: the existing network first, then by scenario step, longest first, id
    order = sorted(
        range(len(parts)),
        key=lambda k: (steps[int(row[k])], -round(float(plen[k]), 3), ids[row[k]], k),
    )
    cat_rank = np.empty(len(parts))
    cat_rank[order] = np.arange(len(parts)) + 1
    n_ref_parts = 0 if ref is None else len(ref_parts)
    combined = Pieces(
        seg=np.concatenate([ref.seg, pieces.seg]) if ref is not None else pieces.seg,
        part=np.concatenate([ref.part, pieces.part + n_ref_parts])
        if ref is not None
        else pieces.part,
        along=np.concatenate([ref.along, pieces.along]) if ref is not None else pieces.along,
    )
    rank = np.concatenate([np.zeros(n_ref_parts), cat_rank])
    family = np.concatenate([-1 - np.arange(n_ref_parts), row]).astype(np.int64)
    query = np.zeros(len(combined.seg), dtype=bool)
    query[n_ref:] = True
    shadow = _shadowed(
        combined,
        rank,
        query,
        tol=tol,
        max_angle_deg=PARALLEL_ANGLE_DEG,
        same_part_gap=None,
        part_family=family,
    )
    return ~shadow[n_ref:], pieces, owner
