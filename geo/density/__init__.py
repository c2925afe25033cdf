"""Rail and expressway network density against the plan's 2025 targets.

The plan (一(三) 发展目标) sets, for 2025, a railway network density of
700 km per 10,000 km² and an expressway density of 5.65 km per 100 km².
:func:`compute` measures where Hefei stands (the existing network) and how far
the plan's projects take it, for the whole city and each of its nine
county-level units. The definitions are in ``docs/density.md``; in short:

* **route length**: each corridor counted once. Lines are projected to
  :data:`geo.measure.LENGTH_CRS` (EPSG:4548) and cut into pieces of at most
  :data:`DEDUP_STEP_M` m; a piece is
  a duplicate when its midpoint lies within :data:`DEDUP_TOLERANCE_M` of a
  piece of a better-ranked line of the same class running in the same
  direction (within :data:`PARALLEL_ANGLE_DEG`). Parallel tracks, both
  carriageways, overlapping route relations and duplicate ways are counted
  once; crossing lines are not shortened.
* **lengths** in EPSG:4548 (CGCS2000 3-degree Gauss-Kruger CM 117°E, metres;
  scale error below 0.03 % in Hefei); **areas** in the Albers equal-area
  :data:`geo.measure.AREA_CRS`; only the part inside each area counts.
* **scenarios** (:data:`SCENARIOS`, defined in :mod:`geo.density.scenarios`): ``2020``
  and ``2025`` (the existing-network lines open at the end of that year; lines
  whose opening cannot be placed are left out and reported as undated km),
  ``today`` (the whole existing network), then ``today+under_construction``,
  ``today+start_construction``, ``today+preparatory``, ``today+planning_study``,
  ``today+proposed`` (cumulative tiers of the plan's projects). A catalogue line
  adds only its stretches farther than :data:`CORRIDOR_TOLERANCE_M` from the
  existing network (and from the lines added before it) of the same class, or
  crossing it at more than :data:`PARALLEL_ANGLE_DEG`; a record with
  ``replaces`` or status ``upgrade`` widens an existing corridor and adds
  nothing; a record with ``realised_by`` is part of today's network and adds
  nothing; an ``indicative`` line (route unknown, drawn as a stub) is left out.
  :attr:`DensityResult.timeline` says whether, and from which year, each target
  was met.
"""

from __future__ import annotations

import io
import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from geo._io import write_atomic
from geo.catalogue import INDICATIVE, Catalogue
from geo.density._dedup import dedup_lines, shadowed_pieces
from geo.density._kernel import lengths_in_polygons, segments_from_lines, subdivide
from geo.density._rules import DensityRules, density_rules
from geo.density.scenarios import (
    DATED_SCENARIOS,
    SCENARIO_LABELS,
    SCENARIOS,
    TIERS,
    TODAY,
    YearDensity,
    answer_lines,
    change_years,
    first_year_key,
    opening_state,
    target_timeline,
)
from geo.errors import ParameterError
from geo.measure import LENGTH_CRS, STORAGE_CRS, area_km2, require_crs
from geo.network import class_order, load_network
from geo.targets import HEFEI_PLAN, Targets

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "CORRIDOR_TOLERANCE_M",
    "DEDUP_STEP_M",
    "DEDUP_TOLERANCE_M",
    "EXPRESSWAY_TARGET_PER_100_KM2",
    "PARALLEL_ANGLE_DEG",
    "RAIL_TARGET_PER_10K_KM2",
    "SCENARIOS",
    "SCENARIO_LABELS",
    "TARGET_YEAR",
    "DensityResult",
    "compute",
    "route_length_km",
    "write_csv",
    "write_json",
    "write_outputs",
]

logger = logging.getLogger(__name__)

RAIL_TARGET_PER_10K_KM2 = HEFEI_PLAN.rail_per_10k_km2
"""Plan target for 2025: railway network density, km per 10,000 km²."""

EXPRESSWAY_TARGET_PER_100_KM2 = HEFEI_PLAN.expressway_per_100_km2
"""Plan target for 2025: expressway density, km per 100 km²."""

TARGET_YEAR = 2025
"""The year of the plan's density targets."""

DEDUP_STEP_M = 20.0
"""Lines are cut into pieces of at most this many metres for de-duplication."""

DEDUP_TOLERANCE_M: Mapping[str, float] = {"rail": 30.0, "expressway": 50.0, "road": 50.0}
"""Parallel lines of one class closer than this (m) are one corridor.

Rail: double track 4-5 m, quadruple track up to ~15 m apart; separate
railways on their own formation are rarely closer than 30 m. Expressway and
roads: the two carriageways of a Chinese expressway are 15-40 m apart.
"""

CORRIDOR_TOLERANCE_M: Mapping[str, float] = {"rail": 2000.0, "expressway": 2000.0, "road": 2000.0}
"""A schematic catalogue line within this distance (m) of a same-class line, running
parallel to it, is taken to share its corridor and adds no route length there."""

PARALLEL_ANGLE_DEG = 30.0
"""Two pieces are "parallel" when their directions differ by less than this."""

_CATALOGUE_STEP_M = 100.0
_REFERENCE_SIMPLIFY_M = 50.0
_REFERENCE_STEP_M = 500.0


