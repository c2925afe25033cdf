"""Density figures for the map pages: checked and normalised, never computed here.

The density module (:mod:`geo.density`) computes them; the maps only show them:
per scenario and area, and, when present, the ``target_timeline`` ("did Hefei
reach its targets in 2020, 2025, today", see ``docs/density.md``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from geo.admin import CITY
from geo.errors import ParameterError

__all__ = ["SCENARIOS", "density_config"]

SCENARIOS: dict[str, tuple[str, str]] = {
    "2020": ("2020年底", "open at end of 2020"),
    "2025": ("2025年底", "open at end of 2025"),
    "today": ("今天", "open today"),
    "today+under_construction": ("今天+在建", "today + under construction"),
    "today+start_construction": ("今天+开工", "today + start construction"),
    "today+preparatory": ("今天+前期", "today + preparatory work"),
    "today+planning_study": ("今天+规划研究", "today + planning study"),
    "today+proposed": ("今天+谋划", "today + proposed"),
}
"""Density scenarios in display order, with their (Chinese, English) labels; a scenario
not listed here is labelled with its ``description`` from the density results."""

TIMELINE_MODES: tuple[str, ...] = ("rail", "expressway")
"""Networks of the ``target_timeline`` (railways, expressways)."""


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 4) if math.isfinite(number) else None


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"keys {sorted(map(str, value))!r}"
    return f"a {type(value).__name__}"


def density_config(density: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Validate and normalise the density results (see :func:`render_maps`)."""
    if density is None:
        return None
    if not isinstance(density, Mapping) or not {"targets", "scenarios"} <= set(density):
        raise ParameterError(
            "density must be a mapping with 'targets' and 'scenarios' (as produced by "
            f"geo.density), got {_describe(density)}"
        )
    targets = density["targets"]
    keys = ("rail_density_per_10k_km2", "expressway_density_per_100_km2")
    if not isinstance(targets, Mapping) or any(_number(targets.get(k)) is None for k in keys):
        raise ParameterError(f"density['targets'] must give numbers for {keys!r}, got {targets!r}")
    scenarios = density["scenarios"]
    if not isinstance(scenarios, Mapping) or not scenarios:
        raise ParameterError(f"density['scenarios'] must be a non-empty mapping, got {scenarios!r}")
    order = [s for s in SCENARIOS if s in scenarios] + [s for s in scenarios if s not in SCENARIOS]
    clean: dict[str, dict[str, dict[str, Any]]] = {}
    labels: dict[str, str] = {}
    for scenario in order:
        areas = scenarios[scenario]
        # geo.density writes {"description": ..., "areas": {adcode: figures}} per scenario,
        # with the city under its adcode; the page keys the city as "hefei".
        if isinstance(areas, Mapping) and isinstance(areas.get("areas"), Mapping):
            areas = {("hefei" if k == CITY[0] else k): v for k, v in areas["areas"].items()}
        if not isinstance(areas, Mapping):
            raise ParameterError(f"density['scenarios'][{scenario!r}] must map area ids to figures")
        if isinstance(scenarios[scenario], Mapping) and scenarios[scenario].get("description"):
            labels[str(scenario)] = str(scenarios[scenario]["description"])
        clean[str(scenario)] = {
            str(area): {
                k: (str(v) if k in ("name_zh", "name_en") else _number(v))
                for k, v in dict(figures).items()
                if v is not None
            }
            for area, figures in areas.items()
        }
    return {
        "targets": {k: _number(targets.get(k)) for k in keys},
        "scenarios": clean,
        "order": [str(s) for s in order],
        "labels": {
            s: list(SCENARIOS[s]) if s in SCENARIOS else [labels.get(s, s), ""] for s in clean
        },
        "timeline": _timeline(density.get("target_timeline")),
    }


def _flag_map(value: Any, keys: list[str]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        return {}
    return {k: (bool(value[k]) if isinstance(value.get(k), bool) else None) for k in keys}


def _timeline(timeline: Any) -> dict[str, Any] | None:
    """Normalise ``target_timeline`` (see ``docs/density.md``); None when absent."""
    if timeline is None:
        return None
    if not isinstance(timeline, Mapping) or not isinstance(timeline.get("areas"), Mapping):
        raise ParameterError(
            "density['target_timeline'] must be a mapping with 'scenarios' and 'areas', "
            f"got {_describe(timeline)}"
        )
    scen = timeline.get("scenarios")
    if not isinstance(scen, (list, tuple)) or not scen:
        raise ParameterError(
            f"density['target_timeline']['scenarios'] must be a non-empty list, got {scen!r}"
        )
    keys = [str(k) for k in scen]
    areas: dict[str, Any] = {}
    for code, area in timeline["areas"].items():
        if not isinstance(area, Mapping):
            raise ParameterError(
                f"density['target_timeline']['areas'][{code!r}] must be a mapping, "
                f"got {_describe(area)}"
            )
        entry: dict[str, Any] = {
            "name_zh": str(area.get("name_zh", "")),
            "name_en": str(area.get("name_en", "")),
        }
        for mode in TIMELINE_MODES:
            spec = area.get(mode)
            if not isinstance(spec, Mapping):
                continue
            values = spec.get("density")
            density: Mapping[str, Any] = values if isinstance(values, Mapping) else {}
            first = spec.get("first_met_year")
            entry[mode] = {
                "target": _number(spec.get("target")),
                "unit": str(spec.get("unit", "")),
                "density": {k: _number(density.get(k)) for k in keys},
                "met": _flag_map(spec.get("met"), keys),
                "first_met_year": int(first) if isinstance(first, (int, float)) else None,
                "first_met_note": str(spec["first_met_note"])
                if spec.get("first_met_note")
                else None,
                "undated_km": _number(spec.get("undated_km")),
            }
        areas["hefei" if str(code) == CITY[0] else str(code)] = entry
    return {"scenarios": keys, "areas": areas}
