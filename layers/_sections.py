"""Cut a project's own section out of existing-network lines (private helper of layers._geometry).

A built project (``realised_by``) or a planned one drawn along an existing corridor
(``along``) takes its geometry from the embedded reference network: the listed lines,
in order, joined where each meets the next, cut at the points nearest to the
project's two end places. Work is done in EPSG:4548 (metres); the result is WGS84.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points, substring

from geo._paths import REFERENCE_NETWORK
from geo.errors import CatalogueError, ParameterError

__all__ = ["MAX_GAP_M", "network_section", "reference_lines"]

MAX_GAP_M = 1500.0
"""Consecutive lines must come within this distance (m) of each other to be joined."""

_G = TypeVar("_G", bound=shapely.Geometry)
_TO_M = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4548", always_xy=True)
_TO_DEG = pyproj.Transformer.from_crs("EPSG:4548", "EPSG:4326", always_xy=True)


def _line(geom: shapely.Geometry, *, ident: str, path: Path) -> LineString:
    if isinstance(geom, shapely.MultiLineString):
        geom = shapely.line_merge(geom)
    if not isinstance(geom, LineString):
        raise CatalogueError(
            f"line {ident!r} is a {type(geom).__name__} that does not merge into one line; "
            "split it into separate features",
            file=path,
            record=ident,
            field="geometry",
        )
    return geom


@cache
def _reference_lines(path: Path) -> Mapping[str, LineString]:
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        pairs = [
            (str(f["properties"]["id"]), shapely.geometry.shape(f["geometry"])) for f in features
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogueError(f"cannot read the reference network ({exc})", file=path) from exc
    return {ident: _line(geom, ident=ident, path=path) for ident, geom in pairs}


def reference_lines(path: Path | None = None) -> Mapping[str, LineString]:
    """Return the reference network's lines keyed by id (WGS84, ``x=lon, y=lat``).

    Parameters
    ----------
    path : Path, optional
        Default ``geo/data/reference/existing_network.geojson``.
    """
    return _reference_lines(Path(path) if path is not None else REFERENCE_NETWORK)


def _metres(geom: _G) -> _G:
    out = shapely.transform(geom, lambda xy: np.column_stack(_TO_M.transform(xy[:, 0], xy[:, 1])))
    return cast(_G, out)


def _degrees(geom: _G) -> _G:
    out = shapely.transform(geom, lambda xy: np.column_stack(_TO_DEG.transform(xy[:, 0], xy[:, 1])))
    return cast(_G, out)


def network_section(
    lines: Sequence[LineString],
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    names: Sequence[str] | None = None,
    max_gap_m: float = MAX_GAP_M,
) -> LineString:
    """Return the section of ``lines`` (in order) between the points nearest ``start`` and ``end``.

    Parameters
    ----------
    lines : sequence of LineString
        WGS84 lines (``x=lon, y=lat``) in the order the project runs along them.
    start, end : (float, float)
        The project's end places, ``(lon, lat)``. A place beyond the lines' extent
        cuts at the nearest end of the line.
    names : sequence of str, optional
        The lines' ids, for error messages.
    max_gap_m : float, default 1500
        Largest distance in metres between two consecutive lines where they are joined.

    Returns
    -------
    LineString
        WGS84; consecutive lines are joined at the points where they come nearest.

    Raises
    ------
    ParameterError
        If two consecutive lines do not come within ``max_gap_m`` of each other, or the
        section has no length.
    """
    if not lines:
        raise ParameterError("lines is empty; give at least one line")
    names = list(names) if names is not None else [f"#{i}" for i in range(len(lines))]
    metric = [_metres(line) for line in lines]
    entry = _metres(Point(start))
    finish = _metres(Point(end))
    coords: list[tuple[float, float]] = []
    for i, line in enumerate(metric):
        a = line.project(entry)
        if i + 1 < len(metric):
            here, there = nearest_points(line, metric[i + 1])
            gap = here.distance(there)
            if gap > max_gap_m:
                raise ParameterError(
                    f"lines {names[i]!r} and {names[i + 1]!r} do not meet "
                    f"({gap:.0f} m apart at the nearest); list lines that join, in order"
                )
            b = line.project(here)
            entry = cast(Point, there)
        else:
            b = line.project(finish)
        if a == b:
            continue
        piece = substring(line, a, b)
        for xy in piece.coords:
            if not coords or coords[-1] != xy:
                coords.append((xy[0], xy[1]))
    if len(coords) < 2:
        raise ParameterError(f"the section of {names!r} between the project's ends has no length")
    return _degrees(LineString(coords))
