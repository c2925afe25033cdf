"""The density's parameters: the plan's targets, de-duplication and corridor tolerances.

Defined in ``docs/density.md`` (sections 1 and 2); :func:`geo.density.compute` records
them in :attr:`geo.density.DensityResult.parameters`.
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.targets import HEFEI_PLAN

# the public parameters, re-exported as they are by geo.density; the catalogue and
# reference steps below are internal to the corridor rule (geo.density._routes)
__all__ = [
    "CORRIDOR_TOLERANCE_M",
    "DEDUP_STEP_M",
    "DEDUP_TOLERANCE_M",
    "EXPRESSWAY_TARGET_PER_100_KM2",
    "PARALLEL_ANGLE_DEG",
    "RAIL_TARGET_PER_10K_KM2",
    "TARGET_YEAR",
]

RAIL_TARGET_PER_10K_KM2 = HEFEI_PLAN.rail_per_10k_km2
"""Plan target for 2025: railway network density, km per 10,000 km²."""

EXPRESSWAY_TARGET_PER_100_KM2 = HEFEI_PLAN.expressway_per_100_km2
"""Plan target for 2025: expressway density, km per 100 km²."""

TARGET_YEAR = HEFEI_PLAN.year
"""The year of the plan's density targets (2025)."""

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

CATALOGUE_STEP_M = 100.0
"""Catalogue lines are cut into pieces of at most this many metres."""
REFERENCE_SIMPLIFY_M = 50.0
"""The existing network is simplified by this many metres before comparing catalogue lines."""
REFERENCE_STEP_M = 500.0
"""The simplified existing network is cut into pieces of at most this many metres."""
