"""The density's inputs: refusals and the catalogue lines left out (geo.density._inputs)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import density
from geo.errors import CRSError, ParameterError
from tests.densitylib import (
    NO_PROJECTS,
    project_catalogue,
    table_row,
)


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


def _numbers(frame):
    return frame.select_dtypes("number").round(6).reset_index(drop=True)


def test_catalogue_frame_needs_a_crs_and_may_be_in_any(fixture_network, scenario_result):
    cat = project_catalogue()
    no_crs = gpd.GeoDataFrame(cat.drop(columns="geometry"), geometry=list(cat.geometry))
    with pytest.raises(CRSError, match=r"'catalogue' has no coordinate reference system"):
        density.compute(fixture_network, catalogue=no_crs)
    projected = density.compute(fixture_network, catalogue=cat.to_crs(4548))
    for got, want in (
        (projected.table, scenario_result.table),
        (projected.projects, scenario_result.projects),
    ):
        assert list(got.columns) == list(want.columns)
        pd.testing.assert_frame_equal(_numbers(got), _numbers(want))
        text = [c for c in want.columns if c not in _numbers(want).columns]
        pd.testing.assert_frame_equal(
            got[text].reset_index(drop=True), want[text].reset_index(drop=True)
        )
