"""The plausibility rules of a record's geometry (geo/catalogue/_plausible.py), one case each.

Records are built in code (tests/recordlib.py; distances geodesic on WGS84, as the
rules state them) and checked as record #3 of ``catalogue/ch.toml``.
"""

from __future__ import annotations

import pytest
from errmatch import refused
from recordlib import AREA, LINE, POINT, build, with_

RING = with_(AREA, "at", "area_km2")

BAD = [
    pytest.param(
        with_(POINT, via=["hefei", "chaohu"]),
        "via",
        "a Point record takes at, not 'via'; remove 'via'",
        id="via-on-point",
    ),
    pytest.param(
        with_(POINT, ring=["ring_a", "ring_b", "ring_c"]),
        "ring",
        "a Point record takes at, not 'ring'",
        id="ring-on-point",
    ),
    pytest.param(
        with_(POINT, area_km2=3.0),
        "area_km2",
        "a Point record takes at, not 'area_km2'",
        id="area-on-point",
    ),
    pytest.param(
        with_(LINE, ring=["ring_a", "ring_b", "ring_c"]),
        "ring",
        "a LineString record takes via or at, not 'ring'",
        id="ring-on-line",
    ),
    pytest.param(
        with_(LINE, area_km2=3.0),
        "area_km2",
        "a LineString record takes via or at, not 'area_km2'",
        id="area-on-line",
    ),
    pytest.param(
        with_(AREA, via=["hefei", "chaohu"]),
        "via",
        "a Polygon record takes ring or at or area_km2, not 'via'",
        id="via-on-polygon",
    ),
    pytest.param(
        with_(POINT, at="urumqi"),
        "at",
        "place 'urumqi' is 2,906 km from Hefei, more than 1,500 km",
        id="point-far-away",
    ),
    pytest.param(
        with_(LINE, via=["hefei", "chaohu", "urumqi"]),
        "via",
        "place 'urumqi' is 2,906 km from Hefei",
        id="line-end-far-away",
    ),
    pytest.param(
        with_(RING, ring=["ring_a", "ring_b", "urumqi"]),
        "ring",
        "place 'urumqi' is .* from Hefei",
        id="ring-place-far-away",
    ),
    pytest.param(
        with_(AREA, at="urumqi"), "at", "place 'urumqi' is .* from Hefei", id="area-far-away"
    ),
    pytest.param(
        with_(LINE, via=["hefei", "hefei_twin"]),
        "via",
        r"places 'hefei' and 'hefei_twin' are 0\.0 m apart \(same coordinates\?\): "
        "a zero-length stretch",
        id="zero-length",
    ),
    pytest.param(
        with_(LINE, via=["chaohu", "hefei", "hefei_twin"]),
        "via",
        "zero-length stretch; places must be at least 10 m apart",
        id="zero-length-later",
    ),
    pytest.param(
        with_(LINE, via=["beijing", "guangzhou"]),
        "via",
        "places 'beijing' and 'guangzhou' are 1,883 km apart, more than 800 km",
        id="stretch-1883-km",
    ),
    pytest.param(
        with_(LINE, via=["shanghai", "wuhan", "guangzhou"]),
        "via",
        "places 'wuhan' and 'guangzhou' are .* km apart, more than 800 km",
        id="stretch-later",
    ),
    pytest.param(
        with_(LINE, via=["shanghai", "wuhan", "shanghai", "wuhan", "shanghai"]),
        "via",
        "the line is 2,756 km long, more than 2,500 km",
        id="line-2756-km",
    ),
    pytest.param(
        with_(RING, ring=["ring_a", "ring_b", "on_ab"]),
        "ring",
        r"the ring \['ring_a', 'ring_b', 'on_ab'\] is degenerate \(no area\)",
        id="ring-on-one-line",
    ),
    pytest.param(
        with_(RING, ring=["bow_a", "bow_b", "bow_c", "bow_d"]),
        "ring",
        r"is degenerate \(Self-intersection",
        id="ring-crossing-itself",
    ),
]


@pytest.mark.parametrize(("record", "field", "message"), BAD)
def test_implausible_geometry_refused_naming_file_record_and_field(record, field, message):
    with refused("ch.toml", "r1", field, ".*" + message):
        build(record)


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(with_(LINE, via=["hefei", "hefei_20m"]), id="stretch-20-m"),
        pytest.param(with_(POINT, at="guangzhou"), id="place-1039-km-away"),
        pytest.param(with_(LINE, via=["shanghai", "wuhan"]), id="stretch-689-km"),
        pytest.param(with_(LINE, via=["shanghai", "wuhan", "shanghai"]), id="line-1378-km"),
        pytest.param(
            with_(RING, ring=["ring_a", "ring_b", "ring_c", "ring_d"]), id="ring-4-places"
        ),
    ],
)
def test_plausible_geometry_loads(record):
    assert build(record).id == "r1"
