"""The Dask engine of geo.density gives the single-machine totals (geo.density._dask)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import density
from geo.density._dask import local_client
from geo.density._inputs import network_frame, network_subsets, tolerance_mode
from geo.density._kernel import lengths_in_polygons
from geo.density._routes import ranked_route_pieces
from geo.density.scenarios import first_year_key
from geo.measure import LENGTH_CRS

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask_geopandas")

# Two adjacent 6 km squares near Hefei (EPSG:4548 metres); the tile grid (2 x 2 over the
# squares plus a 3 km pad) has its borders at x = X0 + 6000 and y = Y0 + 3000.
X0, Y0 = 500_000.0, 3_520_000.0


def _areas() -> gpd.GeoDataFrame:
    polys = [
        shapely.box(X0, Y0, X0 + 6000, Y0 + 6000),
        shapely.box(X0 + 6000, Y0, X0 + 12000, Y0 + 6000),
    ]
    return gpd.GeoDataFrame(
        {"adcode": ["A", "B"], "name_zh": ["甲", "乙"], "name_en": ["West", "East"]},
        geometry=polys,
        crs=LENGTH_CRS,
    ).to_crs(4326)


def _network() -> gpd.GeoDataFrame:
    rng = np.random.default_rng(7)
    rows = []

    def add(mode: str, kind: str, coords: list[tuple[float, float]], **kw: object) -> None:
        rows.append(
            {
                "id": f"l{len(rows)}",
                "mode": mode,
                "kind": kind,
                "geometry": shapely.LineString(coords),
                **kw,
            }
        )

    # double track crossing both tile borders, and its parallel duplicate 4.5 m away
    for dy in (0.0, 4.5):
        add(
            "rail",
            "rail",
            [(X0 - 500, Y0 + 2990 + dy), (X0 + 6010, Y0 + 3005 + dy), (X0 + 12500, Y0 + 3010 + dy)],
            opened=2010 if dy == 0 else None,
        )
    # carriageways 30 m apart running along the x border, segments straddling it
    for dx in (0.0, 30.0):
        pts = [(X0 + 5990 + dx + 15 * np.sin(i), Y0 - 200 + 150 * i) for i in range(45)]
        add("expressway", "motorway", pts, opened_by=2024)
    # random-walk roads with short segments over the whole box, some duplicated
    for k in range(40):
        x, y = X0 + rng.uniform(0, 12000), Y0 + rng.uniform(0, 6000)
        pts = [(x, y)]
        for _ in range(60):
            x += rng.normal(0, 60)
            y += rng.normal(0, 60)
            pts.append((x, y))
        add("road", "primary" if k % 2 else "trunk", pts, opened=2000 + k)
        if k % 5 == 0:
            add("road", "primary" if k % 2 else "trunk", [(px + 10, py + 10) for px, py in pts])
    # a two-part line across the border
    rows.append(
        {
            "id": "multi",
            "mode": "rail",
            "kind": "rail",
            "geometry": shapely.MultiLineString(
                [
                    [(X0 + 5000, Y0 + 1000), (X0 + 7000, Y0 + 1200)],
                    [(X0 + 7000, Y0 + 1210), (X0 + 5000, Y0 + 1010)],
                ]
            ),
        }
    )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=LENGTH_CRS).to_crs(4326)


@pytest.fixture(scope="module")
def client():
    with local_client(2) as c:
        yield c


def _single_machine_sums(
    net: gpd.GeoDataFrame, areas: gpd.GeoDataFrame
) -> dict[str, dict[str, np.ndarray]]:
    """Route km (m) per line subset, class and area, the single-machine way.

    geo.density's own helpers: every class de-duplicated whole (ranked_route_pieces),
    measured per line, and each subset (network_subsets) summed over its lines.
    """
    frame, _ = network_frame(net)
    frame = frame.to_crs(LENGTH_CRS).reset_index(drop=True)
    polys = list(areas.to_crs(LENGTH_CRS).geometry.values)
    subsets, _ = network_subsets(frame)
    out: dict[str, dict[str, np.ndarray]] = {name: {} for name, _ in subsets}
    for c in sorted(set(frame["cls"])):
        sel = (frame["cls"] == c).to_numpy()
        lines = frame[sel]
        tol = density.DEDUP_TOLERANCE_M[tolerance_mode(c)]
        pieces, part_row = ranked_route_pieces(lines, first_year_key(lines), tol=tol)
        grp = np.flatnonzero(sel)[part_row[pieces.part]]
        km = lengths_in_polygons(pieces.seg, polys, groups=grp, n_groups=len(frame))
        for name, mask in subsets:
            out[name][c] = km[:, mask & sel].sum(axis=1)
    return out


def _measure(src, areas, client, *, bounds, nparts, tiles):
    from geo.density._dask import measure_network

    return measure_network(
        src,
        polys=list(areas.to_crs(LENGTH_CRS).geometry.values),
        bounds=bounds,
        length_crs=LENGTH_CRS,
        tolerance=dict(density.DEDUP_TOLERANCE_M),
        step=density.DEDUP_STEP_M,
        max_angle_deg=density.PARALLEL_ANGLE_DEG,
        near=None,
        client=client,
        npartitions=nparts,
        tiles=tiles,
    )


def _assert_same_sums(got, want) -> None:
    """Every subset, class and area to 1e-9 (relative, and absolute in metres)."""
    assert sorted(got.sums) == sorted(want)
    for name, by_cls in want.items():
        assert sorted(got.sums[name]) == sorted(by_cls), name
        for c, km in by_cls.items():
            np.testing.assert_allclose(
                got.sums[name][c], km, rtol=1e-9, atol=1e-9, err_msg=f"{name} {c}"
            )


def test_dask_totals_equal_single_machine_per_area_and_class(client, tmp_path) -> None:
    net, areas = _network(), _areas()
    want = _single_machine_sums(net, areas)
    xmin, ymin, xmax, ymax = areas.to_crs(LENGTH_CRS).total_bounds
    bounds = (xmin - 3000, ymin - 3000, xmax + 3000, ymax + 3000)
    for src, nparts in ((net, 3), (tmp_path / "net.gpkg", 2)):
        if not isinstance(src, gpd.GeoDataFrame):
            net.to_file(src)
        got = _measure(src, areas, client, bounds=bounds, nparts=nparts, tiles=2)
        assert sorted(got.classes) == sorted(want["today"])
        for c, km in want["today"].items():
            assert km.sum() > 0, c
        _assert_same_sums(got, want)
    # the duplicates were really removed (the single machine's figure is not the raw length)
    a_m = areas.to_crs(LENGTH_CRS)
    rail = np.asarray(net.to_crs(LENGTH_CRS).geometry.values)[net["mode"].to_numpy() == "rail"]
    polys = np.asarray(a_m.geometry.values)
    raw = shapely.length(shapely.intersection(rail[:, None], polys[None, :])).sum()
    assert want["today"]["rail"].sum() < 0.7 * raw


# A 4 x 4 grid of 3 km tiles from (X0, Y0 - 3000): borders at x = X0 + 3000, 6000, 9000
# and y = Y0, Y0 + 3000, Y0 + 6000 (to 1e-12 relative).
EDGE_BOUNDS = (X0, Y0 - 3000, X0 + 12000, Y0 + 9000)
BX, BY = X0 + 6000, Y0 + 3000  # one vertical and one horizontal tile border


def _edge_network() -> gpd.GeoDataFrame:
    """Lines hugging tile borders: parallel lines on either side of a border, a line
    zig-zagging across one, one doubling back across one, and lines about a tile corner.
    Years vary so that every line subset (today, open:<year>, undated:<year>, undated)
    holds some of them."""
    rows: list[dict[str, object]] = []

    def add(mode: str, coords, **years: object) -> None:
        kind = {"rail": "rail", "expressway": "motorway", "road": "primary"}[mode]
        rows.append(
            {"id": f"e{len(rows)}", "mode": mode, "kind": kind, "geometry": coords, **years}
        )

    def line(pts) -> shapely.LineString:
        return shapely.LineString(pts)

    ys = np.linspace(Y0 - 800, Y0 + 5800, 34)
    # parallel pairs 4 m apart straddling the vertical border: the better-ranked (earlier)
    # line on the west side, then on the east side, so each tile's segments are shadowed by
    # segments that only its halo holds
    add("rail", line([(BX - 2, y) for y in ys]), opened=2005)
    add("rail", line([(BX + 2, y) for y in ys]), opened=2015)
    add("expressway", line([(BX + 10, y) for y in ys]), opened=2012)
    add("expressway", line([(BX - 20, y) for y in ys]), opened=2018)
    # and along the horizontal border, a road pair 30 m apart, one of them undated
    xs = np.linspace(X0 + 500, X0 + 11500, 56)
    add("road", line([(x, BY - 15) for x in xs]), opened=2001)
    add("road", line([(x, BY + 15) for x in xs]))
    # a rail line zig-zagging across the vertical border every 200 m, and its copy 3 m east
    zig = [(BX + (8 if k % 2 else -8), Y0 + 200 * k) for k in range(30)]
    add("rail", line(zig), opened_by=2020)
    add("rail", line([(x + 3, y) for x, y in zig]), opened_by=2024)
    # a road doubling back on itself 6 m aside across the horizontal border (same-line rule)
    out_ = [(X0 + 2500, BY - 900 + 60 * k) for k in range(31)]
    back = [(x + 6, y) for x, y in out_[::-1]]
    add("road", line(out_ + back), opened=2019)
    # lines about the tile corner (BX, BY): a diagonal pair and a cross of four
    d = np.linspace(-1500, 1500, 31)
    add("expressway", line([(BX + t, BY + t) for t in d]), opened=2010)
    add("expressway", line([(BX + t + 25, BY + t - 25) for t in d]), opened_after=2021)
    for sx, sy in ((1, 0), (0, 1), (-1, 0), (0, -1)):
        add(
            "road",
            line([(BX + sx * t - 5 * sy, BY + sy * t + 5 * sx) for t in range(-40, 2000, 80)]),
        )
    # segments ending exactly on a border (midpoints on either side)
    add("road", line([(BX - 600, Y0 + 4500), (BX, Y0 + 4500), (BX + 600, Y0 + 4500)]), opened=2003)
    add("road", line([(BX - 600, Y0 + 4520), (BX + 600, Y0 + 4520)]), opened=2002)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=LENGTH_CRS).to_crs(4326)


@pytest.mark.parametrize(("tiles", "nparts"), [(4, 3), (3, 2)])
def test_dask_equals_single_machine_with_lines_on_tile_borders(client, tiles, nparts) -> None:
    net, areas = _edge_network(), _areas()
    want = _single_machine_sums(net, areas)
    got = _measure(net, areas, client, bounds=EDGE_BOUNDS, nparts=nparts, tiles=tiles)
    _assert_same_sums(got, want)
    # the lines were de-duplicated across the borders, and every subset is used
    raw = net.to_crs(LENGTH_CRS).groupby("mode").geometry.apply(lambda g: g.length.sum())
    for mode in ("rail", "expressway"):
        assert want["today"][mode].sum() < 0.6 * raw[mode], mode
    for name in ("open:2020", "undated:2020", "open:2025", "undated:2025", "undated"):
        assert sum(km.sum() for km in want[name].values()) > 0, name


def test_compute_engine_dask_gives_the_same_tables(client) -> None:
    net, areas = _network(), _areas()
    local = density.compute(net, areas=areas)
    dask_ = density.compute(net, areas=areas, engine="dask", client=client)
    cols = [c for c in local.table.columns if c.endswith("_km")]
    np.testing.assert_allclose(
        dask_.table[cols].to_numpy(dtype=float), local.table[cols].to_numpy(dtype=float), atol=1e-9
    )
    assert local.table[["scenario", "area_id"]].equals(dask_.table[["scenario", "area_id"]])
    assert local.road_classes.equals(dask_.road_classes)
    assert local.timeline == dask_.timeline
    # the answer's heading names the area asked for, not Hefei
    assert "Did West reach its 2025 targets?" in local.format_table()
    assert "Did 甲 reach its 2025 targets?" in local.format_table(names="zh")


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine='spark'"):
        density.compute(_network(), areas=_areas(), engine="spark")


def test_cli_engine_dask_reads_the_file_in_partitions(tmp_path, capsys) -> None:
    import json

    from geo import cli

    path = tmp_path / "net.gpkg"
    _network().to_file(path)
    out = {}
    for engine in ("local", "dask"):
        assert cli.main(["density", "--network", str(path), "--json", "--engine", engine]) == 0
        out[engine] = json.loads(capsys.readouterr().out)
    assert "Dask" in out["dask"]["network_source"]
    assert out["dask"]["scenarios"] == out["local"]["scenarios"]
    assert out["dask"]["target_timeline"] == out["local"]["target_timeline"]
