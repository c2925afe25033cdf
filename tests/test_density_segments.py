"""Segments pulled out of shapely lines, and long segments cut (geo.density._segments)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.density._segments import segments_from_lines, subdivide


def test_segments_from_lines_keeps_every_segment():
    lines = [
        shapely.LineString([(0, 0), (1, 0), (1, 0), (1, 2)]),  # a repeated vertex
        shapely.MultiLineString([[(5, 5), (6, 6)], [(7, 7), (8, 8), (9, 7)]]),
        shapely.Point(1, 1),
        shapely.LineString(),
    ]
    seg, owner = segments_from_lines(lines)
    np.testing.assert_array_equal(owner, [0, 0, 1, 1, 1])
    assert np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]).sum() == pytest.approx(
        sum(shapely.length(g) for g in lines[:2])
    )


def test_two_point_lines_give_their_coordinates_and_drop_zero_length():
    seg = np.array([[0.0, 0.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 2.0, 5.0]])
    got, owner = segments_from_lines(shapely.linestrings(seg.reshape(-1, 2, 2)))
    np.testing.assert_array_equal(got, seg[[0, 2]])
    np.testing.assert_array_equal(owner, [0, 2])
    assert owner.dtype == np.int64


def test_subdivide_keeps_length_and_group():
    seg = np.array([[0.0, 0.0, 10.0, 0.0], [0.0, 0.0, 0.0, 2.5]])
    cut, grp = subdivide(seg, np.array([7, 9]), 3.0)
    np.testing.assert_array_equal(grp, [9, 7, 7, 7, 7])
    lengths = np.hypot(cut[:, 2] - cut[:, 0], cut[:, 3] - cut[:, 1])
    assert lengths.max() <= 3.0
    assert lengths[1:].sum() == pytest.approx(10.0, rel=1e-12)
    np.testing.assert_array_equal(cut[1:, 0], [0.0, 2.5, 5.0, 7.5])