def _rules(catalogue: Any) -> DensityRules:
    """Status tiers and kind classes from the catalogue's vocabulary (vocab.toml)."""
    return density_rules(catalogue.vocab if isinstance(catalogue, Catalogue) else None)


# ---------------------------------------------------------------- geometry helpers


def _seg_length(seg: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])


@dataclass
class _Pieces:
    """Line pieces in metres (LENGTH_CRS) with the part they come from and their position on it."""

    seg: NDArray[np.float64]  # (n, 4) x0, y0, x1, y1 in metres
    part: NDArray[np.int64]  # index into the exploded parts
    along: NDArray[np.float64]  # distance of the piece's start along its part, m


def _pieces(parts: NDArray[np.object_], step: float) -> _Pieces:
    """Cut single-part lines into straight pieces of at most ``step`` metres."""
    seg0, owner0 = segments_from_lines(parts)
    len0 = _seg_length(seg0)
    cum = np.cumsum(len0) - len0
    along0 = cum - cum[np.searchsorted(owner0, owner0)] if len(owner0) else cum
    seg, orig = subdivide(seg0, np.arange(len(seg0), dtype=np.int64), step)
    along = along0[orig] + np.hypot(seg[:, 0] - seg0[orig, 0], seg[:, 1] - seg0[orig, 1])
    return _Pieces(seg=seg, part=owner0[orig].astype(np.int64), along=along)


def _shadowed(
    pieces: _Pieces,
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


def _explode(gdf: gpd.GeoDataFrame) -> tuple[NDArray[np.object_], NDArray[np.int64]]:
    """Single-part lines of ``gdf`` (in its CRS) and the row each came from."""
    parts, row = shapely.get_parts(gdf.geometry.values, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    return parts[is_line], row[is_line].astype(np.int64)


def _route_pieces(lines: gpd.GeoDataFrame, *, tol: float) -> _Pieces:
    """De-duplicated pieces of one class of lines (in a metric CRS)."""
    parts, row = _explode(lines)
    if len(parts) == 0:
        return _Pieces(np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0))
    plen = shapely.length(parts)
    ids = lines["id"].astype(str).to_numpy()[row] if "id" in lines else row.astype(str)
    # Rank: longest part first (keeps continuous lines whole), then id, then position.
    order = np.lexsort((np.arange(len(parts)), ids, -np.round(plen, 3)))
    rank = np.empty(len(parts))
    rank[order] = np.arange(len(parts))
    return _Pieces(*_dedup_parts(parts, rank, tol=tol))


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


def _ranked_route_pieces(
    lines: gpd.GeoDataFrame, first_year: NDArray[np.float64], *, tol: float
) -> tuple[_Pieces, NDArray[np.int64]]:
    """De-duplicated pieces of one class of lines, the earliest-opened lines ranked first.

    Like :func:`_route_pieces`, but parts rank by ``first_year`` (the year each row is known
    open, ``inf`` when not known), then longest first: a piece is dropped only for a line
    open at least as early, so the kept pieces of the lines open in any year are that
    year's route length. Returns the pieces and the row of ``lines`` of each exploded part.
    """
    parts, row = _explode(lines)
    if len(parts) == 0:
        empty = _Pieces(np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0))
        return empty, row
    plen = shapely.length(parts)
    ids = lines["id"].astype(str).to_numpy()[row] if "id" in lines else row.astype(str)
    year = first_year[row]
    order = np.lexsort((np.arange(len(parts)), ids, -np.round(plen, 3), year))
    rank = np.empty(len(parts))
    rank[order] = np.arange(len(parts))
    return _Pieces(*_dedup_parts(parts, rank, tol=tol)), row


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
    return float(_seg_length(pieces.seg).sum() / 1000.0)


# ---------------------------------------------------------------- inputs


def _mode_class(mode: str, kind: str) -> str:
    if mode == "road":
        return kind or "road"
    return mode


def _tolerance_mode(cls: str) -> str:
    """Return the mode whose tolerances apply to a class: ``rail``, ``expressway`` or ``road``."""
    return cls if cls in ("rail", "expressway") else "road"


def _network_frame(network: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, str]:
    if network is None:
        network = load_network()
    if not isinstance(network, gpd.GeoDataFrame):
        raise ParameterError(
            f"network={type(network).__name__!r} is not a GeoDataFrame; pass the result of "
            "geo.network.load_network()"
        )
    require_crs(network, name="network")
    if "mode" not in network.columns:
        raise ParameterError(
            f"network has no 'mode' column (columns: {list(network.columns)!r}); load it with "
            "geo.network.load_network(), which adds mode rail/expressway/road"
        )
    gdf = network.copy()
    if "kind" not in gdf.columns:
        gdf["kind"] = ""
    if "id" not in gdf.columns:
        gdf["id"] = [f"line/{i}" for i in range(len(gdf))]
    gdf["kind"] = gdf["kind"].fillna("").astype(str)
    gdf["id"] = gdf["id"].astype(str)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    gdf = gdf[gdf.geom_type.isin(("LineString", "MultiLineString"))]
    bad = sorted(set(gdf["mode"].astype(str)) - set(DEDUP_TOLERANCE_M))
    if bad:
        raise ParameterError(f"network column 'mode' holds {bad!r}; use rail, expressway or road")
    gdf["cls"] = [_mode_class(m, k) for m, k in zip(gdf["mode"], gdf["kind"], strict=True)]
    described = network.attrs.get("source")
    if not described:
        n_src = gdf["source"].nunique() if "source" in gdf else 0
        described = f"{len(gdf)} lines given by the caller ({n_src} distinct 'source' values)"
    return gdf.reset_index(drop=True), str(described)


