"""Density scenarios over the plan's period and the "did Hefei reach its targets" timeline.

The plan (2020) sets density targets for 2025. :func:`geo.density.compute` measures the
network for these scenarios (:data:`SCENARIOS`, defined in ``docs/density.md``):

* ``2020`` and ``2025``: the existing-network lines open at the end of that year
  (:func:`opening_state`: a line counts when its ``opened`` year, or else its
  ``opened_by`` bound, is at most the year; a line that cannot be placed is
  *undated* for that year, left out of the figure and reported as undated km);
* ``today``: every line of the existing network;
* ``today+<tier>``: today plus the plan's unbuilt projects, tier by tier
  (:data:`TIERS`, cumulative; a status's tier is its ``density_tier`` in ``vocab.toml``).
  A project realised by an existing line (``realised_by``) and a widening add no route
  length.

:func:`target_timeline` turns the per-year densities into the answer to "did Hefei
reach its 2025 targets": 2020, 2025 and today, met or not, and the first year met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from geo.catalogue import DENSITY_TIERS
from geo.density._params import TARGET_YEAR
from geo.targets import PLAN_YEAR

__all__ = [
    "DATED_SCENARIOS",
    "SCENARIOS",
    "SCENARIO_LABELS",
    "TIERS",
    "TIMELINE_SCENARIOS",
    "TODAY",
    "YearDensity",
    "answer_lines",
    "change_years",
    "first_year_key",
    "opening_state",
    "target_timeline",
]

TODAY = "today"
"""The scenario of the whole existing network as given."""

DATED_SCENARIOS: Mapping[str, int] = {str(y): y for y in (PLAN_YEAR, TARGET_YEAR)}
"""Scenarios of the network open at the end of a year: the plan's baseline and target year."""

TIERS: tuple[str, ...] = DENSITY_TIERS[1:]
"""Project tiers in order (cumulative scenarios). Which statuses each adds is the
vocabulary's ``density_tier`` (``vocab.toml``, read by :mod:`geo.density._rules`)."""

SCENARIOS: tuple[str, ...] = (*DATED_SCENARIOS, TODAY, *TIERS)
"""Scenario names in order."""

TIMELINE_SCENARIOS: tuple[str, ...] = (*DATED_SCENARIOS, TODAY)
"""The scenarios of :func:`target_timeline`."""

SCENARIO_LABELS: Mapping[str, str] = {
    "2020": "network open at the end of 2020 (the plan's baseline)",
    "2025": "network open at the end of 2025 (the target year)",
    TODAY: "the existing network today",
    "today+under_construction": "today + projects under construction (widenings add 0 km)",
    "today+start_construction": "+ projects due to start construction",
    "today+preparatory": "+ projects in preparatory work",
    "today+planning_study": "+ projects under planning study",
    "today+proposed": "+ proposed projects (谋划)",
}
"""One-line description of each scenario."""


def _years(frame: pd.DataFrame, column: str) -> NDArray[np.float64]:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def first_year_key(network: pd.DataFrame) -> NDArray[np.float64]:
    """Year each line is known to have been open: ``opened``, else ``opened_by``, else inf.

    Parameters
    ----------
    network : DataFrame
        Lines with optional ``opened`` and ``opened_by`` year columns.

    Returns
    -------
    numpy.ndarray of float
    """
    opened = _years(network, "opened")
    key = np.where(np.isnan(opened), _years(network, "opened_by"), opened)
    return np.where(np.isnan(key), np.inf, key)


