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

from geo.density import _params
from geo.density._compute import compute
from geo.density._params import *  # noqa: F403  (the public parameters, named in _params.__all__)
from geo.density._result import DensityResult
from geo.density._routes import route_length_km
from geo.density._writers import write_csv, write_json, write_outputs
from geo.density.scenarios import SCENARIO_LABELS, SCENARIOS

__all__ = [
    *_params.__all__,
    "SCENARIOS",
    "SCENARIO_LABELS",
    "DensityResult",
    "compute",
    "route_length_km",
    "write_csv",
    "write_json",
    "write_outputs",
]
