"""Plausibility checks of a catalogue record's geometry fields (stated thresholds).

A line's consecutive places must be at least :data:`MIN_SEGMENT_M` apart (two
places with the same coordinates make a zero-length line) and at most
:data:`MAX_SEGMENT_KM` apart; a whole line at most :data:`MAX_LINE_KM`; every
place a record uses within :data:`MAX_FROM_HEFEI_KM` of Hefei. Distances are
geodesic on the WGS84 ellipsoid. A record holds only the geometry fields of its
layer's geometry (``at`` for points, ``via`` or ``at`` for lines, ``ring`` or
``at`` + ``area_km2`` for polygons).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import Any, Protocol

from pyproj import Geod

__all__ = [
    "HEFEI_LON_LAT",
    "MAX_FROM_HEFEI_KM",
    "MAX_LINE_KM",
    "MAX_SEGMENT_KM",
    "MIN_SEGMENT_M",
    "check_geometry_fields",
    "check_places",
    "check_ring",
]

MIN_SEGMENT_M = 10.0
MAX_SEGMENT_KM = 800.0
"""The longest stretch between two named places today is 486 km (安康–上海 corridor)."""
MAX_LINE_KM = 2500.0
"""The longest line today is 1,235 km."""
MAX_FROM_HEFEI_KM = 1500.0
HEFEI_LON_LAT = (117.227, 31.820)

_GEOD = Geod(ellps="WGS84")
_FIELDS = {
    "Point": ("at",),
    "LineString": ("via", "at"),
    "Polygon": ("ring", "at", "area_km2"),
}


class _Place(Protocol):
    @property
    def lon(self) -> float: ...
    @property
    def lat(self) -> float: ...


class _At:
    def __init__(self, lon: float, lat: float) -> None:
        self.lon, self.lat = lon, lat


Fail = Callable[[str, str], Exception]


def check_geometry_fields(record: Mapping[str, Any], geometry: str, fail: Fail) -> None:
    """Refuse geometry fields that do not belong to the layer's geometry (``via`` on a point)."""
    allowed = _FIELDS.get(geometry, ())
    for key in ("via", "at", "ring", "area_km2"):
        if key in record and key not in allowed:
            raise fail(
                key,
                f"a {geometry} record takes {' or '.join(allowed)}, not {key!r}; remove {key!r}",
            )


def _km(a: _Place, b: _Place) -> float:
    return float(_GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2]) / 1000.0


def check_places(
    ids: Sequence[str], places: Mapping[str, _Place], *, field: str, line: bool, fail: Fail
) -> None:
    """Refuse a zero-length or implausibly long line, or a place implausibly far away."""
    hefei = _At(*HEFEI_LON_LAT)
    for pid in ids:
        far = _km(places[pid], hefei)
        if far > MAX_FROM_HEFEI_KM:
            raise fail(
                field,
                f"place {pid!r} is {far:,.0f} km from Hefei, more than "
                f"{MAX_FROM_HEFEI_KM:,.0f} km; check its id or its coordinates in the gazetteer",
            )
    if not line:
        return
    total = 0.0
    for a, b in pairwise(ids):
        d = _km(places[a], places[b])
        if d * 1000.0 < MIN_SEGMENT_M:
            raise fail(
                field,
                f"places {a!r} and {b!r} are {d * 1000:.1f} m apart (same coordinates?): a "
                f"zero-length stretch; places must be at least {MIN_SEGMENT_M:g} m apart",
            )
        if d > MAX_SEGMENT_KM:
            raise fail(
                field,
                f"places {a!r} and {b!r} are {d:,.0f} km apart, more than {MAX_SEGMENT_KM:,.0f} km "
                "between two named places; a wrong id or coordinate?",
            )
        total += d
    if total > MAX_LINE_KM:
        raise fail(
            field,
            f"the line is {total:,.0f} km long, more than {MAX_LINE_KM:,.0f} km; check its places",
        )


def check_ring(ids: Sequence[str], places: Mapping[str, _Place], *, fail: Fail) -> None:
    """Refuse a ring whose polygon is degenerate: no area, or crossing itself."""
    import shapely
    from shapely.geometry import Polygon

    ring = Polygon([(places[p].lon, places[p].lat) for p in ids])
    if ring.area <= 0 or not ring.is_valid:
        why = shapely.is_valid_reason(ring)
        raise fail(
            "ring",
            f"the ring {list(ids)!r} is degenerate ({'no area' if ring.area <= 0 else why}); "
            "order its places around the area, at least 3 not on one line",
        )
