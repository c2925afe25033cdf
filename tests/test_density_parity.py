"""Crossing parity (geo.density._parity) against shapely.contains_xy, point by point.

Points are drawn in the boundary cells of real rasters (the kernel's own
``rasterise``): next to shared borders, in a polygon's hole, in a
multipolygon's parts, where two polygons overlap (two raster layers), and on
rows where boundary cells run for many cells.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.density._parity import lengths_by_parity
from geo.density._raster import rasterise


def _star(cx: float, cy: float, r: float, n: int, rng: np.random.Generator) -> shapely.Polygon:
    ang = np.sort(rng.uniform(0, 2 * np.pi, n))
    rad = r * rng.uniform(0.4, 1.0, n)
    return shapely.Polygon(np.column_stack([cx + rad * np.cos(ang), cy + rad * np.sin(ang)]))


def _cases() -> dict[str, list[shapely.Geometry]]:
    rng = np.random.default_rng(5)
    ys = np.linspace(-1000, 1000, 61)
    border = np.column_stack([rng.uniform(-200, 200, len(ys)), ys])
    west = shapely.Polygon(np.concatenate([border, [[-1500, 1000], [-1500, -1000]]]))
    east = shapely.Polygon(np.concatenate([border[::-1], [[1500, -1000], [1500, 1000]]]))
    hole = _star(-700, 0, 250, 15, rng)
    holed = shapely.Polygon(west.exterior.coords, [np.asarray(hole.exterior.coords)[::-1]])
    # a comb: long horizontal edges, so boundary cells run along whole rows
    teeth = [shapely.box(x, -800, x + 60, 800) for x in range(-1400, 1400, 200)]
    comb = shapely.union_all([*teeth, shapely.box(-1400, -900, 1400, -800)])
    return {
        "neighbours": [west, east],
        "hole and its filling": [holed, hole, east],
        "multipolygon": [shapely.MultiPolygon([_star(0, 0, 900, 40, rng), hole]), east],
        "overlapping (two layers)": [west, east, _star(0, 300, 900, 40, rng)],
        "comb": [comb],
    }


@pytest.mark.parametrize("case", list(_cases()))
@pytest.mark.parametrize("cell", [23.0, 97.0])
def test_parity_agrees_with_contains_xy_in_boundary_cells(case: str, cell: float) -> None:
    polys = np.asarray(_cases()[case], dtype=object)
    b = shapely.bounds(polys)
    box = (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
    r = rasterise(polys, box, cell)
    rng = np.random.default_rng(11)
    # random points in random boundary cells
    pick = rng.choice(r.edge_cells.cells, 20_000)
    row, col = np.divmod(pick, r.grid.nx)
    px = r.grid.x0 + (col + rng.uniform(0, 1, len(pick))) * cell
    py = r.grid.y0 + (row + rng.uniform(0, 1, len(pick))) * cell
    weight = rng.uniform(1, 2, len(pick))
    groups = rng.integers(0, 2, len(pick))
    got = lengths_by_parity(
        px,
        py,
        weight,
        groups,
        raster=r,
        n_poly=len(polys),
        ng=2,
    )
    want = np.zeros_like(got)
    for k, poly in enumerate(polys):
        inside = shapely.contains_xy(poly, px, py)
        want[k] = np.bincount(groups[inside], weights=weight[inside], minlength=2)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert (want > 0).all()  # every polygon has points inside in both groups


def test_no_points_give_zeros() -> None:
    polys = np.asarray([shapely.box(0, 0, 10, 10)], dtype=object)
    r = rasterise(polys, (0.0, 0.0, 10.0, 10.0), 1.0)
    empty = np.empty(0)
    got = lengths_by_parity(
        empty,
        empty,
        empty,
        np.empty(0, dtype=np.int64),
        raster=r,
        n_poly=1,
        ng=3,
    )
    assert got.shape == (1, 3) and not got.any()
