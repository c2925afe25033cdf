"""The Dask engine of geo.density gives the single-machine totals (geo.density._dask)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import density
from geo.density._dask import local_client
from geo.density._inputs import network_frame, tolerance_mode
from geo.density._kernel import lengths_in_polygons
from geo.density._routes import ranked_route_pieces
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


def _single_machine_km(net: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> dict[str, np.ndarray]:
    """Route km per area and class, the single-machine way (geo.density's own helpers)."""
    frame, _ = network_frame(net)
    frame = frame.to_crs(LENGTH_CRS)
    polys = list(areas.to_crs(LENGTH_CRS).geometry.values)
    out = {}
    for c in sorted(set(frame["cls"])):
        lines = frame[frame["cls"] == c]
        tol = density.DEDUP_TOLERANCE_M[tolerance_mode(c)]
        from geo.density.scenarios import first_year_key

        pieces, _ = ranked_route_pieces(lines, first_year_key(lines), tol=tol)
        out[c] = lengths_in_polygons(pieces.seg, polys)[:, 0]
    return out


def test_dask_totals_equal_single_machine_per_area_and_class(client, tmp_path) -> None:
    from geo.density._dask import measure_network

    net, areas = _network(), _areas()
    want = _single_machine_km(net, areas)
    a_m = areas.to_crs(LENGTH_CRS)
    xmin, ymin, xmax, ymax = a_m.total_bounds
    for src, nparts in ((net, 3), (tmp_path / "net.gpkg", 2)):
        if not isinstance(src, gpd.GeoDataFrame):
            net.to_file(src)
        got = measure_network(
            src,
            polys=list(a_m.geometry.values),
            bounds=(xmin - 3000, ymin - 3000, xmax + 3000, ymax + 3000),
            length_crs=LENGTH_CRS,
            tolerance=dict(density.DEDUP_TOLERANCE_M),
            step=density.DEDUP_STEP_M,
            max_angle_deg=density.PARALLEL_ANGLE_DEG,
            near=None,
            client=client,
            npartitions=nparts,
            tiles=2,
        )
        assert sorted(got.classes) == sorted(want)
        for c, km in want.items():
            assert km.sum() > 0
            np.testing.assert_allclose(got.sums["today"][c], km, rtol=1e-9, atol=1e-9)
    # the duplicates were really removed (the single machine's figure is not the raw length)
    rail = np.asarray(net.to_crs(LENGTH_CRS).geometry.values)[net["mode"].to_numpy() == "rail"]
    polys = np.asarray(a_m.geometry.values)
    raw = shapely.length(shapely.intersection(rail[:, None], polys[None, :])).sum()
    assert want["rail"].sum() < 0.7 * raw


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
