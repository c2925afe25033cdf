"""The density result, its JSON document and its text table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.density._params import TARGET_YEAR
from geo.density.scenarios import SCENARIO_LABELS, SCENARIOS, answer_lines
from geo.targets import HEFEI_PLAN, Targets

__all__ = ["DensityResult", "rounded"]


def rounded(x: float, nd: int = 3) -> float:
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def _jsonable(v: object) -> object:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return rounded(float(v))
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
    parameters: Mapping[str, object] = field(default_factory=dict)
    timeline: Mapping[str, object] = field(default_factory=dict)
    targets: Targets = HEFEI_PLAN

    def to_frame(self) -> pd.DataFrame:
        """Return the per-scenario, per-area table (a copy), as described in :attr:`table`."""
        return self.table.copy()

    def to_json_dict(self) -> dict[str, object]:
        """Everything as plain JSON types, in a fixed order.

        Returns
        -------
        dict
            ``targets``, ``definitions``, ``network_source``, ``scenarios``
            (scenario -> ``description`` and ``areas``: area id -> figures),
            ``road_classes`` (scenario -> area id -> class -> km and density),
            ``projects``, ``target_timeline`` and ``notes``.
        """
        scen: dict[str, object] = {}
        for s in SCENARIOS:
            rows = self.table[self.table["scenario"] == s]
            areas: dict[str, object] = {}
            for rec in rows.to_dict("records"):
                areas[str(rec["area_id"])] = {
                    k: (v if isinstance(v, str) else rounded(v))
                    for k, v in rec.items()
                    if k not in ("scenario", "area_id")
                }
            scen[s] = {"description": SCENARIO_LABELS[s], "areas": areas}
        roads: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
        for rec in self.road_classes.to_dict("records"):
            roads.setdefault(rec["scenario"], {}).setdefault(str(rec["area_id"]), {})[
                rec["road_class"]
            ] = {
                "km": rounded(rec["km"]),
                "density_per_100_km2": rounded(rec["density_per_100_km2"]),
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
