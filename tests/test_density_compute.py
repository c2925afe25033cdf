"""Density metrics: route length, clipping, scenarios, per-area table, writers, fast kernel."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import admin, density, network
from geo._paths import REFERENCE_NETWORK
from geo.density._kernel import lengths_in_polygons
from geo.density._segments import segments_from_lines
from geo.errors import CRSError, ParameterError
from geo.measure import LENGTH_CRS, geodesic_length_km
from tests.densitylib import (
    BESIDE_NEW,
    MX,
    MY,
    NO_PROJECTS,
    OSM,
    OX,
    OY,
    SHARED,
    line_frame,
    project_catalogue,
    table_row,
)

# ---------------------------------------------------------------- route length


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


def test_projected_length_matches_geodesic():
    """EPSG:4548 lengths agree with WGS84 geodesic lengths well within 0.5 % in Hefei."""
    city = admin.boundary()
    xmin, ymin, xmax, ymax = city.total_bounds
    lines = gpd.GeoSeries(
        [
            shapely.LineString([(xmin, ymin), (xmax, ymax)]),
            shapely.LineString([(xmin, ymax), (xmax, ymin)]),
            shapely.LineString([((xmin + xmax) / 2, ymin), ((xmin + xmax) / 2, ymax)]),
        ],
        crs=4326,
    )
    geod = geodesic_length_km(lines.segmentize(0.001))
    planar = lines.segmentize(0.001).to_crs(LENGTH_CRS).length.to_numpy() / 1000
    assert np.all(np.abs(planar / geod - 1) < 0.0005)


# ---------------------------------------------------------------- fixtures through compute()


def test_fixture_lengths_per_area(fixture_result):
    r = table_row(fixture_result, "today", "340100")
    # 1001, 1002 (4 m apart) and 1003 (duplicate) once: 5 km; 1005 crossing: 3 km; 1006: 4 km
    assert r["rail_km"] == pytest.approx(12.0, abs=0.005)
    # oneway pair 30 m apart once; motorway_link left out
    assert r["expressway_km"] == pytest.approx(6.0, abs=0.005)
    assert table_row(fixture_result, "today", "340121")["rail_km"] == pytest.approx(12.0, abs=0.005)
    assert table_row(fixture_result, "today", "340124")["expressway_km"] == pytest.approx(
        6.0, abs=0.005
    )
    for code in ("340102", "340103", "340104", "340111", "340122", "340123", "340181"):
        row = table_row(fixture_result, "today", code)
        assert row["rail_km"] == 0 and row["expressway_km"] == 0


def test_fixture_densities_targets_and_gaps(fixture_result):
    counties = admin.counties().set_index("adcode")
    r = table_row(fixture_result, "today", "340121")
    area = counties.loc["340121", "area_km2"]
    assert r["area_km2"] == pytest.approx(area, abs=1e-3)
    assert r["rail_density_per_10k_km2"] == pytest.approx(r["rail_km"] / area * 1e4, abs=1e-3)
    assert r["rail_target_per_10k_km2"] == 700.0
    assert r["rail_target_km"] == pytest.approx(700 * area / 1e4, abs=1e-3)
    assert r["rail_gap_km"] == pytest.approx(700 * area / 1e4 - r["rail_km"], abs=2e-3)
    assert r["expressway_target_per_100_km2"] == 5.65
    assert r["expressway_gap_km"] == pytest.approx(5.65 * area / 100, abs=2e-3)
    city = table_row(fixture_result, "today", "340100")
    assert city["area_km2"] == pytest.approx(admin.boundary()["area_km2"].iloc[0], abs=1e-3)


def test_road_classes_from_osm(fixture_result):
    rc = fixture_result.road_classes
    city = rc[(rc["scenario"] == "today") & (rc["area_id"] == "340100")].set_index("road_class")[
        "km"
    ]
    assert city["expressway"] == pytest.approx(6.0, abs=0.005)
    assert city["trunk"] == pytest.approx(4.0, abs=0.005)
    assert city["primary"] == pytest.approx(2.0, abs=0.005)
    assert city["all_roads"] == pytest.approx(12.0, abs=0.01)


def test_line_crossing_a_custom_area_boundary(fixture_network):
    box = gpd.GeoDataFrame(
        {"id": ["box"]},
        geometry=[shapely.box(OX - 10000, OY - 10000, OX + 10000, OY + 5000)],
        crs=LENGTH_CRS,
    )
    res = density.compute(fixture_network, catalogue=NO_PROJECTS, areas=box)
    r = table_row(res, "today", "box")
    # 5 (tracks) + 3 (HSR) + 2 of the 4 km branch (y from OY+3000 to the edge at OY+5000)
    assert r["rail_km"] == pytest.approx(10.0, abs=0.002)
    assert r["area_km2"] == pytest.approx(
        20 * 15, rel=2e-3
    )  # equal-area vs. GK: tiny scale difference


def test_line_crossing_the_city_boundary_matches_overlay():
    city = admin.boundary().to_crs(LENGTH_CRS).geometry.iloc[0]
    c = city.centroid
    line = shapely.LineString([(c.x, c.y), (c.x + 120_000, c.y + 10_000)]).segmentize(200)
    net = gpd.GeoDataFrame({"id": ["x"], "mode": ["rail"]}, geometry=[line], crs=LENGTH_CRS)
    res = density.compute(net, catalogue=NO_PROJECTS)
    expected = shapely.intersection(line, city).length / 1000
    assert 0 < expected < line.length / 1000
    assert table_row(res, "today", "340100")["rail_km"] == pytest.approx(expected, abs=0.002)
    counties = admin.counties().to_crs(LENGTH_CRS)
    for code, geom in zip(counties["adcode"], counties.geometry, strict=True):
        exp = shapely.intersection(line, geom).length / 1000
        assert table_row(res, "today", code)["rail_km"] == pytest.approx(exp, abs=0.002)


# ---------------------------------------------------------------- clear zeros and errors


def test_empty_network_gives_zero_and_a_note():
    empty = gpd.GeoDataFrame({"id": [], "mode": []}, geometry=[], crs=4326)
    res = density.compute(empty, catalogue=NO_PROJECTS)
    assert (res.table[["rail_km", "expressway_km"]] == 0).all().all()
    assert any("empty" in n for n in res.notes)


def test_network_outside_gives_zero_and_a_note():
    outside = network.load_network(OSM / "outside_hefei.osm")
    res = density.compute(outside, catalogue=NO_PROJECTS)
    assert (res.table["rail_km"] == 0).all()
    assert any("none of the network's rail lines lies inside any area" in n for n in res.notes)
    assert "notes:" in res.format_table()


def test_inputs_without_crs_are_refused(fixture_network):
    no_crs = gpd.GeoDataFrame({"mode": ["rail"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])])
    with pytest.raises(CRSError, match="'network'"):
        density.compute(no_crs, catalogue=NO_PROJECTS)
    areas = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.box(117, 31, 118, 32)])
    with pytest.raises(CRSError, match="'areas'"):
        density.compute(fixture_network, catalogue=NO_PROJECTS, areas=areas)
    with pytest.raises(ParameterError, match="'mode' column"):
        density.compute(fixture_network.drop(columns="mode"), catalogue=NO_PROJECTS)
    with pytest.raises(ParameterError, match="not a GeoDataFrame"):
        density.compute("network.gpkg", catalogue=NO_PROJECTS)  # type: ignore[arg-type]


# ---------------------------------------------------------------- scenarios


def test_scenarios_add_only_new_route_length(scenario_result):
    rail = {s: table_row(scenario_result, s, "340100")["rail_km"] for s in density.SCENARIOS}
    expr = {s: table_row(scenario_result, s, "340100")["expressway_km"] for s in density.SCENARIOS}
    assert rail["today"] == pytest.approx(12.0, abs=0.01)
    assert rail["today+under_construction"] == pytest.approx(22.0, abs=0.01)  # + new_far
    # + 3.268 km of "beside" beyond the existing corridor (+/- one 100 m piece)
    assert rail["today+start_construction"] == pytest.approx(22.0 + BESIDE_NEW, abs=0.1)
    assert rail["today+preparatory"] == pytest.approx(22.0 + BESIDE_NEW + 6.0, abs=0.1)  # cross
    assert rail["today+planning_study"] == pytest.approx(rail["today+preparatory"], abs=0.01)
    # dup_far (proposed) runs in new_far's corridor: adds nothing
    assert rail["today+proposed"] == pytest.approx(rail["today+preparatory"], abs=0.01)
    assert expr["today"] == pytest.approx(6.0, abs=0.01)
    assert expr["today+under_construction"] == pytest.approx(6.0, abs=0.01)  # widening: 0 km
    assert expr["today+planning_study"] == pytest.approx(6.0, abs=0.01)
    assert expr["today+proposed"] == pytest.approx(10.0, abs=0.01)
    # the fixture network has no opening years: the dated scenarios count nothing and say so
    for s in ("2020", "2025"):
        row = table_row(scenario_result, s, "340100")
        assert row["rail_km"] == 0 and row["rail_undated_km"] == pytest.approx(12.0, abs=0.01)
    assert any("no opening years" in n for n in scenario_result.notes)
    for s0, s1 in zip(density.SCENARIOS, density.SCENARIOS[1:], strict=False):
        assert rail[s1] >= rail[s0] and expr[s1] >= expr[s0]


def test_projects_table(scenario_result):
    p = scenario_result.projects.set_index("id")
    assert p.loc["widen", "role"] == "widening" and p.loc["widen", "new_route_km"] == 0
    assert p.loc["widen", "scenario"] == "today+under_construction"
    assert p.loc["old", "role"] == "existing" and p.loc["old", "new_route_km"] == 0
    assert p.loc["old", "scenario"] == "today"
    assert p.loc["beside", "scenario"] == "today+start_construction"
    assert p.loc["cross", "scenario"] == "today+preparatory"  # tiers follow the plan's status
    assert p.loc["dup_far", "scenario"] == "today+proposed"
    assert p.loc["dup_far", "new_route_km"] == pytest.approx(0, abs=0.15)
    assert p.loc["new_far", "new_route_km"] == pytest.approx(10.0, abs=0.01)
    assert p.loc["cross", "new_route_km"] == pytest.approx(6.0, abs=0.01)
    assert p.loc["beside", "length_in_area_km"] == pytest.approx(10.0, abs=0.01)
    assert p.loc["beside", "new_route_km"] == pytest.approx(BESIDE_NEW, abs=0.1)


def test_catalogue_trunk_roads_are_a_road_class(scenario_result):
    rc = scenario_result.road_classes
    trunk = rc[(rc["area_id"] == "340100") & (rc["road_class"] == "trunk")].set_index("scenario")[
        "km"
    ]
    assert trunk["today"] == pytest.approx(4.0, abs=0.01)  # the OSM fixture's trunk road
    assert trunk["today+under_construction"] == pytest.approx(6.0, abs=0.01)


def test_unknown_replaces_is_noted(fixture_network):
    cat = project_catalogue()
    cat.loc[cat["id"] == "widen", "replaces"] = "no_such_line"
    res = density.compute(fixture_network, catalogue=cat)
    assert any("'no_such_line'" in n for n in res.notes)


def test_indicative_lines_add_no_length(fixture_network, scenario_result):
    # docs/catalogue.md: an indicative line (a stub where the route is unknown) is left out
    # of every density figure
    cat = project_catalogue()
    cat["precision"] = "corridor_schematic"
    cat.loc[cat["id"].isin(["new_expr", "trunk"]), "precision"] = "indicative"
    res = density.compute(fixture_network, catalogue=cat)
    assert table_row(res, "today+proposed", "340100")["expressway_km"] == pytest.approx(
        6.0, abs=0.01
    )
    assert table_row(scenario_result, "today+proposed", "340100")["expressway_km"] == pytest.approx(
        10.0, abs=0.01
    )
    rc = res.road_classes
    trunk = rc[(rc["area_id"] == "340100") & (rc["road_class"] == "trunk")]
    # the OSM trunk road alone, in every undated scenario
    assert set(trunk[~trunk["scenario"].isin(["2020", "2025"])]["km"].round(2)) == {4.0}
    assert not {"new_expr", "trunk"} & set(res.projects["id"])


def test_unknown_status_is_refused(fixture_network):
    cat = project_catalogue()
    cat.loc[0, "status"] = "dreaming"
    with pytest.raises(ParameterError, match="status='dreaming'"):
        density.compute(fixture_network, catalogue=cat)


# ---------------------------------------------------------------- outputs


def test_json_and_table(scenario_result):
    doc = scenario_result.to_json_dict()
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == doc
    assert set(doc["scenarios"]) == set(density.SCENARIOS)
    for s in density.SCENARIOS:
        areas = doc["scenarios"][s]["areas"]
        assert len(areas) == 10 and "340100" in areas
        for fig in areas.values():
            for key in (
                "area_km2",
                "rail_km",
                "rail_density_per_10k_km2",
                "rail_target_per_10k_km2",
                "expressway_km",
                "expressway_density_per_100_km2",
                "expressway_target_per_100_km2",
            ):
                assert isinstance(fig[key], float)
    assert doc["targets"]["rail_density_per_10k_km2"] == 700.0
    assert doc["targets"]["expressway_density_per_100_km2"] == 5.65
    table = scenario_result.format_table()
    assert "Changfeng County" in table and "700" in table and "5.65" in table
    assert "长丰县" in scenario_result.format_table(names="zh")
    frame = scenario_result.to_frame()
    assert len(frame) == 10 * len(density.SCENARIOS)


def test_writers_are_deterministic(fixture_network, tmp_path):
    a = density.write_outputs(
        density.compute(fixture_network, catalogue=project_catalogue()), tmp_path / "a"
    )
    b = density.write_outputs(
        density.compute(fixture_network, catalogue=project_catalogue()), tmp_path / "b"
    )
    assert [p.name for p in a] == [
        "density.csv",
        "density_road_classes.csv",
        "density_projects.csv",
        "density.json",
    ]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
    head = a[0].read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith(
        "scenario,area_id,name_zh,name_en,area_km2,rail_km,rail_density_per_10k_km2"
    )
    assert b"\r\n" not in a[0].read_bytes()


# ---------------------------------------------------------------- fast kernel


def test_kernel_equals_overlay_with_overlapping_polygons():
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


# ---------------------------------------------------------------- embedded default, reference data


@pytest.mark.skipif(
    not REFERENCE_NETWORK.exists(), reason="embedded reference network not written yet"
)
def test_embedded_default_is_plausible():
    res = density.compute(catalogue=NO_PROJECTS)
    city = table_row(res, "today", "340100")
    assert city["area_km2"] == pytest.approx(11472, rel=0.005)
    # Hefei: several hundred km of railway and of expressway
    assert 500 < city["rail_km"] < 1300
    assert 450 < city["expressway_km"] < 900
    counties = res.table[(res.table["scenario"] == "today") & (res.table["area_id"] != "340100")]
    assert counties["rail_km"].sum() == pytest.approx(city["rail_km"], rel=0.01)
    assert counties["expressway_km"].sum() == pytest.approx(city["expressway_km"], rel=0.01)


@pytest.mark.skipif(not SHARED.exists(), reason="shared OSM reference data not available")
def test_against_reconstructed_osm_expressways():
    exp = gpd.read_file(SHARED / "expressways_reconstructed_hefei.geojson")
    exp["mode"] = "expressway"
    exp["id"] = [f"e{i}" for i in range(len(exp))]
    res = density.compute(exp[["id", "mode", "geometry"]], catalogue=NO_PROJECTS)
    # README: about 615 km inside the boundary after removing shared stretches
    assert table_row(res, "today", "340100")["expressway_km"] == pytest.approx(615, rel=0.06)
