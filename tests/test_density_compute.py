"""geo.density.compute end to end: lengths per area, densities, road classes, scenarios, zeros."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo import admin, density, network
from geo._paths import REFERENCE_NETWORK
from geo.measure import LENGTH_CRS
from tests.densitylib import (
    BESIDE_NEW,
    NO_PROJECTS,
    OSM,
    OX,
    OY,
    SHARED,
    table_row,
)

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


def test_catalogue_trunk_roads_are_a_road_class(scenario_result):
    rc = scenario_result.road_classes
    trunk = rc[(rc["area_id"] == "340100") & (rc["road_class"] == "trunk")].set_index("scenario")[
        "km"
    ]
    assert trunk["today"] == pytest.approx(4.0, abs=0.01)  # the OSM fixture's trunk road
    assert trunk["today+under_construction"] == pytest.approx(6.0, abs=0.01)


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
