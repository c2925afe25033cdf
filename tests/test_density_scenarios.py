"""Density over the plan's period: dated scenarios, tiers and the target timeline."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import density
from geo._paths import REFERENCE_NETWORK
from geo.density import scenarios
from geo.measure import LENGTH_CRS

X0, Y0 = 500_000.0, 3_530_000.0  # EPSG:4548 metres, inside Hefei's longitude range
NO_PROJECTS = gpd.GeoDataFrame({"id": [], "kind": [], "status": []}, geometry=[], crs=4326)


def _box_area(km: float = 10.0) -> gpd.GeoDataFrame:
    box = shapely.box(X0, Y0, X0 + km * 1000, Y0 + km * 1000)
    return gpd.GeoDataFrame({"id": ["box"], "name_en": ["box"]}, geometry=[box], crs=LENGTH_CRS)


def _line(y_km: float, x0_km: float, x1_km: float) -> shapely.LineString:
    return shapely.LineString(
        [(X0 + x0_km * 1000, Y0 + y_km * 1000), (X0 + x1_km * 1000, Y0 + y_km * 1000)]
    )


def _network(
    rows: list[tuple[str, str, float | None, float | None, float | None, shapely.LineString]],
):
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "mode": [r[1] for r in rows],
            "kind": [r[1] for r in rows],
            "opened": pd.array([r[2] for r in rows], dtype="Int32"),
            "opened_by": pd.array([r[3] for r in rows], dtype="Int32"),
            "opened_after": pd.array([r[4] for r in rows], dtype="Int32"),
        },
        geometry=[r[5] for r in rows],
        crs=LENGTH_CRS,
    )


def _row(result, scenario, area="box"):
    t = result.table
    return t[(t["scenario"] == scenario) & (t["area_id"] == area)].iloc[0]


def test_opening_state_uses_year_then_bounds():
    net = _network(
        [
            ("a", "rail", 2010, 2010, None, _line(1, 0, 1)),
            ("b", "rail", 2023, 2023, None, _line(2, 0, 1)),
            ("c", "rail", None, 2018, None, _line(3, 0, 1)),  # open by 2018 at the latest
            ("d", "rail", None, None, None, _line(4, 0, 1)),  # nothing known
            ("e", "rail", None, 2024, 2022, _line(5, 0, 1)),  # opened 2023 or 2024
        ]
    )
    is_open, undated = scenarios.opening_state(net, 2020)
    assert list(is_open) == [True, False, True, False, False]
    assert list(undated) == [False, False, False, True, False]  # e: known closed in 2020
    is_open, undated = scenarios.opening_state(net, 2023)
    assert list(is_open) == [True, True, True, False, False]
    assert list(undated) == [False, False, False, True, True]
    assert scenarios.change_years(net, until=2023) == [2010, 2018, 2022, 2023]


def test_a_line_whose_opening_year_changes_part_way():
    # one corridor opened in two stages, split where the year changes (as the reference
    # network's ring at 龙塘): 4 km in 2015, the next 4 km in 2023
    net = _network(
        [
            ("line__west", "expressway", 2015, 2015, None, _line(5, 1, 5)),
            ("line__east", "expressway", 2023, 2023, None, _line(5, 5, 9)),
        ]
    )
    res = density.compute(net, catalogue=NO_PROJECTS, areas=_box_area())
    assert _row(res, "2020")["expressway_km"] == pytest.approx(4.0, abs=0.01)
    # where the pieces meet, up to one tolerance (50 m) plus a piece is lost (docs/density.md)
    assert _row(res, "2025")["expressway_km"] == pytest.approx(8.0, abs=0.1)
    assert _row(res, "today")["expressway_km"] == pytest.approx(8.0, abs=0.1)
    assert _row(res, "2020")["expressway_undated_km"] == 0
    # 5.65 km per 100 km² of a 100 km² box is 5.65 km: met when the second stage opened
    item = res.timeline["areas"]["box"]["expressway"]
    assert item["first_met_year"] == 2023
    assert item["met"] == {"2020": False, "2025": True, "today": True}
    assert item["density"]["2020"] == pytest.approx(4.0, abs=0.01)


def test_first_met_year_on_a_hand_made_network():
    # box of 100 km²: rail target 7 km, expressway target 5.65 km
    net = _network(
        [
            ("r1", "rail", 1990, 1990, None, _line(1, 0, 3)),
            ("r2", "rail", 2012, 2012, None, _line(2, 0, 3)),
            ("r3", "rail", 2019, 2019, None, _line(3, 0, 2)),  # 8 km from 2019: met
            ("x1", "expressway", 2005, 2005, None, _line(6, 0, 4)),
            # 3 km whose opening is known only as "by 2022": met by 2022 at the latest,
            # possibly from 2005 (4 + 3 >= 5.65)
            ("x2", "expressway", None, 2022, None, _line(7, 0, 3)),
        ]
    )
    res = density.compute(net, catalogue=NO_PROJECTS, areas=_box_area())
    tl = res.timeline
    assert tl["scenarios"] == ["2020", "2025", "today"]
    rail = tl["areas"]["box"]["rail"]
    assert rail["first_met_year"] == 2019 and "first_met_note" not in rail
    assert rail["target"] == 700.0 and rail["unit"] == "km per 10,000 km²"
    assert rail["undated_km"] == 0
    expr = tl["areas"]["box"]["expressway"]
    assert expr["first_met_year"] is None
    assert "2022" in expr["first_met_note"] and "2005" in expr["first_met_note"]
    assert expr["undated_km"] == pytest.approx(3.0, abs=0.01)  # left out of 2020
    assert expr["undated_km_by_scenario"] == {"2020": 3.0, "2025": 0.0, "today": 0.0}
    assert expr["no_opening_year_km"] == pytest.approx(3.0, abs=0.01)
    assert expr["met"]["2020"] is False  # the undated 3 km are left out of 2020
    assert _row(res, "2020")["expressway_undated_km"] == pytest.approx(3.0, abs=0.01)
    assert _row(res, "2025")["expressway_undated_km"] == 0  # open by 2022


def test_first_met_year_not_met_and_not_establishable():
    net = _network(
        [
            ("r1", "rail", 2000, 2000, None, _line(1, 0, 3)),  # 3 of 7 km: never met
            ("x1", "expressway", None, None, None, _line(6, 0, 9)),  # met today, year unknown
        ]
    )
    tl = density.compute(net, catalogue=NO_PROJECTS, areas=_box_area()).timeline["areas"]["box"]
    assert tl["rail"]["first_met_year"] is None and tl["rail"]["first_met_note"] == "not met yet"
    assert tl["expressway"]["first_met_year"] is None
    assert tl["expressway"]["met"]["today"] is True and tl["expressway"]["met"]["2025"] is False
    assert "cannot be established" in tl["expressway"]["first_met_note"]


def test_tiers_realised_projects_and_widenings_add_nothing_beyond_the_network():
    net = _network([("old", "rail", 2008, 2008, None, _line(5, 0, 10))])
    to_ll = gpd.GeoSeries(
        [_line(1, 0, 4), _line(5, 0, 10), _line(8, 0, 6), _line(9, 2, 8), _line(3, 0, 5)],
        crs=LENGTH_CRS,
    ).to_crs(4326)
    cat = gpd.GeoDataFrame(
        {
            "id": ["new_uc", "realised", "new_study", "new_prop", "widen"],
            "kind": ["high_speed_rail"] * 4 + ["expressway"],
            "status": [
                "in_construction",
                "start_construction",
                "planning_study",
                "proposed",
                "upgrade",
            ],
            "replaces": ["", "", "", "", "some_road"],
            # the realised project is drawn 3 km away from its realised line: still 0 km
            "realised_by": ["", "old", "", "", ""],
        },
        geometry=list(to_ll),
        crs=4326,
    )
    cat.loc[1, "geometry"] = gpd.GeoSeries([_line(2, 0, 10)], crs=LENGTH_CRS).to_crs(4326).iloc[0]
    res = density.compute(net, catalogue=cat, areas=_box_area())
    rail = {s: _row(res, s)["rail_km"] for s in density.SCENARIOS}
    assert rail["2020"] == rail["2025"] == rail["today"] == pytest.approx(10.0, abs=0.01)
    assert rail["today+under_construction"] == pytest.approx(14.0, abs=0.01)
    assert rail["today+start_construction"] == pytest.approx(14.0, abs=0.01)  # realised: 0 km
    assert rail["today+preparatory"] == pytest.approx(14.0, abs=0.01)
    assert rail["today+planning_study"] == pytest.approx(20.0, abs=0.01)
    # new_prop runs 1 km beside new_study for 4 km, then 2 km on, of which the 2 km corridor
    # covers sqrt(2² - 1²) km (docs/density.md): 2 - 1.732 km new
    assert rail["today+proposed"] == pytest.approx(20.0 + 2 - 3**0.5, abs=0.1)
    assert _row(res, "today+proposed")["expressway_km"] == 0  # the widening adds no length
    p = res.projects.set_index("id")
    assert p.loc["realised", "role"] == "realised" and p.loc["realised", "new_route_km"] == 0
    assert p.loc["realised", "scenario"] == "today" and p.loc["realised", "realised_by"] == "old"
    assert p.loc["widen", "role"] == "widening" and p.loc["widen", "new_route_km"] == 0
    doc = res.to_json_dict()
    assert list(doc["scenarios"]) == list(density.SCENARIOS)
    assert set(doc["scenarios"]["2020"]["areas"]) == {"box"}
    assert all("new_route_km" in p for p in doc["projects"])


@pytest.mark.skipif(not REFERENCE_NETWORK.exists(), reason="no embedded reference network")
def test_embedded_network_2020_is_below_today_for_the_city_and_every_unit():
    res = density.compute(catalogue=NO_PROJECTS)
    t = res.table
    y2020 = t[t["scenario"] == "2020"].set_index("area_id")
    today = t[t["scenario"] == "today"].set_index("area_id")
    assert len(y2020) == 10 and set(y2020.index) == set(today.index)
    city20, city = y2020.loc["340100"], today.loc["340100"]
    assert city20["rail_km"] < city["rail_km"] and city20["expressway_km"] < city["expressway_km"]
    assert (y2020["rail_km"] <= today["rail_km"] + 1e-9).all()
    assert (y2020["expressway_km"] <= today["expressway_km"] + 1e-9).all()
    # Hefei reported 481 km of expressway at the end of 2020 (十三五 review, Jan 2021); the
    # dated lines give about 432 km, and at most the undated km more
    assert (
        400
        < city20["expressway_km"]
        < 481
        < city20["expressway_km"] + city20["expressway_undated_km"] + 15
    )
    # every figure that depends on dates reports its undated km
    assert city20["rail_undated_km"] > 0
    tl = res.timeline["areas"]
    assert set(tl) == set(today.index)
    for entry in tl.values():
        for net in ("rail", "expressway"):
            item = entry[net]
            assert set(item["density"]) == {"2020", "2025", "today"}
            assert isinstance(item["undated_km"], float)
            assert item["first_met_year"] is not None or item["first_met_note"]
    assert res.timeline["areas"]["340100"]["expressway"]["first_met_year"] == 2025
    assert np.isclose(tl["340100"]["rail"]["density"]["today"], city["rail_density_per_10k_km2"])


def test_the_text_table_answers_the_question_first():
    net = _network(
        [
            ("line__west", "expressway", 2015, 2015, None, _line(5, 1, 5)),
            ("line__east", "expressway", 2023, 2023, None, _line(5, 5, 9)),
            ("r1", "rail", None, 2022, None, _line(1, 0, 8)),
        ]
    )
    text = density.compute(net, catalogue=NO_PROJECTS, areas=_box_area()).format_table()
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Did box reach its 2025 targets?" in line)
    assert start < next(i for i, line in enumerate(lines) if line.startswith("[2020]"))
    row = next(line for line in lines[start:] if line.startswith("box"))
    # rail: 0 (undated in 2020), met 2025 and today, year not establishable; expressway:
    # 4.00 in 2020, met from 2023
    assert row.split("|")[1].split() == ["0.0", "800.0*", "800.0*", "—"]
    assert row.split("|")[2].split() == ["4.00", "7.94*", "7.94*", "2023"]
    assert any("box rail: met by 2022 at the latest" in line for line in lines)
    # the 2020 block says how much it leaves out
    assert any(
        line.startswith("left out, opening year not established: 8.0 km rail") for line in lines
    )
