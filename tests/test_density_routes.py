"""Route length with parallel and duplicate lines counted once (geo.density._routes)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import density
from geo.errors import CRSError, ParameterError
from tests.densitylib import (
    MX,
    MY,
    OX,
    OY,
    line_frame,
)


def test_parallel_tracks_4m_apart_count_once():
    a = [(OX + 500 * i, OY) for i in range(11)]
    b = [(x, y + 4) for x, y in a]
    assert density.route_length_km(line_frame([a])) == pytest.approx(5.0, abs=1e-6)
    assert density.route_length_km(line_frame([a, b])) == pytest.approx(5.0, abs=0.005)


def test_duplicate_ways_and_reversed_duplicates_count_once():
    a = [(OX + 500 * i, OY) for i in range(11)]
    assert density.route_length_km(line_frame([a, a, a[::-1]])) == pytest.approx(5.0, abs=1e-6)


def test_carriageways_30m_apart_count_once():
    n = [(MX - 3000 + 500 * i, MY + 15) for i in range(13)]
    s = [(x, MY - 15) for x, _ in n][::-1]
    assert density.route_length_km(
        line_frame([n, s], mode="expressway"), mode="expressway"
    ) == pytest.approx(6.0, abs=0.005)
    # two railways 40 m apart are two corridors (rail tolerance 30 m)
    s40 = [(x, MY - 25) for x, _ in n]
    assert density.route_length_km(line_frame([n, s40]), mode="rail") == pytest.approx(
        12.0, abs=0.005
    )


def test_separate_corridors_and_crossings_are_kept():
    a = [(OX, OY), (OX + 5000, OY)]
    far = [(OX, OY + 200), (OX + 5000, OY + 200)]
    cross = [(OX + 2500, OY - 1500), (OX + 2500, OY + 1500)]
    assert density.route_length_km(line_frame([a, far])) == pytest.approx(10.0, abs=1e-6)
    assert density.route_length_km(line_frame([a, cross])) == pytest.approx(8.0, abs=1e-6)
    oblique = [(OX + 1000, OY - 1000), (OX + 3000, OY + 1000)]  # 45 degrees
    expected = 5.0 + np.hypot(2000, 2000) / 1000
    assert density.route_length_km(line_frame([a, oblique])) == pytest.approx(expected, abs=1e-6)


def test_partial_overlap_counts_union():
    a = [(OX, OY), (OX + 5000, OY)]
    b = [(OX + 3000, OY + 3), (OX + 8000, OY + 3)]  # shares 2 km with a
    # end effect: the shared stretch reaches up to one tolerance (30 m) past a's end
    assert density.route_length_km(line_frame([a, b])) == pytest.approx(8.0, abs=0.05)


def test_route_length_refuses_bad_input():
    with pytest.raises(ParameterError, match="mode='tram'"):
        density.route_length_km(line_frame([[(0, 0), (1, 1)]]), mode="tram")
    no_crs = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])])
    with pytest.raises(CRSError):
        density.route_length_km(no_crs)