def _network_subsets(
    net: gpd.GeoDataFrame,
) -> tuple[list[tuple[str, NDArray[np.bool_]]], list[int]]:
    """Return the line subsets measured and the years the network changes (ascending).

    Subsets: ``today`` (all), ``open:<year>`` and ``undated:<year>`` for the dated
    scenarios and every change year, and ``undated`` (no opening year).
    """
    years = change_years(net, until=10_000)
    subsets: list[tuple[str, NDArray[np.bool_]]] = [(TODAY, np.ones(len(net), dtype=bool))]
    for year in sorted(set(years) | set(DATED_SCENARIOS.values())):
        is_open, undated = opening_state(net, year)
        subsets += [(f"open:{year}", is_open), (f"undated:{year}", undated)]
    opened = net["opened"] if "opened" in net.columns else pd.Series(np.nan, index=net.index)
    never = np.isnan(pd.to_numeric(opened, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    subsets.append(("undated", never))
    return subsets, years


def _catalogue_frame(catalogue: Any) -> gpd.GeoDataFrame:
    """Catalogue rail + highway lines with ``mode`` and ``cls`` columns, EPSG:4326."""
    import layers

    rules = _rules(catalogue)
    if catalogue is None or isinstance(catalogue, Catalogue):
        frames = [layers.load(name, catalogue=catalogue) for name in rules.layers]
        cat = pd.concat(frames, ignore_index=True)
        cat = gpd.GeoDataFrame(cat, geometry="geometry", crs=STORAGE_CRS)
    elif isinstance(catalogue, gpd.GeoDataFrame):
        require_crs(catalogue, name="catalogue")
        cat = catalogue.to_crs(STORAGE_CRS).copy()
    else:
        raise ParameterError(
            f"catalogue={type(catalogue).__name__!r} is not a Catalogue or GeoDataFrame; pass "
            "geo.catalogue.load_catalogue(), a frame of catalogue lines, or None for the default"
        )
    if "precision" in cat.columns:
        # An indicative line shows where a project is, not its route: it adds no length.
        cat = cat[cat["precision"].astype(str) != INDICATIVE].reset_index(drop=True)
    if cat.empty:
        cols = [
            "id",
            "status",
            "kind",
            "replaces",
            "name_zh",
            "name_en",
            "target_year",
            "realised_by",
            "mode",
            "cls",
        ]
        return gpd.GeoDataFrame({c: [] for c in cols}, geometry=[], crs=STORAGE_CRS)
    for col in ("id", "status", "kind"):
        if col not in cat.columns:
            raise ParameterError(
                f"catalogue has no {col!r} column (columns: {list(cat.columns)!r}); pass "
                "layers.load('rail') / layers.load('highway') frames"
            )
    for col in ("replaces", "name_zh", "name_en"):
        if col not in cat.columns:
            cat[col] = ""
        cat[col] = cat[col].fillna("").astype(str)
    # realised_by (CONTRACTS B): existing-network ids joined by "; ", or a list; absent = none
    if "realised_by" not in cat.columns:
        cat["realised_by"] = ""
    cat["realised_by"] = [
        "; ".join(str(i) for i in v)
        if isinstance(v, list | tuple)
        else ("" if pd.isna(v) else str(v))
        for v in cat["realised_by"]
    ]
    if "target_year" not in cat.columns:
        cat["target_year"] = pd.array([pd.NA] * len(cat), dtype="Int64")
    mode_cls = [rules.mode_class(kind) for kind in cat["kind"].astype(str)]
    cat["mode"], cat["cls"] = [m for m, _ in mode_cls], [c for _, c in mode_cls]
    keep = (cat["cls"] != "") & cat.geom_type.isin(("LineString", "MultiLineString"))
    return cat[keep].reset_index(drop=True)


def _areas_frame(areas: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    from geo import admin

    if areas is None:
        areas = pd.concat([admin.boundary(), admin.counties()], ignore_index=True)
        areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=STORAGE_CRS)
    if not isinstance(areas, gpd.GeoDataFrame):
        raise ParameterError(f"areas={type(areas).__name__!r} is not a GeoDataFrame of polygons")
    require_crs(areas, name="areas")
    if areas.empty:
        raise ParameterError("areas is empty; pass at least one polygon, or None for Hefei")
    ok = areas.geom_type.isin(("Polygon", "MultiPolygon"))
    if not ok.all():
        bad = sorted(set(areas.geom_type[~ok].astype(str)))
        raise ParameterError(f"areas holds {bad!r} geometries; every area must be a (Multi)Polygon")
    out = gpd.GeoDataFrame(geometry=areas.geometry.values, crs=areas.crs)
    if "adcode" in areas.columns:
        out["area_id"] = areas["adcode"].astype(str).to_numpy()
    elif "id" in areas.columns:
        out["area_id"] = areas["id"].astype(str).to_numpy()
    else:
        out["area_id"] = [str(i) for i in areas.index]
    for col in ("name_zh", "name_en"):
        out[col] = areas[col].fillna("").astype(str).to_numpy() if col in areas else out["area_id"]
    if out["area_id"].duplicated().any():
        raise ParameterError(
            f"areas ids are not unique: {sorted(out['area_id'][out['area_id'].duplicated()])!r}; "
            "give each area its own 'id'"
        )
    valid = shapely.make_valid(out.geometry.values)
    out = out.set_geometry(gpd.GeoSeries(valid, crs=areas.crs))
    out["area_km2"] = area_km2(out.geometry)
    return out


# ---------------------------------------------------------------- result


def _r(x: float, nd: int = 3) -> float:
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def _jsonable(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return _r(float(v))
    return v


@dataclass(frozen=True)
class DensityResult:
    """Densities per scenario and area, with the inputs' description.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (scenario, area): ``scenario``, ``area_id``, ``name_zh``,
        ``name_en``, ``area_km2``, ``rail_km``, ``rail_density_per_10k_km2``,
        ``rail_target_per_10k_km2``, ``rail_target_km``, ``rail_gap_km``
        (target km minus actual km: positive is a shortfall), ``expressway_km``,
        ``expressway_density_per_100_km2``, ``expressway_target_per_100_km2``,
        ``expressway_target_km``, ``expressway_gap_km``. Lengths km, areas km².
    road_classes : pandas.DataFrame
        One row per (scenario, area, class): ``road_class`` (``expressway``,
        ``trunk``, ``primary``, ... and ``all_roads``), ``km``,
        ``density_per_100_km2``.
    projects : pandas.DataFrame
        One row per catalogue line: ``id``, ``name_zh``, ``name_en``, ``mode``,
        ``road_class``, ``status``, ``target_year``, ``scenario`` (first
        scenario that includes it), ``role`` (``new``, ``widening``,
        ``existing``), ``replaces``, ``length_in_area_km`` and
        ``new_route_km`` (inside the first area, by default the whole city).
    network_source : str
        Where the existing network came from.
    notes : tuple of str
        Warnings a reader should see (e.g. "no rail inside any area").
    parameters : dict
        Tolerances and definitions used.
    targets : geo.targets.Targets
        The targets the table is measured against (default Hefei's plan).
    timeline : dict
        "Did Hefei reach its 2025 targets": :func:`geo.density.scenarios.target_timeline`
        (``scenarios`` and ``areas`` -> ``rail``/``expressway`` -> ``density``,
        ``met``, ``first_met_year``, ``undated_km``); written as ``target_timeline``.
    """

    table: pd.DataFrame
    road_classes: pd.DataFrame
    projects: pd.DataFrame
    network_source: str
    notes: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    timeline: Mapping[str, Any] = field(default_factory=dict)
    targets: Targets = HEFEI_PLAN

    def to_frame(self) -> pd.DataFrame:
        """Return the per-scenario, per-area table (a copy), as described in :attr:`table`."""
        return self.table.copy()

    def to_json_dict(self) -> dict[str, Any]:
        """Everything as plain JSON types, in a fixed order.

        Returns
        -------
        dict
            ``targets``, ``definitions``, ``network_source``, ``scenarios``
            (scenario -> ``description`` and ``areas``: area id -> figures),
            ``road_classes`` (scenario -> area id -> class -> km and density),
            ``projects``, ``target_timeline`` and ``notes``.
        """
        scen: dict[str, Any] = {}
        for s in SCENARIOS:
            rows = self.table[self.table["scenario"] == s]
            areas: dict[str, Any] = {}
            for rec in rows.to_dict("records"):
                areas[str(rec["area_id"])] = {
                    k: (v if isinstance(v, str) else _r(v))
                    for k, v in rec.items()
                    if k not in ("scenario", "area_id")
                }
            scen[s] = {"description": SCENARIO_LABELS[s], "areas": areas}
        roads: dict[str, Any] = {}
        for rec in self.road_classes.to_dict("records"):
            roads.setdefault(rec["scenario"], {}).setdefault(str(rec["area_id"]), {})[
                rec["road_class"]
            ] = {
                "km": _r(rec["km"]),
                "density_per_100_km2": _r(rec["density_per_100_km2"]),
            }
        projects = [
            {k: _jsonable(v) for k, v in rec.items()} for rec in self.projects.to_dict("records")
        ]
        return {
            "targets": {
                "year": self.targets.year,
                "rail_density_per_10k_km2": self.targets.rail_per_10k_km2,
                "expressway_density_per_100_km2": self.targets.expressway_per_100_km2,
                "source": self.targets.source,
            },
            "definitions": dict(self.parameters),
            "network_source": self.network_source,
            "scenarios": scen,
            "road_classes": roads,
            "projects": projects,
            "target_timeline": dict(self.timeline),
            "notes": list(self.notes),
        }

    def _first_area_name(self, names: str) -> str:
        """Name of the first area (the city or unit asked for), in ``names`` if it has one."""
        first = self.table.iloc[0]
        en, zh = str(first["name_en"]), str(first["name_zh"])
        if names == "en" and en and en != str(first["area_id"]):
            return en
        return zh or en

    def format_table(self, *, names: str = "en") -> str:
        r"""Format a readable text table, one block per scenario, targets beside each figure.

        Parameters
        ----------
        names : {"en", "zh"}
            Which area names to print.

        Returns
        -------
        str
            Lines separated by ``"\\n"``, ending with the notes.
        """
        col = "name_zh" if names == "zh" else "name_en"
        head = (
            f"{'area':<20} {'km²':>9} | {'rail km':>8} {'/10k km²':>9} {'target':>7} {'gap km':>8}"
            f" | {'expr. km':>8} {'/100 km²':>8} {'target':>6} {'gap km':>7}"
        )
        out = [
            f"Network density vs the {self.targets.year} targets "
            f"(rail {self.targets.rail_per_10k_km2:g} km "
            f"per 10,000 km², expressways {self.targets.expressway_per_100_km2:g} km per 100 km²; "
            f"{self.targets.source})",
            f"existing network: {self.network_source}",
            "route length, each corridor once; gap = target km - actual km (negative: target met)",
        ]
        if self.timeline.get("areas"):
            out += [
                "",
                f"Did {self._first_area_name(names)} reach its {TARGET_YEAR} targets? "
                "Density at the end of 2020 (the "
                f"plan's baseline), {TARGET_YEAR} and today, and the first year met",
                *answer_lines(self.timeline, names=names),
            ]
        for s in SCENARIOS:
            out += ["", f"[{s}] {SCENARIO_LABELS[s]}"]
            rows = self.table[self.table["scenario"] == s]
            und = rows[["rail_undated_km", "expressway_undated_km"]].to_numpy()
            if len(rows) and und.any():
                first = rows.iloc[0]
                out.append(
                    f"left out, opening year not established: {first['rail_undated_km']:.1f} km "
                    f"rail, {first['expressway_undated_km']:.1f} km expressway in "
                    f"{first[col]} (the figures are lower bounds; per area in --json)"
                )
            out += [head, "-" * len(head)]
            for rec in rows.to_dict("records"):
                name = str(rec[col])[:20]
                out.append(
                    f"{name:<20} {rec['area_km2']:>9.1f} | {rec['rail_km']:>8.1f} "
                    f"{rec['rail_density_per_10k_km2']:>9.1f} {rec['rail_target_per_10k_km2']:>7g} "
                    f"{rec['rail_gap_km']:>8.1f} | {rec['expressway_km']:>8.1f} "
                    f"{rec['expressway_density_per_100_km2']:>8.2f} "
                    f"{rec['expressway_target_per_100_km2']:>6g} {rec['expressway_gap_km']:>7.1f}"
                )
        if self.notes:
            out += ["", "notes:"] + [f"- {n}" for n in self.notes]
        return "\n".join(out)


# ---------------------------------------------------------------- compute


def compute(
    network: gpd.GeoDataFrame | str | Path | None = None,
    *,
    catalogue: Any = None,
    areas: gpd.GeoDataFrame | None = None,
    targets: Targets | None = None,
    length_crs: pyproj.CRS | None = None,
    engine: str = "local",
    client: Client | None = None,
) -> DensityResult:
    """Rail and expressway density per scenario and area, against the plan's targets.

    Parameters
    ----------
    network : GeoDataFrame, optional
        The existing network from :func:`geo.network.load_network` (lines
        with a CRS and a ``mode`` column); default: the embedded reference.
        Optional year columns ``opened``, ``opened_by``, ``opened_after`` date the
        lines for the ``2020``/``2025`` scenarios (:func:`geo.density.scenarios.opening_state`);
        without them every line is undated there. An empty frame gives zeros and a note.
    catalogue : Catalogue or GeoDataFrame, optional
        The plan's projects: a :class:`geo.catalogue.Catalogue`, or a frame of
        catalogue lines with ``id``, ``kind``, ``status``, ``target_year``,
        ``replaces`` and optional ``realised_by`` (existing-network ids joined by
        ``"; "``: the record is part of today's network and adds nothing), as from
        ``layers.load("rail")``/``layers.load("highway")``; default:
        ``geo/data/catalogue``. An empty frame means "no projects". Lines of
        precision ``indicative`` (route unknown) are left out.
    areas : GeoDataFrame, optional
        Polygons with a CRS, with ``adcode`` or ``id`` and optional ``name_zh``,
        ``name_en``; default Hefei and its nine county-level units. Areas may
        overlap: each gets the full length inside it.
    targets : geo.targets.Targets, optional
        Density targets; default Hefei's plan (:data:`geo.targets.HEFEI_PLAN`).
    length_crs : pyproj.CRS, optional
        Projected CRS (metres) lengths are measured in; default EPSG:4548 (CM 117°E).
        For areas far from 117°E pass :func:`geo.areas.length_crs_for` of them.
    engine : {"local", "dask"}
        ``"dask"`` de-duplicates and measures the existing network on Dask, in row
        partitions and spatial tiles (``geo.density._dask``; extra ``dask``); the
        network may then also be the path of a vector file with a ``mode`` column,
        read in partitions. Same totals as ``"local"``.
    client : distributed.Client, optional
        With ``engine="dask"``: the cluster to run on; default Dask's local threads.

    Returns
    -------
    DensityResult
        Lengths in km (``length_crs``), areas in km² (equal-area).
    """
    tg = HEFEI_PLAN if targets is None else targets
    lcrs = LENGTH_CRS if length_crs is None else pyproj.CRS.from_user_input(length_crs)
    if engine not in ("local", "dask"):
        raise ParameterError(f"engine={engine!r} is not known; use 'local' or 'dask'")
    dask_net = None
    if engine == "dask" and network is not None:
        net, source = gpd.GeoDataFrame({"id": [], "cls": []}, geometry=[], crs=STORAGE_CRS), ""
    else:
        net, source = _network_frame(network)
    rules = _rules(catalogue)
    cat = _catalogue_frame(catalogue)
    area = _areas_frame(areas)
    notes: list[str] = []

    area_m = area.to_crs(lcrs)
    polys = list(area_m.geometry.values)
    xmin, ymin, xmax, ymax = area_m.total_bounds
    pad = max(CORRIDOR_TOLERANCE_M.values()) + 1000.0

    net_m = net.to_crs(lcrs)
    if engine == "dask" and network is not None:
        from geo.density._dask import measure_network

        cat_b = cat.to_crs(lcrs).total_bounds if len(cat) else None
        cpad = max(CORRIDOR_TOLERANCE_M.values()) + 1000.0
        dask_net = measure_network(
            network,
            polys=polys,
            bounds=(xmin - pad, ymin - pad, xmax + pad, ymax + pad),
            length_crs=lcrs,
            tolerance=dict(DEDUP_TOLERANCE_M),
            step=DEDUP_STEP_M,
            max_angle_deg=PARALLEL_ANGLE_DEG,
            near=None if cat_b is None else (*(cat_b[:2] - cpad), *(cat_b[2:] + cpad)),
            wanted_ids=frozenset(
                str(i).strip()
                for col in ("replaces", "realised_by")
                if col in cat
                for v in cat[col].dropna()
                for i in str(v).split(";")
            ),
            client=client,
        )
        net, net_m, source = dask_net.near, dask_net.near, dask_net.source
    if len(net_m):
        b = net_m.geometry.bounds
        near = (
            (b.minx <= xmax + pad)
            & (b.maxx >= xmin - pad)
            & (b.miny <= ymax + pad)
            & (b.maxy >= ymin - pad)
        )
        net_m = net_m[near.to_numpy()].reset_index(drop=True)

    net_cls = set(net_m["cls"]) if dask_net is None else set(dask_net.classes)
    classes = sorted(net_cls | set(cat["cls"]) | {"rail", "expressway"}, key=class_order)
    cls_index = {c: i for i, c in enumerate(classes)}

    all_seg: list[NDArray[np.float64]] = []
    all_grp: list[NDArray[np.int64]] = []
    # 1. existing network, de-duplicated per class once, earliest-opened lines ranked first,
    # and measured per line: every dated subset (geo.density.scenarios) is then a sum of lines
    subsets, years = _network_subsets(net_m)
    n_lines = len(net_m)
    rank_year = first_year_key(net_m)
    for c in classes if dask_net is None else ():
        sel = (net_m["cls"] == c).to_numpy()
        lines = net_m[sel]
        pieces, part_row = _ranked_route_pieces(
            lines, rank_year[sel], tol=DEDUP_TOLERANCE_M[_tolerance_mode(c)]
        )
        all_seg.append(pieces.seg)
        all_grp.append(np.flatnonzero(sel)[part_row[pieces.part]].astype(np.int64))
        if len(lines):
            logger.info(
                "%s: %.1f km of lines, %.1f km of route",
                c,
                float(shapely.length(lines.geometry.values).sum()) / 1000,
                _seg_length(pieces.seg).sum() / 1000,
            )
    set_index = {name: mask for name, mask in subsets}
    line_cls = np.array([cls_index[c] for c in net_m["cls"]], dtype=np.int64)
    n_cls = len(classes)

    # 2. catalogue lines: new route length beyond the existing corridors
    cat_m = cat.to_crs(lcrs) if len(cat) else cat
    net_ids = set(net["id"]) if dask_net is None else dask_net.ids
    prows: list[dict[str, Any]] = []
    steps: list[int | None] = []
    for rec in cat_m.itertuples(index=False):
        ty = rec.target_year if not pd.isna(rec.target_year) else None
        tier = rules.tier(str(rec.status), record=str(rec.id))
        realised = [i.strip() for i in str(rec.realised_by).split(";") if i.strip()]
        widening = tier is not None and (rec.status in rules.widening or bool(rec.replaces))
        if tier is None:
            role = "existing"
        elif realised:
            role = "realised"
        else:
            role = "widening" if widening else "new"
        if rec.replaces and rec.replaces not in net_ids:
            notes.append(
                f"catalogue record {rec.id!r} replaces {rec.replaces!r}, which is not in the "
                "network; it adds 0 km all the same"
            )
        unknown = [i for i in realised if i not in net_ids]
        if unknown:
            notes.append(
                f"catalogue record {rec.id!r} is realised by {unknown!r}, which the network does "
                "not hold; it adds 0 km all the same"
            )
        steps.append(tier if role == "new" else None)
        prows.append(
            {
                "id": str(rec.id),
                "name_zh": rec.name_zh,
                "name_en": rec.name_en,
                "mode": rec.mode,
                "road_class": rec.cls,
                "status": str(rec.status),
                "target_year": None if ty is None else int(ty),
                "scenario": TODAY if role in ("existing", "realised") else TIERS[int(tier or 0)][0],
                "role": role,
                "replaces": rec.replaces,
                "realised_by": "; ".join(realised),
            }
        )
    n_rec = len(prows)
    base = n_lines
    if n_rec:
        cat_parts, cat_row = _explode(cat_m)
        cp = _pieces(cat_parts, _CATALOGUE_STEP_M)
        all_seg.append(cp.seg)
        all_grp.append(base + cat_row[cp.part])
    for c in classes:
        idx = [k for k in range(n_rec) if prows[k]["road_class"] == c and steps[k] is not None]
        if not idx:
            continue
        novel, pieces, owner = _novel_pieces(
            cat_m.iloc[idx],
            [int(steps[k] or 0) for k in idx],
            net_m[net_m["cls"] == c],
            tol=CORRIDOR_TOLERANCE_M[_tolerance_mode(c)],
        )
        rec_of = np.asarray(idx, dtype=np.int64)[owner]
        all_seg.append(pieces.seg[novel])
        all_grp.append(base + n_rec + rec_of[novel])

    # 3. lengths inside each area, all groups in one pass
    seg = np.concatenate(all_seg) if all_seg else np.empty((0, 4))
    grp = np.concatenate(all_grp) if all_grp else np.empty(0, dtype=np.int64)
    km = lengths_in_polygons(seg, polys, groups=grp, n_groups=base + 2 * n_rec) / 1000.0

    per_line = km[:, :n_lines]

    def net_set(name: str) -> NDArray[np.float64]:
        """Route km per area (rows) and class (columns) of one subset of the network."""
        out = np.zeros((len(area), n_cls))
        if dask_net is not None:
            for c, v in dask_net.sums[name].items():
                out[:, cls_index[c]] = v / 1000.0
            return out
        mask = set_index[name]
        for ci in range(n_cls):
            out[:, ci] = per_line[:, mask & (line_cls == ci)].sum(axis=1)
        return out

    net_km = net_set(TODAY)
    rec_len = km[:, base : base + n_rec]
    rec_new = km[:, base + n_rec :]

    for k, row in enumerate(prows):
        row["length_in_area_km"] = _r(rec_len[0, k])
        row["new_route_km"] = _r(rec_new[0, k])
    if net.empty if dask_net is None else dask_net.n_lines == 0:
        notes.append("the network is empty: every existing length is 0")
    for c in ("rail", "expressway"):
        if c not in (set(net["cls"]) if dask_net is None else net_cls):
            notes.append(f"the network has no {c} lines: existing {c} length is 0")
        elif net_km[:, cls_index[c]].sum() == 0:
            notes.append(
                f"none of the network's {c} lines lies inside any area: existing {c} length is 0"
            )
    if dask_net is not None:
        years = dask_net.years
    if (len(net_m) if dask_net is None else dask_net.n_lines) and not years:
        notes.append(
            "the network has no opening years ('opened'/'opened_by'): the dated scenarios "
            f"({', '.join(DATED_SCENARIOS)}) count no line and report every line as undated"
        )

    # 4. scenario tables
    rec_step = np.array([s if s is not None else 99 for s in steps], dtype=np.int64)
    rec_cls = np.array([cls_index[r["road_class"]] for r in prows], dtype=np.int64)
    trows: list[dict[str, Any]] = []
    rrows: list[dict[str, Any]] = []
    zero = np.zeros_like(net_km)
    for s in SCENARIOS:
        if s in DATED_SCENARIOS:
            by_cls = net_set(f"open:{DATED_SCENARIOS[s]}").copy()
            undated = net_set(f"undated:{DATED_SCENARIOS[s]}")
        else:
            by_cls, undated = net_km.copy(), zero
            if s != TODAY:
                tier = [name for name, _ in TIERS].index(s)
                for kk in np.flatnonzero(rec_step <= tier):
                    by_cls[:, rec_cls[kk]] += rec_new[:, kk]
        for a in range(len(area)):
            ak = float(area["area_km2"].iloc[a])
            rail, expr = by_cls[a, cls_index["rail"]], by_cls[a, cls_index["expressway"]]
            rail_t, expr_t = (
                tg.rail_per_10k_km2 * ak / 1e4,
                tg.expressway_per_100_km2 * ak / 100,
            )
            trows.append(
                {
                    "scenario": s,
                    "area_id": area["area_id"].iloc[a],
                    "name_zh": area["name_zh"].iloc[a],
                    "name_en": area["name_en"].iloc[a],
                    "area_km2": _r(ak),
                    "rail_km": _r(rail),
                    "rail_density_per_10k_km2": _r(rail / ak * 1e4 if ak else 0.0),
                    "rail_target_per_10k_km2": tg.rail_per_10k_km2,
                    "rail_target_km": _r(rail_t),
                    "rail_gap_km": _r(rail_t - rail),
                    "rail_undated_km": _r(undated[a, cls_index["rail"]]),
                    "expressway_km": _r(expr),
                    "expressway_density_per_100_km2": _r(expr / ak * 100 if ak else 0.0),
                    "expressway_target_per_100_km2": tg.expressway_per_100_km2,
                    "expressway_target_km": _r(expr_t),
                    "expressway_gap_km": _r(expr_t - expr),
                    "expressway_undated_km": _r(undated[a, cls_index["expressway"]]),
                }
            )
            road_total = 0.0
            for c in classes:
                if c == "rail":
                    continue
                v = by_cls[a, cls_index[c]]
                road_total += v
                rrows.append(_road_row(s, area["area_id"].iloc[a], c, v, ak))
            rrows.append(_road_row(s, area["area_id"].iloc[a], "all_roads", road_total, ak))

    # 5. did the city and each unit reach the targets, and from which year
    history: dict[tuple[str, str], list[YearDensity]] = {}
    never: dict[tuple[str, str], float] = {}
    for a in range(len(area)):
        aid = str(area["area_id"].iloc[a])
        for c in ("rail", "expressway"):
            ci = cls_index[c]
            history[(aid, c)] = [
                YearDensity(
                    year=y,
                    open_km=float(net_set(f"open:{y}")[a, ci]),
                    undated_km=float(net_set(f"undated:{y}")[a, ci]),
                )
                for y in years
            ]
            never[(aid, c)] = float(net_set("undated")[a, ci])
    table = pd.DataFrame(trows)
    timeline = target_timeline(
        table,
        history,
        targets={"rail": tg.rail_per_10k_km2, "expressway": tg.expressway_per_100_km2},
        no_year_km=never,
    )
    for n in notes:
        logger.warning("%s", n)
    params = {
        "length_crs": f"EPSG:{lcrs.to_epsg()} ({lcrs.name})",
        "area_crs": "Albers equal-area, standard parallels 25N/47N, CM 117E (GRS80)",
        "dedup_step_m": DEDUP_STEP_M,
        "dedup_tolerance_m": dict(DEDUP_TOLERANCE_M),
        "parallel_angle_deg": PARALLEL_ANGLE_DEG,
        "corridor_tolerance_m": dict(CORRIDOR_TOLERANCE_M),
        "gap": "target km minus actual km; positive is a shortfall",
    }
    return DensityResult(
        table=table,
        road_classes=pd.DataFrame(rrows),
        projects=pd.DataFrame(
            prows,
            columns=[
                "id",
                "name_zh",
                "name_en",
                "mode",
                "road_class",
                "status",
                "target_year",
                "scenario",
                "role",
                "replaces",
                "realised_by",
                "length_in_area_km",
                "new_route_km",
            ],
        ),
        network_source=source,
        notes=tuple(notes),
        parameters=params,
        timeline=timeline,
        targets=tg,
    )


def _road_row(scenario: str, area_id: str, cls: str, km: float, area: float) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "area_id": area_id,
        "road_class": cls,
        "km": _r(km),
        "density_per_100_km2": _r(km / area * 100 if area else 0.0),
    }


def _novel_pieces(
    records: gpd.GeoDataFrame,
    steps: Sequence[int],
    existing: gpd.GeoDataFrame,
    *,
    tol: float,
) -> tuple[NDArray[np.bool_], _Pieces, NDArray[np.int64]]:
    """Pieces of catalogue lines and which of them are new route length.

    Returns ``(novel, pieces, owner)``: ``owner`` is the index into
    ``records`` of each piece.
    """
    parts, row = _explode(records)
    pieces = _pieces(parts, _CATALOGUE_STEP_M)
    owner = row[pieces.part]
    ref_parts, _ = _explode(existing)
    ref_parts = shapely.simplify(ref_parts, _REFERENCE_SIMPLIFY_M)
    ref = _pieces(ref_parts, _REFERENCE_STEP_M) if len(ref_parts) else None
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
    combined = _Pieces(
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


# ---------------------------------------------------------------- writers


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", float_format="%.3f")
    return buf.getvalue().encode("utf-8")


def write_csv(result: DensityResult, path: str | Path) -> Path:
    """Write the per-scenario, per-area table as UTF-8 CSV (deterministic bytes).

    Parameters
    ----------
    result : DensityResult
    path : str or Path
        Output file (its folder is created if needed), replaced atomically.

    Returns
    -------
    Path
    """
    return write_atomic(path, _csv_bytes(result.table))


def write_json(result: DensityResult, path: str | Path) -> Path:
    """Write :meth:`DensityResult.to_json_dict` as UTF-8 JSON (deterministic bytes).

    Parameters
    ----------
    result : DensityResult
    path : str or Path
        Output file (its folder is created if needed), replaced atomically.

    Returns
    -------
    Path
    """
    text = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    return write_atomic(path, text + "\n")


def write_outputs(
    result: DensityResult, directory: str | Path, *, stem: str = "density"
) -> list[Path]:
    """Write the CSV tables and the JSON document into a folder.

    The files are ``<stem>.csv``, ``<stem>_road_classes.csv``,
    ``<stem>_projects.csv`` and ``<stem>.json``.

    Parameters
    ----------
    result : DensityResult
    directory : str or Path
        Output folder (created if missing).
    stem : str
        File name stem.

    Returns
    -------
    list of Path
        The files written, in that order.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(result, directory / f"{stem}.csv")]
    for name, frame in (("road_classes", result.road_classes), ("projects", result.projects)):
        paths.append(write_atomic(directory / f"{stem}_{name}.csv", _csv_bytes(frame)))
    paths.append(write_json(result, directory / f"{stem}.json"))
    return paths