def opening_state(network: pd.DataFrame, year: int) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Which lines were open at the end of ``year``, and which cannot be placed.

    Parameters
    ----------
    network : DataFrame
        Lines with optional year columns ``opened``, ``opened_by`` (open by then at
        the latest) and ``opened_after`` (not yet open at the end of that year), as in
        the embedded reference network; a network without them is wholly undated.
    year : int
        Calendar year; "open at the end of the year".

    Returns
    -------
    (open, undated) : tuple of numpy bool arrays
        ``open``: ``opened <= year``, or ``opened`` unknown and ``opened_by <= year``.
        ``undated``: ``opened`` unknown, not open by the ``opened_by`` bound and not
        known closed by ``opened_after >= year`` (the line may or may not have been
        open). The rest had not opened yet.
    """
    opened = _years(network, "opened")
    known = ~np.isnan(opened)
    is_open = first_year_key(network) <= year
    not_yet = _years(network, "opened_after") >= year
    undated = ~known & ~is_open & ~not_yet
    return is_open.astype(bool), undated.astype(bool)


def change_years(network: pd.DataFrame, *, until: int) -> list[int]:
    """Years (at most ``until``) in which the open or undated set of lines changes, ascending.

    Parameters
    ----------
    network : DataFrame
        As for :func:`opening_state`.
    until : int
        Last year considered.

    Returns
    -------
    list of int
    """
    values = np.concatenate([_years(network, c) for c in ("opened", "opened_by", "opened_after")])
    years = {int(v) for v in values[~np.isnan(values)] if v <= until}
    return sorted(years)


@dataclass(frozen=True)
class YearDensity:
    """Route km of one area and class at the end of one year.

    Attributes
    ----------
    year : int
    open_km : float
        Lines open at the end of the year (undated lines left out).
    undated_km : float
        Lines that cannot be placed in that year (see :func:`opening_state`).
    """

    year: int
    open_km: float
    undated_km: float


_NETWORKS = {
    "rail": ("rail_density_per_10k_km2", "rail_km", 1e4, "km per 10,000 km²"),
    "expressway": ("expressway_density_per_100_km2", "expressway_km", 100.0, "km per 100 km²"),
}


def _first_met(
    history: Sequence[YearDensity], target_km: float, today_km: float
) -> tuple[int | None, str | None]:
    """First year met, or None with a note, from a history sorted by year."""
    certain = next((h.year for h in history if h.open_km >= target_km), None)
    possible = next((h.year for h in history if h.open_km + h.undated_km >= target_km), None)
    if certain is not None and certain == possible:
        return certain, None
    if certain is None:
        if today_km < target_km:
            return None, "not met yet"
        earliest = f" (from {possible} at the earliest)" if possible is not None else ""
        return None, (
            "met today, but the year cannot be established: it depends on lines with no "
            f"established opening year{earliest}"
        )
    undated = next(h.undated_km for h in history if h.year == possible)
    return None, (
        f"met by {certain} at the latest; as early as {possible} if the {undated:.1f} km "
        "of lines with no established opening year then had opened"
    )


def target_timeline(
    table: pd.DataFrame,
    history: Mapping[tuple[str, str], Sequence[YearDensity]],
    *,
    targets: Mapping[str, float],
    no_year_km: Mapping[tuple[str, str], float],
) -> dict[str, object]:
    """Summarise "did Hefei reach its 2025 targets" (``target_timeline`` of density.json).

    Parameters
    ----------
    table : DataFrame
        :attr:`geo.density.DensityResult.table` (one row per scenario and area).
    history : mapping
        ``(area_id, "rail" | "expressway")`` -> :class:`YearDensity` per change year,
        ascending.
    targets : mapping
        ``"rail"`` (km per 10,000 km²) and ``"expressway"`` (km per 100 km²).
    no_year_km : mapping
        ``(area_id, network)`` -> route km of the area's lines without an opening year
        (some of them bounded by ``opened_by``/``opened_after``).

    Returns
    -------
    dict
        ``{"scenarios": [...], "areas": {area_id: {"name_zh", "name_en", "rail": {...},
        "expressway": {...}}}}`` as documented in ``docs/density.md``. ``undated_km`` is
        the largest km left out of a timeline scenario because its lines cannot be placed
        in that year (per scenario in ``undated_km_by_scenario``).
    """
    areas: dict[str, object] = {}
    rows = table[table["scenario"].isin(TIMELINE_SCENARIOS)]
    for area_id, group in rows.groupby("area_id", sort=False):
        by_scen = {r["scenario"]: r for r in group.to_dict("records")}
        first = next(iter(by_scen.values()))
        entry: dict[str, object] = {"name_zh": first["name_zh"], "name_en": first["name_en"]}
        area_km2 = float(first["area_km2"])
        for net, (dens_col, km_col, per, unit) in _NETWORKS.items():
            undated = {
                s: round(float(by_scen[s][f"{net}_undated_km"]), 3)
                for s in TIMELINE_SCENARIOS
                if s in by_scen
            }
            target = float(targets[net])
            density = {s: float(by_scen[s][dens_col]) for s in TIMELINE_SCENARIOS if s in by_scen}
            today_km = float(by_scen[TODAY][km_col]) if TODAY in by_scen else 0.0
            year, note = _first_met(
                history.get((str(area_id), net), ()), target * area_km2 / per, today_km
            )
            item: dict[str, object] = {
                "target": target,
                "unit": unit,
                "density": {s: round(v, 3) for s, v in density.items()},
                "met": {s: v >= target for s, v in density.items()},
                "first_met_year": year,
                "undated_km": max(undated.values(), default=0.0),
                "undated_km_by_scenario": undated,
                "no_opening_year_km": round(float(no_year_km.get((str(area_id), net), 0.0)), 3),
            }
            if note is not None:
                item["first_met_note"] = note
            entry[net] = item
        areas[str(area_id)] = entry
    return {"scenarios": list(TIMELINE_SCENARIOS), "areas": areas}


def answer_lines(timeline: Mapping[str, object], *, names: str = "en") -> list[str]:
    """Plain-text lines answering "did Hefei reach its 2025 targets?" for the CLI table.

    Parameters
    ----------
    timeline : mapping
        The result of :func:`target_timeline`.
    names : {"en", "zh"}
        Which area names to print.

    Returns
    -------
    list of str
    """
    areas = cast(Mapping[str, Any], timeline["areas"])
    head = (
        f"{'area':<20} | {'rail 2020':>9} {'2025':>7} {'today':>7} {'first met':>9}"
        f" | {'expr. 2020':>10} {'2025':>6} {'today':>6} {'first met':>9}"
    )
    out = [head, "-" * len(head)]
    notes: list[str] = []
    for entry in areas.values():
        name = str(entry["name_zh" if names == "zh" else "name_en"])[:20]
        cells = []
        for net, fmt in (("rail", "{:>7.1f}"), ("expressway", "{:>6.2f}")):
            item = entry[net]
            dens = item["density"]
            vals = [
                (fmt.format(dens[s]) + ("*" if item["met"][s] else " ")) for s in TIMELINE_SCENARIOS
            ]
            first = item["first_met_year"]
            cells.append(" ".join(vals) + f" {str(first) if first is not None else '—':>9}")
            if "first_met_note" in item and item["first_met_note"] != "not met yet":
                notes.append(f"{name} {net}: {item['first_met_note']}")
        out.append(f"{name:<20} | {cells[0]} | {cells[1]}")
    out.append("* = target met (rail 700 km per 10,000 km², expressways 5.65 km per 100 km²);")
    out.append("— = not met yet, or the first year cannot be established (see notes)")
    return out + notes
