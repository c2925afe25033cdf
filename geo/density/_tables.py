"""One scenario's rows of the density tables: per area, and per area and road class (private)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from geo.density._result import rounded
from geo.density.scenarios import _NETWORKS
from geo.targets import Targets

__all__ = ["scenario_rows"]


def scenario_rows(
    scenario: str,
    by_cls: NDArray[np.float64],
    undated: NDArray[np.float64],
    *,
    area: pd.DataFrame,
    classes: Sequence[str],
    cls_index: Mapping[str, int],
    targets: Targets,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Rows of :attr:`DensityResult.table` and :attr:`DensityResult.road_classes` for one scenario.

    Parameters
    ----------
    scenario : str
        The scenario's name.
    by_cls, undated : numpy.ndarray, shape (len(area), len(classes))
        Route km per area and class counted in the scenario, and left out of it
        for want of an opening year.
    area : DataFrame
        ``area_id``, ``name_zh``, ``name_en``, ``area_km2`` (equal-area km²).
    classes : sequence of str
        The classes (columns of ``by_cls``), ``cls_index`` their column.
    targets : geo.targets.Targets
        Rail km per 10,000 km² and expressway km per 100 km².

    Returns
    -------
    table, road_classes : list of dict
    """
    target_of = {"rail": targets.rail_per_10k_km2, "expressway": targets.expressway_per_100_km2}
    trows: list[dict[str, object]] = []
    rrows: list[dict[str, object]] = []
    for a in range(len(area)):
        ak = float(area["area_km2"].iloc[a])
        row: dict[str, object] = {
            "scenario": scenario,
            "area_id": area["area_id"].iloc[a],
            "name_zh": area["name_zh"].iloc[a],
            "name_en": area["name_en"].iloc[a],
            "area_km2": rounded(ak),
        }
        for net, (dens_col, km_col, per, _unit) in _NETWORKS.items():
            km, target = by_cls[a, cls_index[net]], target_of[net]
            target_km = target * ak / per
            row |= {
                km_col: rounded(km),
                dens_col: rounded(km / ak * per if ak else 0.0),
                dens_col.replace("_density_", "_target_"): target,
                f"{net}_target_km": rounded(target_km),
                f"{net}_gap_km": rounded(target_km - km),
                f"{net}_undated_km": rounded(undated[a, cls_index[net]]),
            }
        trows.append(row)
        road_total = 0.0
        for c in classes:
            if c == "rail":
                continue
            v = by_cls[a, cls_index[c]]
            road_total += v
            rrows.append(_road_row(scenario, area["area_id"].iloc[a], c, v, ak))
        rrows.append(_road_row(scenario, area["area_id"].iloc[a], "all_roads", road_total, ak))
    return trows, rrows


def _road_row(scenario: str, area_id: str, cls: str, km: float, area: float) -> dict[str, object]:
    return {
        "scenario": scenario,
        "area_id": area_id,
        "road_class": cls,
        "km": rounded(km),
        "density_per_100_km2": rounded(km / area * 100 if area else 0.0),
    }
